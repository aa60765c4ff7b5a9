"""The edit form (issue 9): switching a measured key result to done / not done asks for its
current value beside the field, keeps everything typed, and saves nothing until it is given."""

from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from tests.conftest import make_objective
from tests.web.test_stale_edits import load


def test_switching_to_done_not_done_asks_for_the_current_value(world, client_for):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    services.check_in(world.alice, kr, value=50)
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[objective.pk])
    form = {**load(client, url), "kr-0-metric_type": "boolean", "kr-0-title": "Ship it"}
    response = client.post(url, form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter its current value as Done / not done with the change" in page
    assert 'value="Ship it"' in page
    kr.refresh_from_db()
    assert (kr.metric_type, kr.title, kr.current_value) == ("number", "KR 1", 50)
    assert client.post(url, {**form, "kr-0-current_value": "完成"}).status_code == 302
    kr = KeyResult.objects.get(pk=kr.pk)
    assert (kr.metric_type, kr.title, kr.current_value, kr.progress) == ("boolean", "Ship it", 1, 1)
