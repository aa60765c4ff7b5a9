"""`POST /cycles/year` and `POST /cycles/{id}/next`."""

import datetime as dt

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, Objective
from tests.conftest import make_objective


def test_the_api_creates_a_year_and_carries_objectives_forward(world, other_world, api):
    admin = api(world.admin)
    assert api(world.alice).post("/cycles/year", {"year": 2038}).status_code == 403
    created = admin.post("/cycles/year", {"year": 2038, "parts": ["half", "quarter"]})
    assert created.status_code == 201
    names = [c["name"] for c in created.json()]
    assert names == ["2038", "2038 H1", "2038 H2", "2038 Q1", "2038 Q2", "2038 Q3", "2038 Q4"]
    assert all(c["created"] for c in created.json())
    # Sent again (a retry): nothing is created, and the answer says so.
    before = Cycle.objects.count()
    again = admin.post("/cycles/year", {"year": 2038, "parts": ["half", "quarter"]})
    assert again.status_code == 200 and Cycle.objects.count() == before
    assert [(c["id"], c["created"]) for c in again.json()] == [
        (c["id"], False) for c in created.json()
    ]
    assert admin.post("/cycles/year", {"year": 2038}).status_code == 200
    # Only what is missing is created: the months, inside the existing year.
    months = admin.post("/cycles/year", {"year": 2038, "parts": ["quarter", "month"]})
    assert months.status_code == 201
    assert [c["created"] for c in months.json()] == [False] * 5 + [True] * 12
    assert {c["parent_id"] for c in months.json()[1:]} == {created.json()[0]["id"]}
    assert admin.post("/cycles/year", {"year": 2039, "parts": ["week"]}).status_code == 422
    q1, q2 = created.json()[3]["id"], created.json()[4]["id"]
    mine = make_objective(world.admin, Cycle.objects.get(pk=q1), "Carry me")
    theirs = make_objective(other_world.admin, other_world.cycle, "Not yours")
    refused = admin.post(
        f"/cycles/{q1}/next", {"objective_ids": [mine.pk, theirs.pk], "cycle_id": q2}
    )
    assert refused.status_code == 422 and str(theirs.pk) in refused.content.decode()
    copied = admin.post(f"/cycles/{q1}/next", {"objective_ids": [mine.pk], "cycle_id": q2})
    assert copied.status_code == 201
    (row,) = copied.json()
    assert row["source_id"] == mine.pk
    assert Objective.objects.get(pk=row["id"]).cycle_id == q2 and row["copied"]
    # Sent again (a retry, a double click): nothing is copied twice.
    again = admin.post(f"/cycles/{q1}/next", {"objective_ids": [mine.pk], "cycle_id": q2})
    assert again.status_code == 200
    assert again.json() == [{"source_id": mine.pk, "id": row["id"], "copied": False}]
    assert Objective.objects.filter(cycle_id=q2, title="Carry me").count() == 1


def test_the_api_puts_the_existing_quarter_inside_the_new_year(world, api):
    """/setup made "2044 Q4" with no parent: the year created afterwards holds four quarters."""
    q4 = services.create_cycle(
        world.admin, name="2044 Q4", kind="quarter",
        start_date=dt.date(2044, 10, 1), end_date=dt.date(2044, 12, 31),
    )  # fmt: skip
    made = api(world.admin).post("/cycles/year", {"year": 2044, "parts": ["quarter"]})
    assert made.status_code == 201
    year, *quarters = made.json()
    assert [(c["id"] == q4.pk, c["created"]) for c in quarters] == [
        (False, True), (False, True), (False, True), (True, False)
    ]  # fmt: skip
    assert {c["parent_id"] for c in quarters} == {year["id"]}
    assert Cycle.objects.filter(parent_id=year["id"]).count() == 4


def test_nothing_is_carried_into_a_closed_cycle(world, api, client_for):
    """issue 13, probe13: POST /cycles/5/next {"cycle_id": 1} copied into a closed cycle (201)."""
    closed = Cycle.objects.create(
        organization=world.org, name="2020 Q1", kind="quarter", state="closed",
        start_date=dt.date(2020, 1, 1), end_date=dt.date(2020, 3, 31),
    )  # fmt: skip
    mine = make_objective(world.admin, world.cycle, "Carry me")
    refused = api(world.admin).post(
        f"/cycles/{world.cycle.pk}/next", {"objective_ids": [mine.pk], "cycle_id": closed.pk}
    )
    assert refused.status_code == 422, refused.content
    assert refused.json()["errors"][0]["field"] == "cycle_id"
    assert "2020 Q1 is closed" in refused.json()["errors"][0]["message"]
    page = client_for(world.admin).post(
        f"/settings/cycles/{world.cycle.pk}/next",
        {"objectives": [mine.pk], "cycle": closed.pk},
    )
    assert page.status_code in (200, 400)
    assert not Objective.objects.filter(cycle=closed).exists()
