"""Issue 9, probe 15 (brief h9h, A): a key result that takes its progress from its aligned
objectives has no value of its own to write. One rule (rules.value_is_written_by_hand)
decides it, and every path applies it the same way: a check-in, the API's PATCH of
current_value, the services' update, an import's `current`. Its progress and status follow
the source: 0 % while nothing is aligned, the stored value again once measured by hand."""

import json
from decimal import Decimal

import pytest

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, KeyResult
from mubiao.okrs.transfer import import_okrs
from mubiao.okrs.transfer.jsonformat import FORMAT
from tests.api.conftest import field_errors
from tests.conftest import make_objective


def _fed_by_aligned(world, api):
    """KR −5 → 2 (as probe 15's KR 184), switched to progress from aligned objectives."""
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    client = api(world.alice)
    response = client.patch(f"/key-results/{kr.pk}", {"start_value": -5, "target_value": 2})
    assert response.status_code == 200, response.content
    response = client.patch(f"/key-results/{kr.pk}", {"progress_source": "children"})
    assert response.status_code == 200, response.content
    kr.refresh_from_db()
    return kr


def _api_patch(world, api, kr):
    return api(world.alice).patch(f"/key-results/{kr.pk}", {"current_value": 2})


def _api_check_in(world, api, kr):
    return api(world.alice).post(f"/key-results/{kr.pk}/check-ins", {"value": 1})


def _service_update(world, api, kr):
    from django.core.exceptions import ValidationError

    try:
        services.update_key_result(world.alice, kr, current_value="2")
    except ValidationError as error:
        return error.message_dict
    return None


@pytest.mark.parametrize("write", [_api_patch, _api_check_in, _service_update])
def test_a_value_is_refused_on_every_path(world, api, write):
    kr = _fed_by_aligned(world, api)
    check_ins = CheckIn.objects.filter(key_result=kr).count()
    answer = write(world, api, kr)
    if answer is None:
        pytest.fail("a value was accepted on a key result fed by aligned objectives")
    if hasattr(answer, "status_code"):
        assert answer.status_code == 422, answer.content
        errors = field_errors(answer)
    else:
        errors = answer
    said = json.dumps(errors, ensure_ascii=False)
    assert "aligned objectives" in said, said
    kr.refresh_from_db()
    assert kr.current_value == -5 and kr.progress == 0
    assert CheckIn.objects.filter(key_result=kr).count() == check_ins


def test_progress_follows_the_value_when_measured_by_hand_again(world, api):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    client = api(world.alice)
    assert client.patch(f"/key-results/{kr.pk}", {"current_value": 50}).status_code == 200
    kr.refresh_from_db()
    assert kr.progress == Decimal("0.5")
    assert client.patch(f"/key-results/{kr.pk}", {"progress_source": "children"}).status_code == 200
    kr.refresh_from_db()
    assert kr.progress == 0  # nothing aligned: 0 %
    assert client.patch(f"/key-results/{kr.pk}", {"progress_source": "manual"}).status_code == 200
    kr.refresh_from_db()
    assert kr.current_value == 50 and kr.progress == Decimal("0.5")


def test_an_imported_value_on_one_fed_by_aligned_objectives_is_said_and_not_taken(world):
    # Its exports write the value its progress stands for (h9z2): the import takes the key
    # result, says its value is computed, and never stores the file's value as its own.
    item = {"title": "k", "metric_type": "number", "start": -5, "target": 2, "current": -1,
            "progress_source": "children"}  # fmt: skip
    document = {"format": FORMAT, "objectives": [{"title": "o", "key_results": [item]}]}
    result = import_okrs(world.alice, file_name="o.json", data=json.dumps(document).encode(),
                         cycle=world.cycle)  # fmt: skip
    said = " ".join(result.problems)
    assert "computed from its aligned objectives" in said and "“k”" in said, said
    kr = KeyResult.objects.get(title="k")
    assert kr.progress_source == "children" and kr.current_value == -5 and kr.progress == 0


def test_an_imported_one_without_a_value_of_its_own_is_taken(world):
    item = {"title": "k", "metric_type": "number", "start": -5, "target": 2, "current": -5,
            "progress_source": "children"}  # fmt: skip
    document = {"format": FORMAT, "objectives": [{"title": "o", "key_results": [item]}]}
    result = import_okrs(world.alice, file_name="o.json", data=json.dumps(document).encode(),
                         cycle=world.cycle)  # fmt: skip
    kr = result.created[0].key_results.get()
    assert kr.progress_source == "children" and kr.progress == 0
