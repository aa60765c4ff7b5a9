"""Issue 9 (h9x 8): a number field of /okrs/<id>/edit typed away (blank) was saved (302) and
kept its old value without a word. Every number field of the edit form that holds a value is
refused when blanked, with a message beside it, nothing saved and what was typed kept."""

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import Objective
from tests.conftest import make_objective, weights_switched_on
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db

# Every number field the edit form shows (weight with weights on): the objective's aligned
# share and each key result's values.
NUMBER_FIELDS = [
    "aligned_share",
    "kr-0-start_value",
    "kr-0-target_value",
    "kr-0-current_value",
    "kr-0-weight",
]


@pytest.mark.parametrize("field", NUMBER_FIELDS)
def test_a_blanked_number_field_is_refused_beside_it(world, client_for, field):
    with weights_switched_on(world):
        _blank_one(world, client_for, field)


def _blank_one(world, client_for, field):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    services.check_in(world.alice, kr, value=40)
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[objective.pk])
    form = load(client, url)
    assert form[field].strip(), form  # the field is shown holding a value
    response = client.post(url, {**form, "title": "Renamed", field: ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "cannot be left empty" in html, html[:2000]
    objective.refresh_from_db()
    kr.refresh_from_db()
    assert objective.title == "Delight customers"  # nothing saved
    assert (kr.start_value, kr.target_value, kr.current_value, kr.weight) == (0, 100, 40, 1)
    assert objective.aligned_share == Objective._meta.get_field("aligned_share").default
