"""A check-in, on the web and through the API, costs the same few queries whatever the size of
the organization and the depth of the alignment chain it rolls up (issue 14: at most 20; the
web's counted as a page sends it, with its one-time form token)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult, Objective
from tests.conftest import make_member, make_objective
from tests.okrs.test_rollup import from_scratch, stored

CHILDREN = KeyResult.ProgressSource.CHILDREN


def rolling_chain(world, depth: int, siblings: int):
    """An objective of Alice's at the bottom of `depth` objectives, each aligned to a key result
    of the one above that takes its progress from its children, with `siblings` objectives of
    Bob's aligned beside it at every level; and `siblings` more people in the organization."""
    for i in range(siblings):
        make_member(world.org, f"extra{i}@{world.org.slug}.test", f"Extra {i}")
    above = None
    for level in range(depth):
        actor = world.admin if level == 0 else world.lead
        objective = make_objective(actor, world.cycle, f"Level {level}", parent_key_result=above)
        above = objective.key_results.get()
        services.update_key_result(actor, above, progress_source=CHILDREN)
        for i in range(siblings):
            make_objective(world.bob, world.cycle, f"Sibling {level}.{i}", parent_key_result=above)
    mine = make_objective(world.alice, world.cycle, "Mine", parent_key_result=above)
    return mine.key_results.get()


def statements(send) -> int:
    """Queries of one request, without the savepoints of the test's own transaction (a request
    served on its own opens a transaction instead, which sends no query)."""
    with CaptureQueriesContext(connection) as captured:
        response = send()
    assert response.status_code in (200, 201), response.content
    return sum("SAVEPOINT" not in q["sql"] for q in captured.captured_queries)


def web_check_in(client, kr, value):
    """The inline check-in as the key result's page sends it, with the page's one-time token."""
    page = client.get(f"/krs/{kr.pk}").content.decode()
    sent = re.search(r'name="once" value="([^"]+)"', page).group(1)
    return lambda: client.post(
        f"/krs/{kr.pk}/check-in",
        {"value": str(value), "confidence": "6", "note": "", "source_url": "", "once": sent},
        headers={"HX-Request": "true"},
    )


@pytest.mark.parametrize("how", ["web", "api"])
def test_a_check_in_costs_at_most_20_queries_whatever_the_size_and_depth(
    world, other_world, client_for, api, how, stopped_clock
):
    counts = []
    for w, depth, siblings in ((world, 2, 1), (other_world, 6, 20)):
        kr = rolling_chain(w, depth, siblings)
        if how == "web":
            client = client_for(w.alice)
            client.get("/")  # the session's first request writes its own rows
            send = web_check_in(client, kr, 50)
        else:
            client = api(w.alice)
            client.get("/me")  # the token's first request writes last_used_at
            send = lambda c=client, kr=kr: c.post(f"/key-results/{kr.pk}/check-ins", {"value": 50})  # noqa: E731
        counts.append(statements(send))
        above = Objective.objects.get(organization=w.org, title=f"Level {depth - 1}")
        assert above.progress > 0
        assert stored(w.org) == from_scratch(w.org)  # it rolled up to the top, and right
    # The web's 17 (the API's 12): the session, its user and membership, the key result, the
    # form's claim (one INSERT … ON CONFLICT); the chain's lock and its rows; the key results
    # on the way (with their owners' choices); the check-in's two inserts; the children's sums
    # and the two updates of the rollup (the new value among them); who hears of it (the
    # notification, the chat channels); the new row with its chain to show (two queries,
    # .can_edit annotated). Every statement counted: tests/api/test_check_in_queries.py.
    assert counts[0] == counts[1] <= 20, counts
