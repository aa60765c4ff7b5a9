"""A member's notification preferences and an organization's channels and threshold."""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mubiao import vault
from mubiao.notify import compose, rules
from mubiao.notify import messages as kinds
from mubiao.notify.compose import Event
from mubiao.notify.models import (
    SECRET_PURPOSE,
    Channel,
    Delivery,
    NextDue,
    Preference,
)
from mubiao.notify.services.outbox import queue_for_channel, wake_worker
from mubiao.notify.services.schedule import next_due_for
from mubiao.notify.vendors import shapes
from mubiao.notify.vendors.transport import endpoint_problem
from mubiao.okrs import number_input
from mubiao.okrs.services._common import log
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Organization
from mubiao.orgs.rules import is_time_zone
from mubiao.orgs.services import _log_organization
from mubiao.outbound import guard
from mubiao.transactions import write_transaction

REMINDER_RANGES = {"reminder_weekday": 6, "reminder_hour": 23}


def read_reminder(value, field: str) -> int:
    """A reminder's weekday or hour: a whole number 0–6 / 0–23 read by the one reader
    (true is no hour, `1,5` and `50.5` none either), else ValidationError({field: the field and
    its rule}). A weekday is a day, not a quantity: a day's name (`六`, `周六`, `Sat`) or any
    numeral other than a digit (`六` read as 6 is Sunday to the numbering, Saturday to the
    person) is refused with the numbering, never read as a number (h9f)."""
    bounds = {"whole": True, "low": 0, "high": REMINDER_RANGES[field]}
    if (
        field == "reminder_weekday"
        and isinstance(value, str)
        and any(char.isalpha() or (char.isnumeric() and not char.isdecimal()) for char in value)
    ):
        raise ValidationError({field: number_input.ruled_refusal(field, value, bounds)})
    return int(number_input.read(value, field, **bounds))


@write_transaction
def save_preferences(
    actor: Membership,
    *,
    channels: dict,
    reminders: bool,
    digests: bool,
    weekday: int | str,
    hour: int | str,
    time_zone: str = "",
) -> Preference:
    """A member's own notification choices; their reminder and digests move to the new time.
    The reminder's weekday (0 = Monday … 6 = Sunday) and hour (0–23) as chosen or typed (the
    API takes text: `８`), each refusal naming the field and its whole rule (read_reminder)."""
    errors = {}
    try:
        weekday = read_reminder(weekday, "reminder_weekday")
    except ValidationError as error:
        errors |= error.message_dict
    try:
        hour = read_reminder(hour, "reminder_hour")
    except ValidationError as error:
        errors |= error.message_dict
    if time_zone and not is_time_zone(time_zone):
        errors["time_zone"] = [_("“%(zone)s” is not a known time zone.") % {"zone": time_zone}]
    # Each kind at fault under its own path (`channels.<kind>`), as the API names a wrong
    # channel word (`channels.<kind>.<index>`).
    for kind, chosen in channels.items():
        if kind not in kinds.PERSONAL_KINDS:
            errors[f"channels.{kind}"] = [_("Unknown notification kind: %(kind)s") % {"kind": kind}]
            continue
        offered = rules.offered_channels(kind)
        refused = [c for c in chosen if c not in offered]
        if refused:
            errors[f"channels.{kind}"] = [
                _("“%(channel)s” cannot be chosen for %(kind)s; choose from: %(offered)s")
                % {"channel": refused[0], "kind": kind, "offered": ", ".join(offered)}
            ]
    if errors:
        raise ValidationError(errors)
    preference, _created = Preference.objects.update_or_create(
        membership=actor,
        defaults={
            "channels": {k: list(dict.fromkeys(v)) for k, v in channels.items()},
            "reminders": reminders,
            "digests": digests,
            "reminder_weekday": weekday,
            "reminder_hour": hour,
            "time_zone": time_zone,
        },
    )
    actor.notify_preference = preference
    NextDue.objects.filter(membership=actor).update(due_at=next_due_for(actor, timezone.now()))
    log(actor, "notify.preferences_saved", actor)
    return preference


