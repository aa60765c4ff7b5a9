"""The closure tables (team ancestry, manager chain) stay equal to a recomputation from the
parent links after any sequence of writes: team moves and leads, manager changes, departures,
new members, deleted members, the demo, and a bulk rebuild."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mubiao.accounts import services as accounts
from mubiao.okrs.demo import create_demo
from mubiao.orgs import closures, permissions
from mubiao.orgs import services as organizations
from mubiao.orgs.models import ManagerChain, Membership, Team, TeamAncestry

OPERATIONS = (
    "add_team",
    "move_team",
    "set_leads",
    "add_member",
    "set_manager",
    "depart",
    "set_teams",
    "delete_member",
)


class Rollback(Exception):
    """Undo one example's writes (hypothesis runs many examples in one test's database)."""


def assert_closures_right(org) -> None:
    assert closures.stored_rows(org.pk) == closures.expected_rows(org.pk)


def _apply(world, operation: str, a: int, b: int, serial: int) -> None:
    admin = world.admin
    teams = list(Team.objects.filter(organization=world.org).order_by("pk"))
    members = list(Membership.objects.filter(organization=world.org).order_by("pk"))
    others = [m for m in members if m.role == Membership.Role.MEMBER]
    team, member = teams[a % len(teams)], members[a % len(members)]
    parent_team = None if b % 4 == 0 else teams[b % len(teams)]
    manager = None if b % 4 == 0 else members[b % len(members)]

    def leads_of(t):
        return list(
            Membership.objects.filter(team_memberships__team=t, team_memberships__is_lead=True)
        )

    def keep(m, **changes):
        fields = {
            "role": m.role,
            "title": m.title,
            "manager": m.manager,
            "teams": list(m.teams.all()),
            "is_active": m.is_active,
        }
        organizations.update_member(admin, m, **{**fields, **changes})

    if operation == "add_team":
        organizations.save_team(admin, name=f"Team {serial}", parent=parent_team)
    elif operation == "move_team":
        organizations.save_team(
            admin, team, name=team.name, parent=parent_team, leads=leads_of(team)
        )
    elif operation == "set_leads":
        organizations.save_team(admin, team, name=team.name, parent=team.parent, leads=[member])
    elif operation == "add_member":
        accounts.invite_member(
            admin, email=f"p{serial}@closure.test", name=f"P{serial}", manager=manager, teams=[team]
        )
    elif operation == "set_manager":
        keep(member, manager=manager)
    elif operation == "depart" and member.role == Membership.Role.MEMBER:
        keep(member, is_active=False)
    elif operation == "set_teams":
        keep(member, teams=[team, parent_team] if parent_team else [team])
    elif operation == "delete_member" and others:
        others[a % len(others)].delete()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 50), st.integers(0, 50)),
        max_size=12,
    )
)
def test_closures_equal_a_recomputation_after_any_writes(world, steps):
    try:
        with transaction.atomic():
            for serial, (operation, a, b) in enumerate(steps):
                try:
                    with transaction.atomic():
                        _apply(world, operation, a, b, serial)
                except ValidationError:
                    pass  # refused (a loop in a tree): nothing may have changed
                assert_closures_right(world.org)
            raise Rollback
    except Rollback:
        pass


def test_the_permission_sets_read_the_closures(world):
    """Moving a team and changing a manager change who leads what and who reports to whom."""
    assert permissions.led_team_ids(world.lead) == {world.product.pk, world.docs.pk}
    organizations.save_team(world.admin, world.docs, name="Docs", parent=world.extra["support"])
    world.lead._led_team_ids = None
    assert permissions.led_team_ids(world.lead) == {world.product.pk}
    reports = set(permissions.reports_subquery(world.admin).values_list("member_id", flat=True))
    assert reports == {world.lead.pk, world.alice.pk, world.bob.pk}
    organizations.update_member(
        world.admin, world.lead, role="member", manager=None, teams=[world.product]
    )
    assert (
        set(permissions.reports_subquery(world.admin).values_list("member_id", flat=True)) == set()
    )


def test_a_loop_is_refused_and_changes_nothing(world):
    before = closures.stored_rows(world.org.pk)
    with pytest.raises(ValidationError):
        organizations.save_team(world.admin, world.company, name="Company", parent=world.docs)
    with pytest.raises(ValidationError):
        organizations.update_member(world.admin, world.lead, role="member", manager=world.alice)
    assert closures.stored_rows(world.org.pk) == before


@pytest.mark.slow
def test_the_demo_and_a_rebuild(db):
    org = create_demo()
    assert_closures_right(org)
    assert TeamAncestry.objects.filter(team__organization=org).exists()
    TeamAncestry.objects.filter(team__organization=org).delete()
    ManagerChain.objects.filter(member__organization=org).delete()
    closures.rebuild(org.pk)
    assert_closures_right(org)
    create_demo()  # a reset deletes the old organization with its closure rows
    assert not TeamAncestry.objects.filter(team__organization=org).exists()
