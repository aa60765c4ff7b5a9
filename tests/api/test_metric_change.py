"""PATCH /key-results/{id} that changes how a measured key result is measured (issue 9): 422
naming current_value until the new current value comes with it; nothing changes meanwhile."""

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from tests.api.conftest import field_errors
from tests.conftest import make_objective


def test_patch_metric_type_needs_the_current_value(world, api):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    services.check_in(world.alice, kr, value=50)
    client = api(world.alice)
    response = client.patch(f"/key-results/{kr.pk}", {"metric_type": "boolean"})
    assert response.status_code == 422
    assert "current value" in field_errors(response)["current_value"]
    kr = KeyResult.objects.get(pk=kr.pk)
    assert (kr.metric_type, kr.current_value, kr.progress) == ("number", 50, 0.5)
    response = client.patch(f"/key-results/{kr.pk}", {"metric_type": "boolean", "current_value": 0})
    assert response.status_code == 200, response.content
    assert (response.json()["current_value"], response.json()["progress"]) == (0, 0)
