"""The subtree name keys (TeamSubtreeMember: each team's active members of its subtree with their
names, the people table's name order read off subtreemember_name_idx) stay equal to their
recomputation from the team tree's parent links, after any sequence of writes, whatever makes
them: the services (renames, invitations, team changes, team moves, deactivations and
reactivations), a row saved whole with a stale key, a queryset's update(), bulk_create and
bulk_update (as the benchmarks' and tests' generators load people), the closure rebuilt or
repaired, deletions; and a load with the triggers off (benchmarks.scale's COPY) is put right by
installing them. The team memberships' own name keys (TeamMember.name_key, h14w), read by
nothing since h14x, are gone with their triggers (orgs 0007)."""

from importlib import import_module

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mubiao.accounts import services as accounts
from mubiao.accounts.models import User
from mubiao.orgs import closures, subtree_keys
from mubiao.orgs import services as organizations
from mubiao.orgs.models import Membership, Team, TeamAncestry, TeamMember, TeamSubtreeMember
from tests.conftest import trigger_names

OPERATIONS = (
    "rename",
    "rename_by_update",
    "rename_by_save",
    "rename_in_bulk",
    "invite",
    "set_teams",
    "move_row",
    "switch_user",
    "stale_key_saved",
    "remove",
    "delete_member",
    "bulk_create",
    "move_team",
    "move_team_by_save",
    "move_team_by_update_then_repair",
    "rebuild_closure",
    "new_team",
    "delete_team",
    "deactivate",
    "reactivate",
    "toggle_active_by_update",
    "lead_changed",
)
pytestmark = pytest.mark.django_db

NAMES = ["", "bob", "Bob", "张三", "Zoë", "alice", "李四", "bob "]


class Rollback(Exception):
    """Undo one example's writes (hypothesis runs many examples in one test's database)."""


def assert_keys_right(org) -> None:
    assert subtree_keys.stored_rows(org.pk) == subtree_keys.expected_rows(org.pk)


def _outside(team: Team, teams: list[Team]) -> list[Team]:
    """The teams `team` may be moved under: not itself nor one of its sub-teams."""
    below = set(TeamAncestry.objects.filter(ancestor=team).values_list("team_id", flat=True))
    return [t for t in teams if t.pk not in below]


def _refused(write) -> None:
    """Run `write` in a savepoint; a refusal (a loop, a last owner, a protected row) undoes it."""
    try:
        with transaction.atomic():
            write()
    except (ValidationError, ProtectedError, IntegrityError):
        pass


