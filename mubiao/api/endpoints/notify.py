"""`/me/notification-preferences`: which channels the person hears of each event on, and when
their weekly reminder comes (notify.services.save_preferences validates and writes)."""

from typing import Annotated, Literal

from ninja import Field, Router, Schema

from mubiao.api.auth import actor
from mubiao.api.common import Body, Flag, NotTrueFalse, text
from mubiao.api.errors import responses
from mubiao.notify import messages as kinds
from mubiao.notify import rules, services
from mubiao.notify.models import Preference

router = Router(tags=["me"])

PersonalChannel = Literal["inapp", "email"]


class PreferencesOut(Schema):
    channels: dict[str, list[str]] = Field(
        ..., description="Per event kind, the channels used: inapp (the bell), email."
    )
    reminders: bool
    digests: bool
    reminder_weekday: int = Field(..., description="0 Monday … 6 Sunday")
    reminder_hour: int = Field(..., description="0–23, local time")
    time_zone: str = Field(..., description="IANA name; empty: the person's own zone")


class PreferencesIn(Body):
    channels: dict[text(20), list[PersonalChannel]] = Field(default_factory=dict)
    reminders: Flag = True
    digests: Flag = True
    reminder_weekday: Annotated[int, NotTrueFalse] = Field(rules.DEFAULT_WEEKDAY, ge=0, le=6)
    reminder_hour: Annotated[int, NotTrueFalse] = Field(rules.DEFAULT_HOUR, ge=0, le=23)
    time_zone: text(64) = ""


def _out(preference: Preference) -> dict:
    return {
        "channels": {k: rules.channels_for(preference.channels, k) for k in kinds.PERSONAL_KINDS},
        "reminders": preference.reminders,
        "digests": preference.digests,
        "reminder_weekday": preference.reminder_weekday,
        "reminder_hour": preference.reminder_hour,
        "time_zone": preference.time_zone,
    }


@router.get(
    "/me/notification-preferences",
    response=responses(PreferencesOut),
    summary="My notification preferences",
)
def get_preferences(request):
    return _out(services.preference_of(actor(request)))


@router.put(
    "/me/notification-preferences",
    response=responses(PreferencesOut),
    summary="Set my notification preferences",
)
def set_preferences(request, payload: PreferencesIn):
    preference = services.save_preferences(
        actor(request),
        channels=payload.channels,
        reminders=payload.reminders,
        digests=payload.digests,
        weekday=payload.reminder_weekday,
        hour=payload.reminder_hour,
        time_zone=payload.time_zone,
    )
    return _out(preference)
