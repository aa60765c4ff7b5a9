"""A digest costs the same number of queries for a team of 3 as for one of 30, and two
workers running the same pass at the same moment send each reminder once."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mubiao.notify import compose, selectors, services
from mubiao.notify.models import Delivery, NextDue, Notification
from mubiao.okrs import services as okrs
from mubiao.orgs import permissions
from mubiao.orgs.models import TeamMember
from tests.conftest import make_member, make_objective, make_world


def _grow(world, people: int):
    for i in range(people):
        member = make_member(world.org, f"p{i}-{people}@acme.test", f"Person {i}",
                             manager=world.lead)  # fmt: skip
        TeamMember.objects.create(team=world.product, membership=member)
        kr = make_objective(member, world.cycle, f"Objective {i}", krs=2,
                            team=world.product).key_results.first()  # fmt: skip
        okrs.check_in(member, kr, value=i + 1, note=f"note {i}")


def _digest_queries(world) -> int:
    now = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        data = selectors.digest(
            world.lead, now, 7, team_ids=permissions.led_teams_subquery(world.lead)
        )
        message = compose.digest("team_digest", world.lead, "产品部", data)
    assert message.lines
    return len(queries), data.key_results


def test_digest_query_count_is_constant_in_team_size(world):
    _grow(world, 3)
    small, small_krs = _digest_queries(world)
    _grow(world, 30)
    large, large_krs = _digest_queries(world)
    assert large_krs > small_krs * 5
    assert large == small


def test_reminder_query_count_is_constant_in_key_results(world):
    make_objective(world.alice, world.cycle, krs=1)
    with CaptureQueriesContext(connection) as few:
        compose.reminder(
            world.alice, selectors.key_results_to_update(world.alice, timezone.now(), 7)
        )
    make_objective(world.alice, world.cycle, "More", krs=5)
    with CaptureQueriesContext(connection) as many:
        compose.reminder(
            world.alice, selectors.key_results_to_update(world.alice, timezone.now(), 7)
        )
    assert len(many) == len(few)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent claims on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_the_same_due_rows_send_each_once():
    world = make_world("twins")
    for member in (world.alice, world.bob, world.lead):
        make_objective(member, world.cycle)
    now = timezone.now()
    services.ensure_due_rows(now)
    later = now + timedelta(days=8)
    barrier, errors = threading.Barrier(2), []

    def worker():
        try:
            barrier.wait()
            services.run_due(later)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    reminders = Delivery.objects.filter(kind="reminder", organization=world.org)
    assert sorted(reminders.values_list("recipient__user__email", flat=True)) == [
        "alice@twins.test", "bob@twins.test", "lead@twins.test"]  # fmt: skip
    assert all(row.due_at > later for row in NextDue.objects.filter(kind="reminder"))


def test_mentioning_a_team_costs_the_same_queries_for_3_members_as_for_30(world):
    """The bell's notifications for a mentioned team are one insert, not one per member."""
    objective = make_objective(world.alice, world.cycle, "Launch the mobile app")

    def mention_the_team(joining: int) -> tuple[int, int]:
        for i in range(joining):
            member = make_member(world.org, f"m{i}-{joining}@acme.test", f"Member {i}")
            TeamMember.objects.create(team=world.product, membership=member)
        with CaptureQueriesContext(connection) as queries:
            comment = okrs.add_comment(world.admin, objective=objective, body="@产品部 look")
        return len(queries), Notification.objects.filter(comment=comment).count()

    small, small_told = mention_the_team(3)
    large, large_told = mention_the_team(27)
    assert large_told >= small_told + 27
    assert large == small
