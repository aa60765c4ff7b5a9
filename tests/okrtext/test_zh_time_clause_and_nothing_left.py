"""h10r (issue 10 §5): a clause that opens the line and says when the rest holds (`在冲刺开始后，`,
`版本上线之后，`, `入职第一周结束时，`) is no deliverable and its verbs are no work; a negated
existence after it (`没有新的故事被带入冲刺中`) states a checkable result, and the things there
are none of are what is measured (main: metric `在冲刺开始后`, work, OKR-A01 and OKR-M01)."""

import pytest

from mubiao.okrtext import lint, read_key_result
from tests.okrtext.real_corpus import same

CASES = [
    # (key result, metric, is_activity)
    ("在冲刺开始后，没有新的故事被带入冲刺中", "新的故事", False),
    ("上线之后，没有一个P0故障被用户发现", "P0故障", False),
    ("没有任何付款被重复提交", "付款", False),
    ("需求评审结束后，没有一个需求被退回", "需求", False),
    ("每次发版时，没有任何回滚发生", "回滚", False),
    ("季度结束时，沒有一個客戶投訴仍未處理", "客戶投訴", False),
    ("新人入职后，制定岗位培训计划", "岗位培训计划", True),
    ("After launch, the docs site is published", "docs site", False),
]


@pytest.mark.parametrize(("kr", "metric", "activity"), CASES)
def test_what_holds_after_the_time_clause(kr, metric, activity):
    reading = read_key_result(kr, year=2026)
    assert same("metric", reading.metric, (metric,)), reading.metric
    assert (reading.target, reading.direction, reading.is_activity) == (
        None,
        "milestone",
        activity,
    )


@pytest.mark.parametrize("kr", [kr for kr, _, activity in CASES if not activity and "没有" in kr])
def test_nothing_left_is_checkable(kr):
    rules = {finding.rule for finding in lint(f"O: 交付质量\n- {kr}\n- 缺陷数降低到5个")}
    assert not rules & {"OKR-M01", "OKR-A01"}, rules


def test_wu_in_a_word_is_no_negation():
    assert read_key_result("推行无纸化办公", year=2026).is_activity
