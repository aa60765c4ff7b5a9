"""The manager ranges (orgs.manager_ranges) and each objective's copy of its owner's number
(okrs.owner_chain) stay true after any sequence of writes through the services (team moves,
manager changes, departures, new and deleted members: test_closures' operations) and of
objectives written directly (owner, state, visibility changed): the ranges imply exactly the
manager chain's pairs, every objective carries its owner's number, and each reader's hidden
objectives (read skipping the range of their reports) are exactly the non-public objectives
the closure-based visibility condition refuses them, for every reader × objective."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import ProtectedError, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mubiao.insights import selectors as insights
from mubiao.okrs import owner_chain
from mubiao.okrs.models import Objective
from mubiao.orgs import closures, manager_ranges, permissions
from mubiao.orgs.models import ManagerRange, Membership, Team
from tests.orgs.test_closures import OPERATIONS, Rollback, _apply

OBJECTIVE_OPERATIONS = ("new_objective", "objective_owner", "objective_state")
VISIBILITIES = ("public", "team", "private")
STATES = ("draft", "active", "archived")


def _write_objective(world, operation: str, a: int, b: int, serial: int) -> None:
    members = list(Membership.objects.filter(organization=world.org).order_by("pk"))
    teams = list(Team.objects.filter(organization=world.org).order_by("pk"))
    objectives = list(Objective.objects.filter(organization=world.org).order_by("pk"))
    if operation == "new_objective" or not objectives:
        Objective.objects.create(
            organization=world.org, cycle=world.cycle, owner_type="person",
            owner_member=members[a % len(members)], team=teams[b % len(teams)],
            title=f"O{serial}", visibility=VISIBILITIES[b % 3], state=STATES[a % 3],
        )  # fmt: skip
    elif operation == "objective_owner":
        objective = objectives[a % len(objectives)]
        objective.owner_member = members[b % len(members)]
        objective.save()
    else:  # a queryset's update, behind the services' back
        Objective.objects.filter(pk=objectives[a % len(objectives)].pk).update(
            state=STATES[b % 3], visibility=VISIBILITIES[a % 3]
        )


def assert_ranges_right(world) -> None:
    assert manager_ranges.differences(world.org.pk) == (0, 0)
    assert owner_chain.wrong_rows(connection, world.org.pk) == 0
    assert not closures.check(world.org.pk)["ranges"]
    ranges = dict(
        ManagerRange.objects.filter(member__organization=world.org).values_list("member_id", "lo")
    )
    everyone = Objective.objects.filter(organization=world.org, cycle=world.cycle)
    not_open = set(everyone.exclude(permissions.open_to_all_q()).values_list("pk", flat=True))
    for reader in Membership.objects.filter(organization=world.org):
        reports = set(permissions.reports_subquery(reader).values_list("member_id", flat=True))
        mine = ManagerRange.objects.filter(member=reader).first()
        in_range = {m for m, lo in ranges.items() if mine and mine.lo < lo <= mine.hi}
        assert in_range == reports, reader
        seen = set(
            everyone.filter(permissions.objective_visibility_q(reader)).values_list("pk", flat=True)
        )
        hidden = set(insights.hidden_objectives(reader, world.cycle, Q()))
        expected = set() if permissions.is_admin(reader) else not_open - seen
        assert hidden == expected, reader


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(OPERATIONS + OBJECTIVE_OPERATIONS),
            st.integers(0, 50),
            st.integers(0, 50),
        ),
        max_size=10,
    )
)
def test_ranges_and_hidden_objectives_equal_the_closures_after_any_writes(world, steps):
    try:
        with transaction.atomic():
            for serial, (operation, a, b) in enumerate(steps):
                try:
                    with transaction.atomic():
                        if operation in OBJECTIVE_OPERATIONS:
                            _write_objective(world, operation, a, b, serial)
                        else:
                            _apply(world, operation, a, b, serial)
                except (ValidationError, ProtectedError):
                    pass  # refused (a loop; a member who owns objectives): nothing changed
            assert_ranges_right(world)
            raise Rollback
    except Rollback:
        pass


@pytest.mark.django_db
def test_the_closures_command_finds_and_repairs_wrong_ranges(world):
    """A range written behind the services' back (its member's objectives follow it by
    trigger) is reported by `mubiao closures --check` and put right by --repair."""
    Objective.objects.create(
        organization=world.org, cycle=world.cycle, owner_type="person", owner_member=world.alice,
        team=world.product, title="Private", visibility="private",
    )  # fmt: skip
    assert_ranges_right(world)
    ManagerRange.objects.filter(member=world.alice).update(lo=10_000, hi=10_000)
    assert manager_ranges.differences(world.org.pk) != (0, 0)
    with pytest.raises(CommandError):
        call_command("closures", "--check")
    call_command("closures", "--repair")
    assert_ranges_right(world)
