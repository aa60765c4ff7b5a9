"""Concurrent moves of teams and managers on PostgreSQL, each thread on its own connection,
started together by a barrier and tried many times: the closures always equal their
recomputation afterwards, no loop is ever made, and a lost race is a clear refusal, never an
error. (SQLite lets one writer in at a time: nothing to race.)"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from mubiao.okrs.transfer import ImportFailed
from mubiao.orgs import closures
from mubiao.orgs import services as organizations
from mubiao.orgs.models import Membership, Team
from mubiao.people.services import import_people
from tests.conftest import make_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"
    ),
]

TRIES = 12
REFUSALS = (ValidationError, ImportFailed)


def race(*jobs) -> list:
    """Run the jobs at the same moment on separate threads; what each returned or refused
    (a refusal: the exception). Anything else fails the test."""
    barrier = threading.Barrier(len(jobs))
    outcomes, errors = [None] * len(jobs), []

    def runner(index, job):
        try:
            barrier.wait()
            outcomes[index] = job()
        except REFUSALS as refusal:
            outcomes[index] = refusal
        except Exception as error:  # surfaced below: a thread must not swallow failures
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return outcomes


def refused(outcomes) -> int:
    return sum(isinstance(outcome, REFUSALS) for outcome in outcomes)


def assert_closures_right(org) -> None:
    assert not any(closures.check(org.pk).values()), closures.check(org.pk)
    assert closures.stored_rows(org.pk) == closures.expected_rows(org.pk)


def move(world, team_id: int, parent_id: int | None):
    def job():
        team = Team.objects.get(pk=team_id)
        parent = Team.objects.get(pk=parent_id) if parent_id else None
        return organizations.save_team(world.admin, team, name=team.name, parent=parent)

    return job


def report(world, member_id: int, manager_id: int | None):
    def job():
        member = Membership.objects.get(pk=member_id)
        manager = Membership.objects.get(pk=manager_id) if manager_id else None
        return organizations.update_member(
            world.admin, member, role=member.role, title=member.title, manager=manager,
            teams=list(member.teams.all()),
        )  # fmt: skip

    return job


def teams(world, *names):
    made = []
    for name in names:
        made.append(organizations.save_team(world.admin, name=name, parent=world.company))
    return [team.pk for team in made]


@pytest.mark.django_db(transaction=True)
def test_two_teams_put_under_each_other_at_once_make_no_loop():
    world = make_world("race")
    a, b = teams(world, "A", "B")
    for _ in range(TRIES):
        outcomes = race(move(world, a, b), move(world, b, a))
        assert refused(outcomes) == 1, outcomes  # the second sees the first's move
        assert_closures_right(world.org)
        move(world, a, world.company.pk)()
        move(world, b, world.company.pk)()


@pytest.mark.django_db(transaction=True)
def test_moves_along_a_chain_at_once_leave_no_former_ancestor():
    # The tester's case: team 3 under 5 ∥ team 5 under 6 left team 3 under 5's old parent.
    world = make_world("race")
    three, four, five, six = teams(world, "Three", "Four", "Five", "Six")
    for _ in range(TRIES):
        move(world, five, four)()
        outcomes = race(move(world, three, five), move(world, five, six))
        assert refused(outcomes) == 0, outcomes
        assert_closures_right(world.org)
        # Nobody above Four (its old parent) sees Three any more.
        assert four not in set(
            closures.TeamAncestry.objects.filter(team_id=three).values_list("ancestor", flat=True)
        )
        move(world, three, world.company.pk)()


@pytest.mark.django_db(transaction=True)
def test_two_people_made_each_others_manager_at_once_make_no_loop():
    world = make_world("race")
    alice, bob = world.alice.pk, world.bob.pk
    for _ in range(TRIES):
        outcomes = race(report(world, alice, bob), report(world, bob, alice))
        assert refused(outcomes) == 1, outcomes
        assert_closures_right(world.org)
        report(world, alice, world.lead.pk)()
        report(world, bob, world.lead.pk)()


@pytest.mark.django_db(transaction=True)
def test_a_people_import_and_a_manager_change_at_once_make_no_loop():
    world = make_world("race")
    alice, bob = world.alice.pk, world.bob.pk
    data = b"email,manager\nbob@race.test,alice@race.test\n"

    def people():
        return import_people(world.admin, file_name="people.csv", data=data)

    for _ in range(TRIES):
        outcomes = race(people, report(world, alice, bob))
        assert refused(outcomes) == 1, outcomes
        assert_closures_right(world.org)
        report(world, alice, world.lead.pk)()
        report(world, bob, world.lead.pk)()