def _apply(world, operation: str, a: int, b: int, serial: int) -> None:
    admin = world.admin
    teams = list(Team.objects.filter(organization=world.org).order_by("pk"))
    members = list(Membership.objects.filter(organization=world.org).order_by("pk"))
    rows = list(TeamMember.objects.filter(team__organization=world.org).order_by("pk"))
    team, member = teams[a % len(teams)], members[a % len(members)]
    both = list(dict.fromkeys([team, teams[b % len(teams)]]))
    name = f"{NAMES[b % len(NAMES)]}{serial}" if b % 3 else NAMES[b % len(NAMES)]
    if operation == "rename":
        user = member.user
        accounts.update_preferences(user, name=name, language=user.language, timezone="")
    elif operation == "rename_by_update":
        User.objects.filter(pk=member.user_id).update(name=name)
    elif operation == "rename_by_save":
        user = User.objects.get(pk=member.user_id)
        user.name = name
        user.save()
    elif operation == "rename_in_bulk":
        users = [m.user for m in members[a % len(members) :][:3]]
        for i, user in enumerate(users):
            user.name = f"{name}{i}"
        User.objects.bulk_update(users, ["name"])
    elif operation == "invite":
        accounts.invite_member(admin, email=f"p{serial}@keys.test", name=name, teams=both)
    elif operation == "set_teams":
        organizations.update_member(
            admin, member, role=member.role, title=member.title, manager=member.manager,
            teams=both, is_active=member.is_active,
        )  # fmt: skip
    elif operation == "move_row" and rows:
        row = rows[a % len(rows)]
        try:
            with transaction.atomic():
                TeamMember.objects.filter(pk=row.pk).update(
                    team=teams[b % len(teams)], membership=members[b % len(members)]
                )
        except IntegrityError:
            pass  # already in that team
    elif operation == "switch_user":
        user = User.objects.create(username=f"s{serial}", email=f"s{serial}@keys.test", name=name)
        Membership.objects.filter(pk=member.pk).update(user=user)
    elif operation == "stale_key_saved" and rows:
        # Read before a rename, saved whole after it (a team form's is_lead change).
        row = TeamMember.objects.get(pk=rows[a % len(rows)].pk)
        User.objects.filter(pk=row.membership.user_id).update(name=name)
        row.is_lead = not row.is_lead
        row.save()
    elif operation == "remove" and rows:
        rows[a % len(rows)].delete()
    elif operation == "delete_member" and member.role == Membership.Role.MEMBER:
        member.delete()
    elif operation == "bulk_create":
        # As benchmarks/import_10k.py and the tests' generators load people.
        users = User.objects.bulk_create(
            User(username=f"b{serial}-{i}", email=f"b{serial}-{i}@keys.test", name=f"{name}{i}")
            for i in range(3)
        )
        people = Membership.objects.bulk_create(
            Membership(organization=world.org, user=user) for user in users
        )
        TeamMember.objects.bulk_create(
            TeamMember(team=teams[(a + i) % len(teams)], membership=person)
            for i, person in enumerate(people)
        )
    elif operation == "move_team":
        parents = [None, *_outside(team, teams)]
        leads = [r.membership for r in team.team_members.filter(is_lead=True)]
        _refused(
            lambda: organizations.save_team(
                admin, team, name=team.name, parent=parents[b % len(parents)], leads=leads
            )
        )
    elif operation == "move_team_by_save":
        # A team saved with a new parent outside the services (the closure's signal places it).
        parents = [None, *_outside(team, teams)]
        team.parent = parents[b % len(parents)]
        team.save()
    elif operation == "move_team_by_update_then_repair":
        # update() sends no signal: the closure is stale until the repair rebuilds it.
        parents = [None, *_outside(team, teams)]
        Team.objects.filter(pk=team.pk).update(parent=parents[b % len(parents)])
        closures.repair(world.org.pk)
    elif operation == "rebuild_closure":
        closures.rebuild(world.org.pk)
    elif operation == "new_team":
        made = Team.objects.create(
            organization=world.org, name=f"T{serial}", slug=f"t{serial}",
            parent=teams[b % len(teams)],
        )  # fmt: skip
        TeamMember.objects.create(team=made, membership=member)
    elif operation == "delete_team" and len(teams) > 1:
        # One team is kept: every other write picks its teams among the organization's.
        _refused(lambda: team.delete())
    elif operation in ("deactivate", "reactivate"):
        wanted = [r.team for r in member.team_memberships.select_related("team")]

        def update():
            organizations.update_member(
                admin, member, role=member.role, title=member.title, manager=member.manager,
                teams=wanted, is_active=operation == "reactivate",
            )  # fmt: skip

        _refused(update)
    elif operation == "toggle_active_by_update":
        # As a directory sync's departures and returns write them, in bulk.
        Membership.objects.filter(pk__in=[m.pk for m in members[a % len(members) :][:2]]).update(
            is_active=bool(b % 2)
        )
    elif operation == "lead_changed" and rows:
        TeamMember.objects.filter(pk=rows[a % len(rows)].pk).update(is_lead=bool(b % 2))


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
def test_name_keys_equal_the_names_after_any_writes(world, steps):
    assert_keys_right(world.org)
    try:
        with transaction.atomic():
            for serial, (operation, a, b) in enumerate(steps):
                _apply(world, operation, a, b, serial)
                assert_keys_right(world.org)
            raise Rollback
    except Rollback:
        pass


