"""Issue 10 §3-4: every comparator read whole, in both languages, on every side it is written.

Found testing probe 10's kinds: `课程评分不低于 4.5` had no target (`于 4.5` read as a date,
"on 4/5"), `满意度评分不低于 4.5 分` kept `不低` in its metric, `延迟不高于 100ms` kept `不`, and
`不小于` / `不大于` / `不多于` were read as their opposites (`小于`, `大于`). In English
`Churn no higher than 2%` was a rise, `Uptime no lower than 99.9%` a fall, `higher than`,
`greater than`, `or above` and `max` were no bounds and stayed in the metric. A bare `不低于` on a
level is a floor kept (maintain, at least; issue 10 §4, h10s), not a rise."""

from decimal import Decimal

import pytest

from mubiao.okrtext import read_key_result

# (text, target, metric, direction, bound)
CASES = [
    ("课程评分不低于 4.5", 4.5, "课程评分", "maintain", "at_least"),
    ("满意度评分不低于 4.5 分", 4.5, "满意度评分", "maintain", "at_least"),
    ("毛利率不低于 4.5%", 4.5, "毛利率", "maintain", "at_least"),
    ("转化率不小于 5%", 5, "转化率", "increase", "at_least"),
    ("新增客户不少于 30 家", 30, "新增客户", "increase", "at_least"),
    ("转化率高于 4.5%", 4.5, "转化率", "increase", "at_least"),
    ("延迟不高于 100ms", 100, "延迟", "decrease", "at_most"),
    ("延迟不大于 100ms", 100, "延迟", "decrease", "at_most"),
    ("客诉不多于 5 单", 5, "客诉", "decrease", "at_most"),
    ("故障时长不超过 2 小时", 2, "故障时长", "decrease", "at_most"),
    ("响应时间小于 200ms", 200, "响应时间", "decrease", "at_most"),
    ("Churn no higher than 2%", 2, "Churn", "decrease", "at_most"),
    ("Error rate not greater than 1%", 1, "Error rate", "decrease", "at_most"),
    ("Latency lower than 100ms", 100, "Latency", "decrease", "at_most"),
    ("Latency of 100ms or below", 100, "Latency", "decrease", "at_most"),
    ("Response time of 2 hours max", 2, "Response time", "decrease", "at_most"),
    ("Uptime no lower than 99.9%", 99.9, "Uptime", "increase", "at_least"),
    ("NPS greater than 50", 50, "NPS", "increase", "at_least"),
    ("CSAT of 4.5 or above", 4.5, "CSAT", "increase", "at_least"),
    ("Sign 30 customers or more", 30, "customers", "increase", "at_least"),
]


@pytest.mark.parametrize(("text", "target", "metric", "direction", "bound"), CASES)
def test_a_comparator_is_read_whole(text, target, metric, direction, bound):
    reading = read_key_result(text)
    assert (reading.target, reading.metric, reading.direction, reading.bound) == (
        Decimal(str(target)),
        metric,
        direction,
        bound,
    )
    assert reading.deadline is None


@pytest.mark.parametrize("text", ["于 4.5 完成上线", "截至 4.5 完成上线", "早于 4.5 完成上线"])
def test_a_date_after_its_own_word_is_still_a_deadline(text):
    assert read_key_result(text).deadline is not None