@write_transaction
def add_channel(
    actor: Membership,
    *,
    kind: str,
    name: str,
    team=None,
    address: str = "",
    url: str = "",
    secret: str = "",
    encrypt_key: str = "",
    verification_token: str = "",
    app_id: str = "",
    app_secret: str = "",
    chat_id: str = "",
    events=(),
) -> Channel:
    """An admin adds an organization's (or a team's) channel. The webhook URL and signing secret
    are stored encrypted and never shown again in full. For card buttons that post back:
    Slack's `secret` is the Slack app's Signing Secret; a 飞书 app's callbacks need its
    `encrypt_key` and `verification_token` (notify.views.feishu_callback), and its cards are
    sent by the app's bot (`app_id`, `app_secret`, the group's `chat_id`; `url` then the open
    platform's address), for a custom bot's cards cannot post back."""
    permissions.require(permissions.can_manage_organization(actor))
    permissions.same_organization(actor, team)
    errors = {}
    if kind not in Channel.Kind.values:
        errors["kind"] = [_("Select a valid choice.")]
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Give the channel a name.")]
    if kind == Channel.Kind.EMAIL:
        from django.core.validators import validate_email

        try:
            validate_email(address)
        except ValidationError:
            errors["address"] = [_("Enter a valid e-mail address.")]
    elif kind in Channel.Kind.values:
        config = {"url": url, "secret": secret, "app_id": app_id.strip()}
        errors |= _endpoint_problems(kind, config)
    if team is None and not events:
        # Only a team's group hears of its team's weekly digest: an organization's channel
        # with no events would get nothing but test messages.
        errors["events"] = [_("Choose the events sent to a channel for the whole organization.")]
    bad_events = [e for e in events if e not in kinds.GROUP_EVENT_KINDS]
    if bad_events:
        # "Mentioned you" and the like are one person's news: a group never hears of them.
        errors["events"] = [
            _("“%(kind)s” is not sent to channels; choose among: %(kinds)s")
            % {"kind": bad_events[0], "kinds": ", ".join(kinds.GROUP_EVENT_KINDS)}
        ]
    if kind == Channel.Kind.FEISHU and bool(encrypt_key) != bool(verification_token):
        errors["encrypt_key"] = [
            _("Card buttons need both the app's Encrypt Key and its Verification Token.")
        ]
    app = (app_id.strip(), app_secret.strip(), chat_id.strip())
    if kind == Channel.Kind.FEISHU and any(app) and not all(app):
        errors["app_id"] = [
            _("An app bot needs the app's App ID, its App Secret and the group's chat_id.")
        ]
    if errors:
        raise ValidationError(errors)
    hidden = {"url": url, "secret": secret} if kind != Channel.Kind.EMAIL else {}
    if kind == Channel.Kind.FEISHU:
        hidden |= {"encrypt_key": encrypt_key, "verification_token": verification_token,
                   "app_id": app[0], "app_secret": app[1], "chat_id": app[2]}  # fmt: skip
    hidden = {k: v for k, v in hidden.items() if v}
    channel = Channel.objects.create(
        organization_id=actor.organization_id,
        team=team,
        kind=kind,
        name=name,
        config={"address": address} if kind == Channel.Kind.EMAIL else {},
        secret=vault.encrypt(json.dumps(hidden), purpose=SECRET_PURPOSE) if hidden else "",
        secret_hint=vault.hint(secret or url) if hidden else "",
        events=list(events),
    )
    log(actor, "notify.channel_added", channel, kind=kind)
    return channel


def _endpoint_problems(kind: str, config: dict) -> dict:
    """{field: [message]} for a chat or webhook channel's address and required settings."""
    url = config["url"]
    if url and endpoint_problem(url):
        return {"url": [_("Enter the webhook address the chat app gave you (https://…).")]}
    if url and (refused := guard.problem(url, _("Webhook address"))):
        return {"url": [refused]}
    # Allowed inside the server's network (MUBIAO_OUTBOUND_ALLOW_PRIVATE): an on-premises
    # vendor, whose host need not be the vendor's public one (the path keeps its shape).
    private = bool(url) and guard.resolves_inside(url)
    words = {
        "url": _("Enter the webhook address the chat app gave you (https://…)."),
        "secret": _("Enter the signing secret: the receiver checks every event with it."),
    }
    found = {}
    for field, code in shapes.problems(kind, config, any_host=private).items():
        if code == shapes.MISSING:
            found[field] = [words[field]]
        else:
            found[field] = [
                _("This is not a %(vendor)s webhook address; it looks like %(example)s")
                % {"vendor": Channel.Kind(kind).label, "example": shapes.example(kind, config)}
            ]
    return found


@write_transaction
def test_channel(actor: Membership, channel: Channel) -> Delivery:
    """Queue a test message to a channel for the worker (the admin sees the result in the
    log a moment later)."""
    permissions.require(permissions.can_manage_organization(actor))
    permissions.same_organization(actor, channel)
    # Written for everyone the channel reaches, like its other messages: the organization's
    # language, not the admin's.
    language = compose.language_of(
        organization=Organization.objects.get(pk=channel.organization_id)
    )
    message = compose.event_message(
        Event(kinds.TEST, actor.organization_id, actor=actor), language, channel.name
    )
    transaction.on_commit(wake_worker)
    return queue_for_channel(channel, message)


@write_transaction
def set_channel_paused(actor: Membership, channel: Channel, paused: bool) -> Channel:
    """Pause or resume a channel. Resuming starts it afresh: its old failures are forgotten,
    so that the first failure after it counts its day from then, not from before the pause
    (which would pause it again at once). Pausing a paused channel keeps when it was paused."""
    permissions.require(permissions.can_manage_organization(actor))
    permissions.same_organization(actor, channel)
    if paused:
        channel.paused_at = channel.paused_at or timezone.now()
    else:
        channel.paused_at = channel.failing_since = None
    channel.save(update_fields=["paused_at", "failing_since"])
    log(actor, "notify.channel_paused" if paused else "notify.channel_resumed", channel)
    return channel


@write_transaction
def delete_channel(actor: Membership, channel: Channel) -> None:
    permissions.require(permissions.can_manage_organization(actor))
    permissions.same_organization(actor, channel)
    log(actor, "notify.channel_deleted", channel, name=channel.name)
    channel.delete()


@write_transaction
def set_not_updated_days(actor: Membership, days) -> Organization:
    """The organization's "not updated for N days" threshold (reminders, digests)."""
    permissions.require(permissions.can_manage_organization(actor))
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 90:
        raise ValidationError({"not_updated_days": [_("Enter a number of days from 1 to 90.")]})
    org = Organization.objects.select_for_update().get(pk=actor.organization_id)
    org.settings = {
        **org.settings,
        "notify": {**org.settings.get("notify", {}), "not_updated_days": days},
    }
    org.save(update_fields=["settings"])
    _log_organization(actor, org, "notify.threshold_set", days=days)
    return org
