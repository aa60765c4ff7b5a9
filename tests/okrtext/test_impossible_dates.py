"""Issue 9 (finding 4): a day its month does not have is said, never moved to the month's last
day; Chinese-numeral days are read; a two-digit year before a month is a year, not a count."""

from datetime import date

import pytest

from mubiao.okrtext import read_key_result

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
WINTER = (date(2026, 11, 1), date(2027, 3, 31))

# (deadline as written, cycle) → no due date, and reported as the date written
IMPOSSIBLE = [
    ("11 月 31 日前", YEAR),
    ("2 月 30 日前", YEAR),
    ("2 月 29 日前", WINTER),  # 2027 has no 29 February
    ("2026年2月29日前", YEAR),
    ("4月31号前", YEAR),
    ("2026/4/31 前", YEAR),
    ("2026-06-31", YEAR),
    ("十一月三十一日前", YEAR),
    ("11-31 前", YEAR),
    ("11/31 前", YEAR),
]
# (deadline as written, cycle, due)
READ = [
    ("一月十五日前", YEAR, date(2026, 1, 15)),
    ("十一月三十日前", YEAR, date(2026, 11, 30)),
    ("十二月二十九日前", WINTER, date(2026, 12, 29)),
    ("2 月 29 日前", (date(2028, 1, 1), date(2028, 3, 31)), date(2028, 2, 29)),
    ("26年12月31日前", YEAR, date(2026, 12, 31)),
    ("11 月 30 日前", YEAR, date(2026, 11, 30)),
    ("5 月底前", YEAR, date(2026, 5, 31)),
    ("12-31 前", YEAR, date(2026, 12, 31)),  # the line of finding 5
]


@pytest.mark.parametrize(("deadline", "cycle"), IMPOSSIBLE)
def test_a_day_its_month_lacks_is_reported_not_moved(deadline, cycle):
    reading = read_key_result(f"{deadline}签约 5 个客户", cycle=cycle)
    assert reading.due is None
    assert reading.unreadable == [("date", deadline)]
    assert reading.target == 5


@pytest.mark.parametrize(("deadline", "cycle", "due"), READ)
def test_dates_that_exist_are_read(deadline, cycle, due):
    reading = read_key_result(f"{deadline}签约 5 个客户", cycle=cycle)
    assert (reading.due, reading.target, reading.unit, reading.unreadable) == (due, 5, "个", [])
