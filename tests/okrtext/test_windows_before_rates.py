"""A time window before a rate (`48小时响应率`, `7日留存率`, `次日留存率`, `within 24 hours`)
belongs to the measure: the rate is the target, never the window's number (issue 10, F3)."""

from decimal import Decimal as D

import pytest

from mubiao.okrtext import read_key_result

CASES = [
    # (key result, metric, target, unit)
    ("48小时响应率达到95%", "48小时响应率", D(95), "%"),
    ("7日留存率提升到40%", "7日留存率", D(40), "%"),
    ("次日留存率 35%", "次日留存率", D(35), "%"),
    ("first-contact resolution within 24 hours at 90%", "first-contact resolution", D(90), "%"),
    ("Raise 30-day retention to 40%", "retention", D(40), "%"),
    # No verb between the rate and its value: the span right before the rate is still its window.
    ("24小时解决率100%", "24小时解决率", D(100), "%"),
    ("7天留存率40%", "7天留存率", D(40), "%"),
    ("48小时回复率 95%", "48小时回复率", D(95), "%"),
    ("三天复购率 20%", "三天复购率", D(20), "%"),
]


@pytest.mark.parametrize(("text", "metric", "target", "unit"), CASES)
def test_the_rate_after_a_window_is_the_target(text, metric, target, unit):
    reading = read_key_result(text, year=2026)
    assert (reading.metric, reading.target, reading.unit) == (metric, target, unit)
    assert (reading.direction, reading.deadline) == ("increase", None)
