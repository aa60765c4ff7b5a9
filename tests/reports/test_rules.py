"""The weekly report's pure rules: the week a day falls in, and what a key result's week says."""

from datetime import UTC, date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from mubiao.reports import rules

START, DUE = date(2026, 1, 1), date(2026, 3, 31)


def _entry(day: date, value, progress, **fields) -> rules.Entry:
    at = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    return rules.Entry(at=at, day=day, value=Decimal(value), progress=Decimal(progress), **fields)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_a_week_runs_monday_to_sunday_and_holds_the_day(day):
    monday, next_monday = rules.week_of(day)
    assert monday.weekday() == 0 and (next_monday - monday).days == 7
    assert monday <= day < next_monday


def test_value_change_plans_and_notes():
    before = rules.Before(value=Decimal(10), progress=Decimal("0.1"), confidence=7, checked_in=True)
    entries = [
        _entry(date(2026, 2, 2), 20, "0.2", confidence=7, note="shipped", next_step="call A"),
        _entry(date(2026, 2, 4), 35, "0.35", note="", next_step="call A"),
        _entry(date(2026, 2, 5), 40, "0.4", next_step="call B"),
    ]
    week = rules.week(before, entries, start=START, due=DUE, monday=date(2026, 2, 2))
    assert (week.value_before, week.value_after) == (10, 40)
    assert week.notes == ["shipped"]
    assert week.plans == ["call A", "call B"]  # each plan once
    assert week.confidence_after == 7
    assert week.problems == []


def test_status_worse_confidence_dropped_and_blockers_are_problems():
    # At risk at 70% when the week began (82% expected on Mar 15)...
    before = rules.Before(value=Decimal(70), progress=Decimal("0.7"), confidence=8, checked_in=True)
    # ...and off track at 45% (a value corrected down) the next day.
    entries = [
        _entry(date(2026, 3, 16), 45, "0.45", confidence=3, note="vendor late", is_blocker=True),
    ]
    week = rules.week(before, entries, start=START, due=DUE, monday=date(2026, 3, 16))
    codes = [code for code, _params in week.problems]
    assert codes == [rules.STATUS_WORSE, rules.CONFIDENCE_DROPPED, rules.BLOCKER]
    assert week.problems[1][1] == {"before": 8, "after": 3}
    assert week.blockers == ["vendor late"] and week.notes == []


def test_a_status_override_is_the_status_after():
    before = rules.Before(value=Decimal(0), progress=Decimal(0), confidence=None, checked_in=False)
    entries = [_entry(date(2026, 1, 5), 50, "0.5", status_override="off_track")]
    week = rules.week(before, entries, start=START, due=DUE, monday=date(2026, 1, 5))
    assert week.status_after == "off_track"
    # From "not started" (no check-in yet) nothing got worse: not started is no pace.
    assert week.status_before == "not_started" and week.problems == []


def test_confidence_given_for_the_first_time_is_no_drop():
    before = rules.Before(value=Decimal(0), progress=Decimal(0), confidence=None, checked_in=True)
    entries = [_entry(date(2026, 1, 6), 5, "0.05", confidence=2)]
    week = rules.week(before, entries, start=START, due=DUE, monday=date(2026, 1, 5))
    assert not [p for p in week.problems if p[0] == rules.CONFIDENCE_DROPPED]


def test_a_blocker_without_a_note_is_still_a_problem():
    before = rules.Before(value=Decimal(0), progress=Decimal(0), confidence=None, checked_in=True)
    entries = [_entry(date(2026, 1, 6), 5, "0.05", is_blocker=True)]
    week = rules.week(before, entries, start=START, due=DUE, monday=date(2026, 1, 5))
    assert week.problems == [(rules.BLOCKER, {"note": ""})]
