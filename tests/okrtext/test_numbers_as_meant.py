"""Issue 9, "numbers people can trust" (brief h9m): numbers typed in a key result's title are
read as meant or asked about, never partly dropped (docs/okrtext-numbers.md):

- spaced Chinese compounds: `10 万 5 千` is 105,000 and `1 亿 2 千万` 120,000,000 (read as
  100,000 → 5,000, or as 100,000 alone);
- a digit before one Chinese magnitude: `1百` is 100 (read as 1);
- `45pct` is 45 % (its unit was dropped);
- `评分从 3/5 提升到 4/5` is a rating from 3 to 4 out of 5 (`3/5` was read as March 5th and
  the start dropped);
- a number word inside a hyphenated compound (One-on-one, Double-click, 一对一) is no
  quantity the title states."""

from decimal import Decimal

import pytest

from mubiao.okrtext import read_key_result

# (title, start, target, unit, direction)
TITLES = [
    # 1. Spaced Chinese compounds, and the same glued.
    ("用户数从 10 万 5 千 提升到 20 万", 105000, 200000, None, "increase"),
    ("日活达到 10 万 5 千", None, 105000, None, "increase"),
    ("日活达到10万5千", None, 105000, None, "increase"),
    ("营收达到 1 亿 2 千万元", None, 120000000, "元", "increase"),
    ("营收达到1亿2千万元", None, 120000000, "元", "increase"),
    ("营收从 8 千万 提升到 1 亿 2 千万", 80000000, 120000000, None, "increase"),
    ("注册用户从 3 万 2 千人提升到 5 万人", 32000, 50000, "人", "increase"),
    # 2. A digit before one Chinese magnitude.
    ("注册用户达到1百人", None, 100, "人", "increase"),
    ("签约客户从1百家提升到3千家", 100, 3000, "家", "increase"),
    ("新增客户3千家", None, 3000, "家", "increase"),
    ("门店从 5百 家扩展到 1千 家", 500, 1000, "家", "increase"),
    # 3. Percent spelled pct.
    ("Grow NPS to 45pct", None, 45, "%", "increase"),
    ("Raise activation from 30pct to 45 pct", 30, 45, "%", "increase"),
    ("接口延迟从 500 毫秒降到 300 毫秒", 500, 300, "毫秒", "decrease"),
    ("Cut p95 latency from 500 msec to 300 msec", 500, 300, "msec", "decrease"),
    # 4. A rating out of 5 (or 10): the start is read, never dropped as a date.
    ("评分从 3/5 提升到 4/5", 3, 4, None, "increase"),
    ("评分从3/5提升到4/5", 3, 4, None, "increase"),
    ("满意度评分从 7/10 提升到 8/10", 7, 8, None, "increase"),
    ("Raise rating from 3/5 to 4/5", 3, 4, None, "increase"),
    # 5. Number words inside a hyphenated compound are no quantity.
    ("Two-factor authentication for all admins", None, None, None, "milestone"),
    ("One-click checkout", None, None, None, "milestone"),
    ("Third-party integrations reviewed", None, None, None, "milestone"),
    ("One-on-one meetings with 10 customers", None, 10, "customers", "increase"),
    ("Double-click to edit shipped", None, None, None, "milestone"),
    ("Double-sided marketplace launched in 3 cities", None, 3, "cities", "increase"),
    ("一对一访谈 20 位客户", None, 20, "位", "increase"),
    # Still numbers: a number word that counts, doubling as a multiplier.
    ("Hire two engineers", None, 2, "engineers", "increase"),
    ("Double weekly active users", None, 2, "x", "increase"),
]


@pytest.mark.parametrize(("title", "start", "target", "unit", "direction"), TITLES)
def test_a_title_states_its_numbers_as_meant(title, start, target, unit, direction):
    reading = read_key_result(title)
    as_read = (reading.start, reading.target, reading.unit, reading.direction)
    expected = (
        None if start is None else Decimal(start),
        None if target is None else Decimal(target),
        unit,
        direction,
    )
    assert as_read == expected
    assert not reading.unreadable


# Dates written M/D stay dates where no score over the same scale is beside them.
DATES = ["从 3/5 到 4/5 完成迁移", "完成6/15的毕业答辩"]


@pytest.mark.parametrize("title", DATES)
def test_a_date_stays_a_date(title):
    assert read_key_result(title).target is None


# A compound in the wrong order is asked about, never read in part.
ASKED = ["日活达到 5 千 10 万", "营收 1 亿 20 千万", "营收达到 3 万 5", "新增用户 3 万 5 人"]


@pytest.mark.parametrize("title", ASKED)
def test_a_compound_out_of_order_is_asked(title):
    reading = read_key_result(title)
    assert reading.target is None and reading.unreadable


# A digit in a compound's name ("1-on-1") is no quantity either.
NAMES = [("1-on-1 meetings with 10 customers", 10)]


@pytest.mark.parametrize(("title", "target"), NAMES)
def test_a_digit_in_a_compound_name_is_no_target(title, target):
    assert read_key_result(title).target == target
