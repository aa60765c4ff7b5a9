"""Issue 9: with the organization's weights off, progress, status and score all count every key
result equally; with weights on, all use the weights (weights 3 and 1 gave progress 0.75 but
score 0.5; weights 1 and 0 left the weight-0 key result out of the score only)."""

from decimal import Decimal

import pytest

from mubiao.okrs import services
from mubiao.okrs.models import Cycle
from mubiao.orgs import services as org_services
from tests.conftest import make_objective, weights_switched_on


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
    with weights_switched_on(world):  # weights set while they count, kept when switched off
        for kr, weight in zip((done, untouched), weights, strict=True):
            services.update_key_result(world.alice, kr, weight=weight)
    services.check_in(world.alice, done, value=100)
    obj.refresh_from_db()
    assert obj.progress == Decimal(progress)
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    scores = {done.pk: ("1.0", ""), untouched.pk: ("0.0", "")}
    obj = services.grade_objective(world.alice, obj, scores=scores, retrospective="Missed.")
    assert obj.score == Decimal(score)


def _numbers(organization):
    from mubiao.okrs.models import KeyResult, Objective

    return {
        **{
            ("o", o.pk): (o.progress, o.status, o.score)
            for o in Objective.objects.filter(organization=organization)
        },
        **{
            ("kr", kr.pk): (kr.progress, kr.status)
            for kr in KeyResult.objects.filter(organization=organization)
        },
    }


def _aligned_pair(world, weights):
    """A company objective whose key result takes its progress from an aligned team objective
    with two key results of these weights, the first done."""
    company = make_objective(world.admin, world.cycle, "Company")
    company_kr = company.key_results.get()
    services.update_key_result(world.admin, company_kr, progress_source="children")
    team = make_objective(world.alice, world.cycle, "Team", krs=2, parent_key_result=company_kr)
    done, other = team.key_results.order_by("position")
    with weights_switched_on(world):
        for kr, weight in zip((done, other), weights, strict=True):
            services.update_key_result(world.alice, kr, weight=weight)
    services.check_in(world.alice, done, value=100)
    return company, team


@pytest.mark.parametrize("weights", [(3, 1), (1, 0), (0, 0), (1, 3)])
@pytest.mark.parametrize("first", [False, True])
def test_switching_weights_recomputes_what_is_stored(world, weights, first, monkeypatch):
    """Switching the setting recomputes stored progress, status, the aligned parent's progress
    and a graded score in the same transaction: afterwards every number equals what a write to
    each objective would compute (recompute_objective), in both directions."""
    org_services.update_organization(world.admin, world.org, name=world.org.name, weights=first)
    _company, team = _aligned_pair(world, weights)
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    krs = list(team.key_results.order_by("position"))
    services.grade_objective(world.alice, team, scores={krs[0].pk: ("1.0", ""),
                             krs[1].pk: ("0.0", "")}, retrospective="Missed.")  # fmt: skip
    world.org.refresh_from_db()
    org_services.update_organization(world.admin, world.org, name=world.org.name,
                                     weights=not first)  # fmt: skip
    switched = _numbers(world.org)
    from mubiao.okrs.models import Objective
    from mubiao.okrs.services.grading import _update_objective_score

    for objective in Objective.objects.filter(organization=world.org).order_by("-pk"):
        services.recompute_objective(objective)
        _update_objective_score(objective)
    assert _numbers(world.org) == switched
    team.refresh_from_db()
    expected = {True: rules_mean(weights), False: Decimal("0.5")}[not first]
    assert team.progress == expected


def rules_mean(weights):
    from mubiao.okrs import rules

    counted = rules.weights_that_count([Decimal(w) for w in weights])
    return rules.weighted_mean(zip((Decimal(1), Decimal(0)), counted, strict=True))


def test_the_reported_case_and_a_constant_number_of_statements(world):
    org_services.update_organization(world.admin, world.org, name=world.org.name, weights=True)
    company, team = _aligned_pair(world, (3, 1))
    team.refresh_from_db()
    assert team.progress == Decimal("0.75")
    world.org.refresh_from_db()

    def switch(weights):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            org_services.update_organization(world.admin, world.org, name=world.org.name,
                                             weights=weights)  # fmt: skip
        return len(queries)

    switch(False)
    team.refresh_from_db()
    company.refresh_from_db()
    assert team.progress == Decimal("0.5") and company.progress == Decimal("0.5")
    # Both ways, with two pairs and with twelve: a switch that moves a key result's pace for
    # the worse (here the (0, 1) pairs' when weights go on) also tells its owner, in a fixed
    # number of statements (notify.services.pace_got_worse).
    _aligned_pair(world, (0, 1))

    def both_ways():
        world.org.refresh_from_db()
        on = switch(True)
        world.org.refresh_from_db()
        return on, switch(False)

    few = both_ways()
    for index in range(10):
        _aligned_pair(world, (index, 1))
    assert both_ways() == few
    # Saving the same setting again changes nothing and recomputes nothing.
    world.org.refresh_from_db()
    assert switch(False) < min(few)
