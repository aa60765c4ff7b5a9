"""Code in a title is no quantity it states (issue 9 C2, probe 15): a spreadsheet formula, a code
span, a calculation, an identifier or a call has digits that are no start or target. "=1+2 | 管道
`code` *星*" was read as a target of 2, and the API refused a key result for values the title
never stated; the numbers the title does state beside the code are read as before."""

import pytest

from mubiao.okrtext.reading import read_key_result

NO_NUMBER = [
    "=1+2 | 管道 `code` *星*",
    "=SUM(A1) | 管道",
    "Use =AVERAGE(B2:B10) in the weekly report",
    "修复 `retry(3)` 的问题",
    "Call retry(3) on failure",
    "Fix the 1+1 rounding bug",
    "Document why 2*3 matrix fails",
    "Replace x86_64 builds",
    "上线 `config_v2` 配置",
    "Rename `max_items=50` flag",
    "Set =IF(C2>10,1,0) in the sheet",
]

STILL_READ = [
    ("把 `timeout` 从 30 秒降到 10 秒", 30, 10),
    ("Increase NPS from 30 to 50 with =NPS() tracked", 30, 50),
    ("Grow 100+ customers", None, 100),
    ("Raise signups +20%", None, 20),
    ("=SUM(A1) 覆盖 3000 人", None, 3000),
]


@pytest.mark.parametrize("title", NO_NUMBER)
def test_code_states_no_number(title):
    reading = read_key_result(title)
    assert (reading.start, reading.target, reading.unreadable) == (None, None, [])


@pytest.mark.parametrize(("title", "start", "target"), STILL_READ)
def test_the_numbers_beside_code_are_read(title, start, target):
    reading = read_key_result(title)
    assert (reading.start, reading.target) == (start, target)
