"""Archived means unchanged (issue 9): nothing about an archived key result, a key result of an
archived objective, or an archived objective changes until it is restored: values, check-ins,
titles, targets, weights, grades, alignment. Every write route (the API's, read off the OpenAPI
document; the web forms; the CLI; the services the worker, chat and e-mail links call) is
refused with a message naming what is archived, and the rows are as they were.

It used to be: PATCH /key-results/95 {"current_value": 7} on an archived key result answered
200 and added a check-in; PATCH on a key result of an archived objective moved that objective's
progress; a check-in there said "This key result is archived" of an active key result."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import Activity, CheckIn, Cycle, KeyResult, Objective
from tests.api.conftest import Api, field_errors
from tests.api.test_write_fields import CHANGES
from tests.conftest import make_objective
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db

ARCHIVED_KR = "archived key result"
KR_OF_ARCHIVED_OBJECTIVE = "key result of an archived objective"
ARCHIVED_OBJECTIVE = "archived objective"

# What each refusal names (en, zh-hans).
NAMED = {
    ARCHIVED_KR: ("The key result “KR 1” is archived", "关键结果“KR 1”已归档"),
    KR_OF_ARCHIVED_OBJECTIVE: (
        "The objective “Delight customers” of this key result is archived",
        "这个关键结果所属的目标“Delight customers”已归档",
    ),
    ARCHIVED_OBJECTIVE: (
        "The objective “Delight customers” is archived",
        "目标“Delight customers”已归档",
    ),
}


class Setup:
    def __init__(self, world, case, grading=False):
        self.world = world
        self.objective = make_objective(world.alice, world.cycle, "Delight customers", krs=2)
        self.kr, self.other_kr = self.objective.key_results.order_by("position")
        self.parent = make_objective(world.alice, world.cycle, "Grow", krs=1)
        services.check_in(world.alice, self.kr, value=30)
        if grading:
            services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
        if case == ARCHIVED_KR:
            services.archive_key_result(world.alice, self.kr)
        else:
            services.archive_objective(world.alice, self.objective)
        self.kr.refresh_from_db()
        self.objective.refresh_from_db()


def snapshot(world) -> dict:
    """Every objective, key result and check-in row of the organization, and the history."""
    org = world.org
    return {
        "objectives": [
            model_to_dict(o) | {"version": o.version, "progress": o.progress}
            for o in Objective.objects.filter(organization=org).order_by("pk")
        ],
        "key_results": [
            model_to_dict(kr) | {"version": kr.version}
            for kr in KeyResult.objects.filter(organization=org).order_by("pk")
        ],
        "check_ins": list(CheckIn.objects.filter(organization=org).order_by("pk").values()),
        "history": list(
            Activity.objects.filter(
                organization=org, target_type__in=["objective", "keyresult", "checkin"]
            ).values_list("pk", flat=True)
        ),
    }


# A route: (name, what it writes, needs the cycle in grading, the write). The write returns
# the refusal's text (None: answered as a success), given the Setup and the language.


def _api_answer(response, field):
    if response.status_code == 422:
        errors = {e["field"]: e["message"] for e in response.json()["errors"]}
        assert field in errors, errors
        return errors[field]
    assert response.status_code in (200, 201), response.content[:300]
    return None


def api(method, path, body, field):
    def write(s, language):
        client = Api(s.world.alice, **{"accept-language": language})
        url = path.format(kr=s.kr.pk, objective=s.objective.pk)
        sent = body(s) if callable(body) else body
        return _api_answer(getattr(client, method)(url, sent), field)

    write.api = (method.upper(), path)
    return write


def service(call):
    def write(s, language):
        with translation.override(language):
            try:
                call(s)
            except ValidationError as error:
                return " ".join(error.messages)
        return None

    return write


def web_check_in(s, language, **headers):
    client = _client(s, language)
    response = client.post(reverse("check_in", args=[s.kr.pk]), {"value": "8"}, headers=headers)
    assert response.status_code == 422, response.status_code
    return response.content.decode()


def web_inline_check_in(s, language):
    """My OKRs' inline check-in (htmx: the row's form answers in place)."""
    return web_check_in(s, language, hx_request="true")


def _client(s, language):
    from django.test import Client

    client = Client(headers={"accept-language": language})
    client.force_login(s.world.alice.user)
    return client


def web_edit(s, language):
    client = _client(s, language)
    url = reverse("objective_edit", args=[s.objective.pk])
    form = load(client, url)
    response = client.post(url, {**form, "title": "Renamed", "kr-0-target_value": "250"})
    assert response.status_code == 409, response.status_code
    return response.content.decode()


def web_grade(s, language):
    client = _client(s, language)
    url = reverse("objective_grade", args=[s.objective.pk])
    response = client.post(
        url, {f"score_{s.kr.pk}": "0.6", f"score_{s.other_kr.pk}": "0.5", "retrospective": "ok"}
    )
    assert response.status_code in (404, 409, 422), response.status_code
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


KR = (ARCHIVED_KR, KR_OF_ARCHIVED_OBJECTIVE)
OBJ = (ARCHIVED_OBJECTIVE,)
KR_ROUTE = "/api/v1/key-results/{key_result_id}"
OBJ_ROUTE = "/api/v1/objectives/{objective_id}"

# fmt: off
ROUTES = [
    # The API, every write route of a key result or objective (test_every_api_route_is_here).
    ("PATCH key result: current value", KR, False,
     api("patch", "/key-results/{kr}", {"current_value": 7}, "current_value")),
    ("PATCH key result: title", KR, False,
     api("patch", "/key-results/{kr}", {"title": "Renamed 10"}, "title")),
    ("PATCH key result: target", KR, False,
     api("patch", "/key-results/{kr}", {"target_value": 250}, "target_value")),
    ("PATCH key result: weight", KR, False,
     api("patch", "/key-results/{kr}", {"weight": 2}, "weight")),
    ("POST check-in", KR, False,
     api("post", "/key-results/{kr}/check-ins", {"value": 8}, "key_result")),
    ("POST grade key result", KR, True,
     api("post", "/key-results/{kr}/grade", {"score": 0.6, "note": "fine"}, "score")),
    ("POST archive key result", (KR_OF_ARCHIVED_OBJECTIVE,), False,
     api("post", "/key-results/{kr}/archive", {}, "state")),
    ("POST restore key result", (KR_OF_ARCHIVED_OBJECTIVE,), False,
     api("post", "/key-results/{kr}/restore", {}, "state")),
    ("POST key result into it", OBJ, False,
     api("post", "/key-results", lambda s: {"objective_id": s.objective.pk, "title": "New",
                                            "start_value": 0, "target_value": 10},
         "objective_id")),
    ("PATCH objective: title", OBJ, False,
     api("patch", "/objectives/{objective}", {"title": "Renamed"}, "title")),
    ("PATCH objective: weight", OBJ, False,
     api("patch", "/objectives/{objective}", {"weight": 2}, "weight")),
    ("POST align objective", OBJ, False,
     api("post", "/objectives/{objective}/align",
         lambda s: {"parent_objective_id": s.parent.pk}, "parent_objective_id")),
    ("POST grade objective", OBJ, True,
     api("post", "/objectives/{objective}/grade",
         lambda s: {"scores": [{"key_result_id": s.other_kr.pk, "score": 0.5, "note": "x"}],
                    "retrospective": "ok"}, "retrospective")),
    # The web: the key result page's and My OKRs' check-in, the edit form, the grading form.
    ("web check-in", KR, False, web_check_in),
    ("web inline check-in", KR, False, web_inline_check_in),
    ("web edit form", OBJ, False, web_edit),
    ("web grading form", OBJ, True, web_grade),
    # The CLI.
    ("CLI grade", KR, True, cli_grade),
    # The services every route calls (also chat, e-mail links and imports).
    ("service check_in", KR, False,
     service(lambda s: services.check_in(s.world.alice, s.kr, value=9))),
    ("service update_key_result", KR, False,
     service(lambda s: services.update_key_result(s.world.alice, s.kr, current_value=9))),
    ("service grade_key_result", KR, True,
     service(lambda s: services.grade_key_result(s.world.alice, s.kr, score="0.6", note="x"))),
    ("service grade_objective: archived key result", (ARCHIVED_KR,), True,
     service(lambda s: services.grade_objective(s.world.alice, s.objective,
             scores={s.kr.pk: ("0.6", "x")}, retrospective="ok"))),
    ("service grade_objective", OBJ, True,
     service(lambda s: services.grade_objective(s.world.alice, s.objective,
             scores={s.other_kr.pk: ("0.6", "x")}, retrospective="ok"))),
    ("service update_objective", OBJ, False,
     service(lambda s: services.update_objective(s.world.alice, s.objective, title="X"))),
    ("service align_objective", OBJ, False,
     service(lambda s: services.align_objective(s.world.alice, s.objective,
                                                parent_objective=s.parent))),
    ("service create_key_result", OBJ, False,
     service(lambda s: services.create_key_result(s.world.alice, s.objective, title="New",
                                                  start_value=0, target_value=10))),
    ("service reorder_key_results", OBJ, False,
     service(lambda s: services.reorder_key_results(s.world.alice, s.objective,
                                                    [s.other_kr, s.kr]))),
    ("service archive_key_result", (KR_OF_ARCHIVED_OBJECTIVE,), False,
     service(lambda s: services.archive_key_result(s.world.alice, s.other_kr))),
]
# fmt: on

CASES = [
    pytest.param(case, name, grading, write, id=f"{name} × {case}")
    for name, cases, grading, write in ROUTES
    for case in cases
]


@pytest.mark.every_case
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("case", "route", "grading", "write"), CASES)
def test_refused_naming_what_is_archived_and_nothing_changes(
    world, case, route, grading, write, language
):
    s = Setup(world, case, grading)
    before = snapshot(world)
    said = write(s, language)
    assert said is not None, f"{route}: answered as a success"
    en, zh = NAMED[case]
    assert (en if language == "en" else zh) in said, said[-1500:]
    assert snapshot(world) == before


def test_restoring_is_the_way_out(world):
    """Restored, each is written again; archiving again changes nothing and is no refusal."""
    s = Setup(world, ARCHIVED_OBJECTIVE)
    services.archive_objective(world.alice, s.objective)  # again: nothing to change
    services.restore_objective(world.alice, s.objective)
    assert services.update_key_result(world.alice, s.kr, current_value=40).current_value == 40
    services.archive_key_result(world.alice, s.kr)
    services.restore_key_result(world.alice, s.kr)
    services.check_in(world.alice, s.kr, value=50)
    # A PATCH that restores may change the rest with it.
    services.archive_objective(world.alice, s.objective)
    services.update_objective(world.alice, s.objective, state="active", title="Delight all")
    assert Objective.objects.get(pk=s.objective.pk).title == "Delight all"


# Writes that are no change to an archived row, or the way out: every other write route of a
# key result or an objective is in ROUTES.
NOT_A_CHANGE = {
    ("POST", "/api/v1/key-results/{key_result_id}/archive"): "archiving again changes nothing",
    ("POST", "/api/v1/key-results/{key_result_id}/restore"): "the way out",
    ("POST", "/api/v1/objectives/{objective_id}/archive"): "archiving again changes nothing",
    ("POST", "/api/v1/objectives/{objective_id}/restore"): "the way out",
    ("POST", "/api/v1/objectives/{objective_id}/copy"): "writes a new objective, not this one",
}


def test_every_api_route_is_here():
    document = json.loads((Path(__file__).parents[2] / "docs" / "openapi.json").read_text())
    writes = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
        if method in ("post", "patch", "put", "delete")
        and (
            path.startswith(KR_ROUTE) or path.startswith(OBJ_ROUTE) or path.endswith("/key-results")
        )
    }
    covered = {
        (
            m,
            "/api/v1"
            + p.replace("{kr}", "{key_result_id}").replace("{objective}", "{objective_id}"),
        )
        for *_, write in ROUTES
        if (api_route := getattr(write, "api", None))
        for m, p in [api_route]
    }
    assert writes - covered - set(NOT_A_CHANGE) == set()


@pytest.mark.parametrize(("language", "said", "not_said"), [
    ("en", "The objective “Delight customers” is archived", "after you opened the form"),
    ("zh-hans", "目标“Delight customers”已归档", "在你打开表单之后"),
])  # fmt: skip
def test_edit_and_grade_pages_say_at_once_that_it_is_archived(world, language, said, not_said):
    """/okrs/<id>/edit of an objective archived before the form was opened says so on opening,
    and its save does not claim it was archived since (it said "在你打开表单之后，有人归档了")."""
    s = Setup(world, ARCHIVED_OBJECTIVE)
    client = _client(s, language)
    page = client.get(reverse("objective_edit", args=[s.objective.pk])).content.decode()
    assert said in page and "data-archived" in page
    saved = web_edit(s, language)
    assert said in saved and not_said not in saved
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    assert said in client.get(reverse("objective_grade", args=[s.objective.pk])).content.decode()
    kr_page = client.get(reverse("key_result", args=[s.kr.pk])).content.decode()
    assert NAMED[KR_OF_ARCHIVED_OBJECTIVE][language != "en"] in kr_page


# Every field of the PATCH bodies of a key result and an objective (test_write_fields checks
# that CHANGES holds each field of the OpenAPI document's bodies), but the way out: a state.
PATCHED = [
    pytest.param(path, field, case, id=f"{field} × {case}")
    for path, cases in (("/api/v1/key-results/{key_result_id}", KR), (OBJ_ROUTE, OBJ))
    for field in CHANGES[path]
    if field != "state"
    for case in cases
]


@pytest.mark.every_case
@pytest.mark.parametrize(("path", "field", "case"), PATCHED)
def test_every_patched_field_is_refused(world, path, field, case):
    later = world.cycle.end_date + dt.timedelta(days=1)
    world.extra["next"] = services.create_cycle(
        world.admin, name="Next", kind="custom", start_date=later,
        end_date=later + dt.timedelta(days=60), state="active",
    )  # fmt: skip
    s = Setup(world, case)
    value = CHANGES[path][field]
    value = value(world) if callable(value) else value
    before = snapshot(world)
    url = path.replace("{key_result_id}", str(s.kr.pk)).replace(
        "{objective_id}", str(s.objective.pk)
    )
    response = Api(world.admin).client.patch(url, json.dumps({field: value}),
                                             content_type="application/json")  # fmt: skip
    assert response.status_code == 422, response.content[:300]
    assert NAMED[case][0] in field_errors(response)[field]
    assert snapshot(world) == before


@pytest.mark.parametrize("case", [ARCHIVED_KR, ARCHIVED_OBJECTIVE])
def test_the_workers_refresh_leaves_archived_rows_as_they_were(world, case):
    """The hourly pace refresh (okrs.tasks.refresh_statuses) skips what is archived, late in
    the cycle as any time."""
    s = Setup(world, case)
    archived = {"kr": s.kr.pk} if case == ARCHIVED_KR else {"objective": s.objective.pk}

    def rows():
        krs = KeyResult.objects.filter(pk=s.kr.pk) if "kr" in archived else (
            KeyResult.objects.filter(objective_id=s.objective.pk))  # fmt: skip
        objectives = Objective.objects.filter(pk=s.objective.pk) if "objective" in archived else []
        return [model_to_dict(r) for r in krs] + [model_to_dict(o) for o in objectives]

    before = rows()
    services.refresh_cycle(world.cycle, today=world.cycle.end_date)
    assert rows() == before
