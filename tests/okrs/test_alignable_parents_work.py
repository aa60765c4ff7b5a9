"""The align-to picker's first page is read off the list index (objective_org_list_idx), with or
without a search, also when the cycle lies in a year whose objectives may be parents too: its
work does not grow with the number of objectives one may align to (issue 14). Ordered across
the year and the quarter by owner first, every candidate was sorted before the page was taken
(0.6 s at 100,000 people on PostgreSQL), and a search on the owner's or team's name (a joined
table's column) made every candidate be joined and sorted before filtering.

Work is counted in SQLite's virtual machine steps (a count, not a time); on PostgreSQL the plan
must read the index in order (no sort of the candidates)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mubiao.okrs.models import Cycle
from tests.api.test_queries import bulk_objectives
from tests.conftest import make_objective, year_around
from tests.insights.test_alignment_roots_work import vm_steps

pytestmark = pytest.mark.django_db

SEARCHES = ["", "goal", "产品", "alice"]  # nothing, a title, a team's name, an owner's name


def _year_around(world) -> None:
    """The quarter's year, so that the candidates are of two cycles (nested_cycle_ids)."""
    year = year_around(world, "Year", state=Cycle.State.ACTIVE)
    Cycle.objects.filter(pk=world.cycle.pk).update(parent=year)
    make_objective(world.admin, year, "Company goal of the year", owner_type="organization")


def _path(world, search: str) -> str:
    return reverse("align_options") + f"?cycle={world.cycle.pk}&align_q={search}"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's progress handler")
@pytest.mark.parametrize("search", SEARCHES)
def test_picker_work_does_not_grow_with_candidates(world, client_for, search):
    _year_around(world)
    client = client_for(world.bob)  # a member: the visibility condition is in the query
    steps = {}
    for n, more in ((100, 100), (2000, 1900)):
        bulk_objectives(world, more)  # Alice's, in 产品部, titled "Goal …"
        steps[n] = vm_steps(client, _path(world, search))
    # Off the index the page costs about the same at both sizes; sorted, about 11 times as much.
    # A search also reads every key result's title once (SQLite has no trigram index; the
    # rows are not sorted): 2.8 times at 2,000 for a search that every objective matches.
    assert steps[2000] < (4 if search else 2) * steps[100], steps


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_picker_page_is_not_a_sort_of_every_candidate(analyze, world, client_for):
    _year_around(world)
    bulk_objectives(world, 3000)
    analyze()
    for search in SEARCHES:
        with CaptureQueriesContext(connection) as captured:
            assert client_for(world.bob).get(_path(world, search)).status_code == 200
        page = [q["sql"] for q in captured.captured_queries if "LIMIT 30" in q["sql"]]
        assert len(page) == 1, [q["sql"][:200] for q in captured.captured_queries]
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + page[0])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        # (a subquery of the visibility condition sorts a person's own few key results)
        assert "objective_org_list_idx" in plan, (search, plan)
        assert "Sort Key: okrs_objective." not in plan, (search, plan)
