"""Issue 9 (M4): a target typed `+20` on a key result that starts below zero (-5 → +20, a
temperature, a net balance) was stored as 20 by the API and a text import, and refused as "a
change" by the web form and a CSV, which read the target without the start beside it. The one
answer: on a range below zero a plus sign marks the level's side of zero, so `+20` is the level
20 on every path (numbers.signed_scale); on a range that is not, it is still refused as a
change, on every path, with nothing changed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import field_errors, sent_patch
from tests.conftest import make_objective
from tests.transfer.conftest import workbook_bytes
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.postgres

CHANGE = "is a change, not a value"


def _kr(world, start):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    return services.update_key_result(world.alice, kr, metric_type="number", unit="",
                                      start_value=start, target_value=start + 10)  # fmt: skip


def _api_patch(world, client_for, api, start, typed):
    kr = _kr(world, start)
    if refusal := sent_patch(api(world.alice), kr, "target_value", typed):
        return refusal
    kr.refresh_from_db()
    return kr.target_value


def _api_create(world, client_for, api, start, typed):
    objective = make_objective(world.alice, world.cycle)
    response = api(world.alice).post("/key-results", {
        "objective_id": objective.pk, "title": "Temperature", "metric_type": "number",
        "start_value": str(start), "target_value": typed})  # fmt: skip
    if response.status_code == 422:
        return field_errors(response)["target_value"]
    assert response.status_code == 201, response.content[:300]
    return KeyResult.objects.get(pk=response.json()["id"]).target_value


def _web_edit(world, client_for, api, start, typed):
    kr = _kr(world, start)
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[kr.objective_id])
    response = client.post(url, {**load(client, url), "kr-0-target_value": typed})
    kr.refresh_from_db()
    if response.status_code != 302:
        assert kr.target_value == start + 10  # nothing changed
        return response.content.decode()
    return kr.target_value


def _imported(world, name, data):
    try:
        result = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle)
    except ImportFailed as error:
        return error.text
    return result.created[0].key_results.get().target_value


HEADER = ["objective", "key result", "metric type", "start", "target"]


def _csv(world, client_for, api, start, typed):
    rows = [HEADER, ["o", "Temperature", "number", str(start), typed]]
    return _imported(world, "okrs.csv", "".join(",".join(r) + "\n" for r in rows).encode())


def _xlsx(world, client_for, api, start, typed):
    rows = [HEADER, ["o", "Temperature", "number", start, typed]]
    return _imported(world, "okrs.xlsx", workbook_bytes({"OKRs": rows}))


def _text(world, client_for, api, start, typed):
    line = f'KR1: Temperature {{metric=number start={start} target="{typed}"}}'
    return _imported(world, "okrs.md", f"O1: o\n{line}\n".encode())


ROUTES = [_api_patch, _api_create, _web_edit, _csv, _xlsx, _text]
# (start, typed target, the level stored, or the words of its refusal)
TYPED = [
    (-5, "+20", Decimal(20)),
    (-5, "20", Decimal(20)),
    (-5, "+ 20", Decimal(20)),
    (5, "+20", CHANGE),  # no side of zero to mark: how much it moved
]


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.__name__.strip("_"))
@pytest.mark.parametrize(("start", "typed", "meant"), TYPED)
def test_a_plus_sign_on_a_range_below_zero_is_one_level_on_every_route(
    world, client_for, api, route, start, typed, meant
):
    answer = route(world, client_for, api, start, typed)
    if isinstance(meant, str):
        assert isinstance(answer, str) and meant in answer, answer
    else:
        assert answer == meant, answer
