"""The objective's score is stored by every progress write (progress.objective_score_of, review
r1.5): from the key results the roll-up has already read, never a query per key result. The
same write on an objective of 1 and of 10 graded key results makes as many queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from mubiao.orgs import services as org_services

pytestmark = pytest.mark.django_db


def _check_in(world, objective, kr):
    services.check_in(world.alice, kr, value=5)


def _weight(world, objective, kr):
    services.update_key_result(world.alice, kr, weight=2)


def _archive(world, objective, kr):
    services.archive_key_result(world.alice, kr)


def _add(world, objective, kr):
    services.create_key_result(world.alice, objective, title="Added", start_value=0,
                               target_value=10)  # fmt: skip


def _queries(world, write, count: int) -> int:
    # Weights on: the score is then a weighted mean over the key results' weights.
    org_services.update_organization(world.admin, world.org, name=world.org.name, weights=True)
    world.alice.organization.refresh_from_db()
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title=f"Scored with {count}",
        key_results=[{"title": f"KR {i}", "start_value": 0, "target_value": 10}
                     for i in range(count)],
    )  # fmt: skip
    # Graded, so that the score is computed from every key result's, not cut short at None.
    KeyResult.objects.filter(objective=objective).update(score="0.5")
    kr = objective.key_results.order_by("position").first()
    with CaptureQueriesContext(connection) as captured:
        write(world, objective, kr)
    return len(captured)


@pytest.mark.parametrize("write", [_check_in, _weight, _archive, _add],
                         ids=lambda write: write.__name__.strip("_"))  # fmt: skip
def test_storing_the_score_makes_no_query_per_key_result(world, write):
    # Two, not one: archiving the only key result leaves no score to store, a different write
    # (h9s2: its objective, not started either way, then changes nothing).
    assert _queries(world, write, 2) == _queries(world, write, 10)
