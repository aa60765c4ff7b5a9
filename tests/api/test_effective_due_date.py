"""Issue 9: the API said `due_date: null` for a key result the page shows due on its cycle's
last day, so a client had to know the rule (and its time zone) to say when the key result is
due. Now every key result the API returns carries `effective_due_date`, the day a person sees
on the page: its own due date, else its cycle's end (KeyResult.effective_due_date, which the
page, its chart and forecast and the API all read)."""

import datetime as dt

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from mubiao.web.templatetags.okr_ui import day


@pytest.fixture
def krs(world):
    """A key result with its own due date and one without, in the world's cycle."""
    cycle = world.cycle
    own = cycle.start_date + dt.timedelta(days=20)
    objective = services.create_objective(
        world.alice, cycle=cycle, title="Grow",
        key_results=[{"title": "Sign customers", "start_value": 0, "target_value": 10,
                      "due_date": own},
                     {"title": "Ship releases", "start_value": 0, "target_value": 3}],
    )  # fmt: skip
    dated, undated = objective.key_results.order_by("position")
    return {dated.pk: own, undated.pk: cycle.end_date}


def _reads(api, world, krs, objective_id):
    """(route, key result as the API returned it) for every read of a key result."""
    client = api(world.alice)
    for pk in krs:
        yield "GET /key-results/{id}", client.get(f"/key-results/{pk}").json()
    for kr in client.get("/key-results", {"objective": objective_id}).json()["items"]:
        yield "GET /key-results", kr
    for kr in client.get(f"/objectives/{objective_id}").json()["key_results"]:
        yield "GET /objectives/{id}", kr


@pytest.mark.django_db
def test_every_read_says_the_day_the_page_shows(api, client_for, world, krs):
    objective_id = KeyResult.objects.get(pk=next(iter(krs))).objective_id
    seen = 0
    for route, kr in _reads(api, world, krs, objective_id):
        assert kr["effective_due_date"] == krs[kr["id"]].isoformat(), (route, kr)
        seen += 1
    assert seen == 3 * len(krs)
    page = client_for(world.alice)
    for pk, due in krs.items():
        html = page.get(reverse("key_result", args=[pk])).content.decode()
        assert f"Due {day(due)}" in html, html[-3000:]


@pytest.mark.django_db
def test_writes_answer_with_it_and_follow_a_due_date_cleared(api, world, krs):
    client = api(world.alice)
    dated = next(iter(krs))
    objective_id = KeyResult.objects.get(pk=dated).objective_id
    created = client.post(
        "/key-results",
        {"objective_id": objective_id, "title": "Hire", "start_value": 0, "target_value": 2},
    )
    assert created.status_code == 201, created.content[:500]
    assert created.json()["effective_due_date"] == world.cycle.end_date.isoformat()
    cleared = client.patch(f"/key-results/{dated}", {"due_date": None})
    assert cleared.status_code == 200, cleared.content[:500]
    body = cleared.json()
    assert (body["due_date"], body["effective_due_date"]) == (
        None,
        world.cycle.end_date.isoformat(),
    )


@pytest.mark.django_db
def test_the_schema_documents_it(api, world):
    schema = api(world.alice).get("/openapi.json").json()
    field = schema["components"]["schemas"]["KeyResultOut"]["properties"]["effective_due_date"]
    assert field["format"] == "date" and "cycle" in field["description"], field
