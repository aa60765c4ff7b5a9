"""Dates written the Chinese or European way (issue 9, F2): `31/12 前`, `截至 12.31`,
`2026/12/31 前`, `31.12.2026`, `12月31日之前`, `年底前` are due dates; a day and month that can be
either (`03/04`) is kept as written with no date, never guessed; a number with a dot stays a
number (`by 4.5 ms`, `降低到 4.5 前`)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mubiao.okrtext import read_key_result
from mubiao.okrtext.deadlines import day_month_orders, is_ambiguous_date, read_date

Q4 = (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
NEW_YEAR = dt.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("text", "deadline", "due"),
    [
        ("上线新版官网 31/12 前", "31/12 前", NEW_YEAR),
        ("截至 12.31 上线新版官网", "截至 12.31", NEW_YEAR),
        ("12.31前 注册用户达到 1000", "12.31前", NEW_YEAR),
        ("2026/12/31 前上线新版官网", "2026/12/31 前", NEW_YEAR),
        ("2026.12.31 前上线新版官网", "2026.12.31 前", NEW_YEAR),
        ("12月31日之前上线新版官网", "12月31日之前", NEW_YEAR),
        ("年底前上线新版官网", "年底前", NEW_YEAR),
        ("Ship the site by 31/12", "by 31/12", NEW_YEAR),
        ("Ship the site by 31.12.2026", "by 31.12.2026", NEW_YEAR),
        ("Ship the site by 12/31/2026", "by 12/31/2026", NEW_YEAR),
        ("Ship the site by 31/12/2026", "by 31/12/2026", NEW_YEAR),
        ("Close 5 pilots before 12/12", "before 12/12", dt.date(2026, 12, 12)),
        # Either 3 March or 4 April: kept as written, no date guessed.
        ("上线新版官网 03/04 前", "03/04 前", None),
        ("Ship the site by 03/04/2026", "by 03/04/2026", None),
        ("Close 5 pilots before 12/1", "before 12/1", None),
        # Written as a date but no date: kept as written, for the import to report.
        ("截止 2026/13/40 上线", "截止 2026/13/40", None),
        ("13/45 前完成", "13/45 前", None),
        # The European day.month. with its trailing dot (issue 9): before 前 or before the text
        # of the work it is that day, never a number (`1.12.` was read as the target 1.12).
        ("1.12. 前完成上线", "1.12. 前", dt.date(2026, 12, 1)),
        ("1.12.前完成上线", "1.12.前", dt.date(2026, 12, 1)),
        ("15.11. 前签约 5 个客户", "15.11. 前", dt.date(2026, 11, 15)),
        ("1.12. 完成上线新版官网", "1.12.", dt.date(2026, 12, 1)),
        ("截至 1.12. 上线新版官网", "截至 1.12.", dt.date(2026, 12, 1)),
        ("Ship the new site by 1.12. with the new design", "by 1.12.", dt.date(2026, 12, 1)),
        ("1.12. Ship the new site", "1.12.", dt.date(2026, 12, 1)),
        ("在 15.10. 前将 NPS 提升到 40", "15.10. 前", dt.date(2026, 10, 15)),
        # A day.month. the calendar lacks is said, never a number.
        ("31.11. 前完成上线", "31.11. 前", None),
    ],
)
def test_day_month_dates(text, deadline, due):
    reading = read_key_result(text, cycle=Q4)
    assert (reading.deadline, reading.due) == (deadline, due)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Reduce latency by 4.5 ms", "4.5"),
        ("平均响应时间降低到 4.5 前端指标", "4.5"),
        ("成本降低到 12.50 前", "12.50"),
        ("满意度评分达到 3/4 以上", None),
        # A decimal ending a sentence, and a version, stay numbers.
        ("平均响应时间降低到 4.5.", "4.5"),
        ("Reduce latency by 4.5.", "4.5"),
        ("升级到 4.5.1 版本的用户达到 80%", "80"),
    ],
)
def test_a_decimal_is_no_date(text, target):
    reading = read_key_result(text, cycle=Q4)
    assert reading.deadline is None
    assert (str(reading.target) if reading.target is not None else None) == target


@given(day=st.dates(Q4[0], Q4[1]), european=st.booleans(), dots=st.booleans())
def test_any_day_is_read_or_flagged_never_guessed(day, european, dots):
    """The kind: a day and month in either order is that day when only one order is a date,
    and no date at all (flagged as ambiguous) when both are."""
    sep = "." if dots else "/"
    first, second = (day.day, day.month) if european else (day.month, day.day)
    written = f"截至 {first:02d}{sep}{second:02d} 上线新版官网"
    reading = read_key_result(written, cycle=Q4)
    assert reading.deadline is not None
    if len(day_month_orders(first, second)) == 1:
        assert reading.due == day
    else:
        assert reading.due is None and is_ambiguous_date(reading.deadline)


@given(day=st.dates(Q4[0], Q4[1]), before=st.booleans(), target=st.integers(2, 999))
def test_any_day_month_with_a_trailing_dot_is_that_day_never_the_target(day, before, target):
    """The kind (issue 9): `d.m.` before 前 or before the work's text is that day, in the
    reading's deadline and due date, and the number the title states is its target."""
    written = f"{day.day}.{day.month}.{' 前' if before else ''} 签约 {target} 个客户"
    reading = read_key_result(written, cycle=Q4)
    assert (reading.due, reading.target) == (day, target), written


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("31/12", NEW_YEAR),
        ("12/31", NEW_YEAR),
        ("31.12.2026", NEW_YEAR),
        ("2026/12/31", NEW_YEAR),
        ("12月31日之前", NEW_YEAR),
        ("年底前", NEW_YEAR),
        ("31/12 前", NEW_YEAR),
        ("03/04", None),
        ("5.6", None),
        ("1.12.", dt.date(2026, 12, 1)),
        ("15.10.", dt.date(2026, 10, 15)),
    ],
)
def test_a_cell_holding_a_date(cell, expected):
    assert read_date(cell, Q4) == expected
