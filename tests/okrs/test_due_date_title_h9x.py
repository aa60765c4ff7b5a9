"""The title's date and the due date (issue 9, h9x, fresh tester of h9u's rule):
1. a PATCH of the title alone moved a due date someone set to the title's day, without a word;
2. a title's date outside the cycle was never compared with the due date sent beside it, and
   the refusal of one sent without a due date told the person to leave out a due date;
3. a due date cleared under a title stating one was stored without the note the import says;
4. a date the title states but cannot be read was refused on `due_date`, which nobody sent.
Each route (API create, API PATCH, the web edit form, every import) says the same."""

import datetime as dt

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import export_okrs, import_okrs
from tests.api.conftest import Api
from tests.conftest import custom_cycle_over, make_objective

pytestmark = pytest.mark.postgres

SET = dt.date(2026, 12, 10)
# title → the day it states (2026 Q4: a day without a year is the cycle's, else the next one)
IN_CYCLE = {"Launch X by Dec 25": "2026-12-25", "12月28日前上线 X": "2026-12-28"}
OUTSIDE = {"3月底前 完成迁移": "2027-03-31", "Finish migration by end of March": "2027-03-31",
           "Close 5 deals by Dec 20th 2027": "2027-12-20"}  # fmt: skip


@pytest.fixture
def q4(world):
    return custom_cycle_over(world, "2026 Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def _kr(world, q4, title="Launch X", due=SET):
    objective = make_objective(world.alice, q4, "o", krs=0)
    return services.create_key_result(
        world.alice, objective, title=title, metric_type=KeyResult.MetricType.MILESTONE,
        due_date=due,
    )  # fmt: skip


def _fields(response) -> dict[str, str]:
    body = response.json()
    return {error["field"]: error["message"] for error in body.get("errors", [])}


@pytest.mark.parametrize("title", IN_CYCLE)
def test_a_title_patch_never_moves_a_due_date_set(world, q4, title):
    kr = _kr(world, q4)
    response = Api(world.alice).patch(f"/key-results/{kr.pk}", {"title": title})
    assert response.status_code == 422, response.content[:400]
    said = _fields(response).get("title", "")
    assert IN_CYCLE[title] in said and SET.isoformat() in said, response.json()
    kr.refresh_from_db()
    assert (kr.title, kr.due_date) == ("Launch X", SET)
    # Sent with the due date it states: taken.
    agreed = {"title": title, "due_date": IN_CYCLE[title]}
    assert Api(world.alice).patch(f"/key-results/{kr.pk}", agreed).status_code == 200


@pytest.mark.parametrize("title", IN_CYCLE)
def test_a_title_patch_filling_an_empty_due_date_says_so(world, q4, title):
    kr = _kr(world, q4, due=None)
    response = Api(world.alice).patch(f"/key-results/{kr.pk}", {"title": title})
    assert response.status_code == 200, response.content[:400]
    body = response.json()
    assert body["due_date"] == IN_CYCLE[title]
    assert IN_CYCLE[title] in (body["notice"] or ""), body


@pytest.mark.parametrize("title", IN_CYCLE)
def test_a_due_date_taken_from_the_title_on_creation_is_said(world, q4, title):
    objective = make_objective(world.alice, q4, "o", krs=0)
    sent = {"objective_id": objective.pk, "title": title, "metric_type": "milestone"}
    response = Api(world.alice).post("/key-results", sent)
    assert response.status_code == 201, response.content[:400]
    body = response.json()
    assert body["due_date"] == IN_CYCLE[title]
    assert [note for note in body["notes"] if IN_CYCLE[title] in note], body["notes"]


@pytest.mark.parametrize("title", OUTSIDE)
def test_a_title_date_outside_the_cycle_is_compared_with_the_due_date(world, q4, title):
    objective = make_objective(world.alice, q4, "o", krs=0)
    api = Api(world.alice)
    sent = {"objective_id": objective.pk, "title": title, "due_date": "2026-12-01",
            "metric_type": "milestone"}  # fmt: skip
    response = api.post("/key-results", sent)
    assert response.status_code == 422, response.content[:400]
    said = _fields(response).get("due_date", "")
    assert OUTSIDE[title] in said and "2026-12-01" in said, response.json()
    # A due date already set, and the title PATCHed to one outside the cycle: said alike.
    kr = _kr(world, q4)
    response = api.patch(f"/key-results/{kr.pk}", {"title": title})
    said = _fields(response).get("title", "")
    assert OUTSIDE[title] in said and SET.isoformat() in said, response.json()
    assert not KeyResult.objects.filter(title=title).exists()


def test_a_title_date_outside_the_cycle_without_a_due_date_is_said_on_the_title(world, q4):
    objective = make_objective(world.alice, q4, "o", krs=0)
    sent = {"objective_id": objective.pk, "title": "3月底前 完成迁移", "metric_type": "milestone"}
    response = Api(world.alice, **{"Accept-Language": "zh-hans"}).post("/key-results", sent)
    assert response.status_code == 422
    fields = _fields(response)
    assert set(fields) == {"title"}, fields
    # Said of the title, which states it: no due date was sent to leave out.
    said = fields["title"]
    assert "2027-03-31" in said and "标题中" in said and "不写截止时间" not in said, fields


def test_a_date_the_title_states_unreadably_is_said_on_the_title(world, q4):
    objective = make_objective(world.alice, q4, "o", krs=0)
    sent = {"objective_id": objective.pk, "title": "Launch X by 12/11", "metric_type": "milestone"}
    response = Api(world.alice).post("/key-results", sent)
    assert response.status_code == 422
    assert set(_fields(response)) == {"title"}, response.json()


BLANK = "the due date is blank, so “by Dec 25” in the title is left as text"


def test_clearing_the_due_date_through_the_api_says_what_the_import_says(world, q4):
    kr = _kr(world, q4, title="Launch new site by Dec 25", due=dt.date(2026, 12, 25))
    response = Api(world.alice).patch(f"/key-results/{kr.pk}", {"due_date": None})
    assert response.status_code == 200
    assert BLANK in (response.json()["notice"] or ""), response.json()
    # The import of the same key result says it in the same words.
    data = export_okrs(world.admin, cycle=q4, fmt="csv")
    preview = import_okrs(world.admin, file_name="o.csv", data=data, cycle=q4, dry_run=True)
    assert any(BLANK in str(problem) for problem in preview.problems), preview.problems


def test_clearing_the_due_date_on_the_edit_form_says_it(world, q4, client_for):
    from tests.web.test_reading_in_writing import _edit_form

    kr = _kr(world, q4, title="Launch new site by Dec 25", due=dt.date(2026, 12, 25))
    client, url = client_for(world.alice), reverse("objective_edit", args=[kr.objective_id])
    data = _edit_form(client, kr.objective)
    data["kr-0-due_date"] = ""
    response = client.post(url, data, follow=True)
    kr.refresh_from_db()
    assert kr.due_date is None
    assert BLANK in response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")


@pytest.mark.parametrize("fmt", ["csv", "json", "md"])
def test_an_import_names_both_dates_when_the_title_date_is_outside_the_cycle(world, q4, fmt):
    title = "Close 5 deals by Dec 20th 2027"
    services.create_key_result(
        world.alice, make_objective(world.alice, q4, "o", krs=0), title=title,
        start_value=0, target_value=5, due_date=dt.date(2026, 12, 19),
    )  # fmt: skip
    data = export_okrs(world.admin, cycle=q4, fmt=fmt)
    preview = import_okrs(world.admin, file_name=f"o.{fmt}", data=data, cycle=q4, dry_run=True)
    said = [str(p) for p in preview.problems if "2027-12-20" in str(p) and "2026-12-19" in str(p)]
    assert said, preview.problems


def test_the_writing_form_asks_about_a_title_date_outside_the_cycle(world, q4, client_for):
    from tests.web.test_writing import form_data

    data = form_data(
        "Grow", owner=f"person:{world.alice.pk}",
        krs=[{"title": "3月底前 完成迁移", "metric_type": "milestone", "due_date": "2026-12-01"}],
    )  # fmt: skip
    response = client_for(world.alice).post(f"{reverse('objective_create')}?cycle={q4.pk}", data)
    page = response.content.decode()
    assert "2027-03-31" in page and "2026-12-01" in page
    assert not KeyResult.objects.filter(objective__cycle=q4).exists()


def test_a_deadline_after_the_levels_is_taken_through_the_api(world, q4):
    objective = make_objective(world.alice, q4, "o", krs=0)
    for title in ("Signups 0 to 100 due today", "Signups 0 to 100"):
        sent = {"objective_id": objective.pk, "title": title, "start_value": 0,
                "target_value": 100}  # fmt: skip
        response = Api(world.alice).post("/key-results", sent)
        assert response.status_code == 201, response.content[:400]
