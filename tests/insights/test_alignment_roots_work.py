"""The top of the alignment tree, as a member reads it (the map's first level, the alignment
page's roots), is read off objective_tree_roots_idx: a handful of roots, however many
parentless objectives the cycle holds (issue 14). SQLite took objective_unaligned_idx and
tested every parentless objective of the cycle for the reader's visibility of its children.

Work is counted in SQLite's virtual machine steps (a count, not a time) and, on both databases,
read from the query plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.api.test_queries import bulk_objectives
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db

ROUTES = {
    "map": lambda world: reverse("alignment_map") + f"?cycle={world.cycle.pk}",
    "page": lambda world: reverse("alignment") + f"?cycle={world.cycle.pk}",
}


def vm_steps(client, path: str) -> int:
    """SQLite's virtual machine steps of one request (every 100th step counted)."""
    connection.ensure_connection()
    steps = 0

    def tick() -> int:
        nonlocal steps
        steps += 1
        return 0  # go on

    connection.connection.set_progress_handler(tick, 100)
    try:
        assert client.get(path).status_code == 200
    finally:
        connection.connection.set_progress_handler(None, 100)
    return steps


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's progress handler")
@pytest.mark.xfail(
    strict=True,
    reason="another statement of the map's top level still grows (40 -> 651 hundred steps at "
    "100 -> 2,000 objectives) with the roots read off their index: not yet found (issue 14)",
)
def test_map_top_level_work_does_not_grow_with_parentless_objectives(world, client_for):
    for n in range(3):
        make_objective(world.admin, world.cycle, f"Company {n}", owner_type="organization")
    client = client_for(world.bob)  # a member: the visibility condition is in the query
    path = ROUTES["map"](world)
    steps = {}
    for n, more in ((100, 100), (2000, 1900)):
        bulk_objectives(world, more)  # Alice's, aligned to nothing
        steps[n] = vm_steps(client, path)
    # Read off the roots' index the work is the same at both sizes; off the unaligned one it
    # was about 20 times as much at 2,000 (every parentless objective tested).
    assert steps[2000] < 2 * steps[100], steps


def _roots_queries(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if '"aligned_count" > 0' in q["sql"] and '"parent_objective_id" IS NULL' in q["sql"]
    ]


@pytest.mark.parametrize("route", ROUTES)
def test_roots_are_read_off_their_index(analyze, world, client_for, route):
    make_objective(world.admin, world.cycle, "Company", owner_type="organization")
    bulk_objectives(world, 1000)
    analyze()
    with CaptureQueriesContext(connection) as captured:
        assert client_for(world.bob).get(ROUTES[route](world)).status_code == 200
    roots = _roots_queries(captured)
    assert roots, "the roots query was not found"
    with connection.cursor() as cursor:
        for sql in roots:
            explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
            cursor.execute(explain + sql)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            assert "objective_tree_roots_idx" in plan, plan