def test_every_write_at_least_once(world):
    """Each operation once, in turn, each on rows there are (whatever hypothesis draws)."""
    for serial, operation in enumerate(OPERATIONS * 2):
        _apply(world, operation, serial * 7 + 1, serial * 5 + 2, serial)
        assert_keys_right(world.org)
    assert TeamSubtreeMember.objects.exists()


def test_a_moved_department_takes_its_members_along(world):
    """Docs (bob) moved from 产品部 to Support: bob is in Support's and Company's range and no
    longer in 产品部's; deactivated, in no range; back, in Docs' and its ancestors' again."""

    def under(team) -> set:
        return set(
            TeamSubtreeMember.objects.filter(ancestor=team).values_list("membership_id", flat=True)
        )

    bob = world.bob.pk
    assert bob in under(world.product)
    organizations.save_team(world.admin, world.docs, name="Docs", parent=world.extra["support"])
    assert bob not in under(world.product)
    assert bob in under(world.extra["support"]) and bob in under(world.docs)
    Membership.objects.filter(pk=bob).update(is_active=False)
    assert not TeamSubtreeMember.objects.filter(membership_id=bob).exists()
    Membership.objects.filter(pk=bob).update(is_active=True)
    assert {world.docs.pk, world.extra["support"].pk} <= {
        pk for pk in Team.objects.values_list("pk", flat=True) if bob in under(pk)
    }
    assert_keys_right(world.org)


def test_members_written_before_their_person_or_membership(world):
    """A bulk load with deferred foreign keys may write a team membership before its
    membership, and a membership before its user: the key is right once all are there."""
    with transaction.atomic():
        next_user = (User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 9
        next_member = (
            Membership.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 9
        TeamMember.objects.create(team=world.docs, membership_id=next_member)
        Membership.objects.create(pk=next_member, organization=world.org, user_id=next_user)
        User.objects.create(pk=next_user, username="late", email="late@keys.test", name="Late")
        assert_keys_right(world.org)
        row = TeamSubtreeMember.objects.get(ancestor=world.docs, membership_id=next_member)
        assert row.name_key == "Late"


def test_the_triggers_exist_after_every_migration():
    """SQLite drops a table's triggers when a migration remakes it; the team memberships' own
    name keys' triggers (orgs 0005) are gone with their column (orgs 0007)."""
    names = trigger_names()
    assert {name for names in subtree_keys.TRIGGERS.values() for name in names} <= names
    gone = import_module("mubiao.orgs.migrations.0005_team_member_name_key").TRIGGERS
    assert not {name for names in gone.values() for name in names} & names


def test_installing_repairs_keys_written_with_the_triggers_off(world):
    subtree_keys.drop_triggers(connection)
    try:
        User.objects.filter(pk=world.alice.user_id).update(name="Alicia")
        TeamMember.objects.create(team=world.docs, membership=world.admin)
        Membership.objects.filter(pk=world.bob.pk).update(is_active=False)
        Team.objects.filter(pk=world.docs.pk).update(parent=world.extra["support"])
        closures.rebuild(world.org.pk)
        TeamSubtreeMember.objects.create(ancestor=world.docs, membership=world.outsider)
        assert subtree_keys.stored_rows(world.org.pk) != subtree_keys.expected_rows(world.org.pk)
    finally:
        subtree_keys.install_triggers(connection)
    assert_keys_right(world.org)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY, on PostgreSQL")
def test_the_benchmarks_generated_organization_has_its_keys(analyze):
    """benchmarks.scale loads people by COPY with the triggers off, then installs them."""
    from benchmarks import scale

    analyze("orgs_teammember")  # the generator ANALYZEs: the planner's sizes are put back
    org = scale._generate("keys", 100)
    subtrees = subtree_keys.stored_rows(org.pk)
    assert len(subtrees) > 100
    assert subtrees == subtree_keys.expected_rows(org.pk)
