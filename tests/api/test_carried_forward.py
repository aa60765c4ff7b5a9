"""issue 9, M1: an objective carried into the next cycle goes on from where its key results are
(start = the last measured value, target kept); a copy made as a template keeps the original
start. The web's "prepare the next cycle", the API's `POST /cycles/{id}/next` and the service
agree; `POST /objectives/{id}/copy` and the objective page's copy button make the template."""

import datetime as dt
from decimal import Decimal

import pytest

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult, Objective

pytestmark = pytest.mark.django_db

# (key result fields, the value measured) → (the carried start, direction, target)
CASES = [
    (
        {"title": "温度", "start_value": -5, "target_value": 2, "unit": "℃"},
        -1,
        (Decimal(-1), "increase", Decimal(2)),
    ),
    (
        {
            "title": "响应时间",
            "start_value": 800,
            "target_value": 200,
            "unit": "ms",
            "direction": "decrease",
        },
        350,
        (Decimal(350), "decrease", Decimal(200)),
    ),
    # Already past the target: carried as the level reached, never a target behind its start.
    (
        {
            "title": "延迟",
            "start_value": 800,
            "target_value": 200,
            "unit": "ms",
            "direction": "decrease",
        },
        150,  # past 200 yet no time below zero (issue 9, M4)
        (Decimal(150), "at_most", Decimal(200)),
    ),
    (
        {"title": "客户", "start_value": 0, "target_value": 50},
        60,
        (Decimal(60), "at_least", Decimal(50)),
    ),
    (
        {"title": "满意度", "start_value": 70, "target_value": 80, "direction": "at_least"},
        75,
        (Decimal(75), "at_least", Decimal(80)),
    ),
    (
        {"title": "上线", "metric_type": "boolean"},
        None,  # not measured: it starts where it started
        (Decimal(0), "increase", Decimal(1)),
    ),
    (
        {"title": "里程碑", "metric_type": "milestone"},
        40,  # a fixed range 0 → 100 %: starts anew
        (Decimal(0), "increase", Decimal(100)),
    ),
    (
        {"title": "未测", "start_value": 10, "target_value": 20},
        None,
        (Decimal(10), "increase", Decimal(20)),
    ),
]


@pytest.fixture
def carried(world):
    following = services.create_cycle(
        world.admin, name="Next quarter", kind="quarter",
        start_date=world.cycle.end_date + dt.timedelta(days=1),
        end_date=world.cycle.end_date + dt.timedelta(days=91),
    )  # fmt: skip
    objective = services.create_objective(
        world.admin, cycle=world.cycle, title="Carry me", owner_member=world.admin,
        key_results=[fields for fields, _, _ in CASES],
    )  # fmt: skip
    krs = list(objective.key_results.order_by("position"))
    for kr, (_, measured, _) in zip(krs, CASES, strict=True):
        if measured is not None:
            services.check_in(world.admin, kr, value=measured, confidence=3)
    return objective, following


def _values(objective: Objective) -> list:
    return [
        (kr.start_value, kr.direction, kr.target_value)
        for kr in objective.key_results.order_by("position")
    ]


def _carried_by_service(world, objective, following):
    return services.prepare_next_cycle(world.admin, [objective], following).copies[objective.pk]


def _carried_by_api(world, objective, following, api):
    answer = api(world.admin).post(
        f"/cycles/{objective.cycle_id}/next",
        {"objective_ids": [objective.pk], "cycle_id": following.pk},
    )
    assert answer.status_code == 201
    assert answer.json()[0]["copied"] is True and answer.json()[0]["source_id"] == objective.pk
    return Objective.objects.get(pk=answer.json()[0]["id"])


def _carried_by_web(world, objective, following, client_for):
    done = client_for(world.admin).post(
        f"/settings/cycles/{objective.cycle_id}/next",
        {"objectives": [objective.pk], "cycle": following.pk},
    )
    assert done.status_code == 302
    return Objective.objects.get(carried_from=objective, cycle=following)


@pytest.mark.parametrize("path", ["service", "api", "web"])
def test_a_carried_objective_goes_on_from_where_its_key_results_are(
    world, carried, path, api, client_for
):
    objective, following = carried
    copy = {
        "service": lambda: _carried_by_service(world, objective, following),
        "api": lambda: _carried_by_api(world, objective, following, api),
        "web": lambda: _carried_by_web(world, objective, following, client_for),
    }[path]()
    assert _values(copy) == [expected for _, _, expected in CASES]
    krs = list(copy.key_results.order_by("position"))
    # The current value is the start: no check-in made in the new cycle yet.
    assert [kr.current_value for kr in krs] == [kr.start_value for kr in krs]
    # Confidence is given anew in the new cycle.
    assert {kr.confidence for kr in krs} == {None}
    assert not copy.key_results.filter(check_ins__isnull=False).exists()


@pytest.mark.parametrize("path", ["service", "api"])
def test_a_copy_is_a_template_with_the_original_start(world, carried, path, api):
    objective, following = carried
    if path == "service":
        copy = services.copy_objective(world.admin, objective, following)
    else:
        answer = api(world.admin).post(f"/objectives/{objective.pk}/copy", {})
        assert answer.status_code == 201
        copy = Objective.objects.get(pk=answer.json()["id"])
    assert copy.cycle == following and copy.carried_from is None
    originals = list(objective.key_results.order_by("position"))
    assert _values(copy) == [(k.start_value, k.direction, k.target_value) for k in originals]
    assert {kr.confidence for kr in copy.key_results.all()} == {None}
    assert KeyResult.objects.filter(objective=copy).count() == len(CASES)
