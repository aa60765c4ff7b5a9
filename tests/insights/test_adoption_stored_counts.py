"""Adoption's headline and team rows for an admin and a CEO (the lead of the whole tree) are
added up from the counts kept with the hourly snapshot (insights.TeamAdoption), not from one
row per person (issue 14/12, h14c): they equal a recomputation from the rows, as of the
snapshot's time, for any number of days, after today's check-ins and a person moving team
today."""

import dataclasses
import datetime as dt

import pytest
from django.urls import reverse

from mubiao.insights import adoption, snapshots
from mubiao.insights.models import PersonFreshness
from mubiao.insights.tasks import write_snapshots
from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.orgs.models import Membership, Team, TeamMember
from tests.api.conftest import Api
from tests.conftest import make_member, make_objective
from tests.insights.test_adoption_counts import generate

pytestmark = pytest.mark.django_db

DAYS = (1, 3, 4, 7, 20, 21, 366)


def _recounted(world, members: set[int], since) -> dict:
    """The headline of `members`, from the objectives and key results (an admin's view)."""
    live = Objective.objects.filter(cycle=world.cycle).exclude(state="archived")
    leads: dict[int, set[int]] = {}
    for tm in TeamMember.objects.filter(is_lead=True):
        leads.setdefault(tm.membership_id, set()).add(tm.team_id)
    grading = world.cycle.state == Cycle.State.GRADING
    counts = dict.fromkeys(("people", "with_okrs", "checked_in", "ungraded"), 0)
    for pk in members:
        okrs = [o for o in live if o.owner_member_id == pk or o.owner_team_id in leads.get(pk, ())]
        times = [
            kr.last_check_in_at
            for kr in KeyResult.objects.filter(objective__in=okrs, state="active")
            if kr.last_check_in_at
        ]
        counts["people"] += 1
        counts["with_okrs"] += bool(okrs)
        counts["checked_in"] += bool(okrs) and bool(times) and max(times) >= since
        counts["ungraded"] += grading and any(o.score is None for o in okrs)
    return counts


def _active(world) -> set[int]:
    return set(
        Membership.objects.filter(organization=world.org, is_active=True).values_list(
            "pk", flat=True
        )
    )


@pytest.mark.parametrize("grading", [False, True])
def test_stored_counts_equal_a_recount_after_todays_changes(client_for, world, grading):
    generate(world, 2)
    ceo = make_member(world.org, "ceo@acme.test", "Cleo CEO")
    TeamMember.objects.create(team=world.company, membership=ceo, is_lead=True)
    write_snapshots.call()
    # Today: a silent person checks in, and another moves from one team to another.
    silent = Objective.objects.filter(cycle=world.cycle, owner_member__isnull=False).first()
    services.check_in(silent.owner_member, silent.key_results.get(), value=55)
    mover = TeamMember.objects.filter(team__slug="t1", is_lead=False).first()
    TeamMember.objects.filter(pk=mover.pk).update(team=Team.objects.get(slug="t2"))
    if grading:
        Cycle.objects.filter(pk=world.cycle.pk).update(state=Cycle.State.GRADING)
        world.cycle.refresh_from_db()
    write_snapshots.call()
    written = PersonFreshness.objects.filter(cycle=world.cycle).first().written_at
    under_company = set(
        TeamMember.objects.filter(team__is_archived=False).values_list("membership_id", flat=True)
    ) & _active(world)
    teams = list(Team.objects.filter(organization=world.org, is_archived=False).order_by("name"))
    for reader, scope in ((world.admin, _active(world)), (ceo, under_company)):
        for days in DAYS:
            reading = adoption.read(reader, world.cycle, days)
            assert reading.counted_by is not None and reading.as_of == written
            since = written - dt.timedelta(days=days)
            assert adoption.totals(reading) == _recounted(world, scope, since), (reader, days)
            for row in adoption.team_rows(reader, reading, teams):
                members = set(
                    TeamMember.objects.filter(team=row["team"]).values_list(
                        "membership_id", flat=True
                    )
                ) & _active(world)
                want = _recounted(world, members, since)
                got = {key: row[key] for key in want}
                assert got == want, (reader, days, row["team"].slug)
    # The moved person is counted in their new team only, on the page and in the API.
    rows = {
        r["team"].slug: r
        for r in client_for(world.admin).get(reverse("adoption")).context["team_rows"]
    }
    assert rows["t1"]["people"] == 4 - 1 and rows["t2"]["people"] == 4 + 1
    api = {
        t["slug"]: t
        for t in Api(world.admin).get("/adoption/teams", {"limit": 100}).json()["items"]
    }
    assert (api["t1"]["people"], api["t2"]["people"]) == (3, 5)


def test_the_day_boundary_is_exact(world):
    """A check-in exactly N days before the snapshot counts as within N days; a moment
    earlier does not (the stored whole days are rounded up)."""
    objective = make_objective(world.alice, world.cycle, "Edge")
    write_snapshots.call()
    written = PersonFreshness.objects.filter(cycle=world.cycle).first().written_at
    kr = objective.key_results.get()
    for at, within in ((written - dt.timedelta(days=3), True),
                       (written - dt.timedelta(days=3, microseconds=1), False)):  # fmt: skip
        KeyResult.objects.filter(pk=kr.pk).update(last_check_in_at=at)
        # The snapshot rewritten as of the same time.
        snapshots._write_freshness(world.cycle, written)
        snapshots._write_adoption(world.cycle, written)
        reading = adoption.read(world.admin, world.cycle, 3)
        assert reading.counted_by is not None
        per_person = dataclasses.replace(reading, counted_by=None)
        assert adoption.totals(reading)["checked_in"] == int(within)
        assert adoption.totals(per_person)["checked_in"] == int(within)
