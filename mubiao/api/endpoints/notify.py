"""`/me/notification-preferences`: which channels the person hears of each event on, and when
their weekly reminder comes (notify.services.save_preferences validates and writes)."""

from typing import Literal

from ninja import Field, Router, Schema

from mubiao.api.auth import actor
from mubiao.api.common import Body, Flag, text, whole_number
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
    """Fields left out keep their saved values (a partial body changes only what it names), and
    so do the kinds left out of `channels`."""

    channels: dict[text(20), list[PersonalChannel]] | None = Field(
        None,
        description="Per event kind, the channels to use; kinds left out keep theirs. "
        "Every kind, reminders and digests included, takes inapp and email.",
    )
    reminders: Flag | None = None
    digests: Flag | None = None
    reminder_weekday: whole_number(0, 6) | None = Field(
        None,
        description="0 Monday … 6 Sunday, in digits; a day's name is refused, never read as "
        "its numeral.",
    )
    reminder_hour: whole_number(0, 23) | None = Field(None, description="0–23, local time")
    time_zone: text(64) | None = None


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
    description="Changes the fields sent; every field left out keeps its saved value.",
)
def set_preferences(request, payload: PreferencesIn):
    member = actor(request)
    saved = services.preference_of(member)

    def given(value, current):
        return current if value is None else value

    preference = services.save_preferences(
        member,
        channels=saved.channels | (payload.channels or {}),
        reminders=given(payload.reminders, saved.reminders),
        digests=given(payload.digests, saved.digests),
        weekday=given(payload.reminder_weekday, saved.reminder_weekday),
        hour=given(payload.reminder_hour, saved.reminder_hour),
        time_zone=given(payload.time_zone, saved.time_zone),
    )
    return _out(preference)
