"""The end of a period in a year written beside it is that year's date, whatever the cycle:
`2026 年底前` is 2026-12-31 (not the last day of 2025, as "before 2026" is), before or after
the work, in Chinese or English. `in <year>` is a deadline only where a year can be meant: after
a number it is a ratio (`1 in 2000 builds`), before a plural noun a count (`in 2000 stores`)."""

from datetime import date

import pytest

from mubiao.okrtext import read_key_result

CYCLE_2025 = (date(2025, 1, 1), date(2025, 12, 31))
CYCLE_2027 = (date(2027, 1, 1), date(2027, 12, 31))
CYCLE_ACROSS = (date(2025, 10, 1), date(2026, 3, 31))

WRITTEN_YEAR = [
    # (key result, cycle, due)
    ("2026 年底前完成迁移", CYCLE_2025, date(2026, 12, 31)),
    ("2026年底前完成迁移", CYCLE_2027, date(2026, 12, 31)),
    ("2026年末前完成迁移", CYCLE_2025, date(2026, 12, 31)),
    ("2026年终前完成迁移", CYCLE_ACROSS, date(2026, 12, 31)),
    ("完成迁移，2026年底前", CYCLE_2025, date(2026, 12, 31)),
    ("2026年底完成迁移", CYCLE_2027, date(2026, 12, 31)),
    ("2026年中前完成迁移", CYCLE_2025, date(2026, 6, 30)),
    ("完成迁移（2026年中）", CYCLE_2027, date(2026, 6, 30)),
    ("2026年上半年完成迁移", CYCLE_2025, date(2026, 6, 30)),
    ("2026年下半年完成迁移", CYCLE_2027, date(2026, 12, 31)),
    ("2026年12月底前完成迁移", CYCLE_2025, date(2026, 12, 31)),
    ("2026年第四季度末前完成迁移", CYCLE_2025, date(2026, 12, 31)),
    ("2026年Q4末完成迁移", CYCLE_2027, date(2026, 12, 31)),
    ("Finish the migration by end of 2026", CYCLE_2025, date(2026, 12, 31)),
    ("Finish the migration by year-end 2026", CYCLE_2027, date(2026, 12, 31)),
    ("Finish the migration before year-end 2026", CYCLE_2025, date(2026, 12, 31)),
    ("Finish the migration before the end of 2026", CYCLE_ACROSS, date(2026, 12, 31)),
    ("By end of 2026, finish the migration", CYCLE_2025, date(2026, 12, 31)),
    ("Finish the migration by H2 2026", CYCLE_2027, date(2026, 12, 31)),
    ("Finish the migration by Q4 2026", CYCLE_2025, date(2026, 12, 31)),
    # "Before <year>" excludes the year named.
    ("Finish the migration before 2026", CYCLE_2027, date(2025, 12, 31)),
    ("Finish the migration by 2026", CYCLE_2025, date(2026, 12, 31)),
    # The word "中" after a year is no mid-year when it begins a word.
    ("2026年中国市场份额达到10%", CYCLE_2025, None),
    # "到 2027 年" is "by 2027": the year's last day, as "by 2026" is (h9t). It is no due date
    # where the year names a base ("2026 年的两倍": twice the 2026 value) or a part of it.
    ("到 2027 年日活达到 100 万", CYCLE_2025, date(2027, 12, 31)),
    ("到2027年，日活达到 100 万", CYCLE_2025, date(2027, 12, 31)),
    ("日活达到 100 万（截至 2027 年）", CYCLE_2025, date(2027, 12, 31)),
    ("截止到 2027 年完成迁移", CYCLE_ACROSS, date(2027, 12, 31)),
    ("在 2027 年内完成迁移", CYCLE_2027, date(2027, 12, 31)),
    ("于 2026 年完成迁移", CYCLE_2025, date(2026, 12, 31)),
    ("日活提升到 2026 年的两倍", CYCLE_2027, None),
    ("到 2026 年底完成迁移", CYCLE_2025, date(2026, 12, 31)),
    ("到 2026 年 6 月完成迁移", CYCLE_2025, date(2026, 6, 30)),
    ("营收达到 2027 万元", CYCLE_2025, None),
]


@pytest.mark.parametrize(("text", "cycle", "due"), WRITTEN_YEAR)
def test_a_period_end_keeps_the_year_written_with_it(text, cycle, due):
    assert read_key_result(text, cycle=cycle).due == due


IN_A_YEAR = [
    # (key result, deadline as written)
    ("1 in 2000 builds fails", None),
    ("Cut flaky failures to 1 in 2000 builds", None),
    ("Cut flaky failures to 1 in 2000", None),
    ("Cut flaky failures to one in 2000 builds", None),
    ("Open the kiosk in 2000 stores", None),
    ("Launch the kiosk in 2026", "in 2026"),
    ("Sign 5 partners in 2026", "in 2026"),
    ("Reach 300 teams in 2026", "in 2026"),
    ("Grow users to 500 in 2026", "in 2026"),
    ("Cut failures to 3 in 2000 builds", None),
    ("Grow from 1 in 2025 to 5 by 2026", "by 2026"),
]


@pytest.mark.parametrize(("text", "deadline"), IN_A_YEAR)
def test_in_a_year_is_a_deadline_only_where_a_year_is_meant(text, deadline):
    assert read_key_result(text, year=2026).deadline == deadline
