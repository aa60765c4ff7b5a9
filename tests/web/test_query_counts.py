"""Every page makes the same number of SQL queries for 3 objectives as for 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mubiao.okrs import services
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def grow(world, parent_kr, n):
    """n more objectives for Alice (aligned, commented, checked in) and for the team."""
    for i in range(n):
        objective = make_objective(world.alice, world.cycle, f"Alice {i}", krs=3)
        services.align_objective(world.alice, objective, parent_key_result=parent_kr)
        kr = objective.key_results.first()
        services.check_in(world.alice, kr, value=i, confidence=5)
        services.add_comment(world.alice, body=f"@Bob look {i}", objective=parent_kr.objective)
        services.add_comment(world.bob, body=f"note {i}", key_result=kr)
        make_objective(world.lead, world.cycle, f"Team {i}", owner_type="team",
                       owner_team=world.product, krs=2)  # fmt: skip


# Pieces of pages, asked for as htmx asks: as a page, each is sent to its page (fragment_of).
FRAGMENTS = ("/children",)


def count(client, url, **params):
    htmx = {"HTTP_HX_REQUEST": "true"} if url.endswith(FRAGMENTS) else {}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params, **htmx)
    assert response.status_code == 200, url
    return len(queries)


PAGES = [
    ("home", {}),
    ("company", {}),
    ("company", {"view": "list"}),
    # A status that both sizes' lists hold (grow's key results are checked in below their
    # pace): an empty list at one size would compare a page with rows to one without.
    ("company", {"view": "list", "status": "off_track", "owner": "alice"}),
    ("alignment", {}),
    ("search", {"q": "Alice"}),
    ("notifications", {}),
    ("grading", {}),
    ("teams", {}),
    ("objective_create", {}),
    ("settings_people", {}),
    ("settings_teams", {}),
    ("settings_cycles", {}),
]


def test_list_pages_constant(client_for, world, aligned):
    """Every list page counted at 3 objectives and again at 30 (one organization grown once for
    all of them: the growing, not the counting, is what takes the time)."""
    _team_obj, parent_kr, _mine = aligned
    clients = {viewer: client_for(viewer) for viewer in (world.admin, world.lead)}

    def counts():
        return {
            (name, str(params)): count(
                clients[world.admin if name.startswith("settings") else world.lead],
                reverse(name),
                **params,
            )
            for name, params in PAGES
        }

    grow(world, parent_kr, 3)
    small = counts()
    grow(world, parent_kr, 27)
    assert counts() == small


def test_detail_pages_constant(client_for, world, aligned):
    team_obj, parent_kr, mine = aligned
    client = client_for(world.lead)
    kr = mine.key_results.first()
    urls = [
        reverse("objective", args=[team_obj.pk]),
        reverse("key_result", args=[kr.pk]),
        reverse("team", args=["product"]),
        reverse("team", args=["company"]),
        reverse("team", args=["product"]) + "?view=list",
        reverse("alignment_children", args=[team_obj.pk]),
        reverse("objective_edit", args=[team_obj.pk]),
        reverse("align_options") + "?align_q=Alice",
    ]
    grow(world, parent_kr, 3)
    for i in range(3):
        services.check_in(world.alice, kr, value=10 + i)
    small = [count(client, url) for url in urls]
    grow(world, parent_kr, 27)
    for i in range(27):
        services.check_in(world.alice, kr, value=20 + i)
    assert [count(client, url) for url in urls] == small


def test_check_in_response_is_bounded(client_for, world, aligned):
    _team_obj, parent_kr, mine = aligned
    client = client_for(world.alice)
    kr = mine.key_results.first()
    url = reverse("check_in", args=[kr.pk])
    with CaptureQueriesContext(connection) as small:
        client.post(url, {"value": "5"}, HTTP_HX_REQUEST="true")
    grow(world, parent_kr, 10)
    with CaptureQueriesContext(connection) as large:
        client.post(url, {"value": "6"}, HTTP_HX_REQUEST="true")
    assert len(large) <= len(small) + 2  # recompute may touch more sibling rows' versions
