"""Issue 9 (h9w): a unit was stored as typed — `人 `, ` 人` and `人` + a zero-width character
(U+200B, U+200C, U+200D, U+2060, U+FEFF) were four units, and a value typed in 人 was refused
on three of them. A unit is cleaned at one place (numbers.clean_unit) on every path."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.web.test_date_fields import BrowserForm

TYPED = ["人 ", " 人", "\u3000人\t", "人\u200b", "\ufeff人", "人\u200c", "\u200d人", "人\u2060"]


def _service(world, client_for, unit):
    objective = make_objective(world.alice, world.cycle)
    return services.create_key_result(world.alice, objective, title="k", metric_type="number",
                                      unit=unit, start_value=0, target_value="280人")  # fmt: skip


def _api(world, client_for, unit):
    objective = make_objective(world.alice, world.cycle)
    body = {"objective_id": objective.pk, "title": "k", "metric_type": "number", "unit": unit,
            "start_value": 0, "target_value": "280人"}  # fmt: skip
    response = Api(world.alice).post("/key-results", body)
    assert response.status_code == 201, response.content
    return KeyResult.objects.get(pk=response.json()["id"])


def _api_patch(world, client_for, unit):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    body = {"metric_type": "number", "unit": unit, "start_value": 0, "target_value": "280人"}
    response = Api(world.alice).patch(f"/key-results/{kr.pk}", body)
    assert response.status_code == 200, response.content
    return KeyResult.objects.get(pk=kr.pk)


def _web_form(world, client_for, unit):
    objective = make_objective(world.alice, world.cycle)
    client = client_for(world.alice)
    form = BrowserForm()
    form.feed(client.get(reverse("objective_edit", args=[objective.pk])).content.decode())
    typed = {"kr-0-metric_type": "number", "kr-0-start_value": "0", "kr-0-unit": unit,
             "kr-0-target_value": "280人", "kr-0-current_value": "0"}  # fmt: skip
    answer = client.post(reverse("objective_edit", args=[objective.pk]), {**form.data, **typed})
    assert answer.status_code == 302, answer.content.decode()[:3000]
    return objective.key_results.get()


def _csv(world, client_for, unit):
    rows = ["objective,key result,start,target,unit", f'o,k,0,280人,"{unit}"']
    data = "\n".join(rows).encode()
    result = import_okrs(world.alice, file_name="okrs.csv", data=data, cycle=world.cycle)
    return result.created[0].key_results.get()


@pytest.mark.django_db
@pytest.mark.parametrize("unit", TYPED, ids=ascii)
@pytest.mark.parametrize("path", [_service, _api, _api_patch, _web_form, _csv],
                         ids=lambda path: path.__name__.strip("_"))  # fmt: skip
def test_a_unit_is_stored_without_whitespace_or_zero_width_characters(
    world, client_for, path, unit
):
    kr = path(world, client_for, unit)
    assert (kr.unit, kr.target_value) == ("人", Decimal(280))
    services.check_in(world.alice, kr, value="300人")  # refused on `人\u200b` ("wrong unit")
    kr.refresh_from_db()
    assert kr.current_value == Decimal(300)
