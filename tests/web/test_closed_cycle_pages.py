"""Every page of a closed cycle's objective that holds a form (DESIGN.md §3: closed cycles are
read-only; okrs.rules.write_refusal): opened, it shows what is stored and says why nothing can
be changed — no input that could only be refused; sent anyway (a form loaded before the cycle
was closed), it saves nothing and answers a refusal, never a 500 nor a redirect as if saved.
Comments stay open by design (a conversation about the results, not a value).

It used to be: the grade page of a closed cycle's objective was the grading form (scores,
notes, retrospective), whose saving was refused with a 422 after everything was typed."""

import pytest
from django.test import Client
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import Comment, Cycle
from tests.conftest import make_objective
from tests.okrs.test_archived_stays_unchanged import snapshot
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db

SAID = "The cycle “acme quarter” is closed"
# The grade page says it as every grading path does (services.not_grading).
GRADING_SAID = "This cycle is closed, so its scores can no longer be changed"


class Closed:
    """Alice's objective, checked in, graded (0.6 and a note, a retrospective) and then closed;
    each page's form as loaded while the cycle was being graded."""

    def __init__(self, world):
        self.world = world
        self.objective = make_objective(world.alice, world.cycle, "Delight customers", krs=2)
        self.second = make_objective(world.alice, world.cycle, "Grow", krs=1)
        self.kr, self.other_kr = self.objective.key_results.order_by("position")
        services.check_in(world.alice, self.kr, value=30)
        services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
        services.grade_objective(world.alice, self.objective,
                                 scores={self.kr.pk: ("0.6", "Half-way, shipped late")},
                                 retrospective="Started too late")  # fmt: skip
        self.client = Client()
        self.client.force_login(world.alice.user)
        self.grade_form = load(self.client, self.url("objective_grade"), "grade-form")
        services.set_cycle_state(world.admin, world.cycle, Cycle.State.CLOSED)

    def url(self, name, *, kr=False):
        return reverse(name, args=[self.kr.pk if kr else self.objective.pk])


def no_input(*names):
    def check(html):
        return not any(f'name="{name}' in html for name in names)

    return check


# A page: (its url name, of the key result?, what it must not hold, what it must show).
PAGES = {
    "edit": ("objective_edit", False, no_input("title", "kr-"), ["data-read-only"]),
    "grade": ("objective_grade", False, no_input("score_", "note_", "retrospective"),
              ["data-read-only", "0.6", "Half-way, shipped late", "Started too late"]),
    "key result (check-in)": ("key_result", True, no_input("value", "confidence"), []),
    "objective (archive, move, align)": (
        "objective", False,
        lambda html: "/archive" not in html and "/edit" not in html and "/grade" not in html,
        ['name="body"'],  # its comment form: open by design
    ),
}  # fmt: skip


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_closed_cycles_page_shows_no_form_and_says_why(world, page):
    s = Closed(world)
    name, of_kr, holds_nothing, shows = PAGES[page]
    response = s.client.get(s.url(name, kr=of_kr))
    html = response.content.decode()
    assert response.status_code == 200
    assert (GRADING_SAID if page == "grade" else SAID) in html
    assert holds_nothing(html), html[-3000:]
    assert all(shown in html for shown in shows), [x for x in shows if x not in html]


# A form sent anyway: (its url name, of the key result?, what is sent, the answers allowed).
SENT = {
    "edit": ("objective_edit", False, None, {409}),
    "grade": ("objective_grade", False, "grade", {409}),
    "check-in": ("check_in", True, {"value": "80"}, {409, 422}),
    "archive": ("objective_archive", False, {}, {400, 409}),
    "restore key result": ("key_result_restore", True, {}, {400, 409}),
    "move up": ("objective_move", False, {"direction": "up"}, {302, 400, 409}),
}  # fmt: skip


@pytest.mark.parametrize("sent", sorted(SENT))
def test_a_form_sent_anyway_saves_nothing(world, sent):
    s = Closed(world)
    name, of_kr, data, answers = SENT[sent]
    if data is None:
        data = {"title": "Renamed"}
    elif data == "grade":
        data = {**s.grade_form, f"score_{s.kr.pk}": "0.9", "retrospective": "Changed"}
    before = snapshot(world)
    response = s.client.post(s.url(name, kr=of_kr), data)
    assert response.status_code in answers, response.status_code
    assert snapshot(world) == before


def test_the_grade_form_is_refused_with_the_reason_on_the_page(world):
    s = Closed(world)
    sent = {**s.grade_form, f"score_{s.kr.pk}": "0.9"}
    response = s.client.post(s.url("objective_grade"), sent)
    html = response.content.decode()
    assert response.status_code == 409 and GRADING_SAID in html and 'name="score_' not in html


def test_comments_stay_open(world):
    s = Closed(world)
    response = s.client.post(reverse("objective_comment", args=[s.objective.pk]),
                             {"body": "What we learned"})  # fmt: skip
    assert response.status_code in (200, 302)
    assert Comment.objects.filter(objective=s.objective).count() == 1
