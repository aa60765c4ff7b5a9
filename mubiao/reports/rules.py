"""Pure rules of the weekly report (no Django import): which week a day falls in, and what a
key result's check-ins of that week say: the value moved from what to what, the plans written,
and the problems (its pace status got worse, its owner's confidence dropped, a note marked as
a blocker)."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from mubiao.notify.rules import pace_worse
from mubiao.okrs import rules as okr_rules

STATUS_WORSE = "status_worse"
CONFIDENCE_DROPPED = "confidence_dropped"
BLOCKER = "blocker"


def week_of(day: date) -> tuple[date, date]:
    """The Monday a week starts on and the Monday after it (weeks run Monday to Sunday, as
    周报 do in China and ISO weeks do everywhere)."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=7)


@dataclass(frozen=True)
class Entry:
    """One check-in of the week, as the rules need it."""

    at: datetime
    day: date  # `at` in the organization's time zone
    value: Decimal
    progress: Decimal
    confidence: int | None = None
    note: str = ""
    next_step: str = ""
    is_blocker: bool = False
    status_override: str = ""


@dataclass(frozen=True)
class Before:
    """Where the key result stood when the week began: its last check-in before, or its start
    (no check-in yet)."""

    value: Decimal
    progress: Decimal
    confidence: int | None
    checked_in: bool


@dataclass
class Week:
    """What one key result's week says."""

    value_before: Decimal
    value_after: Decimal
    progress_before: Decimal
    progress_after: Decimal
    status_before: str
    status_after: str
    confidence_before: int | None
    confidence_after: int | None
    notes: list[str] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    problems: list[tuple[str, dict]] = field(default_factory=list)


def week(
    before: Before,
    entries: list[Entry],
    *,
    start: date,
    due: date,
    monday: date,
    created: date | None = None,
    done_or_not: bool = False,
) -> Week:
    """Summarize a key result's check-ins of the week starting `monday` (oldest first, at least
    one); `start` and `due` are the period its pace is measured over."""
    last = entries[-1]
    # One key result, one period: only the day, the progress and whether it was checked in vary.
    period = {"start": start, "due": due, "created": created, "done_or_not": done_or_not}
    status_before = okr_rules.key_result_status(
        progress=before.progress, today=monday - timedelta(days=1),
        checked_in=before.checked_in, **period,
    )  # fmt: skip
    status_after = last.status_override or okr_rules.key_result_status(
        progress=last.progress, today=last.day, checked_in=True, **period
    )
    given = [e.confidence for e in entries if e.confidence is not None]
    confidence_after = given[-1] if given else before.confidence
    result = Week(
        value_before=before.value,
        value_after=last.value,
        progress_before=before.progress,
        progress_after=last.progress,
        status_before=status_before,
        status_after=status_after,
        confidence_before=before.confidence,
        confidence_after=confidence_after,
        notes=[e.note for e in entries if e.note and not e.is_blocker],
        plans=_unique(e.next_step for e in entries if e.next_step),
        blockers=[e.note for e in entries if e.note and e.is_blocker],
    )
    if pace_worse(status_before, status_after):
        result.problems.append((STATUS_WORSE, {"before": status_before, "after": status_after}))
    if (
        before.confidence is not None
        and confidence_after is not None
        and confidence_after < before.confidence
    ):
        result.problems.append(
            (CONFIDENCE_DROPPED, {"before": before.confidence, "after": confidence_after})
        )
    for note in result.blockers:
        result.problems.append((BLOCKER, {"note": note}))
    # A blocker marked without a note still says something is in the way.
    if any(e.is_blocker and not e.note for e in entries) and not result.blockers:
        result.problems.append((BLOCKER, {"note": ""}))
    return result


def _unique(texts) -> list[str]:
    """Each plan once, in the order written (the same next step typed on two check-ins)."""
    return list(dict.fromkeys(t.strip() for t in texts if t.strip()))
