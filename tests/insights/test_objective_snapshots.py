"""Per-objective daily snapshots: one row per live objective and day, written by the worker
from the objectives as they are, past days replayed from the check-in history; every figure
recomputed here by hand or from the rows, never from the insights code."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mubiao.insights import snapshots
from mubiao.insights.models import ObjectiveSnapshot, TeamSnapshot
from mubiao.insights.tasks import write_snapshots
from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.orgs.models import TeamMember
from mubiao.orgs.rules import today_for
from tests.api.conftest import Api
from tests.conftest import make_member, make_objective

pytestmark = pytest.mark.django_db


def _at(world, day, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(world.org.time_zone))


def test_todays_row_of_every_live_objective_is_the_objective_now(world):
    two = make_objective(world.alice, world.cycle, "Two key results", krs=2)
    first, second = two.key_results.order_by("position", "id")
    services.check_in(world.alice, first, value=40, confidence=8)
    services.check_in(world.alice, second, value=10, confidence=5)
    none_given = make_objective(world.bob, world.cycle, "No confidence")
    services.check_in(world.bob, none_given.key_results.get(), value=30)
    secret = make_objective(world.bob, world.cycle, "Secret", visibility="private")
    services.check_in(world.bob, secret.key_results.get(), value=100, confidence=10)
    gone = make_objective(world.alice, world.cycle, "Archived")
    services.archive_objective(world.alice, gone)
    write_snapshots.call()
    day = today_for(world.org)
    rows = {r.objective_id: r for r in ObjectiveSnapshot.objects.filter(day=day)}
    live = Objective.objects.filter(cycle=world.cycle).exclude(state="archived")
    assert set(rows) == {o.pk for o in live}  # private ones too: figures are kept whole
    for objective in live:
        row = rows[objective.pk]
        assert (row.progress, row.status, row.score) == (
            objective.progress,
            objective.status,
            objective.score,
        )
        assert row.cycle_id == world.cycle.pk and row.organization_id == world.org.pk
    assert rows[two.pk].confidence == Decimal("6.5")  # (8 + 5) / 2: latest per KR, mean
    assert rows[none_given.pk].confidence is None
    assert rows[secret.pk].progress == 1 and rows[secret.pk].status == "done"
    # The worker runs hourly: the day's rows are replaced, never added.
    services.check_in(world.bob, none_given.key_results.get(), value=60, confidence=3)
    write_snapshots.call()
    assert ObjectiveSnapshot.objects.filter(day=day).count() == len(rows)
    row = ObjectiveSnapshot.objects.get(objective=none_given, day=day)
    assert (row.progress, row.confidence) == (Decimal("0.6"), Decimal(3))


def test_past_days_are_replayed_from_the_check_ins(world):
    """A (one key result 0 → 100) at 20% with confidence 7 on day 2, 50% with no confidence
    on day 5 (the 7 stays: latest given); B (two key results) has its first done on day 3
    with confidence 9 (B at 50%). The cycle is 90 days long, 30 of them past."""
    start = world.cycle.start_date
    a = make_objective(world.alice, world.cycle, "A")
    b = make_objective(world.outsider, world.cycle, "B", krs=2)
    a_kr = a.key_results.get()
    b_first = b.key_results.order_by("position", "id").first()
    # Both existed from the cycle's first day: a key result is judged by pace only from the
    # day it was created (h9s2), and these replay the cycle's past.
    KeyResult.objects.filter(objective__in=[a, b]).update(created_at=_at(world, start))
    day = {n: _at(world, start + dt.timedelta(days=n)) for n in (2, 3)}
    services.check_in(world.alice, a_kr, value=20, confidence=7, at=day[2])
    services.check_in(world.outsider, b_first, value=100, confidence=9, at=day[3])
    services.check_in(world.alice, a_kr, value=50, at=_at(world, start + dt.timedelta(days=5), 23))
    write_snapshots.call()
    today = today_for(world.org)
    assert (today - start).days == 30
    line = {
        (r.objective_id, (r.day - start).days): r
        for r in ObjectiveSnapshot.objects.filter(cycle=world.cycle)
    }
    assert len(line) == 2 * 31  # every day of both, today's from the worker
    expected = {
        (a.pk, 0): ("0", "not_started", None),
        (a.pk, 2): ("0.2", "on_track", "7"),
        (a.pk, 4): ("0.2", "on_track", "7"),
        (a.pk, 5): ("0.5", "on_track", "7"),
        (b.pk, 2): ("0", "not_started", None),
        # The worst status of B's started key results: one done, the untouched one has not
        # started yet, so B is under way (h9z2: it read "not started" at 50 %)...
        (b.pk, 3): ("0.5", "on_track", "9"),
        # ...then at risk once 10% of the cycle is gone, off track when 0% is 30 points behind.
        (b.pk, 9): ("0.5", "at_risk", "9"),
        (b.pk, 29): ("0.5", "off_track", "9"),
    }
    for key, (progress, status, confidence) in expected.items():
        row = line[key]
        assert (row.progress, row.status) == (Decimal(progress), status), key
        assert row.confidence == (None if confidence is None else Decimal(confidence)), key
    a.refresh_from_db()
    assert (line[(a.pk, 30)].progress, line[(a.pk, 30)].status) == (a.progress, a.status)


def test_backfilled_objective_rows_take_the_same_queries_for_5_and_50_people(world):
    def grow(start, stop):
        for i in range(start, stop):
            member = make_member(world.org, f"p{i}@acme.test", f"Person {i}")
            TeamMember.objects.create(team=world.docs, membership=member)
            objective = make_objective(member, world.cycle, f"Objective {i}")
            day = world.cycle.start_date + dt.timedelta(days=i % 20)
            services.check_in(member, objective.key_results.get(), value=i, at=_at(world, day))

    def queries():
        ObjectiveSnapshot.objects.all().delete()
        TeamSnapshot.objects.all().delete()
        cycle = Cycle.objects.select_related("organization").get(pk=world.cycle.pk)
        with CaptureQueriesContext(connection) as captured:
            snapshots.backfill(cycle, snapshots.missing_days(cycle, today_for(world.org)))
            snapshots.write_day(cycle, today_for(world.org))
        return len(captured)

    grow(0, 5)
    small = queries()
    grow(5, 50)
    assert queries() == small
    assert ObjectiveSnapshot.objects.count() == 50 * 31
    assert KeyResult.objects.filter(objective__cycle=world.cycle).count() == 50


@pytest.mark.parametrize(("source", "share"), [("mix", 50), ("mix", 30), ("aligned", 50)])
def test_past_days_roll_up_like_today_so_the_line_never_jumps(client_for, world, source, share):
    """A parent taking progress from a mix (or from aligned objectives only) and its aligned
    child, checked in two days ago and not since: yesterday's replayed rows (the objective's
    and its team's) equal today's live figures; the drawn line is flat."""
    parent = make_objective(world.lead, world.cycle, "Parent", owner_type="team",
                            owner_team=world.product)  # fmt: skip
    child = make_objective(world.alice, world.cycle, "Child")
    services.align_objective(world.alice, child, parent_objective=parent)
    response = Api(world.lead).patch(
        f"/objectives/{parent.pk}", {"progress_source": source, "aligned_share": share}
    )
    assert response.status_code == 200, response.content
    then = timezone.now() - dt.timedelta(days=2)
    services.check_in(world.lead, parent.key_results.get(), value=20, at=then)
    services.check_in(world.alice, child.key_results.get(), value=80, at=then)
    parent.refresh_from_db()
    today = today_for(world.org)
    yesterday = today - dt.timedelta(days=1)
    snapshots.backfill(world.cycle, [yesterday])
    past = ObjectiveSnapshot.objects.get(objective=parent, day=yesterday)
    assert past.progress == parent.progress
    team_past = TeamSnapshot.objects.get(cycle=world.cycle, team=world.product, day=yesterday)
    trend = client_for(world.admin).get(reverse("team", args=[world.product.slug])).context["trend"]
    points = dict(trend["points"])
    assert points[yesterday.isoformat()] == points[today.isoformat()]
    assert team_past.progress * 100 == Decimal(str(points[today.isoformat()]))
    # Its status that day is the rollup's too (the aligned part by pace), as the worker's
    # refresh on that day stores it: not the status of its own key results alone.
    services.refresh_cycle(world.cycle, today=yesterday)
    parent.refresh_from_db()
    assert past.status == parent.status
