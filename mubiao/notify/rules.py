"""Pure rules of notifications (no Django import): when a reminder is next due in a person's
own time zone, which key results need an update, which channels an event kind takes, and
whether a pace status got worse."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mubiao.notify import messages
from mubiao.okrs.rules import SEVERITY

INAPP = "inapp"
EMAIL = "email"
PERSONAL_CHANNELS = (INAPP, EMAIL)

# Events reach the bell; e-mail is one message per digest or reminder, never one per event
# unless the person asks for it (notify.models.Preference.channels).
DEFAULT_CHANNELS = {kind: [INAPP] for kind in messages.EVENT_KINDS} | {
    messages.REMINDER: [EMAIL],
    messages.TEAM_DIGEST: [EMAIL],
    messages.COMPANY_DIGEST: [EMAIL],
    # In the bell too: the channel paused may be the mail server itself, down for a day, and
    # an e-mail through it would exhaust its retries before the server is back.
    messages.CHANNEL_PAUSED: [INAPP, EMAIL],
    # A report is read, not glanced at: in the bell and, whole, by e-mail.
    messages.WEEKLY_REPORT: [INAPP, EMAIL],
}


def offered_channels(kind: str) -> tuple[str, ...]:
    """The channels a person may choose for a kind, the one list of the settings page and the
    API: every kind, reminders and digests included, in the bell and by e-mail."""
    return PERSONAL_CHANNELS


DEFAULT_WEEKDAY = 0  # Monday
DEFAULT_HOUR = 10
DEFAULT_NOT_UPDATED_DAYS = 7
# Chinese-speaking people without a zone of their own are reminded on Beijing time.
LANGUAGE_ZONES = {"zh-hans": "Asia/Shanghai"}

# Worse means later in this list (done and not started are not a pace).
PACE_ORDER = ("on_track", "at_risk", "off_track")
DONE = "done"


def channels_for(chosen: dict, kind: str) -> list[str]:
    """The person's channels for an event kind: their choice, else the default."""
    picked = chosen.get(kind)
    if picked is None:
        return list(DEFAULT_CHANNELS.get(kind, [INAPP]))
    return [c for c in picked if c in PERSONAL_CHANNELS]


def reminder_zone(*, preference_zone: str, person_zone: str, language: str, org_zone: str) -> str:
    """The time zone a person's reminder is read in: the one they chose for reminders, their
    own, Beijing for a Chinese speaker, then their organization's."""
    return preference_zone or person_zone or LANGUAGE_ZONES.get(language, "") or org_zone


def next_due(after: datetime, *, weekday: int, hour: int, zone: str) -> datetime:
    """The first `weekday` at `hour`:00 local time in `zone` strictly after `after` (aware), as
    a UTC instant.

    Built from the local wall-clock date and hour, not by adding hours to an instant, so a
    Monday 10:00 reminder stays at 10:00 across a daylight-saving change. A local hour that
    does not exist that day (the spring-forward gap) is read as zoneinfo reads it (fold=0:
    the offset before the change, i.e. an hour later on the clock).
    """
    tz = ZoneInfo(zone)
    local = after.astimezone(tz)
    day = local.date() + timedelta(days=(weekday - local.weekday()) % 7)
    for _week in range(3):
        # As a UTC instant: a wall-clock time in the gap compares unequal to everything
        # (PEP 495) until it is converted.
        candidate = datetime.combine(day, time(hour), tzinfo=tz).astimezone(UTC)
        if candidate > after:
            return candidate
        day += timedelta(days=7)
    raise AssertionError("unreachable: a week later is always after")


def same_week(earlier: datetime | None, now: datetime, zone: str) -> bool:
    """Whether `earlier` fell in the same Monday-to-Sunday week as `now`, on the clock in
    `zone`: a weekly reminder or digest already sent this week is not sent again when its
    person moves it to a later day."""
    if earlier is None:
        return False
    tz = ZoneInfo(zone)
    return earlier.astimezone(tz).isocalendar()[:2] == now.astimezone(tz).isocalendar()[:2]


# The order of a person's key results on a reminder and a one-tap page: what needs an update
# first, then what is behind, then the rest, what is done last; inside each, the worse pace
# first, in the one order of the statuses (okrs.rules.SEVERITY: not started, which says nothing
# yet, after on track).


def update_order(status: str, needs_update: bool) -> tuple[int, int]:
    """The sort key of a key result by how much it asks for an update (smaller first)."""
    if status == "done":
        group = 3
    elif needs_update:
        group = 0
    else:
        group = 1 if status in ("off_track", "at_risk") else 2
    return group, -SEVERITY.get(status, -1)


def pace_worse(before: str, after: str) -> bool:
    """Whether a status moved for the worse: on track → at risk → off track, or done → anything
    not done (a done / not-done key result set back, a value lowered below its target). Not
    started is no pace: into or out of it is no worse, except leaving done for it."""
    if before == DONE and after != DONE:
        return True
    if before not in PACE_ORDER or after not in PACE_ORDER:
        return False
    return PACE_ORDER.index(after) > PACE_ORDER.index(before)


# "The cycle closes in N days" is announced once, this many days (or fewer) before it ends.
CYCLE_CLOSING_DAYS = 7


def closing_in(today: date, end_date: date) -> int | None:
    """Days until a cycle's last day when that is announced (1 to CYCLE_CLOSING_DAYS; its
    last day itself counts as closing in 0 days and is too late to plan for), else None."""
    days = (end_date - today).days
    return days if 1 <= days <= CYCLE_CLOSING_DAYS else None


def not_updated_days(org_settings: dict) -> int:
    """The organization's "not updated for N days" threshold (1–90, default 7)."""
    value = (org_settings.get("notify") or {}).get("not_updated_days")
    if isinstance(value, int) and 1 <= value <= 90:
        return value
    return DEFAULT_NOT_UPDATED_DAYS


# Chat and webhook deliveries that fail for a reason that may pass (the vendor module's
# Result.retryable) are tried again with vendors.rules.retry_delay, up to MAX_ATTEMPTS; a
# channel failing for PAUSE_AFTER is paused and its organization's admins told.
MAX_ATTEMPTS = 8
PAUSE_AFTER = timedelta(hours=24)

# How long a worker's claim on a delivery holds: longer than one send can take (10 s for an
# HTTP vendor, the mail server's timeout for e-mail), so that only a worker that died lets
# the next pass send it again.
LEASE = timedelta(minutes=2)
# How long one pass keeps sending the deliveries a channel's rate limit held back, waiting
# for its tokens; what is left waits for the next pass (every five minutes).
DRAIN_SECONDS = 60


# Delivery.error codes of notify's own, beside the vendors' (vendors.rules): the channel's
# secret no longer decrypts; held back by the channel's own rate limit; the channel was paused
# while a retry waited.
SECRET_UNREADABLE = "secret_unreadable"
THROTTLED = "throttled"
PAUSED = "paused"
