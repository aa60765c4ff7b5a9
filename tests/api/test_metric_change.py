"""PATCH /key-results/{id} that changes how a checked-in key result is measured (issue 9, probe
2): its check-ins would read as something else (45 % as 已完成), so the change is a 422 naming
metric_type, with or without a current value; nothing changes."""

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from tests.api.conftest import field_errors
from tests.conftest import make_objective


def test_patch_metric_type_under_check_ins_is_refused(world, api):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    services.check_in(world.alice, kr, value=50)
    client = api(world.alice)
    for body in ({"metric_type": "boolean"}, {"metric_type": "boolean", "current_value": 0}):
        response = client.patch(f"/key-results/{kr.pk}", body)
        assert response.status_code == 422
        assert "check-ins measured as Number" in field_errors(response)["metric_type"]
        kr = KeyResult.objects.get(pk=kr.pk)
        assert (kr.metric_type, kr.current_value, kr.progress) == ("number", 50, 0.5)
    listed = client.get(f"/key-results/{kr.pk}/check-ins").json()["items"]
    assert [entry["value"] for entry in listed] in ([50], ["50"], [50.0])
