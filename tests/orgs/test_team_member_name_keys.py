"""Each team membership's name key (TeamMember.name_key, the people table's name order read off
teammember_name_idx) stays equal to its person's name after any sequence of writes, whatever
makes them: the services (renames, invitations, team changes, departures), a row saved whole
with a stale key, a queryset's update(), bulk_create and bulk_update (as the benchmarks' and
tests' generators load people), deletions; and a load with the triggers off (benchmarks.scale's
COPY) is put right by installing them."""

import pytest
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mubiao.accounts import services as accounts
from mubiao.accounts.models import User
from mubiao.orgs import name_keys
from mubiao.orgs import services as organizations
from mubiao.orgs.models import Membership, Team, TeamMember
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
    "key_updated",
    "remove",
    "delete_member",
    "bulk_create",
)
pytestmark = pytest.mark.django_db

NAMES = ["", "bob", "Bob", "张三", "Zoë", "alice", "李四", "bob "]


class Rollback(Exception):
    """Undo one example's writes (hypothesis runs many examples in one test's database)."""


def assert_keys_right(org) -> None:
    stored = name_keys.stored_keys(org.pk)
    assert stored == name_keys.expected_keys(org.pk)


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
    elif operation == "key_updated" and rows:
        TeamMember.objects.filter(pk=rows[a % len(rows)].pk).update(name_key="wrong")
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


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 50), st.integers(0, 50)),
        max_size=10,
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
        assert TeamMember.objects.get(membership_id=next_member).name_key == "Late"


def test_the_triggers_exist_after_every_migration():
    """SQLite drops a table's triggers when a migration remakes it."""
    assert {name for names in name_keys.TRIGGERS.values() for name in names} <= trigger_names()


def test_installing_repairs_keys_written_with_the_triggers_off(world):
    name_keys.drop_triggers(connection)
    try:
        TeamMember.objects.update(name_key="")
        User.objects.filter(pk=world.alice.user_id).update(name="Alicia")
        TeamMember.objects.create(team=world.docs, membership=world.admin)
        assert name_keys.stored_keys(world.org.pk) != name_keys.expected_keys(world.org.pk)
    finally:
        name_keys.install_triggers(connection)
    assert_keys_right(world.org)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY, on PostgreSQL")
def test_the_benchmarks_generated_organization_has_its_keys(analyze):
    """benchmarks.scale loads people by COPY with the triggers off, then installs them."""
    from benchmarks import scale

    analyze("orgs_teammember")  # the generator ANALYZEs: the planner's sizes are put back
    org = scale._generate("keys", 100)
    stored = name_keys.stored_keys(org.pk)
    assert len(stored) == 100
    assert stored == name_keys.expected_keys(org.pk)
