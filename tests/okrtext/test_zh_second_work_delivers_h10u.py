"""h10u (issue 10 §5): two pieces of work in one Chinese key result, the second joined by 并 /
并且 or after a comma and opening with a verb of delivery (`完成需求评审并上线新版首页`, `梳理…，
完成潜在合作对象清单`): the first is a step, the key result checks what the second delivers, so the
metric is the second verb's object (the dev corpus's `梳理国内高校、研究所等机构，完成潜在合作
对象清单` is annotated so). Verbs joined directly (`制定并执行招聘计划`) still share one object
(test_zh_joined_verbs.py), and a number keeps its own measure.
"""

import pytest

from mubiao.okrtext import read_key_result
from tests.okrtext.real_corpus import assert_work_delivering, same

CASES = [
    # (key result, metric)
    ("完成需求评审并上线新版首页", "新版首页"),
    ("梳理现有供应商，完成供应商分级清单", "供应商分级清单"),
    ("调研竞品定价策略，输出定价方案", "定价方案"),
    ("收集一线销售反馈并形成产品改进建议", "产品改进建议"),
    ("檢視現有課程，並且發布新版課程地圖", "新版課程地圖"),
]


@pytest.mark.parametrize(("kr", "metric"), CASES)
def test_the_second_work_is_what_is_delivered(kr, metric):
    assert_work_delivering(kr, metric)


KEPT = [
    ("制定并执行招聘计划", "招聘计划"),
    ("梳理并更新产品文档", "产品文档"),
]


@pytest.mark.parametrize(("kr", "metric"), KEPT)
def test_joined_verbs_still_share_the_object(kr, metric):
    assert same("metric", read_key_result(kr, year=2026).metric, (metric,))
