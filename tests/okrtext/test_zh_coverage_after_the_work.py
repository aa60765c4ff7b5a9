"""h10s (issue 10 §5): the work's clause, then the share it reaches
(`建立新人导师制，覆盖80%新员工`, `…，惠及 90% 的门店`): the coverage is the measured result,
no work and no OKR-A01 (main: an activity). Work with nothing measured after it stays work."""

import pytest

from mubiao.okrtext import lint, read_key_result

CASES = [
    # (key result, metric, target, is_activity)
    ("搭建内训课程体系，覆盖60%一线员工", "一线员工", 60, False),
    ("上线自助报销系统，惠及 90% 的门店", "门店", 90, False),
    ("建立轮岗机制，覆盖到 40% 管理岗", "管理岗", 40, False),
    ("建立导师制覆盖全部新员工", None, None, True),
]


@pytest.mark.parametrize(("kr", "metric", "target", "activity"), CASES)
def test_the_share_reached_is_the_result(kr, metric, target, activity):
    reading = read_key_result(kr, year=2026)
    assert (reading.target, reading.is_activity) == (target, activity)
    if metric:
        assert reading.metric == metric
    rules = {f.rule for f in lint(f"O: 人才\n- {kr}\n- 缺陷数降低到5个")}
    assert ("OKR-A01" in rules) == activity, rules
