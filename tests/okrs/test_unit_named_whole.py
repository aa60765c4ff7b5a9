"""Issue 9: a value typed in another unit is refused naming the whole unit that was typed:
`3,000 paying users` on a key result counted in k users was “in paying”."""

import pytest
from django.core.exceptions import ValidationError

from mubiao.okrs import number_input

CASES = [
    ("k users", "3,000 paying users", "paying users"),
    ("users", "3,000 paying users", "paying users"),
    ("人", "2 hours", "hours"),
    ("元", "50 美元", "美元"),
    ("customers", "12 enterprise logos", "enterprise logos"),
]


@pytest.mark.parametrize(("unit", "typed", "named"), CASES)
def test_a_refusal_names_the_unit_typed_whole(unit, typed, named):
    with pytest.raises(ValidationError) as refused:
        number_input.read_value(typed, "current_value", metric_type="number", unit=unit)
    said = refused.value.message_dict["current_value"][0]
    assert f"is in {named}, but this key result is counted in {unit}." in said, said


def test_a_unit_that_converts_is_still_read():
    assert number_input.read_value("3,000 users", "v", metric_type="number", unit="k users") == 3
