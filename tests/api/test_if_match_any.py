"""`If-Match: *` means "any current representation" (RFC 9110 §13.1.1): the condition holds
whenever the row exists. It was refused as a malformed header (400) on every route that takes
If-Match (issue 9, E9). The kind: every such route, found from the API's own description so a
new one cannot be left out, and the writes that take no version, whose target exists too."""

import pytest

from mubiao.api.main import api
from mubiao.reports import services as reports
from tests.api.conftest import Api
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def _taking_if_match() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {
        (method, path.removeprefix("/api/v1"))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if any(p["in"] == "header" and p["name"] == "If-Match"
               for p in operation.get("parameters", []))
    }  # fmt: skip


# (method, path template) → (who, the path, a body that writes, how to see it was written)
ROUTES = {
    ("patch", "/organization"): (
        "admin", lambda w: "/organization", {"name": "Any Inc"},
        lambda w, body: body["name"] == "Any Inc"),
    ("patch", "/teams/{team_id}"): (
        "admin", lambda w: f"/teams/{w.docs.pk}", {"name": "Manuals"},
        lambda w, body: body["name"] == "Manuals"),
    ("patch", "/members/{member_id}"): (
        "admin", lambda w: f"/members/{w.bob.pk}", {"title": "Writer"},
        lambda w, body: body["title"] == "Writer"),
    ("patch", "/cycles/{cycle_id}"): (
        "admin", lambda w: f"/cycles/{w.cycle.pk}", {"name": "Any quarter"},
        lambda w, body: body["name"] == "Any quarter"),
    ("delete", "/cycles/{cycle_id}"): (
        "admin", lambda w: f"/cycles/{w.extra['spare']}", None,
        lambda w, body: Api(w.admin).get(f"/cycles/{w.extra['spare']}").status_code == 404),
    ("patch", "/objectives/{objective_id}"): (
        "alice", lambda w: f"/objectives/{w.extra['child'].pk}", {"title": "Any title"},
        lambda w, body: body["title"] == "Any title"),
    ("post", "/objectives/{objective_id}/align"): (
        "alice", lambda w: f"/objectives/{w.extra['child'].pk}/align",
        {"parent_objective_id": None}, lambda w, body: body["parent_objective_id"] is None),
    ("patch", "/key-results/{key_result_id}"): (
        "alice", lambda w: f"/key-results/{w.extra['kr'].pk}", {"title": "Any KR"},
        lambda w, body: body["title"] == "Any KR"),
    ("post", "/key-results/{key_result_id}/check-ins"): (
        "alice", lambda w: f"/key-results/{w.extra['kr'].pk}/check-ins", {"value": 30},
        lambda w, body: body["value"] == "30" or body["value"] == 30),
    ("patch", "/reports/{report_id}"): (
        "alice", lambda w: f"/reports/{w.extra['report'].pk}", {"body": "Shipped it"},
        lambda w, body: body["body"] == "Shipped it"),
    ("post", "/reports/{report_id}/share"): (
        "alice", lambda w: f"/reports/{w.extra['report'].pk}/share", {},
        lambda w, body: body["state"] == "shared"),
}  # fmt: skip


@pytest.fixture
def rows(world):
    parent = make_objective(world.alice, world.cycle, "Company goal")
    child = make_objective(world.alice, world.cycle, "Team goal")
    Api(world.alice).post(f"/objectives/{child.pk}/align", {"parent_objective_id": parent.pk})
    spare = Api(world.admin).post(
        "/cycles",
        {"name": "Spare", "kind": "custom", "start_date": "2030-01-01", "end_date": "2030-01-10"},
    )
    world.extra.update(child=child, kr=child.key_results.get(), spare=spare.json()["id"],
                       report=reports.generate(world.alice))  # fmt: skip
    return world


def test_the_table_is_every_route_that_takes_if_match():
    assert set(ROUTES) == _taking_if_match()


@pytest.mark.every_case  # each route's own locks and reads, on PostgreSQL too
@pytest.mark.parametrize("route", list(ROUTES), ids=[" ".join(r) for r in ROUTES])
def test_if_match_any_is_met_by_a_row_that_exists(rows, route):
    who, path, body, written = ROUTES[route]
    client = Api(getattr(rows, who))
    method = route[0]
    if method == "delete":
        response = client.delete(path(rows), **{"If-Match": "*"})
    else:
        response = client._send(method, path(rows), body, {"If-Match": " * "})
    assert response.status_code in (200, 201, 204), response.content
    assert written(rows, response.json() if response.content else None)


ROWS = [route for route in ROUTES if "{" in route[1]]  # the organization is the caller's own


# `*` and a weak tag (issue 9, h9z: tests/api/test_if_match_is_strong_h9z.py) on a row that
# does not exist: RFC 9110 §13.2.1, a precondition is not evaluated where the answer without
# it would not be a success.
@pytest.mark.parametrize("if_match", ["*", 'W/"1"'])
@pytest.mark.parametrize("route", ROWS, ids=[" ".join(r) for r in ROWS])
def test_if_match_any_on_a_missing_row_is_still_a_404(rows, route, if_match):
    who, path, body, _written = ROUTES[route]
    missing = "/".join("987654" if part.isdigit() else part for part in path(rows).split("/"))
    client = Api(getattr(rows, who))
    if route[0] == "delete":
        response = client.delete(missing, **{"If-Match": if_match})
    else:
        response = client._send(route[0], missing, body, {"If-Match": if_match})
    assert response.status_code == 404, response.content


@pytest.mark.parametrize("if_match", ["**", '"*"', "*, 3", "W/*"])
def test_only_a_bare_star_means_any(rows, if_match):
    response = Api(rows.alice).patch(
        f"/objectives/{rows.extra['child'].pk}", {"title": "X"}, **{"If-Match": if_match}
    )
    assert response.status_code == 400, response.content


def test_a_write_that_takes_no_version_takes_if_match_any(rows):
    """Its target exists (else the route's 404), so `*` holds; any version is still refused
    (tests/api/test_if_match_every_write.py)."""
    response = Api(rows.admin).post("/teams", {"name": "New team"}, **{"If-Match": "*"})
    assert response.status_code == 201, response.content
