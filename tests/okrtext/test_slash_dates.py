"""`1/15 前`, `截止 12/15`, `by 3/31`: a month and day with a slash is a deadline beside a word
that makes it one, and only then (`3/4` of a score, `24/7`, a ratio are no dates)."""

import datetime as dt

import pytest

from mubiao.okrtext import read_key_result

WINTER = (dt.date(2026, 11, 1), dt.date(2027, 1, 31))


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("KR1: 1/15 前上线新版官网", dt.date(2027, 1, 15)),
        ("截止 12/15 完成 5 个客户访谈", dt.date(2026, 12, 15)),
        ("12/20之前发布 2.0 版本", dt.date(2026, 12, 20)),
        ("Ship the new website by 1/15", dt.date(2027, 1, 15)),
        # 1 December or 12 January: kept as written, not guessed (issue 9, F2).
        ("Close 5 pilots before 12/1", None),
        ("Close 5 pilots before 12/13", dt.date(2026, 12, 13)),
        ("满意度评分达到 3/4 以上", None),
        ("Provide 24/7 support for 3 regions", None),
        ("Keep the ratio at 1/3 of tickets", None),
        ("13/45 前完成", None),
    ],
)
def test_slash_dates(text, due):
    assert read_key_result(text, cycle=WINTER).due == due
