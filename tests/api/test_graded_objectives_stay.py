"""Issue 9 (brief h9p 7): an objective graded in its cycle (or in a cycle being graded) was moved
to another cycle by PATCH cycle_id, carrying its scores along as that cycle's grades. Every path
that moves an objective (the API, the services the web form calls) refuses it and changes
nothing; an ungraded objective of an active cycle still moves."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult, Objective
from tests.api.conftest import field_errors
from tests.conftest import make_objective


def _other_cycle(world):
    return services.create_cycle(
        world.admin, name="next", kind=Cycle.Kind.QUARTER, start_date=dt.date(2030, 1, 1),
        end_date=dt.date(2030, 3, 31), state=Cycle.State.ACTIVE,
    )  # fmt: skip


def _graded_kr(world, objective):
    Cycle.objects.filter(pk=world.cycle.pk).update(state=Cycle.State.GRADING)
    services.grade_key_result(world.alice, objective.key_results.get(), score="1.0")


def _graded_then_reopened(world, objective):
    _graded_kr(world, objective)
    Cycle.objects.filter(pk=world.cycle.pk).update(state=Cycle.State.ACTIVE)


def _in_grading(world, objective):
    Cycle.objects.filter(pk=world.cycle.pk).update(state=Cycle.State.GRADING)


def _scored_objective_only(world, objective):
    Objective.objects.filter(pk=objective.pk).update(score=Decimal("0.5"))


CASES = [_graded_kr, _graded_then_reopened, _in_grading, _scored_objective_only]


def _api_move(world, api, objective, cycle):
    response = api(world.alice).patch(f"/objectives/{objective.pk}", {"cycle_id": cycle.pk})
    if response.status_code == 422:
        return field_errors(response)["cycle_id"]
    assert response.status_code == 200, response.content
    return None


def _service_move(world, api, objective, cycle):
    try:
        services.update_objective(world.alice, Objective.objects.get(pk=objective.pk),
                                  cycle=cycle)  # fmt: skip
    except ValidationError as error:
        return " ".join(error.message_dict["cycle"])
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.__name__.strip("_"))
@pytest.mark.parametrize("path", [_api_move, _service_move], ids=["api", "services"])
def test_a_graded_objective_stays_in_its_cycle(world, api, case, path):
    objective = make_objective(world.alice, world.cycle)
    case(world, objective)
    scores = list(KeyResult.objects.filter(objective=objective).values_list("score", flat=True))
    message = path(world, api, objective, _other_cycle(world))
    assert message and world.cycle.name in message
    objective.refresh_from_db()
    assert objective.cycle_id == world.cycle.pk
    assert scores == list(
        KeyResult.objects.filter(objective=objective).values_list("score", flat=True)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", [_api_move, _service_move], ids=["api", "services"])
def test_an_ungraded_objective_of_an_active_cycle_moves(world, api, path):
    objective = make_objective(world.alice, world.cycle)
    other = _other_cycle(world)
    assert path(world, api, objective, other) is None
    objective.refresh_from_db()
    assert objective.cycle_id == other.pk
