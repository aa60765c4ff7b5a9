"""h10t (issue 10 §4): `本月` / `这个月` with no 底 is the month of writing as a whole, a deadline
with no calendar date as `本季度` is (main: no deadline, `本月` kept in the metric). `本月底` keeps
its own reading; `每月` is a cadence, no deadline."""

import pytest

from mubiao.okrtext import read_key_result
from tests.okrtext.real_corpus import same

CASES = [
    # (key result, metric, deadline)
    ("本月新增注册用户500人", "新增注册用户", "本月"),
    ("在本月完成官网改版", "官网改版", "在本月"),
    ("本月内上线新版小程序", "新版小程序", "本月内"),
    ("這個月讀完3本書", "書", "這個月"),
    ("本月份完成3场直播", "直播", "本月份"),
    ("本月底前完成招聘", "招聘", "本月底前"),
    ("每月新增用户500人", "新增用户", None),
]


@pytest.mark.parametrize(("kr", "metric", "deadline"), CASES)
def test_this_month_is_a_deadline_with_no_date(kr, metric, deadline):
    reading = read_key_result(kr, year=2026)
    assert same("metric", reading.metric, (metric,)), reading.metric
    assert same("deadline", reading.deadline, deadline), reading.deadline
    assert reading.due is None
