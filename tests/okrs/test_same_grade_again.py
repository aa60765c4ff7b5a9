"""Issue 9 (probe 9c, 13): grading with the same score again wrote another history entry
(three "王芳给“d”评分 0.7"). A write that changes nothing records nothing, on every grading path
(the one-key-result grade and the whole objective's, through the services, the API and the CLI),
as saving an unchanged objective, key result, team, member or settings already did. A check-in
of the same value is another measurement and stays one (its own test: test_services)."""

import io

import pytest
from django.core.management import call_command

from mubiao.okrs import services
from mubiao.okrs.models import Activity, Cycle, KeyResult, Objective
from tests.api.conftest import Api
from tests.conftest import make_objective


def _grade(world, path, objective, kr, score, note=""):
    if path == "service_one":
        services.grade_key_result(world.alice, kr, score=score, note=note)
    elif path == "service_whole":
        services.grade_objective(world.alice, objective, scores={kr.pk: (score, note)})
    elif path == "api_one":
        answer = Api(world.alice).post(
            f"/key-results/{kr.pk}/grade", {"score": score, "note": note}
        )
        assert answer.status_code == 200, answer.content
    elif path == "api_whole":
        scores = [{"key_result_id": kr.pk, "score": score, "note": note}]
        answer = Api(world.alice).post(f"/objectives/{objective.pk}/grade", {"scores": scores})
        assert answer.status_code == 200, answer.content
    else:
        call_command("grade", "--org", world.org.slug, "--as", world.alice.user.email,
                     str(kr.pk), score, "--note", note, stdout=io.StringIO())  # fmt: skip


def _history(objective, kr):
    return (
        Activity.objects.filter(verb__endswith=".graded").count(),
        KeyResult.objects.get(pk=kr.pk).version,
        Objective.objects.get(pk=objective.pk).version,
    )


@pytest.mark.parametrize("path", ["service_one", "service_whole", "api_one", "api_whole", "cli"])
def test_the_same_grade_again_records_nothing(world, path):
    objective = make_objective(world.alice, world.cycle, kind=Objective.Kind.ASPIRATIONAL)
    kr = objective.key_results.get()
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    _grade(world, path, objective, kr, "0.7")
    once = _history(objective, kr)
    assert once[0] >= 1
    _grade(world, path, objective, kr, "0.7")
    _grade(world, path, objective, kr, "0.70")  # the same number, written otherwise
    assert _history(objective, kr) == once
    # A changed score or note is a new grade, recorded.
    _grade(world, path, objective, kr, "0.7", note="Shipped late")
    _grade(world, path, objective, kr, "0.8", note="Shipped late")
    after = _history(objective, kr)
    assert after[0] > once[0] and after[1] == once[1] + 2
    assert KeyResult.objects.get(pk=kr.pk).score_note == "Shipped late"
