"""The edit form (issue 9): switching a key result with check-ins to done / not done would make
every check-in read 已完成 or 未完成; it is refused beside the field, with everything typed kept
and nothing saved, even with a current value given."""

from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from tests.conftest import make_objective
from tests.web.test_stale_edits import load


def test_switching_a_checked_in_key_result_to_done_not_done_is_refused(world, client_for):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    services.check_in(world.alice, kr, value=50)
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[objective.pk])
    form = {**load(client, url), "kr-0-metric_type": "boolean", "kr-0-title": "Ship it"}
    for sent in (form, {**form, "kr-0-current_value": "完成"}):
        response = client.post(url, sent)
        assert response.status_code == 200
        page = response.content.decode()
        assert "has check-ins measured as Number" in page
        assert 'value="Ship it"' in page
        kr = KeyResult.objects.get(pk=kr.pk)
        assert (kr.metric_type, kr.title, kr.current_value) == ("number", "KR 1", 50)
