"""A write never answers success for a field it ignored (issue 9 item 6), checked against the
OpenAPI document itself: every field of every request body is either stored or refused with a
422 that names it, and a field a body does not know is refused too."""

import datetime as dt
import json

import pytest

from mubiao.api import snapshot
from mubiao.okrs import services
from mubiao.reports import services as reports
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective

SCHEMA = json.loads(snapshot.SNAPSHOT.read_text())


def _resolve(schema: dict) -> dict:
    if "$ref" in schema:
        return SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def body_fields(method: str, path: str) -> set[str]:
    content = SCHEMA["paths"][path][method]["requestBody"]["content"]["application/json"]
    return set(_resolve(content["schema"])["properties"])


WRITES = [
    (method, path)
    for path, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
    if method in ("post", "patch") and "requestBody" in operation
]


@pytest.fixture
def rows(world):
    """The rows each operation writes to, and a second open cycle to move an objective to."""
    objective = make_objective(world.alice, world.cycle, visibility="public")
    later = world.cycle.end_date + dt.timedelta(days=1)
    world.extra["next"] = services.create_cycle(
        world.admin, name="Next", kind="custom", start_date=later,
        end_date=later + dt.timedelta(days=60), state="active",
    )  # fmt: skip
    return {
        "objective_id": objective.pk,
        "key_result_id": objective.key_results.get().pk,
        "cycle_id": world.cycle.pk,
        "team_id": world.docs.pk,
        "member_id": world.bob.pk,
        "report_id": reports.generate(world.admin).pk,  # the admin's own draft
    }


# A valid value, different from the current one, for every field of every PATCH body
# (functions of the world). A field added to a PATCH body without an entry here fails below.
CHANGES = {
    "/api/v1/objectives/{objective_id}": {
        "cycle_id": lambda w: w.extra["next"].pk,
        "title": "A changed title",
        "description": "A changed description",
        "kind": "aspirational",
        "visibility": "team",
        "weight": 2.5,
        "progress_source": "mix",
        "aligned_share": 30,
        "state": "draft",
        "owner_type": "organization",
        "owner_member_id": lambda w: w.bob.pk,
        "owner_team_id": lambda w: w.product.pk,
        "team_id": lambda w: w.docs.pk,
        "collaborator_ids": lambda w: [w.bob.pk],
    },
    "/api/v1/key-results/{key_result_id}": {
        "title": "A changed key result",
        "owner_id": lambda w: w.bob.pk,
        "metric_type": "percent",
        "start_value": 10,
        "target_value": 250.5,
        "current_value": 42.25,
        "unit": "users",
        "direction": "at_least",
        "due_date": lambda w: str(w.cycle.end_date - dt.timedelta(days=3)),
        "weight": 0.5,
        "confidence": 3,
        "progress_source": "children",
    },
    "/api/v1/cycles/{cycle_id}": {
        "name": "A changed cycle",
        "kind": "custom",
        "start_date": lambda w: str(w.cycle.start_date - dt.timedelta(days=1)),
        "end_date": lambda w: str(w.cycle.end_date - dt.timedelta(days=1)),
        "parent_id": lambda w: w.extra["year"].pk,
    },
    "/api/v1/teams/{team_id}": {
        "name": "A changed team",
        "parent_id": lambda w: w.extra["support"].pk,
        "lead_ids": lambda w: [w.bob.pk],
    },
    "/api/v1/organization": {
        "name": "A changed organization",
        "weights": True,
        "time_zone": "America/New_York",
        "language": "zh-hans",
    },
    "/api/v1/reports/{report_id}": {"body": "A changed report"},
    "/api/v1/members/{member_id}": {
        "role": "admin",
        "title": "A changed title",
        "manager_id": lambda w: w.admin.pk,
        "team_ids": lambda w: [w.product.pk],
    },
}

PATCHES = [(path, field) for path, fields in CHANGES.items() for field in fields]
# A request's answer to a question, never stored: "did you mean" (docs/api.md).
FLAGS = {"confirm_scale"}


def test_every_patch_body_field_has_a_changed_value():
    patches = {path for method, path in WRITES if method == "patch"}
    assert patches == set(CHANGES)
    for path in patches:
        assert body_fields("patch", path) - FLAGS == set(CHANGES[path]), path


def _same(sent, stored) -> bool:
    if isinstance(sent, list):
        return sorted(sent) == sorted(stored)
    if isinstance(sent, int | float) and not isinstance(sent, bool):
        return stored is not None and float(stored) == float(sent)
    return sent == stored


@pytest.mark.parametrize(("path", "field"), PATCHES)
def test_a_patched_field_is_stored_or_refused_by_name(world, rows, path, field):
    if field == "parent_id" and "cycles" in path:
        start = world.cycle.start_date - dt.timedelta(days=30)
        world.extra["year"] = services.create_cycle(
            world.admin, name="Year", kind="year", start_date=start,
            end_date=start + dt.timedelta(days=364),
        )  # fmt: skip
    value = CHANGES[path][field]
    value = value(world) if callable(value) else value
    url = path.removeprefix("/api/v1").format(**rows)
    admin = Api(world.admin)
    before = admin.get(url).json()
    assert not _same(value, before[field]), "the value must be a change"
    # A report's edit replaces its whole text: it carries the version read (h12b: 428 without).
    version = {"If-Match": str(before["version"])} if "reports" in path else {}
    response = admin.patch(url, {field: value}, **version)
    if response.status_code == 422:
        assert field in field_errors(response), response.content
        assert admin.get(url).json() == before  # refused: nothing changed
    else:
        assert response.status_code == 200, response.content
        assert _same(value, admin.get(url).json()[field]), (field, value, response.json())


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_a_field_a_body_does_not_know_is_refused_by_name(world, rows, method, path):
    url = path.removeprefix("/api/v1").format(**rows)
    response = getattr(Api(world.admin), method)(url, {"not_a_field": 1})
    assert response.status_code == 422, response.content
    assert "not_a_field" in field_errors(response)


@pytest.mark.parametrize(("path", "field"), PATCHES)
def test_a_patched_null_is_stored_or_refused_by_name(world, rows, path, field):
    """null is a value like any other: it empties a field that can be empty, else it is a 422
    naming the field (never an "unchanged" the client cannot tell from success)."""
    url = path.removeprefix("/api/v1").format(**rows)
    admin = Api(world.admin)
    before = admin.get(url).json()
    response = admin.patch(url, {field: None})
    if response.status_code == 422:
        assert field in field_errors(response), response.content
        assert admin.get(url).json() == before
    else:
        assert response.status_code == 200, response.content
        assert admin.get(url).json()[field] is None, field
