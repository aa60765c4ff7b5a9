"""The objective form says after saving what it took that the person did not give, as the API
(`notes`) and the imports say it, in the person's language: a new key result with no start (nor
a current value) whose title states none starts at 0 (issue 9 leftover, h9b). The objective's
kind is never said there: the form shows the kind it saves, and "not marked committed … taken as
committed" told a person who had chosen committed the opposite (the API and the imports, which
show none, say it)."""

import pytest
from django.urls import reverse

from mubiao.okrs.models import Objective
from tests.web.test_writing import form_data

pytestmark = pytest.mark.postgres

START = {"en": "no start value is given; it starts at 0", "zh-hans": "未写起始值，按 0"}
KIND = {"en": "taken as committed (the default)", "zh-hans": "按承诺型（默认）保存"}
# (key result row, the start said taken)
KRS = [
    ({"title": "Paying teams", "target_value": "50"}, True),
    ({"title": "Signed partners", "start_value": "3", "target_value": "9"}, False),
    ({"title": "Launch the portal", "metric_type": "milestone", "target_value": ""}, False),
]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("kind", ["committed", "aspirational"])
def test_the_new_objective_form_says_what_it_took(client_for, world, lang, kind):
    world.alice.user.language = lang
    world.alice.user.save(update_fields=["language"])
    client = client_for(world.alice)
    data = form_data("Win the market", owner=f"person:{world.alice.pk}",
                     krs=[kr for kr, _ in KRS], kind=kind)  # fmt: skip
    response = client.post(reverse("objective_create"), data, follow=True)
    assert response.redirect_chain, response.content.decode()[:2000]
    said = [str(m) for m in response.context["messages"]]
    assert not [m for m in said if KIND[lang] in m], said
    for row, taken in KRS:
        assert bool([m for m in said if START[lang] in m and row["title"] in m]) == taken, said
    assert Objective.objects.get(title="Win the market").kind == kind


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_key_result_added_on_the_edit_form_says_its_start(client_for, world, lang):
    from tests.web.test_stale_edits import load

    world.alice.user.language = lang
    world.alice.user.save(update_fields=["language"])
    client = client_for(world.alice)
    client.post(reverse("objective_create"), form_data(
        "Win the market", owner=f"person:{world.alice.pk}", kind="aspirational",
        krs=[{"title": "Signed partners", "start_value": "3", "target_value": "9"}]))  # fmt: skip
    objective = Objective.objects.get(title="Win the market")
    url = reverse("objective_edit", args=[objective.pk])
    data = load(client, url)
    data.update({"kr-TOTAL_FORMS": "2", "kr-1-title": "Paying teams", "kr-1-target_value": "50",
                 "kr-1-metric_type": "number", "kr-1-weight": "1", "kr-1-ORDER": "2",
                 "kr-1-progress_source": "manual"})  # fmt: skip
    response = client.post(url, data, follow=True)
    assert response.redirect_chain, response.content.decode()[:2000]
    said = [str(m) for m in response.context["messages"]]
    assert [m for m in said if START[lang] in m and "Paying teams" in m], said
    assert not [m for m in said if "Signed partners" in m or KIND[lang] in m], said
