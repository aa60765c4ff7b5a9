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


@pytest.mark.parametrize(
    ("typed", "unit", "said"),
    [
        ("2 hours", "days", "“2 hours” is 0.083333… days, more decimal places than a value keeps "
         "(4): enter the value in days, for example 0.0833."),
        ("1 小时", "周", "“1 小时” is 0.005952… 周"),
        ("1 s", "hours", "for example 0.0003."),
        # A magnitude into the unit's: exact values shown without "…", rounded half up.
        # (`12345k`, a magnitude below the unit's typed without 元, is asked: h9w.)
        ("12345000元", "亿元", "“12345000元” is 0.12345 亿元, more decimal places than a value "
         "keeps (4): enter the value in 亿元, for example 0.1235."),
    ],
)  # fmt: skip
def test_a_value_not_exact_in_the_key_results_unit_names_both(typed, unit, said):
    """`2 hours` on a key result counted in days was told “enter at most 4 decimal places”
    (the person typed none); rounding it would store what nobody typed."""
    with pytest.raises(ValidationError) as refused:
        number_input.read_value(typed, "current_value", metric_type="number", unit=unit)
    assert said in refused.value.message_dict["current_value"][0]


def test_the_same_in_chinese():
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        number_input.read_value("2 小时", "current_value", metric_type="number", unit="天")
    said = refused.value.message_dict["current_value"][0]
    assert (
        said == "“2 小时”是 0.083333…天，小数位超过可保存的 4 位：请以天为单位填写，例如 0.0833。"
    )
