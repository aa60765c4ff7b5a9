"""A date written without a year is resolved inside the cycle the key result belongs to.

Found as "1 月 15 日前上线新版官网" in a cycle from 2026-11-01 to 2027-01-31: read with the
cycle's start year it was 2026-01-15, outside the cycle, so the import dropped it. The kind: every
place that turns a written date into a due date (reader, parser, linter) takes the cycle's range.
"""

import contextlib
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mubiao.okrtext import KRInput, ObjectiveInput, lint_objectives, parse, read_key_result

WINTER = (date(2026, 11, 1), date(2027, 1, 31))
_EN_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip


def test_the_reported_case_is_due_inside_the_cycle():
    reading = read_key_result("KR1: 1 月 15 日前上线新版官网", cycle=WINTER)
    assert (reading.deadline, reading.due) == ("1 月 15 日前", date(2027, 1, 15))
    # The same cycle's December keeps the start year, and a written year is kept as written.
    assert read_key_result("12 月底前完成迁移", cycle=WINTER).due == date(2026, 12, 31)
    assert read_key_result("2024年Q3前完成审计", cycle=WINTER).due == date(2024, 6, 30)
    # A quarter after the cycle is the coming one, not last year's.
    assert read_key_result("Q1 上线帮助中心", cycle=WINTER).due == date(2027, 3, 31)


def test_parse_resolves_every_key_result_in_the_cycle():
    text = "目标：官网改版\nKR1: 1 月 15 日前上线新版官网\nKR2: by Jan 20 ship the docs"
    document = parse(text, cycle=WINTER)
    assert [kr.due for kr in document.objectives[0].key_results] == [
        date(2027, 1, 15),
        date(2027, 1, 20),
    ]


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    length=st.integers(min_value=28, max_value=366),
    offset=st.floats(min_value=0, max_value=1),
    english=st.booleans(),
)
def test_any_day_of_any_cycle_written_without_a_year_is_that_day(start, length, offset, english):
    end = start + timedelta(days=length - 1)
    day = start + timedelta(days=int(offset * (length - 1)))
    written = (
        f"Ship the new site by {_EN_MONTHS[day.month - 1]} {day.day}"
        if english
        else f"{day.month} 月 {day.day} 日前上线新版官网"
    )
    # A cycle of a year and a day holds one day twice: which one is meant is not guessed.
    twice = any(start <= other <= end for other in _same_day_in_other_years(day))
    assert read_key_result(written, cycle=(start, end)).due == (None if twice else day)


def _same_day_in_other_years(day: date) -> list[date]:
    others = []
    for year in (day.year - 1, day.year + 1):
        with contextlib.suppress(ValueError):  # 29 February
            others.append(day.replace(year=year))
    return others


def test_the_linter_compares_with_the_cycle_not_its_end_year():
    def findings(*key_results: str) -> set[str]:
        objective = ObjectiveInput(
            "官网改版",
            [KRInput(text) for text in key_results],
            cycle_start=WINTER[0],
            cycle_end=WINTER[1],
        )
        return {f.rule for f in lint_objectives([objective])}

    # December in a November–January cycle is inside it (read with 2027 it was "after the end").
    assert "OKR-T03" not in findings("12 月底前上线新版官网", "1 月 15 日前官网访问量达到 5 万")
    assert "OKR-T03" in findings("3 月底前上线新版官网", "1 月 15 日前官网访问量达到 5 万")
