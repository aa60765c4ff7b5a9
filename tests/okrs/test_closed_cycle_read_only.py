"""A closed cycle is read-only (DESIGN.md §3; issue 9, h9j): every write of a value, a title, a
target, a weight, a key result, a state, an order or a grade into an objective of a closed
cycle is refused with one sentence (`okrs.rules.write_refusal`, said by
`okrs.services.closed_refusal`) on every route — the API, the web forms (edit, the key result
page's and My OKRs' check-in), the CLI, the services behind chat, e-mail links and imports —
and the rows are as they were. Never a 500, never a silent change. Comments stay allowed (a
conversation, not a value). A cycle being graded still takes grades and retrospectives.

It used to be: archiving or restoring an objective or a key result of a closed cycle, and
reordering its key results or objectives, were stored without a word."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from mubiao.okrs import rules, services
from mubiao.okrs.models import Cycle
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.okrs.test_archived_stays_unchanged import service, snapshot
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db

SAID = {
    "en": "The cycle “acme quarter” is closed",
    "zh-hans": "周期“acme quarter”已关闭",
}


class Setup:
    def __init__(self, world, state=Cycle.State.CLOSED):
        self.world = world
        self.objective = make_objective(world.alice, world.cycle, "Delight customers", krs=2)
        self.kr, self.other_kr = self.objective.key_results.order_by("position")
        self.second = make_objective(world.alice, world.cycle, "Grow", krs=1)
        services.check_in(world.alice, self.kr, value=30)
        services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
        if state == Cycle.State.CLOSED:
            services.set_cycle_state(world.admin, world.cycle, Cycle.State.CLOSED)
        for row in (self.kr, self.other_kr, self.objective, self.second):
            row.refresh_from_db()


def api(method, path, body):
    def write(s, language):
        client = Api(s.world.alice, **{"accept-language": language})
        url = path.format(kr=s.kr.pk, objective=s.objective.pk)
        sent = body(s) if callable(body) else body
        response = getattr(client, method)(url, sent)
        assert response.status_code < 500, response.content[:300]
        if response.status_code in (200, 201):
            return None
        assert response.status_code in (409, 422), response.content[:300]
        return " ".join(e["message"] for e in response.json()["errors"])

    return write


def _client(s, language):
    from django.test import Client

    client = Client(headers={"accept-language": language})
    client.force_login(s.world.alice.user)
    return client


def web_check_in(s, language, **headers):
    response = _client(s, language).post(
        reverse("check_in", args=[s.kr.pk]), {"value": "8"}, headers=headers
    )
    assert response.status_code in (409, 422), response.status_code
    return response.content.decode()


def web_inline_check_in(s, language):
    return web_check_in(s, language, hx_request="true")


def web_edit(s, language):
    client = _client(s, language)
    url = reverse("objective_edit", args=[s.objective.pk])
    response = client.post(url, {**load(client, url), "title": "Renamed"})
    assert response.status_code in (409, 422), response.status_code
    return response.content.decode()


def cli_grade(s, language):
    world = s.world
    world.alice.user.language = language
    world.alice.user.save(update_fields=["language"])
    try:
        call_command("grade", "--org", world.org.slug, "--as", world.alice.user.email,
                     str(s.kr.pk), "0.6", "--note", "fine")  # fmt: skip
    except CommandError as error:
        return str(error)
    return None


def _alice(s):
    return s.world.alice


# fmt: off
ROUTES = [
    ("PATCH key result: current value",
     api("patch", "/key-results/{kr}", {"current_value": 7})),
    ("PATCH key result: title", api("patch", "/key-results/{kr}", {"title": "Renamed 10"})),
    ("PATCH key result: target", api("patch", "/key-results/{kr}", {"target_value": 250})),
    ("POST check-in", api("post", "/key-results/{kr}/check-ins", {"value": 8})),
    ("POST grade key result",
     api("post", "/key-results/{kr}/grade", {"score": 0.6, "note": "fine"})),
    ("POST archive key result", api("post", "/key-results/{kr}/archive", {})),
    ("POST key result into it",
     api("post", "/key-results", lambda s: {"objective_id": s.objective.pk, "title": "New",
                                            "start_value": 0, "target_value": 10})),
    ("PATCH objective: title", api("patch", "/objectives/{objective}", {"title": "Renamed"})),
    ("POST archive objective", api("post", "/objectives/{objective}/archive", {})),
    ("POST objective into it",
     api("post", "/objectives", lambda s: {"cycle_id": s.world.cycle.pk, "title": "New O"})),
    ("web check-in", web_check_in),
    ("web inline check-in", web_inline_check_in),
    ("web edit form", web_edit),
    ("CLI grade", cli_grade),
    ("service check_in", service(lambda s: services.check_in(_alice(s), s.kr, value=9))),
    ("service update_key_result",
     service(lambda s: services.update_key_result(_alice(s), s.kr, current_value=9))),
    ("service update_objective",
     service(lambda s: services.update_objective(_alice(s), s.objective, title="X"))),
    ("service create_key_result",
     service(lambda s: services.create_key_result(_alice(s), s.objective, title="New",
                                                  start_value=0, target_value=10))),
    ("service archive_objective",
     service(lambda s: services.archive_objective(_alice(s), s.objective))),
    ("service archive_key_result",
     service(lambda s: services.archive_key_result(_alice(s), s.kr))),
    ("service reorder_key_results",
     service(lambda s: services.reorder_key_results(_alice(s), s.objective,
                                                    [s.other_kr, s.kr]))),
    ("service reorder_objectives",
     service(lambda s: services.reorder_objectives(_alice(s), [s.second, s.objective]))),
    ("service align_objective",
     service(lambda s: services.align_objective(_alice(s), s.objective,
                                                parent_objective=s.second))),
    ("service grade_objective",
     service(lambda s: services.grade_objective(_alice(s), s.objective,
             scores={s.kr.pk: ("0.6", "x")}, retrospective="ok"))),
]
# fmt: on


@pytest.mark.every_case
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("route", "write"), ROUTES, ids=[r for r, _ in ROUTES])
def test_every_write_into_a_closed_cycle_is_refused_and_nothing_changes(
    world, route, write, language
):
    s = Setup(world)
    before = snapshot(world)
    said = write(s, language)
    assert said is not None, f"{route}: answered as a success"
    assert "closed" in said or "关闭" in said, said[-1500:]
    assert snapshot(world) == before


@pytest.mark.parametrize(
    ("state", "what", "refused"),
    [
        (state, what, state == "closed" and what != "comment")
        for state in ("planning", "active", "grading", "closed")
        for what in sorted(rules.WRITES)
    ],
)
def test_one_rule_for_every_write(state, what, refused):
    """Closed takes only comments; grading takes values, grades and retrospectives."""
    assert (rules.write_refusal(state, what) is not None) is refused


def test_unknown_writes_are_a_programming_error():
    with pytest.raises(ValueError):
        rules.write_refusal("closed", "anything")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_pages_show_a_closed_cycles_objective_read_only_and_say_why(world, language):
    """No form that could only be refused: the edit page, the objective page and the key
    result page say why nothing can be changed (it used to be a key result page whose
    check-in answered 422 with the reason nowhere on it)."""
    s = Setup(world)
    client = _client(s, language)
    edit = client.get(reverse("objective_edit", args=[s.objective.pk])).content.decode()
    assert SAID[language] in edit and "okr-form" not in edit and "data-read-only" in edit
    shown = client.get(reverse("objective", args=[s.objective.pk])).content.decode()
    assert SAID[language] in shown
    assert reverse("objective_archive", args=[s.objective.pk]) not in shown
    kr_page = client.get(reverse("key_result", args=[s.kr.pk])).content.decode()
    check_in_url = reverse("check_in", args=[s.kr.pk])
    assert SAID[language] in kr_page and f'action="{check_in_url}"' not in kr_page
    refused = client.post(reverse("check_in", args=[s.kr.pk]), {"value": "8"})
    assert refused.status_code == 422 and SAID[language] in refused.content.decode()


def test_grading_still_takes_values_grades_and_retrospectives(world):
    s = Setup(world, Cycle.State.GRADING)
    services.check_in(world.alice, s.kr, value=60)
    services.grade_objective(world.alice, s.objective, scores={s.kr.pk: ("0.6", "")},
                             retrospective="ok")  # fmt: skip
    s.kr.refresh_from_db()
    assert (s.kr.current_value, s.kr.score) == (60, rules.Decimal("0.6"))


def test_a_closed_cycle_still_takes_comments(world):
    s = Setup(world)
    services.add_comment(world.alice, body="What we learned", objective=s.objective)
    from mubiao.okrs.models import Comment

    assert Comment.objects.filter(objective=s.objective).count() == 1


def test_the_one_tap_link_offers_nothing_of_a_closed_cycle(world, client):
    from mubiao.notify import links

    s = Setup(world)
    url = links.check_in_url(world.alice.pk, s.kr.pk).split("://", 1)[-1]
    url = url[url.index("/") :]
    before = snapshot(world)
    page = client.get(url)
    assert page.status_code == 200 and 'name="value-' not in page.content.decode()
    assert client.post(url, {f"value-{s.kr.pk}": "12", "form_key": "x"}).status_code < 500
    assert snapshot(world) == before
