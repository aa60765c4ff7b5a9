"""h9g (issue 9, a third black-box tester): numbers people can trust, messages that tell the
truth. `1,000.` was refused as ambiguous while `280.` read as 280; `280左右` was told 左右 is
not the key result's unit; a confidence of 11 was told "a number from 0 to 10" (7.5 "a whole
number"). (-3 and 0.5 people stay stored: a level below zero or a fraction of a count is an
earlier, tested decision, tests/api/test_durations_not_below_zero.py.) One reader
(okrs.numbers) behind every path, so the table is read there and each kind is checked once more
through a route."""

from decimal import Decimal

import pytest
from django.utils import translation

from mubiao.okrs import number_input, numbers
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective


def _read(typed, unit="", metric_type="number"):
    try:
        return numbers.read_value(typed, metric_type=metric_type, unit=unit)
    except numbers.NumberError as error:
        return error


# A dot closing the digits is read the same with or without a thousands separator.
TRAILING_DOT = [
    ("280.", Decimal(280)),
    ("1,000.", Decimal(1000)),
    ("1 000.", Decimal(1000)),
    ("12,345,678.", Decimal(12345678)),
    ("１，０００．", Decimal(1000)),
    ("1,000.5", Decimal("1000.5")),
]


@pytest.mark.parametrize(("typed", "value"), TRAILING_DOT)
def test_a_dot_closing_the_digits_reads_alike_with_separators(typed, value):
    assert _read(typed) == value
    assert _read(typed, "元") == value


def test_a_comma_that_groups_nothing_is_still_asked_about():
    assert _read("4,5").code == "ambiguous_comma"
    assert _read("1,00.").code == "ambiguous_comma"


APPROXIMATE = ["280左右", "280 左右", "约280", "约 280", "大约280", "差不多 280", "about 280",
               "approx. 280", "approximately 280", "~280", "≈280", "～280", "280上下", "280多",
               "280余", "around 280", "280 or so", "280ish", "大概 280"]  # fmt: skip


@pytest.mark.parametrize("typed", APPROXIMATE)
@pytest.mark.parametrize("unit", ["", "人", "%"])
def test_an_approximate_number_is_refused_asking_for_the_exact_one(typed, unit):
    found = _read(typed, unit, "percent" if unit == "%" else "number")
    assert isinstance(found, numbers.NumberError) and found.code == "approximate", found
    with translation.override("en"):
        said = number_input.message(found)
    assert "exact" in said and "unit" not in said, said
    with translation.override("zh-hans"):
        said = number_input.message(found)
    assert "确切" in said and "单位" not in said, said


@pytest.mark.parametrize(("typed", "unit"), [("-3", ""), ("0.5", ""), ("-3", "元"),
                                             ("1.5", "小时"), ("1.5", "万人")])  # fmt: skip
def test_a_value_that_counts_no_whole_things_may_be_a_fraction_or_below_zero(typed, unit):
    assert _read(typed, unit) == Decimal(typed)


@pytest.mark.parametrize(("typed", "said"), [
    ("7.5", "Confidence “7.5”: enter a whole number from 0 to 10."),
    ("11", "Confidence “11”: enter a whole number from 0 to 10."),
    ("-1", "Confidence “-1”: enter a whole number from 0 to 10."),
    ("abc", "Confidence “abc”: enter a whole number from 0 to 10."),
])  # fmt: skip
def test_a_confidence_refusal_states_the_whole_rule(typed, said):
    try:
        number_input.read(typed, "confidence", whole=True, low=0, high=10)
    except Exception as error:  # ValidationError
        assert error.message_dict["confidence"] == [said]
    else:
        pytest.fail("read")


@pytest.mark.parametrize(("code", "params"), [
    ("not_whole", {"text": "7.5", "whole": True, "low": 0, "high": 10}),
    ("out_of_range", {"text": "11", "whole": True, "low": 0, "high": 10}),
])  # fmt: skip
def test_the_rule_travels_with_the_refusal_in_both_languages(code, params):
    error = numbers.NumberError(code, **params)
    with translation.override("zh-hans"):
        said = number_input.message(error)
    assert "0 到 10 之间的整数" in said, said


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "field", "said"), [
    ("280左右", "value", "exact"),
    ("1,000.", "value", None),
    ("5", "confidence", "whole number from 0 to 10"),
])  # fmt: skip
def test_each_kind_through_the_api(world, value, field, said):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    body = {
        "value": value,
        "confidence": "11" if field == "confidence" else 5,
        "confirm_scale": True,
    }  # 1,000 on 0 → 100 is asked about, and here confirmed
    response = Api(world.alice).post(f"/key-results/{kr.pk}/check-ins", body)
    if said is None:
        assert response.status_code < 300, response.content
        kr.refresh_from_db()
        assert kr.current_value == 1000
    else:
        assert response.status_code == 422
        assert said in field_errors(response)[field]


@pytest.mark.django_db
@pytest.mark.parametrize(("cells", "said"), [
    ("0,280左右,5", "“280左右” is approximate (“左右”): enter the exact number measured."),
    ("0,100,11", "column “confidence”: Confidence “11”: enter a whole number from 0 to 10."),
])  # fmt: skip
def test_each_kind_through_the_import(world, cells, said):
    from mubiao.okrs.transfer import import_okrs
    from mubiao.okrs.transfer.errors import ImportErrors

    rows = ["objective,key result,start,target,confidence", f"O,Sign-ups,{cells}"]
    with pytest.raises(ImportErrors) as refused:
        import_okrs(world.alice, file_name="okrs.csv", data="\n".join(rows).encode(),
                    cycle=world.cycle, dry_run=True)  # fmt: skip
    assert said in str(refused.value)
