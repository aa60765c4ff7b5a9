"""Dates written without a year (issue 9): a spreadsheet's 截止日期 of `12月15日`, `Dec 15` or
`12/15` is read inside the cycle, as text import reads `1 月 15 日`; `1/15 前` in text is a due
date; a deadline with no calendar day is said, not silently lost."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mubiao.okrs import services
from mubiao.okrs.models import Cycle
from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.okrtext.deadlines import read_date
from tests.transfer.conftest import workbook_bytes

ACROSS = (dt.date(2026, 11, 1), dt.date(2027, 1, 31))
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@pytest.fixture
def across(world):
    """A cycle across the new year."""
    return services.create_cycle(world.admin, name="Winter", kind=Cycle.Kind.CUSTOM,
                                 start_date=ACROSS[0], end_date=ACROSS[1])  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("12月15日", dt.date(2026, 12, 15)),
        ("Dec 15", dt.date(2026, 12, 15)),
        ("15 Dec", dt.date(2026, 12, 15)),
        ("12/15", dt.date(2026, 12, 15)),
        ("1月15日", dt.date(2027, 1, 15)),
        ("1/15", dt.date(2027, 1, 15)),
        ("１２月１５日", dt.date(2026, 12, 15)),
        ("2026-12-15", dt.date(2026, 12, 15)),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_due_date_cell_without_a_year(world, across, cell, expected, fmt):
    rows = [
        ["目标", "关键结果", "指标类型", "目标值", "截止日期"],
        ["官网", "上线", "数值", 1, cell],
    ]
    if fmt == "csv":
        data = "\n".join(",".join(map(str, row)) for row in rows).encode()
    else:
        data = workbook_bytes({"OKR": rows})
    result = import_okrs(world.admin, file_name=f"okrs.{fmt}", data=data, cycle=across)
    assert result.created[0].key_results.get().due_date == expected


@pytest.mark.parametrize("cell", ["13/45", "2/30", "soon"])
def test_a_cell_that_is_no_date_is_refused_where_it_is(world, across, cell):
    data = f"目标,关键结果,指标类型,目标值,截止日期\n官网,上线,数值,1,{cell}\n".encode()
    with pytest.raises(ImportFailed) as error:
        import_okrs(world.admin, file_name="okrs.csv", data=data, cycle=across)
    assert "截止日期" in error.value.text and "row 2" in error.value.text
    assert "not a date" in error.value.text


def test_a_date_after_the_cycle_is_refused_not_moved(world, across):
    data = "目标,关键结果,指标类型,目标值,截止日期\n官网,上线,数值,1,3/15\n".encode()
    with pytest.raises(ImportFailed) as error:
        import_okrs(world.admin, file_name="okrs.csv", data=data, cycle=across)
    assert "2026-11-01 – 2027-01-31" in error.value.text


def test_text_import_reads_a_slash_date_and_says_what_it_cannot_read(world, across):
    text = "O1: 发布新版官网\nKR1: 1/15 前上线新版官网\nKR2: 本季度末前完成 5 个客户访谈\n"
    result = import_okrs(world.admin, file_name="okrs.md", data=text.encode(), cycle=across)
    first, second = result.created[0].key_results.order_by("position")
    assert (first.due_date, second.due_date) == (dt.date(2027, 1, 15), None)
    assert any("gives no calendar date" in problem and "line 3" in problem
               for problem in result.problems), result.problems  # fmt: skip


@given(day=st.dates(ACROSS[0], ACROSS[1]))
def test_every_way_of_writing_a_day_in_the_cycle_reads_the_same(day):
    """The kind: a day of the cycle written without its year is that day, however written;
    with a slash in either order when only one order is a date, else no date (not a guess)."""
    either = day.day <= 12 and day.day != day.month
    for slashed in (f"{day.month}/{day.day}", f"{day.day}/{day.month}"):
        assert read_date(slashed, ACROSS) == (None if either else day), slashed
    for written in (
        f"{day.month}月{day.day}日",
        f"{MONTHS[day.month - 1]} {day.day}",
        f"{day.day} {MONTHS[day.month - 1]}",
        f"{day.month}月{day.day}号",
    ):
        assert read_date(written, ACROSS) == day, written


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("31/12 前", dt.date(2026, 12, 31)),
        ("截至 12.31", dt.date(2026, 12, 31)),
        ("2026/12/31 前", dt.date(2026, 12, 31)),
        ("12月31日之前", dt.date(2026, 12, 31)),
        ("年底前", dt.date(2026, 12, 31)),
        ("03/01 前", None),
    ],
)
@pytest.mark.parametrize("fmt", ["md", "csv", "xlsx"])
def test_day_month_dates_in_every_import(world, across, written, expected, fmt):
    """F2: text, and a spreadsheet row holding only a title, read the same dates; one that can
    be month/day or day/month is reported where it is, not guessed and not lost."""
    title = f"{written}上线新版官网"
    if fmt == "md":
        data = f"O1: 发布新版官网\nKR1: {title}\n".encode()
    else:
        rows = [["目标", "关键结果"], ["发布新版官网", title]]
        data = (
            "\n".join(",".join(row) for row in rows).encode()
            if fmt == "csv"
            else workbook_bytes({"OKR": rows})
        )
    if expected is None:  # refused on every path with the same words, where it is (h9h)
        with pytest.raises(ImportFailed) as refused:
            import_okrs(world.admin, file_name=f"okrs.{fmt}", data=data, cycle=across)
        said = refused.value.text
        assert "“03/01 前” can be read as month/day or as day/month" in said
        assert ("line 2" if fmt == "md" else "row 2") in said
        return
    result = import_okrs(world.admin, file_name=f"okrs.{fmt}", data=data, cycle=across)
    assert result.created[0].key_results.get().due_date == expected
    assert not [p for p in result.problems if "month/day" in p]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_ambiguous_due_date_cell_is_refused_naming_it(world, across, fmt):
    rows = [
        ["目标", "关键结果", "指标类型", "目标值", "截止日期"],
        ["官网", "上线", "数值", "1", "03/01"],
    ]
    data = (
        "\n".join(",".join(row) for row in rows).encode()
        if fmt == "csv"
        else workbook_bytes({"OKR": rows})
    )
    with pytest.raises(ImportFailed) as error:
        import_okrs(world.admin, file_name=f"okrs.{fmt}", data=data, cycle=across)
    assert "03/01" in error.value.text and "month/day or as day/month" in error.value.text
    assert "截止日期" in error.value.text
