"""Issue 9: with the organization's weights off, progress, status and score all count every key
result equally; with weights on, all use the weights (weights 3 and 1 gave progress 0.75 but
score 0.5; weights 1 and 0 left the weight-0 key result out of the score only)."""

from decimal import Decimal

import pytest

from mubiao.okrs import services
from mubiao.okrs.models import Cycle
from mubiao.orgs import services as org_services
from tests.conftest import make_objective


@pytest.mark.parametrize(
    ("weights_on", "weights", "progress", "score"),
    [
        (False, (3, 1), "0.5", "0.5"),
        (True, (3, 1), "0.75", "0.8"),
        (False, (1, 0), "0.5", "0.5"),
        (True, (1, 0), "1", "1.0"),
        (False, (0, 0), "0.5", "0.5"),
        (True, (0, 0), "0.5", "0.5"),
    ],
)
def test_progress_and_score_use_the_same_weights(world, weights_on, weights, progress, score):
    org_services.update_organization(
        world.admin, world.org, name=world.org.name, weights=weights_on
    )
    obj = make_objective(world.alice, world.cycle, krs=2)
    done, untouched = obj.key_results.order_by("position")
    for kr, weight in zip((done, untouched), weights, strict=True):
        services.update_key_result(world.alice, kr, weight=weight)
    services.check_in(world.alice, done, value=100)
    obj.refresh_from_db()
    assert obj.progress == Decimal(progress)
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    scores = {done.pk: ("1.0", ""), untouched.pk: ("0.0", "")}
    obj = services.grade_objective(world.alice, obj, scores=scores, retrospective="Missed.")
    assert obj.score == Decimal(score)
