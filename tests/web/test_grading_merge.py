"""Issue 9 (h9n 3): grading at once and a key result's grade history.

Two people grading the same objective: only a field both changed (to different values) is a
conflict. A field only one of them changed keeps that person's value, including a score the
form filled in with its suggestion and the person left as shown (it was marked as a conflict,
although the person never touched it). With no conflict the save goes through with both
people's grades; with one, nothing is saved and only that field is marked.

Grading through the form (or the API's objective grade) wrote each key result's score without
an entry in its history: the key result's history still said nothing (or an older grade).
"""

import io
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import Activity, Cycle, KeyResult
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.web.test_stale_edits import FormReader, load

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_graders(world, client_for):
    objective = make_objective(world.alice, world.cycle, "Delight customers", krs=2,
                               kind="aspirational")  # fmt: skip
    first_kr, second_kr = objective.key_results.order_by("position", "id")
    services.check_in(world.alice, first_kr, value=30)  # suggested score 0.3
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    url = reverse("objective_grade", args=[objective.pk])
    a, b = client_for(world.alice), client_for(world.admin)
    return (objective, url, (first_kr, second_kr), (a, load(a, url, "grade-form")),
            (b, load(b, url, "grade-form")))  # fmt: skip


def test_a_suggested_score_left_as_shown_is_no_conflict(two_graders):
    objective, url, (kr1, kr2), (a, form_a), (b, form_b) = two_graders
    # The suggestion is shown, not filled in (issue 9 M4: a value nobody entered is not stored).
    assert form_b[f"score_{kr1.pk}"] == "" and form_b[f"initial-score_{kr1.pk}"] == ""
    assert a.post(url, {**form_a, f"score_{kr1.pk}": "0.5"}).status_code == 302
    # B grades the other key result and leaves the first one's suggestion as shown.
    response = b.post(url, {**form_b, f"score_{kr2.pk}": "0.8", f"note_{kr2.pk}": "Shipped"})
    assert response.status_code == 302, response.content.decode()
    scores = dict(KeyResult.objects.filter(objective=objective).values_list("pk", "score"))
    assert (scores[kr1.pk], scores[kr2.pk]) == (D("0.5"), D("0.8"))  # both people's grades
    assert KeyResult.objects.get(pk=kr2.pk).score_note == "Shipped"


def test_only_the_field_both_changed_is_a_conflict(two_graders):
    objective, url, (kr1, kr2), (a, form_a), (b, form_b) = two_graders
    saved = {**form_a, f"score_{kr1.pk}": "0.5", "retrospective": "Hiring slipped"}
    assert a.post(url, saved).status_code == 302
    response = b.post(url, {**form_b, f"score_{kr1.pk}": "0.6", f"score_{kr2.pk}": "0.9"})
    html = response.content.decode()
    assert response.status_code == 409
    assert html.count("Saved meanwhile by someone else") == 1
    assert "Saved meanwhile by someone else: 0.5" in html
    assert "their value is now in the field" not in html  # nothing else marked
    reader = FormReader("grade-form")
    reader.feed(html)
    again = dict(reader.fields)
    # B's inputs are kept; the retrospective B did not touch is A's.
    assert (again[f"score_{kr1.pk}"], again[f"score_{kr2.pk}"]) == ("0.6", "0.9")
    assert again["retrospective"] == "Hiring slipped"
    # Nothing saved: the second key result, which A left blank, is still not graded.
    assert KeyResult.objects.get(pk=kr2.pk).score is None
    # Saving again is the confirmation.
    assert b.post(url, again).status_code == 302
    scores = dict(KeyResult.objects.filter(objective=objective).values_list("pk", "score"))
    assert (scores[kr1.pk], scores[kr2.pk]) == (D("0.6"), D("0.9"))


def test_both_giving_the_same_grade_is_no_conflict(two_graders):
    objective, url, (kr1, _kr2), (a, form_a), (b, form_b) = two_graders
    assert a.post(url, {**form_a, f"score_{kr1.pk}": "0.5"}).status_code == 302
    assert b.post(url, {**form_b, f"score_{kr1.pk}": "0.5"}).status_code == 302
    assert objective.key_results.get(pk=kr1.pk).score == D("0.5")


