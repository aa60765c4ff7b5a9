"""Issue 9 (h9z2): an objective is `not_started` only while none of its key results (those
heavy enough to set its status) has started; otherwise its status is the worst among the key
results that have started or are judged (docs/design-notes.md, "An objective's status"). An
objective at 40 % with two of its five key results done and three not yet checked in (still in
their not-started window) read "not started" on its page and in the API: the old rule took the
worst of all five, and not_started ranked worse than done.

The rule is one (rules.key_results_status); the in-memory rollup (services, rollup) and the
set-based refresh (okrs.pace, its randomized agreement test in test_pace.py) follow it."""

from decimal import Decimal as D

import pytest

from mubiao.okrs import rules, services
from mubiao.okrs.models import Objective
from mubiao.okrs.pace import refresh_cycle_statuses
from mubiao.orgs.rules import today_for
from tests.api.conftest import Api
from tests.conftest import make_objective

# (key results' statuses, the objective's) with equal weights.
TABLE = [
    (["done", "done", "not_started", "not_started", "not_started"], "on_track"),
    (["not_started", "not_started"], "not_started"),
    (["on_track", "not_started"], "on_track"),
    (["at_risk", "not_started", "done"], "at_risk"),
    (["off_track", "not_started"], "off_track"),
    (["done", "not_started"], "on_track"),
    (["done", "done"], "done"),
    ([], "not_started"),
]


@pytest.mark.parametrize(("statuses", "expected"), TABLE)
def test_an_objective_takes_the_worst_of_its_started_key_results(statuses, expected):
    weights = [D(1)] * len(statuses)
    assert rules.key_results_status(statuses, weights) == expected


def test_a_light_started_key_result_does_not_start_the_objective():
    # 999 beside 1: the light one does not set the status (STATUS_WEIGHT_RATIO).
    assert rules.key_results_status(["not_started", "on_track"], [D(999), D(1)]) == "not_started"


@pytest.mark.django_db
@pytest.mark.parametrize("refreshed", [False, True])
def test_two_of_five_done_reads_on_track_on_the_page_and_in_the_api(world, client, refreshed):
    objective = make_objective(world.alice, world.cycle, "Grow", krs=5)
    for kr in objective.key_results.order_by("position")[:2]:
        services.check_in(world.alice, kr, value=100)
    if refreshed:  # the worker's set-based refresh agrees with the write's own rollup
        refresh_cycle_statuses(world.cycle, today_for(world.org))
    objective = Objective.objects.get(pk=objective.pk)
    assert objective.progress == D("0.4")
    assert sorted(objective.key_results.values_list("status", flat=True)) == [
        "done", "done", "not_started", "not_started", "not_started"]  # fmt: skip
    assert objective.status == "on_track"
    assert Api(world.alice).get(f"/objectives/{objective.pk}").json()["status"] == "on_track"
    client.force_login(world.alice.user)
    page = client.get(f"/okrs/{objective.pk}", headers={"Accept-Language": "en"}).content.decode()
    assert "On track" in page
