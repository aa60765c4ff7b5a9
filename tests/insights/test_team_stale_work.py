"""A team page's "not updated" list reads its candidates per team of its subtree, not each
member's row (issue 14, h14u): each stream probed every member of the department for their
membership and snapshot row (a 2,000-person department at 100,000 people: 10,413–20,805
buffers a stream). The "not updated" figures are now kept per team member
(insights.TeamMemberFreshness: written with the snapshot, kept to the team memberships by
triggers) and each subtree team's silent entries are read off its index. Measured in the
buffers PostgreSQL touched, with the tables' sizes pinned at 100,000 people's
(tests/insights/test_team_check_ins_work._pinned; never ANALYZE). The kept rows equal a
recomputation after every kind of write to the team memberships, on both databases."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mubiao.accounts.models import User
from mubiao.insights import selectors as insights
from mubiao.insights import snapshots
from mubiao.insights.models import PersonFreshness, TeamMemberFreshness
from mubiao.orgs import services as org_services
from mubiao.orgs.models import Membership, Team, TeamMember
from mubiao.orgs.rules import today_for
from mubiao.people.services import import_people
from tests.conftest import make_member, make_objective, trigger_names
from tests.insights.test_stale_people import checked
from tests.insights.test_team_check_ins_work import _pinned
from tests.insights.test_visible_lines_from_team_rows import _buffers

pytestmark = pytest.mark.django_db

COLUMNS = (
    "cycle_id", "team_id", "membership_id", "last_public_check_in_at", "public_key_results",
    "last_check_in_at", "key_results", "foreign_key_results",
)  # fmt: skip


def _kept(cycle) -> list[tuple]:
    return sorted(TeamMemberFreshness.objects.filter(cycle=cycle).values_list(*COLUMNS))


def _recomputed(cycle) -> list[tuple]:
    """PersonFreshness's row of each person under each of their teams, from first
    principles."""
    rows = []
    for person in PersonFreshness.objects.filter(cycle=cycle):
        for team_id in TeamMember.objects.filter(membership_id=person.membership_id).values_list(
            "team_id", flat=True
        ):
            rows.append(
                tuple(
                    team_id if column == "team_id" else getattr(person, column)
                    for column in COLUMNS
                )
            )
    return sorted(rows)


@pytest.fixture
def silent(world):
    """Bob silent on a public key result for 10 days, Alice never on a private one, the lead
    on a team-visible one: the snapshot written."""
    checked(make_objective(world.bob, world.cycle, "Docs"), 10)
    checked(make_objective(world.alice, world.cycle, "Secret", visibility="private"), None)
    checked(make_objective(world.lead, world.cycle, "Lead's own", visibility="team"), 9)
    checked(make_objective(world.outsider, world.cycle, "Support"), 12)
    snapshots.write_day(world.cycle, today_for(world.org))


def test_the_kept_rows_follow_every_write_to_the_team_memberships(world, silent):
    assert _kept(world.cycle) == _recomputed(world.cycle) != []
    # A person joins a team (the member form), leaves one, is moved, a team goes.
    org_services.update_member(
        world.admin, world.bob, role="member", title="", manager=world.lead, is_active=True,
        teams=[world.docs, world.extra["support"]],
    )  # fmt: skip
    assert _kept(world.cycle) == _recomputed(world.cycle)
    assert (world.extra["support"].pk, world.bob.pk) in {
        (team, person) for _, team, person, *_ in _kept(world.cycle)
    }
    # The people import (the directory sync writes the same way): Bob's teams replaced.
    import_people(
        world.admin,
        file_name="people.csv",
        data="姓名,邮箱,团队,上级邮箱,角色\nBob,bob@acme.test,Support,lead@acme.test,成员\n".encode(),
    )
    assert {t for _, t, p, *_ in _kept(world.cycle) if p == world.bob.pk} == {
        world.extra["support"].pk
    }
    assert _kept(world.cycle) == _recomputed(world.cycle)
    TeamMember.objects.filter(membership=world.alice).update(team=world.docs)
    assert _kept(world.cycle) == _recomputed(world.cycle)
    TeamMember.objects.filter(membership=world.alice).delete()
    assert _kept(world.cycle) == _recomputed(world.cycle)
    world.docs.delete()
    assert _kept(world.cycle) == _recomputed(world.cycle)
    # The next snapshot writes them again from the new figures.
    checked(make_objective(world.alice, world.cycle, "Plan"), 1)
    snapshots.write_day(world.cycle, today_for(world.org))
    assert _kept(world.cycle) == _recomputed(world.cycle)
    # A person who joins before any snapshot of theirs has no row (as in PersonFreshness).
    newcomer = make_member(world.org, "new@acme.test", "New")
    TeamMember.objects.create(team=world.product, membership=newcomer)
    assert _kept(world.cycle) == _recomputed(world.cycle)


def test_the_triggers_exist_after_every_migration():
    assert set(snapshots.MEMBER_TRIGGERS) <= trigger_names()


def test_the_install_rewrites_the_rows(world, silent):
    TeamMemberFreshness.objects.all().delete()
    snapshots.install_member_triggers(connection)
    assert _kept(world.cycle) == _recomputed(world.cycle) != []
    TeamMember.objects.create(team=world.extra["support"], membership=world.alice)
    assert _kept(world.cycle) == _recomputed(world.cycle)


def _more_people(world, team, count: int, last, tag: str) -> None:
    """`count` more members of `team` owning public key results last checked in at `last`,
    with their snapshot rows (as the worker writes them)."""
    users = User.objects.bulk_create(
        User(username=f"{tag}{i}", email=f"{tag}{i}@acme.test", name=f"{tag} {i}")
        for i in range(count)
    )
    people = Membership.objects.bulk_create(
        Membership(organization=world.org, user=user) for user in users
    )
    PersonFreshness.objects.bulk_create(
        PersonFreshness(
            organization=world.org, cycle=world.cycle, membership=person,
            written_at=timezone.now(), public_key_results=3, last_public_check_in_at=last,
            key_results=3, last_check_in_at=last,
        )
        for person in people
    )  # fmt: skip
    TeamMember.objects.bulk_create(TeamMember(team=team, membership=p) for p in people)


def _listed(actor, world) -> list:
    return [(p.pk, p.last) for p in insights.stale_people(actor, world.cycle, world.product)]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL buffers")
@pytest.mark.parametrize("role", ["lead", "alice"])
def test_a_teams_candidates_do_not_grow_with_its_members_up_to_date_nor_other_teams(
    world, silent, role
):
    actor = getattr(world, role)

    def work() -> int:
        _pinned(
            {
                "insights_teammemberfreshness": 110_000,
                "insights_personfreshness": 100_000,
                "orgs_membership": 100_000,
                "orgs_teammember": 100_000,
                "orgs_managerchain": 500_000,
                "orgs_teamancestry": 60_000,
            }
        )
        # The candidates' statements (the streams'); the key results they read are the
        # candidates' own.
        return _buffers(lambda: _listed(actor, world), only=lambda sql: "freshness" in sql)

    listed = _listed(actor, world)
    before = work()
    yesterday = timezone.now() - dt.timedelta(days=1)
    # 600 more members of the department, up to date; 300 other teams of 3 silent people.
    _more_people(world, world.docs, 600, yesterday, "docs")
    others = Team.objects.bulk_create(
        Team(organization=world.org, name=f"Other {i}", slug=f"other-{i}",
             parent=world.extra["support"])
        for i in range(300)
    )  # fmt: skip
    for team in others:
        _more_people(world, team, 3, yesterday - dt.timedelta(days=20), f"t{team.pk}-")
    after = work()
    print(f"{role}: the candidates read {before} buffers, then with 600 + 900 more: {after}")
    assert after <= before + 20, (before, after)
    assert _listed(actor, world) == listed


def _queries(actor, cycle, team) -> int:
    with CaptureQueriesContext(connection) as captured:
        insights.stale_people(actor, cycle, team)
    return len(captured)


def test_a_teams_list_makes_as_many_queries_for_10_and_1000_members(world, silent):
    few = {role: _queries(getattr(world, role), world.cycle, world.product) for role in
           ("admin", "lead", "alice")}  # fmt: skip
    # 990 members up to date and 10 silent on real key results (snapshot rows with no key
    # results behind them would all be candidates found up to date: the live fallback).
    _more_people(world, world.docs, 990, timezone.now() - dt.timedelta(days=1), "fresh")
    for i in range(10):
        person = make_member(world.org, f"old{i}@acme.test", f"Old {i}", manager=world.lead)
        TeamMember.objects.create(team=world.docs, membership=person)
        checked(make_objective(person, world.cycle, "Public"), 20 + i)
    snapshots.write_day(world.cycle, today_for(world.org))
    assert len(insights.stale_people(world.lead, world.cycle, world.product)) >= 10
    many = {role: _queries(getattr(world, role), world.cycle, world.product) for role in
            ("admin", "lead", "alice")}  # fmt: skip
    assert few == many
