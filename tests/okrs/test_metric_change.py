"""Changing how a key result is measured never re-reads a value in other terms (issue 9): 50
people re-read as done / not done would be done, as a milestone half-way, 140 万元 re-read in 元
would be 140 元. Between units of one family every value (start, target, current, each
check-in's) is converted; check-ins the new terms cannot read refuse the change; an unmeasured
key result starts at the new type's start."""

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
    # Money is counted in a currency: a percent key result's % cannot stay (h9y).
    "currency": {"start_value": 0, "target_value": 500, "unit": "元"},
    "boolean": {},
    "milestone": {},
}


@pytest.mark.parametrize(
    ("old", "new", "measured", "checked_in", "expected"),
    [
        ("number", "number", True, True, "keep"),
        ("number", "boolean", False, False, "restart"),
        ("number", "boolean", True, False, "ask"),
        ("number", "boolean", True, True, "refuse"),
        ("milestone", "percent", True, True, "refuse"),
        ("percent", "milestone", True, True, "refuse"),
        ("boolean", "number", False, False, "restate"),  # 0 → 1 is no count
        ("number", "currency", True, True, "keep"),  # both counted in the same unit
        # A number without a unit is no share: 0 → 140 is not 0 → 140 %.
        ("number", "percent", True, True, "refuse"),
        ("number", "percent", False, False, "restate"),
        ("percent", "number", False, False, "restate"),
        ("milestone", "number", False, False, "restate"),
        ("number", "milestone", False, False, "restart"),  # a milestone's range is its own
    ],
)
def test_the_rule(old, new, measured, checked_in, expected):
    assert rules.on_metric_change(
        old_type=old, new_type=new, measured=measured, checked_in=checked_in
    ) == expected  # fmt: skip


@pytest.mark.parametrize(
    ("metric_type", "old_unit", "new_unit", "measured", "expected"),
    [
        ("number", "人", "千人", True, "convert"),
        ("number", "人", "千人", False, "convert"),  # measured or not: 0 → 1,000 人 is 0 → 1 千人
        ("number", "人", "分钟", False, "restate"),
        ("currency", "元", "万元", True, "convert"),
        ("number", "人", "分钟", True, "refuse"),
        ("number", "", "人", True, "keep"),  # a unit given to values that had none
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
        old_type=metric_type, new_type=metric_type, measured=measured, checked_in=measured,
        old_unit=old_unit, new_unit=new_unit,
    ) == expected  # fmt: skip


def test_a_count_given_a_unit_of_its_family_is_converted(world):
    """280 人 re-read as 280 千人 would be 280,000 people: it is 0.28 千人, and so is the
    history."""
    kr = _kr(world, unit="人", target_value=1000)
    services.check_in(world.alice, kr, value="280人")
    kr = services.update_key_result(world.alice, kr, unit="千人")
    assert (kr.unit, kr.target_value, kr.current_value) == ("千人", 1, Decimal("0.28"))
    assert kr.progress == Decimal("0.28")
    assert [c.value for c in kr.check_ins.all()] == [Decimal("0.28")]


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
    assert "has check-ins measured as Number" in error.value.message_dict["metric_type"][0]
    kr.refresh_from_db()
    assert (kr.metric_type, kr.current_value, kr.progress, kr.status, kr.version) == before


def test_the_current_value_given_with_the_change_is_read_in_the_new_type(world):
    """Measured before check-ins were kept (a current value, no history): the change needs it."""
    kr = _kr(world)
    KeyResult.objects.filter(pk=kr.pk).update(current_value=50)
    with pytest.raises(ValidationError) as error:
        services.update_key_result(world.alice, kr, metric_type="boolean")
    assert "Enter its current value" in error.value.message_dict["current_value"][0]
    kr = services.update_key_result(world.alice, kr, metric_type="boolean",
                                    current_value="未完成")  # fmt: skip
    assert (kr.current_value, kr.progress) == (0, 0)
    assert kr.check_ins.order_by("-created_at").first().value == 0


def test_check_ins_in_another_type_refuse_the_change_even_with_a_current_value(world):
    """The instance (probe 2): 45 % and 4.5 % checked in, then done / not done with 完成 — every
    earlier check-in read 已完成. Each keeps what it meant: the change is refused."""
    kr = _kr(world, "percent", start_value=40, target_value=60)
    services.check_in(world.alice, kr, value="45")
    with pytest.raises(ValidationError) as error:
        services.update_key_result(world.alice, kr, metric_type="boolean", current_value="完成")
    assert "Percent" in error.value.message_dict["metric_type"][0]
    kr.refresh_from_db()
    assert (kr.metric_type, kr.current_value) == ("percent", 45)


def test_a_value_that_does_not_fit_the_new_type_is_refused(world):
    kr = _kr(world)
    KeyResult.objects.filter(pk=kr.pk).update(current_value=50)
    with pytest.raises(ValidationError) as error:
        services.update_key_result(world.alice, kr, metric_type="boolean", current_value=50)
    assert "done or not done" in error.value.message_dict["current_value"][0]


@pytest.mark.parametrize(("old", "new"), list(itertools.permutations(TYPES, 2)))
def test_every_change_of_type(world, old, new):
    """The kind, for every pair of types: a checked-in key result whose check-ins the new type
    cannot read keeps its type and numbers (those it can read, a number made an amount, keep
    their history as it was); an unmeasured one starts at its new start, with no check-in."""
    kr = _kr(world, old)
    unmeasured = services.update_key_result(world.alice, kr, metric_type=new, **RANGE[new])
    assert unmeasured.progress == 0
    assert unmeasured.current_value == unmeasured.start_value
    assert not unmeasured.check_ins.exists()
    kr = services.update_key_result(world.alice, unmeasured, metric_type=old, **RANGE[old])
    services.check_in(world.alice, kr, value="1")
    kr.refresh_from_db()
    before = (kr.current_value, kr.progress, kr.status)
    # A percent key result's unit (%) stays with it: made a number, it counts in %.
    if rules.values_factor(old_type=old, new_type=new, old_unit=kr.unit, new_unit=kr.unit) == 1:
        kr = services.update_key_result(world.alice, kr, metric_type=new, **RANGE[new])
        assert kr.metric_type == new
        assert [c.value for c in kr.check_ins.all()] == [1]
        return
    with pytest.raises(ValidationError) as error:
        services.update_key_result(world.alice, kr, metric_type=new, **RANGE[new])
    assert "metric_type" in error.value.message_dict
    kr.refresh_from_db()
    assert (kr.metric_type, kr.current_value, kr.progress, kr.status) == (old, *before)
