"""The adoption page and its exports make the same number of queries for a small organization
whose coaching lists are empty as for a larger one whose lists are full and paged (issue 12):
the lists' lengths come from the totals and their rows from one query (insights.adoption.
list_rows), for each kind of reader and with grading open or not."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mubiao.insights.tasks import write_snapshots
from mubiao.okrs import services
from mubiao.okrs.models import Cycle, Objective
from mubiao.orgs.models import TeamMember
from tests.conftest import make_member, make_objective
from tests.insights.test_dashboard_query_counts import _grow, readers  # noqa: F401

pytestmark = pytest.mark.django_db


def _laggards(world, start: int, stop: int) -> None:
    """People of the product department who fill every list: half without OKRs, half with an
    ungraded objective last checked in 20 days ago."""
    squad = world.product
    for i in range(start, stop):
        person = make_member(world.org, f"l{i}@acme.test", f"Laggard {i}", manager=world.lead)
        TeamMember.objects.create(team=squad, membership=person)
        if i % 2:
            objective = make_objective(person, world.cycle, f"Late {i}", krs=1, team=squad)
            services.check_in(person, objective.key_results.get(), value=3,
                              at=timezone.now() - dt.timedelta(days=20))  # fmt: skip
    write_snapshots.call()


def _queries(client) -> dict[str, int]:
    """Queries of the page and of its exports, read to their end (the CSV is streamed: its rows
    are read while it is sent)."""
    counts = {}
    for path in ("/adoption", "/adoption.csv", "/adoption.xlsx"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
            assert response.status_code == 200 and response.getvalue()
        counts[path] = len(captured)
    return counts


@pytest.mark.parametrize("grading", [False, True])
@pytest.mark.parametrize("role", ["admin", "ceo", "head"])
def test_adoption_makes_the_same_queries_for_empty_and_full_lists(
    world,
    readers,  # noqa: F811 (the fixture imported above)
    client_for,
    role,
    grading,
):
    client = client_for(readers[role])
    _grow(world, 0, 5, hidden=1)
    # Everyone in the small organization has OKRs, checked in today and graded.
    Objective.objects.filter(cycle=world.cycle).update(score="0.5")
    for person in (world.admin, world.alice, world.bob, world.lead, world.outsider, readers["ceo"]):
        make_objective(person, world.cycle, f"{person.pk} graded", krs=1)
    Objective.objects.filter(cycle=world.cycle).update(score="0.5")
    if grading:
        Cycle.objects.filter(pk=world.cycle.pk).update(state=Cycle.State.GRADING)
    write_snapshots.call()
    _queries(client)  # a session's first request does more
    small = _queries(client)
    context = client.get("/adoption").context
    assert not any(context[name].paginator.count for name in ("no_okrs", "ungraded"))
    _grow(world, 5, 20, hidden=1)
    _laggards(world, 0, 70)
    large = _queries(client)
    context = client.get("/adoption", {"npage": 2, "spage": 1}).context
    assert context["no_okrs"].paginator.count > 30 and len(context["no_okrs"]) > 0
    assert len(context["silent"]) > 0
    assert (len(context["ungraded"]) > 0) == grading
    assert large == small


def test_the_export_does_not_look_for_a_leads_stored_counts(world, client_for, monkeypatch):
    """Review (hr3): the export reads the people alone, yet read() looked up the lead's top
    teams (two queries) for the stored counts only the page's totals use."""
    from mubiao.insights import adoption

    make_objective(world.alice, world.cycle, "Alice's", krs=1, team=world.product)
    write_snapshots.call()
    assert adoption.read(world.lead, world.cycle, 7).counted_by is not None  # the page's

    def refused(actor):
        raise AssertionError("the export looked for the stored counts")

    monkeypatch.setattr(adoption, "_top_led_teams", refused)
    answer = client_for(world.lead).get("/adoption.csv", {"days": 7})
    assert answer.status_code == 200 and "Alice" in answer.getvalue().decode("utf-8-sig")
