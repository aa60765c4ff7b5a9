"""Issue 10 §6 (docs/okrtext-metric.md: "a share or an amount is of what follows"): in Chinese a
percentage goes before its noun without 的 as well — `塞满90%观众席` is a share of 观众席, as
`10%的重点客户` is of 重点客户. Found in the dev split (`每場賽事至少塞滿90%觀眾席` read
賽事至少塞滿, the verb and what came before it); a percentage with no noun after it (`满意度达到
90% 以上`, `提升至 50%`) keeps the phrase before it."""

import pytest

from mubiao.okrtext import read_key_result

CASES = [
    ("每場賽事至少塞滿90%觀眾席", "觀眾席"),
    ("覆盖30%核心岗位", "核心岗位"),
    ("完成 100% 员工培训", "员工培训"),
    ("90% 订单当日发货", "订单当日发货"),
    ("10%的重点客户进行访谈", "重点客户"),
    ("客户满意度达到 90% 以上", "客户满意度"),
    ("NPS 提升至 50%", "NPS"),
    ("毛利率提升到 35%，降低成本", "毛利率"),
]


@pytest.mark.parametrize(("text", "metric"), CASES)
def test_a_share_is_of_the_noun_after_it(text, metric):
    assert read_key_result(text).metric == metric
