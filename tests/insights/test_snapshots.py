"""Daily team snapshots: the figures recomputed from the rows, one row per team and day
whatever how often the worker runs, constant queries, and the chart reading them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mubiao.insights import snapshots
from mubiao.insights.models import TeamSnapshot
from mubiao.insights.tasks import write_snapshots
from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, Cycle, Objective
from mubiao.orgs.models import TeamAncestry, TeamMember
from mubiao.orgs.rules import today_for
from tests.conftest import make_member, make_objective

pytestmark = pytest.mark.django_db

STATUSES = ("not_started", "on_track", "at_risk", "off_track", "done")


@pytest.fixture
def activity(world):
    alice = make_objective(world.alice, world.cycle, "Alice plan", krs=2)
    bob = make_objective(world.bob, world.cycle, "Bob plan")
    make_objective(
        world.lead, world.cycle, "Team plan", owner_type="team", owner_team=world.product
    )
    make_objective(world.outsider, world.cycle, "Support plan")
    gone = make_objective(world.alice, world.cycle, "Archived plan")
    services.check_in(world.alice, alice.key_results.first(), value=40)
    services.check_in(world.alice, alice.key_results.last(), value=10)
    services.check_in(world.bob, bob.key_results.get(), value=70)
    services.check_in(
        world.bob, bob.key_results.get(), value=5, at=timezone.now() - dt.timedelta(days=3)
    )
    services.check_in(world.alice, gone.key_results.get(), value=90)
    services.archive_objective(world.alice, gone)
    return world


def expected_row(world, team, day):
    ids = set(TeamAncestry.objects.filter(ancestor=team).values_list("team_id", flat=True))
    rows = [
        o
        for o in Objective.objects.filter(cycle=world.cycle)
        if o.state != "archived" and (team is None or o.team_id in ids)
    ]
    today = [
        c
        for c in CheckIn.objects.select_related("key_result__objective")
        if timezone.localtime(c.created_at).date() == day
        and c.key_result.objective.state != "archived"
        and (team is None or c.key_result.objective.team_id in ids)
    ]
    return {
        "objectives": len(rows),
        "progress": (sum(o.progress for o in rows) / len(rows)).quantize(Decimal("0.0001")),
        **{s: sum(o.status == s for o in rows) for s in STATUSES},
        "check_ins": len(today),
        "people_updated": len({c.author_id for c in today}),
    }


def as_dict(snapshot):
    fields = ("objectives", "progress", *STATUSES, "check_ins", "people_updated")
    return {f: getattr(snapshot, f) for f in fields}


def test_a_day_of_snapshots_from_the_rows(activity):
    world = activity
    day = today_for(world.org)
    snapshots.write_day(world.cycle, day)
    for team in (world.company, world.product, world.docs, world.extra["support"]):
        row = TeamSnapshot.objects.get(cycle=world.cycle, team=team, day=day)
        assert as_dict(row) == expected_row(world, team, day), team.name
    whole = TeamSnapshot.objects.get(cycle=world.cycle, team=None, day=day)
    assert as_dict(whole) == expected_row(world, None, day)
    assert whole.check_ins == 3 and whole.people_updated == 2


def test_the_worker_rewrites_the_day_instead_of_adding_rows(activity):
    world = activity
    assert write_snapshots.call() > 0
    first = TeamSnapshot.objects.count()
    services.check_in(
        world.outsider, Objective.objects.get(title="Support plan").key_results.get(), value=50
    )
    write_snapshots.call()
    assert TeamSnapshot.objects.count() == first
    support = TeamSnapshot.objects.get(team=world.extra["support"])
    assert support.check_ins == 1 and support.progress == Decimal("0.5")


def test_writing_a_day_makes_the_same_queries_for_5_and_50_people(world):
    def grow(start, stop):
        for i in range(start, stop):
            member = make_member(world.org, f"p{i}@acme.test", f"Person {i}")
            TeamMember.objects.create(team=world.docs, membership=member)
            objective = make_objective(member, world.cycle, f"Objective {i}")
            services.check_in(member, objective.key_results.get(), value=i)

    def queries():
        cycle = Cycle.objects.select_related("organization").get(pk=world.cycle.pk)
        with CaptureQueriesContext(connection) as captured:
            snapshots.write_day(cycle, today_for(world.org))
        return len(captured)

    grow(0, 5)
    small = queries()
    grow(5, 50)
    assert queries() == small


def test_the_dashboard_chart_reads_the_snapshots_and_today(client_for, activity):
    world = activity
    day = today_for(world.org)
    earlier = day - dt.timedelta(days=5)
    TeamSnapshot.objects.create(
        organization=world.org, cycle=world.cycle, team=world.product, day=earlier,
        objectives=3, progress=Decimal("0.1234"),
    )  # fmt: skip
    response = client_for(world.alice).get(reverse("team", args=["product"]))
    points = response.context["trend"]["points"]
    assert points[0] == [earlier.isoformat(), pytest.approx(12.34)]
    assert points[-1][0] == day.isoformat()
    assert points[-1][1] == pytest.approx(float(response.context["summary"]["avg"]) * 100)
    assert 'id="team-trend"' in response.content.decode()
    company = client_for(world.alice).get(reverse("company")).context["trend"]["points"]
    assert [p[0] for p in company] == [day.isoformat()]  # the product team's row is not the org's
