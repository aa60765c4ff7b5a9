"""Issue 10 §3-4: every Chinese comparator read whole, on every side it is written.

Found testing probe 10's kinds: `课程评分不低于 4.5` had no target (`于 4.5` read as a date,
"on 4/5"), `满意度评分不低于 4.5 分` kept `不低` in its metric, `延迟不高于 100ms` kept `不`, and
`不小于` / `不大于` / `不多于` were read as their opposites (`小于`, `大于`)."""

import pytest

from mubiao.okrtext import read_key_result

# (text, target, metric, direction, bound)
CASES = [
    ("课程评分不低于 4.5", 4.5, "课程评分", "increase", "at_least"),
    ("满意度评分不低于 4.5 分", 4.5, "满意度评分", "increase", "at_least"),
    ("毛利率不低于 4.5%", 4.5, "毛利率", "increase", "at_least"),
    ("转化率不小于 5%", 5, "转化率", "increase", "at_least"),
    ("新增客户不少于 30 家", 30, "新增客户", "increase", "at_least"),
    ("转化率高于 4.5%", 4.5, "转化率", "increase", "at_least"),
    ("延迟不高于 100ms", 100, "延迟", "decrease", "at_most"),
    ("延迟不大于 100ms", 100, "延迟", "decrease", "at_most"),
    ("客诉不多于 5 单", 5, "客诉", "decrease", "at_most"),
    ("故障时长不超过 2 小时", 2, "故障时长", "decrease", "at_most"),
    ("响应时间小于 200ms", 200, "响应时间", "decrease", "at_most"),
]


@pytest.mark.parametrize(("text", "target", "metric", "direction", "bound"), CASES)
def test_a_comparator_is_read_whole(text, target, metric, direction, bound):
    reading = read_key_result(text)
    assert (reading.target, reading.metric, reading.direction, reading.bound) == (
        pytest.approx(target),
        metric,
        direction,
        bound,
    )
    assert reading.deadline is None


@pytest.mark.parametrize("text", ["于 4.5 完成上线", "截至 4.5 完成上线", "早于 4.5 完成上线"])
def test_a_date_after_its_own_word_is_still_a_deadline(text):
    assert read_key_result(text).deadline is not None
