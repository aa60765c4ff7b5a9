"""Issue 9 (h9o): the key result form takes the unit from the values when none is entered, by
the rule the API and imports use (tests/api/test_unit_from_values.py), or refuses naming both
values, beside the field."""

from decimal import Decimal

import pytest

from mubiao.web.forms import KeyResultForm


def _form(world, start, target):
    return KeyResultForm(
        data={"title": "营收", "metric_type": "number", "direction": "increase",
              "start_value": start, "target_value": target, "unit": "", "weight": "1",
              "progress_source": "manual"},
        actor=world.alice,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("start", "target", "unit", "stored"),
    [("0", "¥5,000", "¥", 5000), ("0", "280人", "人", 280), ("0", "5000", "", 5000)],
)
def test_the_unit_is_taken_from_the_values(world, start, target, unit, stored):
    form = _form(world, start, target)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["unit"], form.cleaned_data["target_value"]) == (unit, Decimal(stored))


def test_values_in_two_units_are_refused_naming_both(world):
    form = _form(world, "¥1,000", "80人")
    assert not form.is_valid()
    said = " ".join(form.errors["target_value"])
    assert "¥1,000" in said and "80人" in said
