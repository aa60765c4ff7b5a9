"""A key result whose target equals its start is done at creation (issue 9): refused on every
path that sets how it is measured (API create and PATCH, CSV import, services), except a kept
level (at least / at most, 保持), where the start legitimately is the bound."""

import pytest

from mubiao.okrs import services
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import field_errors
from tests.conftest import make_objective

MESSAGE = "would be done before any work"


@pytest.mark.parametrize(
    "direction, status",
    [("increase", 422), ("decrease", 422), ("at_least", 201), ("at_most", 201)],
)
def test_the_api_refuses_a_target_equal_to_its_start_unless_a_level_is_kept(
    world, api, direction, status
):
    objective = make_objective(world.alice, world.cycle)
    body = {"objective_id": objective.pk, "title": "满意度 90", "direction": direction,
            "start_value": 90, "target_value": 90}  # fmt: skip
    response = api(world.alice).post("/key-results", body)
    assert response.status_code == status, response.content
    if status == 422:
        assert MESSAGE in field_errors(response)["target_value"]
    assert objective.key_results.count() == (1 if status == 422 else 2)


def test_a_patch_to_a_target_equal_to_its_start_is_refused(world, api):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    same = {"target_value": str(kr.start_value)}
    response = api(world.alice).patch(f"/key-results/{kr.pk}", same)
    assert response.status_code == 422, response.content
    assert MESSAGE in field_errors(response)["target_value"]


def test_a_csv_row_with_a_target_equal_to_its_start_is_refused_naming_the_row(world):
    data = b"objective,key result,start,target\nImport,Tickets,5,5\n"
    with pytest.raises(ImportFailed) as error:
        import_okrs(world.alice, file_name="okrs.csv", data=data, cycle=world.cycle)
    assert "row 2" in error.value.text and MESSAGE in error.value.text


def test_a_rename_of_a_stored_one_is_not_refused(world):
    """One stored before the rule: changing its title does not ask for its numbers."""
    kr = make_objective(world.alice, world.cycle).key_results.get()
    type(kr).objects.filter(pk=kr.pk).update(target_value=kr.start_value)
    kr.refresh_from_db()
    services.update_key_result(world.alice, kr, title="Renamed")
