"""An order a sortable web table does not have shows the default order, never an error page
(issue 12, probe 12: `/teams/product?sort=bogus` and `?sort=last_check_in` were 422 pages).
The API keeps refusing an unknown value (422). Every sortable web table: the team and company
dashboards' people table (tests/web/test_query_params.py covers any new page's `sort`)."""

import pytest
from django.urls import reverse

from tests.conftest import make_objective


@pytest.mark.parametrize("page", [("team", ["product"]), ("company", [])])
@pytest.mark.parametrize("sort", ["bogus", "last_check_in", "-", "name;drop"])
def test_an_unknown_sort_shows_the_default_order(client_for, world, page, sort):
    make_objective(world.alice, world.cycle, "Grow users")
    make_objective(world.bob, world.cycle, "Write docs")
    client = client_for(world.lead)
    url = reverse(page[0], args=page[1])
    default = client.get(url)
    response = client.get(url, {"sort": sort})
    assert response.status_code == 200
    assert [p.pk for p in response.context["people"]] == [p.pk for p in default.context["people"]]
    descending = client.get(url, {"sort": "-name"})
    assert [p.pk for p in descending.context["people"]] == [
        p.pk for p in reversed(list(default.context["people"]))
    ]
