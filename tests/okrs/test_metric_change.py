"""Changing how a key result is measured never re-reads its current value (issue 9): 50 people
re-read as done / not done would be done, as a milestone half-way. A measured key result needs
its current value given with the change; an unmeasured one starts at the new type's start."""

import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mubiao.okrs import rules, services
from mubiao.okrs.models import KeyResult
from tests.conftest import make_objective

TYPES = list(KeyResult.MetricType.values)
# What each type needs besides its metric type (boolean and milestone fix their own range).
RANGE = {
    "number": {"start_value": 0, "target_value": 200},
    "percent": {"start_value": 0, "target_value": 80},
    "currency": {"start_value": 0, "target_value": 500},
    "boolean": {},
    "milestone": {},
}


@pytest.mark.parametrize(
    ("old", "new", "measured", "expected"),
    [
        ("number", "number", True, "keep"),
        ("number", "boolean", False, "restart"),
        ("number", "boolean", True, "ask"),
        ("milestone", "percent", True, "ask"),
        ("boolean", "number", False, "restart"),
    ],
)
def test_the_rule(old, new, measured, expected):
    assert rules.on_metric_change(old_type=old, new_type=new, measured=measured) == expected


@pytest.mark.parametrize(
    ("metric_type", "old_unit", "new_unit", "measured", "expected"),
    [
        ("number", "人", "千人", True, "ask"),
        ("number", "人", "千人", False, "restart"),
        ("currency", "元", "万元", True, "ask"),
        ("number", "人", " 人 ", True, "keep"),
        ("number", "NPS", "nps", True, "keep"),
        # The same unit as a typed value reads it: width and spaces do not change it.
        ("number", "千人", "千 人", True, "keep"),
        ("number", "ＮＰＳ", "nps", True, "keep"),
        ("percent", "%", "", True, "keep"),  # a percentage has no unit of its own
        ("milestone", "%", "", True, "keep"),
    ],
)
def test_the_rule_for_units(metric_type, old_unit, new_unit, measured, expected):
    assert rules.on_metric_change(
        old_type=metric_type, new_type=metric_type, measured=measured,
        old_unit=old_unit, new_unit=new_unit,
    ) == expected  # fmt: skip


def test_a_measured_count_given_another_unit_is_refused(world):
    """280 人 re-read as 280 千人 would be 280,000 people."""
    kr = _kr(world, unit="人", target_value=1000)
    services.check_in(world.alice, kr, value="280人")
    with pytest.raises(ValidationError) as error:
        services.update_key_result(world.alice, kr, unit="千人", target_value=1)
    assert "“千人”" in error.value.message_dict["current_value"][0]
    kr.refresh_from_db()
    assert (kr.unit, kr.target_value, kr.current_value) == ("人", 1000, 280)
    kr = services.update_key_result(world.alice, kr, unit="千人", target_value=1,
                                    current_value="0.28千人")  # fmt: skip
    assert (kr.current_value, kr.progress) == (Decimal("0.28"), Decimal("0.28"))


def _kr(world, metric_type="number", **fields):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    return services.update_key_result(world.alice, kr, metric_type=metric_type,
                                      **{**RANGE[metric_type], **fields})  # fmt: skip


def test_a_measured_number_turned_done_not_done_is_refused(world):
    """The instance: 50 of 100 people, switched to done / not done, was silently done."""
    kr = _kr(world)
    services.check_in(world.alice, kr, value=50)
    kr.refresh_from_db()
    before = (kr.metric_type, kr.current_value, kr.progress, kr.status, kr.version)
    with pytest.raises(ValidationError) as error:
        services.update_key_result(world.alice, kr, metric_type="boolean")
    assert "Enter its current value" in error.value.message_dict["current_value"][0]
    kr.refresh_from_db()
    assert (kr.metric_type, kr.current_value, kr.progress, kr.status, kr.version) == before


def test_the_current_value_given_with_the_change_is_read_in_the_new_type(world):
    kr = _kr(world)
    services.check_in(world.alice, kr, value=50)
    kr = services.update_key_result(world.alice, kr, metric_type="boolean",
                                    current_value="未完成")  # fmt: skip
    assert (kr.current_value, kr.progress) == (0, 0)
    assert kr.check_ins.order_by("-created_at").first().value == 0
    kr = services.update_key_result(world.alice, kr, metric_type="milestone", current_value="40%")
    assert kr.progress == Decimal("0.4")


def test_a_value_that_does_not_fit_the_new_type_is_refused(world):
    kr = _kr(world)
    services.check_in(world.alice, kr, value=50)
    with pytest.raises(ValidationError) as error:
        services.update_key_result(world.alice, kr, metric_type="boolean", current_value=50)
    assert "done or not done" in error.value.message_dict["current_value"][0]


@pytest.mark.parametrize(("old", "new"), list(itertools.permutations(TYPES, 2)))
def test_every_change_of_type(world, old, new):
    """The kind, for every pair of types: a measured key result keeps its numbers until its
    current value is given; an unmeasured one starts at its new start, with no check-in."""
    kr = _kr(world, old)
    unmeasured = services.update_key_result(world.alice, kr, metric_type=new, **RANGE[new])
    assert unmeasured.progress == 0
    assert unmeasured.current_value == unmeasured.start_value
    assert not unmeasured.check_ins.exists()
    kr = services.update_key_result(world.alice, unmeasured, metric_type=old, **RANGE[old])
    services.check_in(world.alice, kr, value="1")
    kr.refresh_from_db()
    before = (kr.current_value, kr.progress, kr.status)
    with pytest.raises(ValidationError):
        services.update_key_result(world.alice, kr, metric_type=new, **RANGE[new])
    kr.refresh_from_db()
    assert (kr.metric_type, kr.current_value, kr.progress, kr.status) == (old, *before)
