"""A due date that says another day than the key result's title (issue 9, h9u, fresh testers):
"3 月 1 日前注册用户达到 100" given a due date of 2026-03-20 was stored on
`PATCH /api/v1/key-results/<id>` (200), where a target against the title was refused. The
title-disagreement rule now takes the due date on every route that sets one, as it takes the
numbers: the API refuses naming the due date and both dates, the writing form asks once
(saving again keeps it), a file's row is imported as written and the preview says so
(readings.title_due_disagreement, one comparison)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult
from mubiao.okrs.transfer import export_okrs, import_okrs
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.transfer.conftest import cycle_of_2026
from tests.web.test_writing import form_data

pytestmark = pytest.mark.postgres

TITLE = "3 月 1 日前注册用户达到 100"
STATED, OTHER = dt.date(2026, 3, 1), dt.date(2026, 3, 20)
NUMBERS = {"start_value": 0, "target_value": 100}


@pytest.fixture
def year(world):
    return cycle_of_2026(world, "2026", Cycle.Kind.YEAR)


def _names_both(text: str) -> bool:
    return STATED.isoformat() in text and OTHER.isoformat() in text


def _api_create(world, year):
    objective = make_objective(world.alice, year, "o", krs=0)
    response = Api(world.alice).post("/key-results", {
        "objective_id": objective.pk, "title": TITLE, **NUMBERS, "due_date": OTHER.isoformat(),
    })  # fmt: skip
    return response, KeyResult.objects.filter(objective=objective)


def _api_patch(world, year):
    objective = make_objective(world.alice, year, "o", krs=0)
    kr = services.create_key_result(world.alice, objective, title=TITLE, **NUMBERS, due_date=STATED)
    response = Api(world.alice).patch(f"/key-results/{kr.pk}", {"due_date": OTHER.isoformat()})
    return response, KeyResult.objects.filter(pk=kr.pk)


def _api_patch_title(world, year):
    objective = make_objective(world.alice, year, "o", krs=0)
    kr = services.create_key_result(
        world.alice, objective, title="注册用户达到 100", **NUMBERS, due_date=OTHER
    )
    response = Api(world.alice).patch(
        f"/key-results/{kr.pk}", {"title": TITLE, "due_date": OTHER.isoformat()}
    )
    return response, KeyResult.objects.filter(pk=kr.pk, title=TITLE)


def _api_objective(world, year):
    response = Api(world.alice).post("/objectives", {
        "title": "o", "cycle_id": year.pk,
        "key_results": [{"title": TITLE, **NUMBERS, "due_date": OTHER.isoformat()}],
    })  # fmt: skip
    return response, KeyResult.objects.filter(objective__cycle=year)


# route → the write, and the key results it could have stored the due date on
API = {"create": _api_create, "objective with its key results": _api_objective,
       "patch due date": _api_patch, "patch title": _api_patch_title}  # fmt: skip


@pytest.mark.parametrize("route", API)
def test_the_api_refuses_a_due_date_against_the_title(world, year, route):
    response, rows = API[route](world, year)
    assert response.status_code == 422, response.content[:500]
    body = response.json()
    fields = {error["field"] for error in body["errors"]}
    assert any("due_date" in field for field in fields), body
    assert _names_both(str(body)), body
    assert not rows.filter(due_date=OTHER).exists()


def test_the_api_takes_a_due_date_that_agrees(world, year):
    objective = make_objective(world.alice, year, "o", krs=0)
    kr = services.create_key_result(world.alice, objective, title=TITLE, **NUMBERS, due_date=STATED)
    response = Api(world.alice).patch(f"/key-results/{kr.pk}", {"due_date": STATED.isoformat()})
    assert response.status_code == 200
    # A title stating no date takes any day of the cycle.
    other = services.create_key_result(world.alice, objective, title="注册用户达到 200", **NUMBERS)
    response = Api(world.alice).patch(f"/key-results/{other.pk}", {"due_date": "2026-05-05"})
    assert response.status_code == 200


def test_the_refusal_is_said_in_chinese(world, year):
    objective = make_objective(world.alice, year, "o", krs=0)
    kr = services.create_key_result(world.alice, objective, title=TITLE, **NUMBERS, due_date=STATED)
    with translation.override("zh-hans"):
        with pytest.raises(Exception) as refused:
            services.update_key_result(world.alice, kr, refuse_unapplied=True, due_date=OTHER)
        said = " ".join(refused.value.message_dict["due_date"])
    assert "截止日期" in said and _names_both(said), said


def _form_rows(world, year, due):
    data = form_data(
        "Grow", owner=f"person:{world.alice.pk}",
        krs=[{"title": TITLE, "start_value": "0", "target_value": "100", "due_date": due}],
    )  # fmt: skip
    return f"{reverse('objective_create')}?cycle={year.pk}", data


def test_the_writing_form_asks_once_then_keeps_what_was_typed(world, year, client_for):
    client = client_for(world.alice)
    url, data = _form_rows(world, year, OTHER.isoformat())
    response = client.post(url, data)
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert _names_both(page), page[:3000]
    assert not KeyResult.objects.filter(objective__cycle=year).exists()
    # Saved again with the page's answer (the hidden reading_ack): kept as typed.
    again = response.context["formset"].forms[0]
    data |= {f"kr-0-{k}": v for k, v in again.data.items() if k == "kr-0-reading_ack"}
    data |= {k: v for k, v in again.data.items() if k == "kr-0-reading_ack"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert KeyResult.objects.get(objective__cycle=year).due_date == OTHER


def test_the_writing_form_takes_the_title_date_without_asking(world, year, client_for):
    url, data = _form_rows(world, year, STATED.isoformat())
    response = client_for(world.alice).post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert KeyResult.objects.get(objective__cycle=year).due_date == STATED


FORMATS = {"md": "md", "text": "txt", "csv": "csv", "xlsx": "xlsx", "json": "json"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_import_says_it_and_keeps_the_due_date_written(world, fmt):
    """Every import (CSV, xlsx, JSON, Markdown, pasted text; the CLI imports through them): a
    file's due date is its column, as exported, so a key result kept so on the writing form
    comes back as it was; the preview names both dates."""
    source = cycle_of_2026(world, "source", Cycle.Kind.CUSTOM)
    services.create_objective(
        world.alice, cycle=source, title="o",
        key_results=[{"title": TITLE, **NUMBERS, "due_date": OTHER}],
    )  # fmt: skip
    data = export_okrs(world.admin, cycle=source, fmt="md" if fmt == "text" else fmt)
    target = cycle_of_2026(world, "target", Cycle.Kind.YEAR)
    name = f"okrs.{FORMATS[fmt]}"
    preview = import_okrs(world.admin, file_name=name, data=data, cycle=target, dry_run=True)
    said = [problem for problem in preview.problems if "due date" in str(problem)]
    assert said and _names_both(str(said)), preview.problems
    import_okrs(world.admin, file_name=name, data=data, cycle=target, confirmed=True)
    assert KeyResult.objects.get(objective__cycle=target).due_date == OTHER


def test_the_edit_form_asks_about_a_due_date_moved_against_the_title(world, year, client_for):
    """An edit keeping the title, only its due date moved: asked once, as a number is
    (web.forms._due_asked_too); saving again keeps it; an untouched save is not questioned."""
    from tests.web.test_reading_in_writing import _edit_form, _form_fields

    objective = make_objective(world.alice, year, "Grow", krs=0)
    kr = services.create_key_result(world.alice, objective, title=TITLE, **NUMBERS, due_date=STATED)
    client, url = client_for(world.alice), reverse("objective_edit", args=[objective.pk])
    assert client.post(url, _edit_form(client, objective)).status_code == 302
    data = _edit_form(client, objective)
    data["kr-0-due_date"] = OTHER.isoformat()
    response = client.post(url, data)
    kr.refresh_from_db()
    assert response.status_code == 200 and kr.due_date == STATED
    assert _names_both(response.content.decode())
    assert client.post(url, _form_fields(response.content.decode())).status_code == 302
    kr.refresh_from_db()
    assert kr.due_date == OTHER
