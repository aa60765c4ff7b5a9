"""Bad input is a 4xx with the error format, never a 500."""

import pytest

from tests.api.conftest import field_errors
from tests.conftest import make_objective


@pytest.fixture
def alice(world, api):
    return api(world.alice)


@pytest.mark.parametrize("body", ["{not json", "[1, 2", "\xff\xfe", "null", "[]", '"text"', "1"])
def test_unreadable_or_non_object_bodies(world, alice, body):
    response = alice.post("/objectives", body)
    assert response.status_code in (400, 422), (body, response.content)
    field_errors(response)


def test_empty_body(world, alice):
    response = alice.client.post("/api/v1/objectives", b"", content_type="application/json")
    assert response.status_code == 422
    field_errors(response)


@pytest.mark.parametrize(
    "field, value",
    [
        ("title", "x" * 501),
        ("title", "a\x00b"),
        ("title", "\ud800"),
        ("title", 12),
        ("title", None),
        ("cycle_id", "1; DROP TABLE"),
        ("cycle_id", 2**70),
        ("cycle_id", -1),
        ("cycle_id", 1.5),
        ("weight", "NaN"),
        ("weight", 1e400),
        ("weight", -1),
        ("kind", ["committed"]),
        ("collaborator_ids", "1,2"),
        ("collaborator_ids", [2**64]),
        ("key_results", [{"title": "k", "due_date": "2026-02-30"}]),
        ("key_results", [{"title": "k", "due_date": "soon"}]),
        ("key_results", [{"title": "k", "target_value": "1e999"}]),
        ("key_results", [{"title": "k", "start_value": -1e17}]),
        ("key_results", [{"title": "k", "confidence": 3.7}]),
        ("key_results", [{"title": "k"}] * 21),
    ],
)
def test_bad_fields_name_the_field(world, alice, field, value):
    body = {"cycle_id": world.cycle.pk, "title": "ok", field: value}
    response = alice.post("/objectives", body)
    assert response.status_code == 422, response.content
    errors = field_errors(response)
    assert any(name and name.split(".")[0] == field for name in errors), errors


def test_unicode_is_welcome(world, alice):
    title = "提升 🚀 客户满意度 — «quoted» \u200b"
    response = alice.post("/objectives", {"cycle_id": world.cycle.pk, "title": title})
    assert response.status_code == 201
    assert response.json()["title"] == title.strip()


@pytest.mark.parametrize(
    "path",
    [
        "/objectives/0",
        "/objectives/-5",
        "/objectives/abc",
        "/objectives/99999999999999999999999",
        "/key-results/1e3",
        "/cycles/9223372036854775808",
    ],
)
def test_bad_path_ids(world, alice, path):
    response = alice.get(path)
    assert response.status_code in (404, 422)
    if response.status_code == 422:
        field_errors(response)


@pytest.mark.parametrize(
    "params",
    [
        # Not "ten": a query's numbers are read as every typed number is (api.common
        # _typed_numbers), and "ten" is 10 there as in a check-in (h9).
        {"limit": "lots"},
        {"offset": str(10**20)},
        {"cycle": "x"},
        {"cycle": str(2**64)},
        {"state": "nope"},
        {"search": "a" * 201},
        {"search": "a\x00b"},
    ],
)
def test_bad_query_params(world, alice, params):
    response = alice.get("/objectives", params)
    assert response.status_code == 422
    assert field_errors(response).keys() == params.keys()


def test_search_with_sql_and_like_characters(world, alice):
    make_objective(world.alice, world.cycle, "100% done_now")
    assert alice.get("/objectives", {"search": "100%"}).json()["count"] == 1
    assert alice.get("/objectives", {"search": "' OR 1=1 --"}).json()["count"] == 0


def test_wrong_method_and_unknown_path(world, alice):
    assert alice.client.put("/api/v1/objectives").status_code == 405
    assert alice.get("/nothing-here").status_code == 404


def test_extreme_but_valid_numbers(world, alice):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.first()
    # A level kept: the largest value is within the progress the columns keep (on 0 → 100 it
    # is refused naming that limit: tests/okrs/test_services_progress_cap.py).
    assert alice.patch(f"/key-results/{kr.pk}", {"direction": "at_least"}).status_code == 200
    for value in (10**15 - 1, -(10**15 - 1), "0.0001", 0):
        # Values this far from the range (0 → 100) are asked about; confirmed, they are kept.
        response = alice.post(
            f"/key-results/{kr.pk}/check-ins", {"value": value, "confirm_scale": True}
        )
        assert response.status_code == 201, (value, response.content)
    # One place more than is stored would be rounded away silently: refused instead.
    response = alice.post(f"/key-results/{kr.pk}/check-ins", {"value": "0.00001"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "value"
    assert "4 decimal places" in response.json()["errors"][0]["message"]
    cycle = alice.post(
        "/cycles", {"name": "far", "start_date": "9999-01-01", "end_date": "9999-12-31"}
    )
    assert cycle.status_code == 403  # Alice is no admin; the dates themselves are fine
