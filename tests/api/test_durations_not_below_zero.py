"""Issue 9 (a fresh tester at stop 31): `-2` checked in on a key result cut from 10 to 3 分钟
was stored (171 % done), as were a target of -3 秒 sent to the API and `降到 -5 分钟` in pasted
text. A time taken is no level below zero: every route refuses it naming the value, in the
person's language (okrs.numbers.read_value, code negative_duration), and stores nothing; a
count, money or a bare number below zero is still a level (a net loss, a deficit)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs

pytestmark = pytest.mark.django_db

SAID = {"en": "cannot be below zero", "zh-hans": "不能小于零"}


@pytest.fixture
def minutes(world):
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Answer faster",
        key_results=[{"title": "Cut the reply time", "start_value": 10, "target_value": 3,
                      "unit": "分钟", "direction": "decrease"}],
    )  # fmt: skip
    return objective.key_results.get()


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("typed", ["-2", "−2", "-10分钟", "-30 秒"])
def test_a_check_in_below_zero_on_a_duration_is_refused(world, minutes, typed, lang):
    with translation.override(lang), pytest.raises(ValidationError) as refused:
        services.check_in(world.alice, minutes, value=typed)
    assert SAID[lang] in refused.value.message_dict["value"][0]
    assert not CheckIn.objects.filter(key_result=minutes).exists()


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize(
    ("field", "body"),
    [
        ("target_value", {"start_value": 10, "target_value": -3, "unit": "秒"}),
        ("start_value", {"start_value": -10, "target_value": 3, "unit": "分钟"}),
        ("target_value", {"start_value": "10", "target_value": "-3", "unit": "hours"}),
    ],
)
def test_an_api_key_result_below_zero_in_time_is_refused(world, api, minutes, field, body, lang):
    client = api(world.alice)
    before = KeyResult.objects.count()
    response = client.post(
        "/key-results",
        {"objective_id": minutes.objective_id, "title": "Recover faster", **body},
        **{"Accept-Language": lang},
    )
    assert response.status_code == 422, response.content
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert SAID[lang] in errors[field], errors
    assert KeyResult.objects.count() == before


def test_an_api_check_in_below_zero_on_a_duration_is_refused(world, api, minutes):
    response = api(world.alice).post(f"/key-results/{minutes.pk}/check-ins", {"value": -2})
    assert response.status_code == 422, response.content
    assert not CheckIn.objects.filter(key_result=minutes).exists()


def test_pasted_text_below_zero_in_time_is_refused(world):
    text = "O1: 提升稳定性\n- 故障恢复时间从 30 分钟降到 -5 分钟\n"
    with pytest.raises(ImportFailed):
        import_okrs(world.admin, file_name="okrs.md", data=text.encode(), cycle=world.cycle)
    assert not KeyResult.objects.filter(title__contains="故障").exists()


@pytest.mark.parametrize(("unit", "typed"), [("人", "-5"), ("元", "-500"), ("", "-5")])
def test_other_levels_below_zero_are_stored(world, unit, typed):
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Net figures",
        key_results=[{"title": "Net new", "start_value": 0, "target_value": 300, "unit": unit}],
    )  # fmt: skip
    kr = objective.key_results.get()
    services.check_in(world.alice, kr, value=typed)
    kr.refresh_from_db()
    assert kr.current_value == Decimal(typed)
