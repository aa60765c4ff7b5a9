"""h9k 5 and 6: a reference period is no quantity, and holidays are dates in the cycle.

`上一年度` / `上年度` / `去年` / `last year` name the base of a comparison (as 较上季度 does), not a
quantity of one year; 春节 / 除夕 / 元宵 / 端午 / 中秋 move with the lunar calendar and are read
from okrtext.deadlines.LUNAR_HOLIDAYS (2020–2035), 国庆 is 10-01, each in the cycle's year.
"""

from datetime import date

import pytest

from mubiao.okrtext import parse, read_key_result
from mubiao.okrtext.deadlines import LUNAR_HOLIDAYS, holiday_date


@pytest.mark.parametrize(
    ("text", "target", "unit"),
    [
        ("营收超过上一年度", None, None),  # was target 1, unit 年
        ("复购率较上一年度提升", None, None),
        ("复购率较上一年度提升 10%", 10, "%"),
        ("收入较上年度增长 20%", 20, "%"),
        ("续费率不低于去年", None, None),
        ("较上一季度提升 5%", 5, "%"),
        ("Revenue 20% above last year", 20, "%"),
    ],
)
def test_a_reference_period_is_not_a_quantity(text, target, unit):
    reading = read_key_result(text, year=2026)
    assert (reading.target, reading.unit) == (target, unit)
    assert reading.unit != "年"


@pytest.mark.parametrize(
    ("text", "cycle", "due"),
    [
        ("春节前上线新版官网", (date(2026, 1, 1), date(2026, 3, 31)), date(2026, 2, 17)),
        ("春节前上线新版官网", (date(2026, 10, 1), date(2027, 3, 31)), date(2027, 2, 6)),
        ("除夕前完成年货节备货", (date(2027, 1, 1), date(2027, 3, 31)), date(2027, 2, 5)),
        ("元宵节前签约 5 家客户", (date(2026, 1, 1), date(2026, 3, 31)), date(2026, 3, 3)),
        ("端午节前上线新版官网", (date(2026, 4, 1), date(2026, 6, 30)), date(2026, 6, 19)),
        ("中秋前签约 5 家客户", (date(2026, 7, 1), date(2026, 9, 30)), date(2026, 9, 25)),
        ("国庆前完成 3 个城市试点", (date(2026, 7, 1), date(2026, 12, 31)), date(2026, 10, 1)),
        ("2028年春节前上线新版官网", (date(2026, 1, 1), date(2026, 12, 31)), date(2028, 1, 26)),
    ],
)
def test_a_holiday_is_a_date_in_the_cycle(text, cycle, due):
    document = parse(f"O1: 提升体验\nKR1: {text}", cycle=cycle)
    (kr,) = document.sections[0].objectives[0].key_results
    assert kr.due == due, kr


def test_a_holiday_outside_the_table_is_said_without_a_date():
    reading = read_key_result("2040年春节前上线新版官网")
    assert (reading.deadline, reading.due) == ("2040年春节前", None)


def test_the_table_holds_each_year_once_in_its_season():
    for name, days in LUNAR_HOLIDAYS.items():
        assert sorted(days) == list(range(2020, 2036)), name
        months = {"春节": (1, 2), "端午": (5, 6), "中秋": (9, 10)}[name]
        assert all(month in months for month, _day in days.values()), name
    assert holiday_date("国庆节", 2031) == date(2031, 10, 1)
    assert holiday_date("春节", 2019) is None
