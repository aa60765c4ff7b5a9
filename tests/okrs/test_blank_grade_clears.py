"""Issue 9 (brief h9w, finding 3): blanking a stored grade on the grading form answered
"请输入数字" (enter a number) beside the hint "留空：暂不评分" (left blank: not graded yet).
A blank score is "not graded" on every path: the form, the API's key result and objective
grades (null or ""), `mubiao grade` and the services clear the stored grade, the objective's
score with it, and the history says the grade was cleared."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import selectors, services
from mubiao.okrs.models import Activity, Cycle, KeyResult, Objective
from mubiao.web.activity import history
from tests.api.conftest import Api
from tests.conftest import make_objective

pytestmark = pytest.mark.postgres


def _form(world, client_for, objective, kr, blank):
    page = client_for(world.alice).post(
        reverse("objective_grade", args=[objective.pk]),
        # As the browser sends it: the grade loaded (and shown) beside the field blanked.
        {
            f"score_{kr.pk}": blank,
            f"initial-score_{kr.pk}": "1.0",
            f"shown-score_{kr.pk}": "1.0",
            f"note_{kr.pk}": "",
            f"initial-note_{kr.pk}": "",
            "retrospective": "",
            "initial-retrospective": "",
        },
    )
    assert page.status_code == 302, page.content.decode()[-3000:]


def _api_key_result(world, client_for, objective, kr, blank):
    answer = Api(world.alice).post(f"/key-results/{kr.pk}/grade", {"score": blank})
    assert answer.status_code == 200, answer.content[:500]
    assert answer.json()["score"] is None


def _api_objective(world, client_for, objective, kr, blank):
    scores = [{"key_result_id": kr.pk, "score": blank}]
    answer = Api(world.alice).post(f"/objectives/{objective.pk}/grade", {"scores": scores})
    assert answer.status_code == 200, answer.content[:500]
    assert answer.json()["score"] is None


def _cli(world, client_for, objective, kr, blank):
    said = io.StringIO()
    call_command("grade", "--org", world.org.slug, "--as", world.alice.user.email, str(kr.pk),
                 blank or "", stdout=said)  # fmt: skip
    assert "not graded" in said.getvalue()


def _services(world, client_for, objective, kr, blank):
    services.grade_key_result(world.alice, kr, score=blank)


PATHS = [_form, _api_key_result, _api_objective, _cli, _services]
BLANKS = ["", "  ", None]


@pytest.mark.parametrize("blank", BLANKS, ids=["empty", "spaces", "null"])
@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.__name__.strip("_"))
def test_a_blank_score_clears_the_stored_grade(world, client_for, path, blank):
    if blank is None and path in (_form, _cli):
        pytest.skip("a form field and a command-line argument are text")
    objective = make_objective(world.alice, world.cycle, kind=Objective.Kind.COMMITTED)
    kr = objective.key_results.get()
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    services.grade_key_result(world.alice, kr, score="1.0")
    assert Objective.objects.get(pk=objective.pk).score == 1
    path(world, client_for, objective, kr, blank)
    assert KeyResult.objects.get(pk=kr.pk).score is None
    assert Objective.objects.get(pk=objective.pk).score is None
    cleared = Activity.objects.filter(verb="key_result.grade_cleared", target_id=kr.pk)
    assert cleared.count() == 1
    kr = selectors.get_key_result(world.alice, kr.pk)
    with translation.override("zh-hans"):
        said = history(cleared, [kr])[0].text
    assert said.endswith(f"清除了“{kr.title}”的评分。"), said
    # The objective's page reads its history, the grade cleared in it (probe 9, F1: a 500
    # for everyone from then on, the objective's entry having kept the score "None").
    page = client_for(world.alice).get(reverse("objective", args=[objective.pk]))
    assert page.status_code == 200
    if path in (_form, _api_objective):
        graded = Activity.objects.filter(verb="objective.graded", target_id=objective.pk)
        with translation.override("en"):
            said = history(graded.order_by("-pk")[:1], [kr])[0].text
        assert said.endswith("cleared the objective's grade."), said


def test_a_blank_score_on_an_ungraded_key_result_writes_nothing(world):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    version = kr.version
    services.grade_key_result(world.alice, kr, score="")
    kr.refresh_from_db()
    assert (kr.score, kr.version) == (None, version)
    assert not Activity.objects.filter(target_id=kr.pk, verb__startswith="key_result.grade")


@pytest.mark.parametrize("kept", ["", "None", "abc", "NaN", "Infinity", None, [], {}])
@pytest.mark.parametrize(
    "verb", ["objective.graded", "key_result.graded", "key_result.checked_in", "objective.created"]
)
def test_an_entry_keeps_whatever_older_versions_wrote_and_reads(world, verb, kept):
    """The log keeps what was written then; a page never fails on an entry's data."""
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    entry = Activity(
        organization=world.org, actor=world.alice, verb=verb,
        target_type="keyresult" if verb.startswith("key_result") else "objective",
        target_id=kr.pk if verb.startswith("key_result") else objective.pk,
        data={"score": kept, "value": kept, "previous": kept},
    )  # fmt: skip
    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert history([entry], [kr])[0].text
