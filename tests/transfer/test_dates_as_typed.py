"""Issue 9 (h9j, F): a date the reader cannot resolve on its own is answered with what was typed.

- the two readings of an ambiguous day and month are the example, in the cycle's years (not an
  example date nobody wrote);
- a day without a year that a cycle longer than twelve months holds twice is refused naming
  both dates, never put in the first year silently;
- every date-like phrase the reader does not resolve (春节前) gets the note other unreadable
  deadlines get, never dropped.

Each is a table over the import paths (tests/transfer/test_every_path_same_answer.DATE_PATHS,
and text), and a table over the reader itself (okrtext.deadlines).
"""

import datetime as dt

import pytest
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.okrtext.deadlines import ambiguous_deadline, find_deadlines, read_date
from tests.transfer.test_every_path_same_answer import DATE_PATHS

pytestmark = pytest.mark.postgres

QUARTER = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
LONG = (dt.date(2026, 6, 1), dt.date(2027, 6, 30))  # thirteen months: June is in it twice
NEW_YEAR = (dt.date(2026, 11, 1), dt.date(2027, 1, 31))


@pytest.mark.parametrize(
    ("typed", "within", "readings"),
    [
        ("3/1", QUARTER, ["2026-03-01", "2026-01-03"]),
        ("3/1", LONG, ["2027-03-01", "2027-01-03"]),  # March and January of this cycle: 2027
        ("3/1 前", QUARTER, ["2026-03-01", "2026-01-03"]),
        ("by 12/11", NEW_YEAR, ["2026-12-11", "2026-11-12"]),
        ("6月15日", LONG, ["2026-06-15", "2027-06-15"]),
        ("Jun 20", LONG, ["2026-06-20", "2027-06-20"]),
        ("20 Jun", LONG, ["2026-06-20", "2027-06-20"]),
        ("6/15", LONG, ["2026-06-15", "2027-06-15"]),
        ("6月1日", LONG, ["2026-06-01", "2027-06-01"]),  # the cycle's first day, and a year on
        ("6月15日前上线", LONG, ["2026-06-15", "2027-06-15"]),
    ],
)
def test_what_an_ambiguous_date_can_mean(typed, within, readings):
    deadline = ambiguous_deadline(typed, within)
    assert deadline is not None
    assert [str(day) for day in deadline.readings(within)] == readings
    assert read_date(typed, within) is None  # never one of them silently


@pytest.mark.parametrize(
    ("typed", "within", "due"),
    [
        ("7月15日", LONG, dt.date(2026, 7, 15)),  # only once in the cycle
        ("5月31日", LONG, dt.date(2027, 5, 31)),
        ("6月15日", QUARTER, dt.date(2026, 6, 15)),  # a cycle of a year or less: no doubt
        ("12/15", LONG, dt.date(2026, 12, 15)),
    ],
)
def test_a_date_once_in_the_cycle_is_read(typed, within, due):
    assert ambiguous_deadline(typed, within) is None
    assert read_date(typed, within) == due


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("春节前上线新版官网", dt.date(2026, 2, 17)),
        ("过年前完成审计", dt.date(2026, 2, 17)),
        ("中秋节前发布礼盒", dt.date(2026, 9, 25)),
        ("端午前上线活动页", dt.date(2026, 6, 19)),
    ],
)
def test_a_lunar_holiday_is_its_date_in_the_year(text, due):
    """Its day moves every year: read from okrtext's table of the lunar holidays (h9k 6; it
    was a deadline with no date), none outside the table's years."""
    (deadline,) = find_deadlines(text)
    assert deadline.due(2026) == due
    assert deadline.due(2040) is None


def _cycle(world, within) -> Cycle:
    return services.create_cycle(
        world.admin, name="Long", kind=Cycle.Kind.CUSTOM, start_date=within[0],
        end_date=within[1],
    )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("path", [*DATE_PATHS, "text"])
@pytest.mark.parametrize(
    ("typed", "zh", "en"),
    [
        ("3/1", "请写成 2027-03-01 或 2027-01-03", "write 2027-03-01 or 2027-01-03"),
        (
            "6月15日",
            "2026-06-15 或 2027-06-15，请写明年份",
            "2026-06-15 or 2027-06-15: write the year",
        ),
        (
            "Jun 20",
            "2026-06-20 或 2027-06-20，请写明年份",
            "2026-06-20 or 2027-06-20: write the year",
        ),
    ],
)
def test_an_ambiguous_date_is_refused_naming_what_was_typed(world, path, language, typed, zh, en):
    cycle = _cycle(world, LONG)
    if path == "text":
        name, data = "okrs.txt", f"O1: Ship\nKR1: 上线新版官网，截止 {typed}\n".encode()
    else:
        name, data = DATE_PATHS[path](typed)
    with translation.override(language), pytest.raises(ImportFailed) as refused:
        import_okrs(world.admin, file_name=name, data=data, cycle=cycle)
    said = refused.value.text
    assert (zh if language == "zh-hans" else en) in said, said
    assert typed in said
    assert "2026-03-04" not in said
    assert not Objective.objects.filter(cycle=cycle).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_spring_festival_is_noted_like_any_unreadable_deadline(world, fmt):
    """The tester's example: 春节前 in a cycle 2026-11-01…2027-01-31 was dropped without a
    note while `本季度末` got one. Both are noted: 本季度末 has no calendar date, 春节 is dated
    now (h9k 6), and 2027's (6 February) lies after this cycle."""
    cycle = _cycle(world, NEW_YEAR)
    notes = {}
    for deadline in ("春节前", "本季度末"):
        title = f"{deadline}上线新版官网"
        data = (
            f"O1: 官网\nKR1: {title}\n"
            if fmt == "md"
            else f"目标,关键结果\n官网{deadline},{title}\n"
        ).encode()
        with translation.override("en"):
            result = import_okrs(world.admin, file_name=f"okrs.{fmt}", data=data, cycle=cycle)
        assert result.created[-1].key_results.get().due_date is None  # the cycle's end
        notes[deadline] = [
            p
            for p in result.problems
            if f"“{deadline}” gives no calendar date" in p
            or f"“{deadline}” (2027-02-06) lies outside the cycle" in p
        ]
    assert notes["春节前"] and notes["本季度末"], notes


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["md", "csv", "due"])
def test_a_holiday_gets_its_due_date_in_the_cycle(world, fmt):
    """h9k 6: `春节前` in a 2026 cycle is due on 2026-02-17, in text, a key result's title and
    the due date column alike."""
    cycle = _cycle(world, (dt.date(2026, 1, 1), dt.date(2026, 6, 30)))
    data = {
        "md": "O1: 官网\nKR1: 春节前上线新版官网\n",
        "csv": "目标,关键结果\n官网,春节前上线新版官网\n",
        "due": "目标,关键结果,截止日期\n官网,上线新版官网,春节前\n",
    }[fmt]
    name = "okrs.md" if fmt == "md" else "okrs.csv"
    result = import_okrs(world.admin, file_name=name, data=data.encode(), cycle=cycle)
    assert result.created[-1].key_results.get().due_date == dt.date(2026, 2, 17)
