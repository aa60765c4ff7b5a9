"""A relative change ("a 20% increase in X", "X提升20%") is the target even when the measure's
description holds a number of its own (issue 10, probe p10 S3: "Achieve a 20% increase in the
number of users who watch at least one new release per month" stored 0 → 1 "new release")."""

from decimal import Decimal

import pytest

from mubiao.okrtext import read_key_result

# (key result, target, direction)
CASES = [
    ("Achieve a 20% increase in the number of users who watch at least one new release per month",
     20, "increase"),
    ("Deliver a 15% increase in customers who place 2 or more orders a month", 15, "increase"),
    ("Drive a 25 % rise in teams with at least 3 active seats", 25, "increase"),
    ("See a 10% reduction in tickets that need more than 2 replies", 10, "decrease"),
    ("A 30% improvement in accounts using at least five integrations", 30, "increase"),
    ("每月观看至少1部新片的用户数提升20%", 20, "increase"),
    ("连续 7 天登录的用户数增长 15%", 15, "increase"),
    ("购买 2 件以上商品的订单占比提高 10%", 10, "increase"),
    ("每週使用3次以上的活躍用戶數增長 25%", 25, "increase"),
    ("超过 48 小时未回复的工单数减少 30%", 30, "decrease"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "target", "direction"), CASES)
def test_the_relative_change_is_the_target(text, target, direction):
    reading = read_key_result(text)
    assert (
        reading.target,
        reading.target_type,
        reading.unit,
        reading.direction,
        reading.start,
    ) == (
        Decimal(target),
        "relative",
        "%",
        direction,
        None,
    )
