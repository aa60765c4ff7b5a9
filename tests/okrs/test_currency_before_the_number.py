"""Issue 9 (h9s): a currency code before the number (`RMB 5000`, `CNY 5,000`, `USD 120`,
`HK$ 50`) is its unit, as the symbol forms (`¥5000`) and the code after it (`5000 RMB`) are, on
every reader: a typed value (web, API, import cells: okrs.numbers), the unit a key result given
none takes from its values (web, API, import: values_unit), and OKR text (okrtext)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mubiao.okrs import number_input, numbers, services
from mubiao.okrtext import parse
from tests.conftest import make_objective

# (typed, the key result's unit it is read on, the value, the unit it names as written)
TYPED = [
    ("RMB 5000", "元", Decimal(5000), "RMB"),
    ("CNY 5,000", "元", Decimal(5000), "CNY"),
    ("cny5000", "人民币", Decimal(5000), "cny"),
    ("USD 120", "$", Decimal(120), "USD"),
    ("USD 1.5k", "USD", Decimal(1500), "USD"),
    ("HK$ 50", "HKD", Decimal(50), "HK$"),
    ("EUR 9.5", "€", Decimal("9.5"), "EUR"),
]


@pytest.mark.parametrize(("typed", "unit", "value", "named"), TYPED)
def test_a_code_before_the_number_is_read_on_the_key_results_unit(typed, unit, value, named):
    assert numbers.read_value(typed, metric_type="number", unit=unit) == value
    assert numbers.written_unit(typed) == named
    key_result = parse(f"O1: Grow\nKR1: Revenue reaches {typed}").objectives[0].key_results[0]
    assert (key_result.target, key_result.unit) == (value, named)


@pytest.mark.parametrize(
    ("typed", "unit", "code"),
    [
        ("USD 120", "元", "wrong_unit"),
        ("RMB 5000", "USD", "wrong_unit"),
        ("HK$ 50", "$", "wrong_unit"),
        ("USD 120", "人", "not_a_number"),
    ],
)
def test_a_code_of_another_currency_is_refused_naming_it(typed, unit, code):
    with pytest.raises(numbers.NumberError) as refused:
        numbers.read_value(typed, metric_type="number", unit=unit)
    assert refused.value.code == code


def test_a_key_result_given_none_takes_the_unit_before_its_values(world):
    objective = make_objective(world.alice, world.cycle, krs=0)
    kr = services.create_key_result(
        world.alice,
        objective,
        title="Revenue",
        start_value="RMB 1,000",
        target_value="RMB 5,000",
    )
    assert (kr.start_value, kr.target_value, kr.unit) == (Decimal(1000), Decimal(5000), "RMB")
    with pytest.raises(ValidationError) as refused:
        number_input.values_unit({"start_value": "USD 100", "target_value": "80人"})
    assert "USD" in " ".join(refused.value.messages)
