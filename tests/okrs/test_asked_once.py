"""A question already answered is not asked again (issue 9, probe 15): a key result's start of
0.2 % → 0.5 %, confirmed when it was created, was asked about again ("looks like shares of 1")
when its objective's edit form was saved with a new title only. A value sent as stored, in the
terms it was stored in, was answered when it was typed: on the form, through the services and
the API, only a value typed anew is asked about."""

from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.web.test_stale_edits import load


def _confirmed(world):
    objective = make_objective(world.alice, world.cycle)
    return services.update_key_result(
        world.alice, objective.key_results.get(), metric_type="percent", start_value="0.2",
        target_value="0.5", scale_confirmed=True,
    )  # fmt: skip


def test_a_title_only_edit_on_the_form_asks_nothing(world, client_for):
    kr = _confirmed(world)
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[kr.objective_id])
    response = client.post(url, {**load(client, url), "kr-0-title": "Renamed"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    kr = KeyResult.objects.get(pk=kr.pk)
    assert (kr.title, str(kr.start_value.normalize()), str(kr.target_value.normalize())) == (
        "Renamed", "0.2", "0.5",
    )  # fmt: skip


def test_values_sent_as_stored_are_not_asked_about_again(world):
    kr = _confirmed(world)
    kr = services.update_key_result(
        world.alice, kr, title="Renamed", start_value="0.2", target_value="0.5"
    )
    assert kr.title == "Renamed"
    response = Api(world.alice).patch(
        f"/key-results/{kr.pk}", {"title": "Again", "start_value": "0.2", "target_value": "0.5"}
    )
    assert response.status_code == 200, response.content


def test_a_value_typed_anew_is_still_asked_about(world):
    kr = _confirmed(world)
    response = Api(world.alice).patch(f"/key-results/{kr.pk}", {"target_value": "0.6"})
    assert response.status_code == 422
