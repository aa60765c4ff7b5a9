"""A check-in is a level, never a change (issue 9): `15个百分点`, `15 pp`, `+5%` were stored as
the level 15 / 5. Refused with a message asking for the new level, on every check-in path (the
API, the services the pages use, an import's current column); the key result is unchanged."""

import pytest
from django.core.exceptions import ValidationError

from mubiao.okrs import services
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import field_errors

CHANGES = ["15个百分点", "15 pp", "15pp", "+5%", "5 percentage points"]
MESSAGE = "is a change, not a value"


@pytest.fixture
def kr(world):
    row = {"title": "毛利率从 30% 提升到 40%", "metric_type": "percent", "start_value": 30,
           "target_value": 40}  # fmt: skip
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="毛利", key_results=[row]
    )
    return objective.key_results.get()


@pytest.mark.parametrize("typed", CHANGES)
def test_the_api_refuses_a_change_as_a_check_in(world, api, kr, typed):
    response = api(world.alice).post(f"/key-results/{kr.pk}/check-ins", {"value": typed})
    assert response.status_code == 422, response.content
    assert MESSAGE in field_errors(response)["value"]
    kr.refresh_from_db()
    assert kr.current_value == 30


@pytest.mark.parametrize("typed", CHANGES)
def test_the_services_refuse_a_change_as_a_check_in(world, kr, typed):
    with pytest.raises(ValidationError) as error:
        services.check_in(world.alice, kr, value=typed)
    assert MESSAGE in str(error.value)


@pytest.mark.parametrize("typed", CHANGES)
def test_an_import_refuses_a_change_as_a_current_value(world, typed):
    data = (
        f"objective,key result,metric type,start,target,current\n毛利,毛利率,百分比,30,40,{typed}\n"
    )
    with pytest.raises(ImportFailed) as error:
        import_okrs(world.alice, file_name="okrs.csv", data=data.encode(), cycle=world.cycle)
    assert MESSAGE in error.value.text and "row 2" in error.value.text


def test_a_level_with_a_percent_sign_is_still_a_level(world, kr):
    services.check_in(world.alice, kr, value="35%")
    kr.refresh_from_db()
    assert kr.current_value == 35
