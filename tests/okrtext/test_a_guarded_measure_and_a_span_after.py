"""h10q (issue 10 §3–§4, "a key result with two targets takes the first"; direction from the
numbers): two kinds seen first on new real text.

- A second measure kept in a clause of its own (`… while maintaining a 99.1% accuracy rate`,
  `without lowering …`, `…的同时，…`) guards the change; the level the change reaches is the
  target. On main the time reached (`to 2.8 days while …`, `to 1 day while …`, `到3天的同时`)
  was read as the name of the later measure or as a window, and the guarded level (99.1%)
  became the target, kept (`maintain`).
- A comparator after the target that opens a span of its own (`from 61% to 75% within 12
  months`) is a deadline or a window, no upper bound: the change from 61 to 75 is an increase
  (main read `maintain`, a level kept under a bound)."""

from decimal import Decimal

import pytest

from mubiao.okrtext import read_key_result

GUARDED = [
    # (key result, start, target, unit, direction)
    ("Reduce order fulfillment cycle time from 4.2 days to 2.8 days while maintaining a 99.1% "
     "accuracy rate.", 4.2, 2.8, "days", "decrease"),
    ("Cut ticket resolution time from 3 days to 1 day while keeping CSAT above 90%", 3, 1, "day",
     "decrease"),
    ("Reduce onboarding time from 14 days to 7 days without lowering the 95% completion rate",
     14, 7, "days", "decrease"),
    ("Shorten the release cycle from 6 weeks to 2 weeks whilst holding 99% uptime", 6, 2,
     "weeks", "decrease"),
    ("Grow weekly demos from 20 to 35 while keeping no-shows under 10%", 20, 35, None,
     "increase"),
    ("交付周期从5天缩短到3天的同时，准确率保持在99%", 5, 3, "天", "decrease"),
    ("将交付周期从5天缩短到3天，同时保持准确率99%以上", 5, 3, "天", "decrease"),
    ("平均处理时长从8分钟降到5分钟的同时，满意度不低于95%", 8, 5, "分钟", "decrease"),
]  # fmt: skip


@pytest.mark.parametrize(("kr", "start", "target", "unit", "direction"), GUARDED)
def test_the_change_is_the_target_and_the_guard_stays_out(kr, start, target, unit, direction):
    reading = read_key_result(kr, year=2026)
    assert (reading.start, reading.target, reading.unit, reading.direction) == (
        Decimal(str(start)),
        Decimal(str(target)),
        unit,
        direction,
    )


SPANS_AFTER = [
    # (key result, direction, deadline)
    ("Raise First Contact Resolution (FCR) from 61% to 75% within 12 months", "increase",
     "within 12 months"),
    ("Increase NPS from 30 to 45 within 6 months", "increase", "within 6 months"),
    ("Lift activation from 30% to 40% within two quarters", "increase", None),
    ("Cut churn from 5% to 3% within a year", "decrease", None),
    ("首次解决率从61%提升到75%，12个月内完成", "increase", "12个月内"),
]  # fmt: skip


@pytest.mark.parametrize(("kr", "direction", "deadline"), SPANS_AFTER)
def test_a_span_after_the_target_is_no_bound(kr, direction, deadline):
    reading = read_key_result(kr, year=2026)
    assert reading.direction == direction
    if deadline:  # spans in words ("within a year") are no deadline yet: not this kind
        assert reading.deadline == deadline


BOUNDS_AFTER = [
    # A comparator after the target with no span of its own is still its bound.
    ("Keep churn at 2% or below (currently 1.5%)", "maintain"),
    ("Keep uptime at 99.9% or above (currently 99.95%)", "maintain"),
    ("留存率不低于 40%（当前值 45%）", "maintain"),
    ("Response time 2 hours max", "decrease"),
    ("50单以下的退货", "decrease"),
]


@pytest.mark.parametrize(("kr", "direction"), BOUNDS_AFTER)
def test_a_bound_after_the_target_still_counts(kr, direction):
    assert read_key_result(kr, year=2026).direction == direction
