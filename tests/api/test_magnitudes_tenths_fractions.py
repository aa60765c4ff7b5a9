"""Issue 9 (h9x 1–3) on every path a title or a value arrives by: /okrtext/parse, the text
import, a key result created by the API from its title alone, and check-ins on the API and the
key result page. `1.2m` / `1.5bn` are millions / billions (or asked about where the title
speaks of time or length), `3 成` is 30 %, a fraction is asked about: never dropped."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import field_errors, sent_check_in
from tests.conftest import make_objective

M = 10**6
# (title, start, target; None: refused, with a word of the refusal in English)
TITLES = [
    ("Grow users from 1.2m to 2m", Decimal("1.2") * M, 2 * M),
    ("Grow revenue from 1.5bn to 2bn", Decimal("1.5") * 10**9, 2 * 10**9),
    ("从 1 成提升到 3 成", 10, 30),
    ("从 1/3 提升到 1/2", None, "fraction"),
    ("Cut build time from 10m to 5m", None, "millions"),
]


@pytest.mark.parametrize(("title", "start", "target"), TITLES)
def test_parse_and_import_read_the_same(world, api, title, start, target):
    text = f"O1: Grow\nKR1: {title}\n"
    parsed = api(world.alice).post("/okrtext/parse", {"text": text, "lang": "en"}).json()
    kr = parsed["sections"][0]["objectives"][0]["key_results"][0]
    if start is None:
        assert kr["target"] is None
        assert any(target in p["message"] for p in parsed["problems"]), parsed["problems"]
        with pytest.raises(ImportFailed) as refused:
            import_okrs(world.alice, file_name="okrs.txt", data=text.encode(), cycle=world.cycle)
        assert target in refused.value.text
        assert not KeyResult.objects.filter(objective__cycle=world.cycle).exists()
        return
    assert (Decimal(str(kr["start"])), Decimal(str(kr["target"]))) == (start, target)
    import_okrs(world.alice, file_name="okrs.txt", data=text.encode(), cycle=world.cycle)
    stored = KeyResult.objects.get(objective__cycle=world.cycle)
    assert (stored.start_value, stored.target_value) == (start, target)


@pytest.mark.parametrize(("title", "start", "target"), TITLES)
def test_a_key_result_created_from_its_title(world, api, title, start, target):
    objective = make_objective(world.alice, world.cycle, krs=0)
    response = api(world.alice).post("/key-results", {"objective_id": objective.pk, "title": title})
    if start is None:
        assert response.status_code == 422, response.content
        assert target in field_errors(response)["target_value"]
        return
    assert response.status_code == 201, response.content
    stored = KeyResult.objects.get(objective=objective)
    assert (stored.start_value, stored.target_value) == (start, target)


# (unit, metric type, typed, stored; None: refused)
CHECK_INS = [
    ("USD", "number", "1.5m", Decimal("1.5") * M),
    ("USD", "number", "$1.5 mil", Decimal("1.5") * M),
    ("USD", "number", "1.5mn", Decimal("1.5") * M),
    ("元", "number", "2bn", 2 * 10**9),
    ("分钟", "number", "5m", None),
    ("", "percent", "3 成", 30),
    ("", "percent", "1/2", None),
]


def _kr(world, unit, metric_type):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    target = 100 if metric_type == "percent" else 10**10
    services.update_key_result(
        world.alice, kr, unit=unit, metric_type=metric_type, start_value=0, target_value=target
    )
    kr.refresh_from_db()
    return kr


@pytest.mark.parametrize(("unit", "metric_type", "typed", "stored"), CHECK_INS)
def test_a_check_in_on_the_api(world, api, unit, metric_type, typed, stored):
    kr = _kr(world, unit, metric_type)
    refused = sent_check_in(api(world.alice), kr, typed)
    kr.refresh_from_db()
    if stored is None:
        assert refused and kr.current_value == 0
    else:
        assert (refused, kr.current_value) == (None, stored)


@pytest.mark.parametrize(("unit", "metric_type", "typed", "stored"), CHECK_INS)
def test_a_check_in_on_the_key_result_page(world, client_for, unit, metric_type, typed, stored):
    kr = _kr(world, unit, metric_type)
    client_for(world.alice).post(reverse("check_in", args=[kr.pk]), {"value": typed})
    kr.refresh_from_db()
    assert kr.current_value == (0 if stored is None else stored)
