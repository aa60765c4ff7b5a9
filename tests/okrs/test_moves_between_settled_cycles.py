"""h9g (issue 9 §6): an objective could be moved INTO a cycle being graded but not out of one.
A cycle being graded or closed is settled both ways (okrs.rules.move_refusal, one rule behind
the services every route writes through): nothing moves out of it, nothing moves in, and the
refusal names the cycle and the direction."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from mubiao.okrs import rules, services
from mubiao.okrs.models import Cycle
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db

STATES = ["planning", "active", "grading", "closed"]


@pytest.mark.parametrize("source", STATES)
@pytest.mark.parametrize("target", STATES)
def test_the_rule_is_symmetric(source, target):
    refused = rules.move_refusal(source, target)
    settled = {"grading", "closed"}
    if source in settled:
        assert refused == "out"
    elif target in settled:
        assert refused == "in"
    else:
        assert refused is None
    # Swapped, a move is refused as soon as either side is settled.
    assert (rules.move_refusal(target, source) is None) == (refused is None)


def _following(world, state):
    cycle = services.create_cycle(
        world.admin, name="Next quarter", kind="quarter",
        start_date=world.cycle.end_date + dt.timedelta(days=1),
        end_date=world.cycle.end_date + dt.timedelta(days=91),
    )  # fmt: skip
    if state in ("grading", "closed"):
        services.set_cycle_state(world.admin, cycle, Cycle.State.ACTIVE)
        services.set_cycle_state(world.admin, cycle, Cycle.State.GRADING)
    if state == "closed":
        services.set_cycle_state(world.admin, cycle, Cycle.State.CLOSED)
    return cycle


@pytest.mark.parametrize(("state", "said"), [
    ("grading", "“Next quarter” is being graded: no objective can be moved into it"),
    ("closed", "“Next quarter” is closed: no objective can be moved into it"),
])  # fmt: skip
def test_no_objective_moves_into_a_settled_cycle(world, state, said):
    objective = make_objective(world.alice, world.cycle)
    target = _following(world, state)
    with pytest.raises(ValidationError) as refused:
        services.move_objective(world.alice, objective, target)
    assert said in refused.value.message_dict["cycle"][0]
    objective.refresh_from_db()
    assert objective.cycle == world.cycle


def test_the_api_refuses_a_move_into_a_cycle_being_graded(world):
    objective = make_objective(world.alice, world.cycle)
    target = _following(world, "grading")
    response = Api(world.alice).patch(f"/objectives/{objective.pk}", {"cycle_id": target.pk})
    assert response.status_code == 422
    assert "being graded" in field_errors(response)["cycle_id"]


def test_an_objective_still_moves_between_open_cycles(world):
    objective = make_objective(world.alice, world.cycle)
    target = _following(world, "planning")
    services.move_objective(world.alice, objective, target)
    objective.refresh_from_db()
    assert objective.cycle == target
