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
    support = TeamSnapshot.objects.get(team=world.extra["support"], day=today_for(world.org))
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
    # An admin's line reads the team's row (another reader's, their visible objectives' rows).
    response = client_for(world.admin).get(reverse("team", args=["product"]))
    points = response.context["trend"]["points"]
    assert points[0] == [earlier.isoformat(), pytest.approx(12.34)]
    assert points[-1][0] == day.isoformat()
    assert points[-1][1] == round(float(response.context["summary"]["avg"]) * 100, 2)
    assert 'id="team-trend"' in response.content.decode()
    company = client_for(world.admin).get(reverse("company")).context["trend"]["points"]
    assert [p[0] for p in company] == [day.isoformat()]  # the product team's row is not the org's


def _at(world, day, hour=10):
    from zoneinfo import ZoneInfo

    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(world.org.time_zone))


@pytest.fixture
def history(world):
    """Two objectives checked in on during the cycle's first days, before any worker ran."""
    start = world.cycle.start_date
    a = make_objective(world.alice, world.cycle, "A")  # product, one key result 0 → 100
    b = make_objective(world.outsider, world.cycle, "B", krs=2)  # support, two
    services.check_in(
        world.alice, a.key_results.get(), value=20, at=_at(world, start + dt.timedelta(days=2))
    )
    services.check_in(world.outsider, b.key_results.first(), value=100,
                      at=_at(world, start + dt.timedelta(days=3)))  # fmt: skip
    services.check_in(
        world.alice, a.key_results.get(), value=50, at=_at(world, start + dt.timedelta(days=5), 23)
    )
    return world


def test_past_days_are_filled_once_from_the_value_history(history):
    """Progress by day, worked out here by hand: A is 20% from day 2 and 50% from day 5; B's
    first key result is done on day 3 (B at 50%). The organization averages A and B."""
    world = history
    start, today = world.cycle.start_date, today_for(world.org)
    written = write_snapshots.call()
    days = (today - start).days
    assert days == 30
    # Every past day gets a row for the organization and each team with objectives (company,
    # product, support), and today its usual rows.
    assert TeamSnapshot.objects.filter(team__isnull=True).count() == days + 1
    expected = {0: "0", 1: "0", 2: "0.1", 3: "0.35", 4: "0.35", 5: "0.5", 29: "0.5"}
    by_day = {
        (row.day - start).days: row
        for row in TeamSnapshot.objects.filter(cycle=world.cycle, team__isnull=True)
    }
    for offset, progress in expected.items():
        assert by_day[offset].progress == Decimal(progress), offset
    assert by_day[2].check_ins == 1 and by_day[4].check_ins == 0
    assert by_day[29].written_at is None and by_day[30].written_at is not None
    product = {
        (row.day - start).days: row.progress
        for row in TeamSnapshot.objects.filter(cycle=world.cycle, team=world.product)
    }
    assert (product[1], product[2], product[5]) == (0, Decimal("0.2"), Decimal("0.5"))
    support = TeamSnapshot.objects.get(
        cycle=world.cycle, team=world.extra["support"], day=start + dt.timedelta(days=3)
    )
    assert support.progress == Decimal("0.5")
    # Once: the next run rewrites only today.
    assert write_snapshots.call() < written
    assert TeamSnapshot.objects.filter(team__isnull=True).count() == days + 1


def test_the_headline_is_live_beside_backfilled_days(client_for, history):
    """Beside past days' rows from the value history, the headline is read from the
    objectives themselves."""
    world = history
    snapshots.backfill(world.cycle, snapshots.missing_days(world.cycle, today_for(world.org)))
    page = client_for(world.admin).get(reverse("company"))
    assert "Figures as of" not in page.content.decode()
    summary = page.context["summary"]
    assert summary["total"] == sum(n for _, n in summary["counts"]) == 2


def test_the_line_shows_the_cycle_and_a_line_per_sub_team(client_for, history):
    world = history
    write_snapshots.call()
    trend = client_for(world.admin).get(reverse("company")).context["trend"]
    start = world.cycle.start_date
    assert len(trend["points"]) == 31
    assert trend["points"][3] == [(start + dt.timedelta(days=3)).isoformat(), pytest.approx(35)]
    lines = {line["name"]: line["points"] for line in trend["lines"]}
    assert set(lines) == {"产品部", "Support"}
    assert lines["产品部"][2] == [(start + dt.timedelta(days=2)).isoformat(), pytest.approx(20)]
    assert lines["Support"][-1][1] == pytest.approx(50)


def test_backfilling_makes_the_same_queries_for_5_and_50_people(world):
    def grow(start, stop):
        for i in range(start, stop):
            member = make_member(world.org, f"p{i}@acme.test", f"Person {i}")
            TeamMember.objects.create(team=world.docs, membership=member)
            objective = make_objective(member, world.cycle, f"Objective {i}")
            day = world.cycle.start_date + dt.timedelta(days=i % 20)
            services.check_in(member, objective.key_results.get(), value=i, at=_at(world, day))

    def queries():
        TeamSnapshot.objects.all().delete()
        cycle = Cycle.objects.select_related("organization").get(pk=world.cycle.pk)
        with CaptureQueriesContext(connection) as captured:
            snapshots.backfill(cycle, snapshots.missing_days(cycle, today_for(world.org)))
        return len(captured)

    grow(0, 5)
    small = queries()
    grow(5, 50)
    assert queries() == small
