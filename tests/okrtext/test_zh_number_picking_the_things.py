"""h10r (issue 10 §3): a bound with its number on a measure of the things named after 的
(`适应率低于40%的新功能`, `日活低于100的功能模块`, `评分高于4.5分的供应商`) is a relative clause
that picks those things out: the number is a qualifier, never the target, and the measure is
named after 的 (main: target 40 and 100, metric `转化率` for `转化率超过5%的渠道占比`). With no
noun after it (`留存率低于40%`) the bound is the target, as before."""

from decimal import Decimal

import pytest

from mubiao.okrtext import read_key_result
from tests.okrtext.real_corpus import same

CASES = [
    # (key result, metric, target, direction, is_activity)
    ("下线所有日活低于100的功能模块", "功能模块", None, "milestone", True),
    ("转化率超过5%的渠道占比提升至60%", "渠道占比", 60, "increase", False),
    ("满意度低于80%的门店数量减少到5家", "门店数量", 5, "decrease", False),
    ("評分高於4.5分的供應商達到20家", "供應商", 20, "increase", False),
    ("整理所有打开率低于2%的邮件列表", "邮件列表", None, "milestone", True),
    ("为完成率低于50%的项目制定改进计划", None, None, "milestone", True),
    ("Retire all features with adoption below 40%", "features", None, "milestone", True),
    ("留存率低于40%", "留存率", 40, "decrease", False),
    ("客服满意度达到4.8分", "客服满意度", Decimal("4.8"), "increase", False),
]


@pytest.mark.parametrize(("kr", "metric", "target", "direction", "activity"), CASES)
def test_a_number_that_picks_the_things_is_no_target(kr, metric, target, direction, activity):
    reading = read_key_result(kr, year=2026)
    if metric is not None:
        assert same("metric", reading.metric, (metric,)), reading.metric
    assert (reading.target, reading.direction, reading.is_activity) == (
        target,
        direction,
        activity,
    )