@pytest.mark.parametrize("path", ["form", "api"])
def test_each_key_result_history_says_its_grade(two_graders, world, client_for, path):
    objective, url, (kr1, kr2), (a, form_a), _b = two_graders
    if path == "form":
        grades = {**form_a, f"score_{kr1.pk}": "0.4", f"score_{kr2.pk}": "0.7"}
        assert a.post(url, grades).status_code == 302
    else:
        body = {"scores": [{"key_result_id": kr1.pk, "score": 0.4},
                           {"key_result_id": kr2.pk, "score": 0.7}]}  # fmt: skip
        response = Api(world.alice).post(f"/objectives/{objective.pk}/grade", body)
        assert response.status_code == 200, response.content
    graded = Activity.objects.filter(verb="key_result.graded", target_type="keyresult")
    assert sorted((a.target_id, a.data["score"]) for a in graded) == sorted(
        [(kr1.pk, "0.4"), (kr2.pk, "0.7")]
    )
    page = client_for(world.alice).get(reverse("objective", args=[objective.pk])).content.decode()
    assert f"scored “{kr1.title}” 0.4" in page and f"scored “{kr2.title}” 0.7" in page
    # Grading again with the same grades changes nothing and says nothing new.
    services.grade_objective(world.alice, objective, scores={kr1.pk: ("0.4", ""),
                                                             kr2.pk: ("0.7", "")})  # fmt: skip
    assert graded.count() == 2


# --- the same rules on every path: form, API and command line ------------------------------


def _grade_cli(world, kr, score, email="alice@acme.test") -> str:
    out = io.StringIO()
    call_command("grade", "--org", world.org.slug, "--as", email, str(kr.pk), score, stdout=out)
    return out.getvalue()


def _grade_api(world, kr, score):
    return Api(world.alice).post(f"/key-results/{kr.pk}/grade", {"score": score})


@pytest.mark.parametrize("path", ["cli", "api"])
def test_a_key_result_is_graded_by_the_same_rules_everywhere(world, path):
    objective = make_objective(world.alice, world.cycle, "Grow", kind="aspirational")
    kr = objective.key_results.get()

    def grade(score):
        if path == "api":
            response = _grade_api(world, kr, score)
            errors = response.json().get("errors", []) if response.status_code != 200 else []
            return response.status_code, " ".join(e["message"] for e in errors)
        try:
            return 200, _grade_cli(world, kr, score)
        except CommandError as error:
            return 422, str(error)

    status, said = grade("0.7")  # the cycle is not in grading yet
    assert status == 422 and "Scores are given when the cycle is in grading." in said
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    for refused in ("1.5", "0.75"):
        status, said = grade(refused)
        assert status == 422 and "0.0 to 1.0 with one decimal" in said, said
        assert f"“{refused}”" in said, said
    assert KeyResult.objects.get(pk=kr.pk).score is None
    status, said = grade("0.7")
    assert status == 200 and KeyResult.objects.get(pk=kr.pk).score == D("0.7")
    assert Activity.objects.filter(verb="key_result.graded", target_id=kr.pk).count() == 1


def test_the_command_speaks_the_members_language_and_names_what_it_cannot_find(world):
    objective = make_objective(world.alice, world.cycle, "Grow", kind="aspirational")
    kr = objective.key_results.get()
    world.alice.user.language = "zh-hans"
    world.alice.user.save()
    with pytest.raises(CommandError, match="周期进入评分阶段"):
        _grade_cli(world, kr, "0.7")
    with pytest.raises(CommandError, match="No key result 999999"):
        call_command("grade", "--org", world.org.slug, "999999", "0.7")


def test_a_score_left_blank_is_not_graded(world, client_for):
    """Issue 9 (M4): the form filled every score with its suggestion ("0.0"): grading one key
    result of four stored the other three as 0.0 and the objective as 0.2. A blank score is
    "not graded", as a key result the API's objective grade leaves out; the suggestion is a
    placeholder beside which the page says so."""
    objective = make_objective(world.alice, world.cycle, krs=4, kind="aspirational")
    krs = list(objective.key_results.order_by("position", "id"))
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    client = client_for(world.alice)
    url = reverse("objective_grade", args=[objective.pk])
    html = client.get(url).content.decode()
    assert 'placeholder="0.0"' in html and "left blank: not graded yet" in html
    form = load(client, url, "grade-form")
    assert all(form[f"score_{kr.pk}"] == "" for kr in krs)
    assert client.post(url, {**form, f"score_{krs[0].pk}": "0.7"}).status_code == 302
    scores = dict(KeyResult.objects.filter(objective=objective).values_list("pk", "score"))
    assert [scores[kr.pk] for kr in krs] == [D("0.7"), None, None, None]
    objective.refresh_from_db()
    assert objective.score is None  # not every key result graded yet
    # Blanking a stored grade clears it, as the hint says ("left blank: not graded yet"), never
    # taken as 0.0 or ignored (tests/okrs/test_blank_grade_clears.py, every grading path).
    form = load(client, url, "grade-form")
    assert form[f"score_{krs[0].pk}"] == "0.7"
    assert client.post(url, {**form, f"score_{krs[0].pk}": ""}).status_code == 302
    assert KeyResult.objects.get(pk=krs[0].pk).score is None
