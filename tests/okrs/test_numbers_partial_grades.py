"""An objective's score is the mean of all its counted key results' scores (issue 9): grading
one of four (1.0) made the objective 1.0 with three ungraded. It has no score until every key
result that counts is graded, on each grading path."""

from decimal import Decimal

import pytest

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, Objective
from tests.conftest import make_objective


@pytest.fixture
def four(world):
    objective = make_objective(world.alice, world.cycle, krs=4, kind=Objective.Kind.ASPIRATIONAL)
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    return objective, list(objective.key_results.order_by("position"))


def _score(objective):
    objective.refresh_from_db()
    return objective.score


def test_one_graded_key_result_of_four_gives_no_objective_score(world, four):
    objective, krs = four
    services.grade_key_result(world.alice, krs[0], score="1.0")
    assert _score(objective) is None
    for kr in krs[1:3]:
        services.grade_key_result(world.alice, kr, score="0.6")
    assert _score(objective) is None
    services.grade_key_result(world.alice, krs[3], score="0.4")
    assert _score(objective) == Decimal("0.7")  # (1.0 + 0.6 + 0.6 + 0.4) / 4 = 0.65 → 0.7


def test_grading_some_on_the_objective_form_gives_no_objective_score(world, four):
    objective, krs = four
    services.grade_objective(world.alice, objective, scores={krs[0].pk: ("1.0", "")})
    assert _score(objective) is None
