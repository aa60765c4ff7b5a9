"""Pure rules of organizations (no Django imports): what day it is for an organization, and
which team is its top team.

"Today" decides pace status, what is due and overdue, which cycle is current and when
reminders go out. It is the organization's date, in the organization's time zone, whoever
asks: a member in Asia/Shanghai checking in at 17:00 UTC, the worker refreshing statuses in UTC
and an import run from a laptop in Berlin all see the same day, so a key result's status never
depends on who wrote last. Every path takes its date from :func:`today_for`;
tests/orgs/test_today.py fails when a new call to `date.today()` or `localdate()` appears
elsewhere.
"""

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


def today_for(organization, now: datetime | None = None) -> date:
    """The organization's date at `now` (an aware datetime; default: this instant).

    `organization` is anything with a `time_zone` attribute holding an IANA name
    (orgs.models.Organization). Raises ZoneInfoNotFoundError for an unknown zone.
    """
    now = now or datetime.now(UTC)
    return now.astimezone(ZoneInfo(organization.time_zone)).date()


# The zones a person may choose, the same list on every path (settings, API, people import):
# every IANA zone this system knows, so that a place no area zone names (UTC−12, Baker Island:
# only Etc/GMT+12) can be chosen. Left out only "localtime", this server's own setting, which
# names no zone.
TIME_ZONES: tuple[str, ...] = tuple(sorted(available_timezones() - {"localtime"}))
_POSIX_OFFSET = re.compile(r"^Etc/GMT([+-])(\d{1,2})$")


def real_offset(name: str) -> str | None:
    """The UTC offset an Etc/GMT±N zone stands for, which POSIX's inverted sign states the
    other way round ("Etc/GMT+12" → "−12"); None for any other zone (and Etc/GMT+0)."""
    match = _POSIX_OFFSET.match(name)
    if match is None or int(match[2]) == 0:
        return None
    return ("−" if match[1] == "+" else "+") + str(int(match[2]))


def is_time_zone(name: str) -> bool:
    """Whether `name` is one of TIME_ZONES and this system can load it (`Asia/Shanghai`)."""
    if not name or name not in TIME_ZONES:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def is_team_name(name: str) -> bool:
    """Whether `name` can name a team: not empty and not made only of dots. "." and ".." read
    as steps of a path (`源目标科技/../研发部`), in the people import's team paths, its export
    and every breadcrumb; no company names a department so."""
    name = name.strip()
    return bool(name) and set(name) != {"."}


def top_team(teams) -> int | None:
    """The id of the organization's top team among `teams` ((id, parent id, archived) each):
    the first top-level team not archived, the one made with the organization (named after it,
    orgs.services.create_organization), even once others are made beside it. People files and
    directory sync read team paths below it; None when there is no such team."""
    return min(
        (pk for pk, parent, archived in teams if parent is None and not archived), default=None
    )


def team_path_labels(teams) -> dict[int, str]:
    """`{team id: "Company / Sales / 组0"}` from `(id, name, parent id)` of an organization's
    teams: the whole path from the top, so that two teams of one name (a big organization has
    thirty 组0) are told apart wherever a team is named or picked. A parent missing from
    `teams` (e.g. not readable) ends the path there."""
    rows = {pk: (name, parent) for pk, name, parent in teams}
    labels: dict[int, str] = {}

    def label(pk: int) -> str:
        if pk not in labels:
            names, seen, at = [], set(), pk
            while at in rows and at not in seen:  # a loop would be a bug elsewhere: stop
                seen.add(at)
                names.append(rows[at][0])
                at = rows[at][1]
            labels[pk] = " / ".join(reversed(names))
        return labels[pk]

    return {pk: label(pk) for pk in rows}
