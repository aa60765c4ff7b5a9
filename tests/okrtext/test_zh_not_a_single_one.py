"""h10s (issue 10 §3, §5): 一 after a negated existence (`没有一笔`, `沒有一起`, `无一例`) says "not
a single one": no target of 1 and no work (main: `没有一笔付款被重复支付` target 1 笔, an activity
flagged OKR-A01). As h10r's `没有一个P0故障…`, the line states a checkable result, the things there
are none of are its metric, and a period or a time opening it (`全年`, `上线后`) hides nothing."""

import pytest

from mubiao.okrtext import lint, read_key_result
from tests.okrtext.real_corpus import same

CASES = [
    # (key result, metric)
    ("没有一笔退款被重复发放", "退款"),
    ("沒有一筆訂單被重複發貨", "訂單"),
    ("全年没有一笔呆账", "呆账"),
    ("没有一起安全事故", "安全事故"),
    ("版本发布后没有一次P1故障", "P1故障"),
    ("本季度没有一单订单被错发", "订单"),
]


@pytest.mark.parametrize(("kr", "metric"), CASES)
def test_not_a_single_one_is_no_count(kr, metric):
    reading = read_key_result(kr, year=2026)
    assert same("metric", reading.metric, (metric,)), reading.metric
    assert (reading.target, reading.unit, reading.direction, reading.is_activity) == (
        None,
        None,
        "milestone",
        False,
    )
    rules = {finding.rule for finding in lint(f"O: 交付质量\n- {kr}\n- 缺陷数降低到5个")}
    assert not rules & {"OKR-M01", "OKR-A01"}, rules


@pytest.mark.parametrize(
    ("kr", "target"), [("完成一次全员培训", 1), ("每月至少一次客户回访", 1), ("新增一家门店", 1)]
)
def test_one_counted_without_a_negation_stays_a_count(kr, target):
    assert read_key_result(kr, year=2026).target == target
