"""Probe 20 (brief h9q): a deadline phrase the reader cannot date is never dropped; the ones it
can date are dated (deadlines.py): holidays on a fixed day, Thanksgiving, an ISO week's Sunday,
a European day.month after "by", a US date with a two-digit year. Cycle 2026-11-01…2027-01-31."""

from datetime import date

import pytest

from mubiao.okrtext import read_key_result

WINTER = (date(2026, 11, 1), date(2027, 1, 31))


@pytest.mark.parametrize(
    ("title", "deadline", "due"),
    [
        ("圣诞节前上线会员体系", "圣诞节前", date(2026, 12, 25)),
        ("在圣诞前上线会员体系", "在圣诞前", date(2026, 12, 25)),
        ("平安夜前完成压测", "平安夜前", date(2026, 12, 24)),
        ("跨年前上线会员体系", "跨年前", date(2026, 12, 31)),
        ("第 50 周前上线会员体系", "第 50 周前", date(2026, 12, 6)),  # before week 50: 49's Sunday
        ("截止第52周完成迁移", "截止第52周", date(2026, 12, 27)),
        ("Ship the portal before Christmas", "before Christmas", date(2026, 12, 25)),
        ("Ship the portal by Thanksgiving", "by Thanksgiving", date(2026, 11, 26)),
        ("Ship the portal by 31.12", "by 31.12", date(2026, 12, 31)),
        ("Ship the portal by W52", "by W52", date(2026, 12, 27)),
        ("Ship the portal by 12/31/26", "by 12/31/26", date(2026, 12, 31)),
        ("Ship the portal by the 15th of January", "by the 15th of January", date(2027, 1, 15)),
        ("11月前上线会员体系", "11月前", date(2026, 10, 31)),  # before the cycle: said
        ("Q1前上线会员体系", "Q1前", date(2026, 12, 31)),
        # No calendar date: kept as written (the importers say it).
        ("年前上线会员体系", "年前", None),
        ("会员体系节前上线", "节前", None),
        ("过节前上线会员体系", "节前", None),
        ("节前上线会员体系", "节前", None),
        ("腊月二十三前上线会员体系", "腊月二十三前", None),
        ("两周内上线会员体系", "两周内", None),
        ("五一节前上线会员体系", "五一节前", None),
        ("Ship the portal by the 15th", "by the 15th", None),
        ("Ship the portal before Easter", "before Easter", None),
    ],
)
def test_a_deadline_is_dated_or_kept_as_written(title, deadline, due):
    reading = read_key_result(title, cycle=WINTER)
    assert (reading.deadline, reading.due) == (deadline, due)


@pytest.mark.parametrize(
    "title",
    [
        "圣诞活动 GMV 达到 500 万",  # the work's name, not its deadline
        "第3周留存率从 20% 提升到 30%",
        "两周内响应率达到 95%",  # a window
        "三年前的老客户召回 200 人",  # years ago
        "上线环节前的测试覆盖率达到 90%",
        "Reduce cost by 15.5%",
        "Christmas campaign revenue reaches $2M",
        "Owned by W. Chen: ship 3 integrations",
    ],
)
def test_no_deadline_where_none_is_written(title):
    assert read_key_result(title, cycle=WINTER).deadline is None
