"""h10q (issue 10 §3–§4): what stands right beside the number says how to read it, in both
languages, and none of it is the measure.

- A bound between the verb and the number (`Achieve less than 1% error rate`, `Reach under 3%
  churn`, `Achieve at least 95% uptime`) goes with the number; the measure is named after it
  (main: metric `less than`).
- A change noun beside a percentage (`an 80% reduction in incident response time`, `a sprint
  velocity increase of 10%`) makes it a change by that much, in the noun's direction, of what
  it names (main: metric `reduction`, `sprint velocity increase`; absolute, `maintain`).
- A sign before a percentage (`+20% new tenants`, `新客户数+30%`) is a change by it (main:
  absolute, metric `新客户数+`).
- A cause after the measure (`rollback rate due to failed builds`) is no part of it."""

import pytest

from mubiao.okrtext import read_key_result
from tests.okrtext.real_corpus import same

CASES = [
    # (key result, metric, target, target_type, direction)
    ("Achieve less than 1% error rate in user logins", "error rate", 1, "absolute", "decrease"),
    ("Achieve a less than 2% rollback rate due to failed builds", "rollback rate", 2, "absolute",
     "decrease"),
    ("Reach under 3% monthly churn", "monthly churn", 3, "absolute", "decrease"),
    ("Achieve at least 95% uptime on the public API", "uptime", 95, "absolute", "increase"),
    ("Hit fewer than 2% failed payments because of card errors", "failed payments", 2,
     "absolute", "decrease"),
    ("Achieve an 80% reduction in incident response time by adopting ChatOps",
     "incident response time", 80, "relative", "decrease"),
    ("Deliver a 30% reduction in support tickets", "support tickets", 30, "relative",
     "decrease"),
    ("Drive a 25% increase in qualified demos", "qualified demos", 25, "relative", "increase"),
    ("Maintain a sprint velocity increase of 10% each week", "sprint velocity", 10, "relative",
     "increase"),
    ("Sustain a revenue growth of 5% month over month", "revenue", 5, "relative", "increase"),
    ("Show a cost reduction of 12% against plan", "cost", 12, "relative", "decrease"),
    ("+20% new tenants", "new tenants", 20, "relative", "increase"),
    ("Grow revenue +15% QoQ", "revenue", 15, "relative", "increase"),
    ("新客户数+30%", "新客户数", 30, "relative", "increase"),
    ("付费用户 +25%", "付费用户", 25, "relative", "increase"),
]  # fmt: skip


@pytest.mark.parametrize(("kr", "metric", "target", "target_type", "direction"), CASES)
def test_read_beside_the_number(kr, metric, target, target_type, direction):
    reading = read_key_result(kr, year=2026)
    assert same("metric", reading.metric, (metric,)), reading.metric
    assert (reading.target, reading.target_type, reading.direction) == (
        target,
        target_type,
        direction,
    )


UNCHANGED = [
    # A plus after the number says "or more"; a share of a noun stays a level.
    ("50%+ activation rate", "activation rate", 50, "absolute"),
    ("Get 100+ five-star reviews", "five-star reviews", 100, "absolute"),
    ("Increase activation rate to 40%", "activation rate", 40, "absolute"),
    ("Grow sign-ups by 20%", "sign-ups", 20, "relative"),
]


@pytest.mark.parametrize(("kr", "metric", "target", "target_type"), UNCHANGED)
def test_what_was_right_stays(kr, metric, target, target_type):
    reading = read_key_result(kr, year=2026)
    assert same("metric", reading.metric, (metric,)), reading.metric
    assert (reading.target, reading.target_type) == (target, target_type)
