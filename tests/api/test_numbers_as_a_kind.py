"""p9 findings 3, 7, 8, 9 on the API: magnitudes in a key result's scaled unit (万元, 亿元),
superscripts refused, true / false refused wherever a number is expected, and messages that
say the bound in words and quote numbers as they were sent."""

from decimal import Decimal

import pytest

from mubiao.okrs import services
from tests.api.conftest import field_errors
from tests.conftest import make_objective


@pytest.fixture
def kr(world):
    return make_objective(world.alice, world.cycle).key_results.get()


def _with_unit(world, kr, unit):
    services.update_key_result(world.alice, kr, unit=unit, target_value=100000)
    kr.refresh_from_db()
    return kr


@pytest.mark.parametrize(
    ("unit", "sent", "stored"),
    [
        ("万元", "1亿", 10000),
        ("万元", "1亿元", 10000),
        ("万元", "三百万", 300),
        ("亿元", "5000万元", Decimal("0.5")),
        ("万人", "1亿", 10000),
        ("万元", 300, 300),
    ],
)
def test_a_check_in_converts_magnitudes_into_the_units_scale(world, api, kr, unit, sent, stored):
    kr = _with_unit(world, kr, unit)
    response = api(world.alice).post(f"/key-results/{kr.pk}/check-ins", {"value": sent})
    assert response.status_code == 201, response.content
    kr.refresh_from_db()
    assert kr.current_value == stored


@pytest.mark.parametrize("sent", ["5²", "2³", "²", "½"])
def test_superscripts_are_refused_not_read_as_digits(world, api, kr, sent):
    response = api(world.alice).post(f"/key-results/{kr.pk}/check-ins", {"value": sent})
    assert response.status_code == 422
    assert "superscripts and fractions" in field_errors(response)["value"]
    kr.refresh_from_db()
    assert kr.current_value == 0


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("check-ins", {"value": 5, "confidence": True}, "confidence"),
        ("check-ins", {"value": True}, "value"),
        ("check-ins", {"value": False}, "value"),
        ("patch", {"weight": True}, "weight"),
        ("patch", {"target_value": True}, "target_value"),
        ("patch", {"confidence": False}, "confidence"),
        ("patch", {"owner_id": True}, "owner_id"),
    ],
)
def test_true_or_false_is_refused_where_a_number_is_expected(world, api, kr, path, body, field):
    client = api(world.alice)
    if path == "patch":
        response = client.patch(f"/key-results/{kr.pk}", body)
    else:
        response = client.post(f"/key-results/{kr.pk}/check-ins", body)
    assert response.status_code == 422, response.content
    message = field_errors(response)[field]
    assert "True" not in message and "False" not in message
    kr.refresh_from_db()
    assert (kr.current_value, kr.confidence, kr.weight, kr.version) == (0, None, 1, 1)


def test_a_number_sent_as_json_is_quoted_without_a_trailing_point_zero(world, api, kr):
    response = api(world.alice).post(f"/key-results/{kr.pk}/check-ins", {"value": 1e15})
    message = field_errors(response)["value"]
    # 10¹⁵ is a value (h9b2): refused here for its progress, quoted as the number it is.
    assert "“1,000,000,000,000,000”" in message and ".0" not in message


def test_the_columns_bound_is_said_in_words_and_the_value_sent_quoted(world, api, kr):
    # A JSON number keeps its digits as sent (issue 9, h9p): one beyond the column is refused
    # naming the bound in words, one with more digits than are kept is quoted exactly.
    too_far = api(world.alice).patch(f"/key-results/{kr.pk}", '{"start_value": -1e16}')
    assert "10¹⁵" in field_errors(too_far)["start_value"]
    too_precise = api(world.alice).patch(
        f"/key-results/{kr.pk}", '{"start_value": -999999999999999.9999}'
    )
    message = field_errors(too_precise)["start_value"]
    assert "“-999999999999999.9999”" in message and "15 significant digits" in message, message


def test_too_many_inline_key_results_counts_key_results_not_characters(world, api):
    body = {
        "title": "Many",
        "cycle_id": world.cycle.pk,
        "key_results": [{"title": f"KR {i}"} for i in range(24)],
    }
    response = api(world.alice).post("/objectives", body)
    message = field_errors(response)["key_results"]
    assert "20 key results" in message and "24" in message and "character" not in message
    zh = field_errors(api(world.alice).post("/objectives", body, **{"accept-language": "zh-hans"}))
    assert "关键结果" in zh["key_results"] and "字符" not in zh["key_results"]
