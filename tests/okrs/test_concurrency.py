"""Concurrent writes on PostgreSQL, each thread on its own database connection."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, KeyResult, Objective
from tests.conftest import make_objective, make_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"
    ),
]


def run_together(*jobs):
    """Start the jobs at the same moment on separate threads (separate connections)."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def runner(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # surfaced below: a thread must not swallow failures
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_check_ins_on_one_key_result_lose_nothing():
    world = make_world("race")
    objective = make_objective(world.alice, world.cycle, visibility="public")
    kr = objective.key_results.get()
    services.update_key_result(world.alice, kr, owner=world.bob)

    def check_in(actor, values):
        def job():
            for value in values:
                services.check_in(actor, KeyResult.objects.get(pk=kr.pk), value=value)

        return job

    run_together(check_in(world.alice, range(1, 11)), check_in(world.bob, range(11, 21)))
    kr.refresh_from_db()
    assert CheckIn.objects.filter(key_result=kr).count() == 20
    assert kr.version == 1 + 1 + 20  # created, owner changed, twenty check-ins
    latest = CheckIn.objects.filter(key_result=kr).order_by("-created_at", "-id").first()
    assert kr.current_value == latest.value


@pytest.mark.django_db(transaction=True)
def test_concurrent_check_ins_on_sibling_key_results_keep_the_objective_right():
    world = make_world("siblings")
    objective = make_objective(world.alice, world.cycle, krs=2)
    first, second = objective.key_results.order_by("position")
    services.update_key_result(world.alice, second, owner=world.bob)

    def check_in(actor, kr, value):
        return lambda: services.check_in(actor, kr, value=value)

    run_together(check_in(world.alice, first, 100), check_in(world.bob, second, 50))
    objective = Objective.objects.get(pk=objective.pk)
    assert objective.progress == Decimal("0.75")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_prepare_next_cycle_requests_copy_once():
    world = make_world("carry")
    q1, q2 = services.create_year(world.admin, year=2042, parts=["quarter"])[1:3]
    chosen = [make_objective(world.alice, q1, f"Carry {n}") for n in range(3)]
    results = []

    def prepare():
        results.append(services.prepare_next_cycle(world.admin, chosen, q2))

    run_together(prepare, prepare)
    assert Objective.objects.filter(cycle=q2).count() == 3
    assert sorted(len(r.copies) for r in results) == [0, 3]
