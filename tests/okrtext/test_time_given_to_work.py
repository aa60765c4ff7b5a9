"""h10r (issue 10 §5): time given to work (`用人部门主管每周投入2小时参与面试培训`, `Dedicate 10
minutes daily to learning Spanish`) is a routine, work done, and what it measures is the work
the time goes to, not the person or role who gives it, nor the verb of spending (main: metric
`用人部门主管`, `daily`, `投入`; `每天花30分钟…` and `Dedicate …` read as outcomes). Taking part
(参与, 进行) names no work of its own. A duration with no verb of spending stays a measure."""

import pytest

from mubiao.okrtext import read_key_result
from tests.okrtext.real_corpus import same

CASES = [
    # (key result, metric, target, unit)
    ("每周投入3小时学习数据分析", "学习数据分析", 3, "小时"),
    ("每天花30分钟阅读行业报告", "阅读行业报告", 30, "分钟"),
    ("產品經理每週投入4小時用於用戶訪談", "用戶訪談", 4, "小时"),
    ("每月投入2天参与客户拜访", "客户拜访", 2, "天"),
    ("销售总监每周花5小时辅导新人", "辅导新人", 5, "小时"),
    ("Spend 2 hours a week on interview training", "interview training", 2, "hours"),
    ("Dedicate 30 minutes every day to reviewing support tickets", "reviewing support tickets",
     30, "minutes"),
]  # fmt: skip


@pytest.mark.parametrize(("kr", "metric", "target", "unit"), CASES)
def test_the_work_the_time_goes_to(kr, metric, target, unit):
    reading = read_key_result(kr, year=2026)
    assert same("metric", reading.metric, (metric,)), reading.metric
    assert (reading.target, reading.unit, reading.is_activity) == (target, unit, True)


@pytest.mark.parametrize(
    ("kr", "metric", "activity"),
    [("平均处理时长缩短到2小时", "平均处理时长", False), ("投入200万元用于品牌推广", None, False)],
)
def test_no_time_spent(kr, metric, activity):
    reading = read_key_result(kr, year=2026)
    if metric:
        assert same("metric", reading.metric, (metric,)), reading.metric
    assert reading.is_activity is activity
