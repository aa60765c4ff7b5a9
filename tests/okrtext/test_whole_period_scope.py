"""`全年` / `全季度` / `全月` before a Chinese measure says over how long it is counted, as `每天`
does, not what is measured: `全年营收增长30%` measures 营收 (the real corpus' annotation). A
period that names the measure (`季度复购率`, quarterly) stays in it. Issue 10, dev misses
`全年营收增长30%` and `核心业务系统全年可用率不低于99.9%`."""

import pytest

from mubiao.okrtext import read_key_result

CASES = [
    # (key result, metric)
    ("全年净利润增长15%", "净利润"),
    ("全年销售额突破2亿元", "销售额"),
    ("华东区全年回款率达到95%", "华东区回款率"),
    ("全季度客诉率降低到1%以下", "客诉率"),
    ("支付网关全年可用率不低于99.95%", "支付网关可用率"),
    ("全年度新签客户数达到120家", "新签客户数"),
    # The period is the measure's own name here.
    ("季度复购率提升10%", "季度复购率"),
    ("年度经常性收入达到800万元", "年度经常性收入"),
]


@pytest.mark.parametrize(("text", "metric"), CASES)
def test_a_whole_period_is_no_part_of_the_measure(text, metric):
    assert read_key_result(text, year=2026).metric == metric
