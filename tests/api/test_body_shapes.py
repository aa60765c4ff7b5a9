"""A request body that is not the schema's object is a 422, for every API operation.

Generated from the OpenAPI document: every operation that takes a JSON body is sent bodies of
every other JSON shape (array, string, number, boolean, null, nested non-objects), through a
live server, as an admin whose request would otherwise be allowed. Nothing is created or changed.
"""

import json

import httpx
import pytest

from mubiao.accounts.models import ApiToken
from mubiao.accounts.tokens import create_token
from mubiao.api.main import api
from mubiao.okrs.models import Cycle, Objective
from tests.conftest import make_objective, make_world

NOT_OBJECTS = ["[null,null]", '"o"', "3", "true", "[]", "[{}]", '{"a": 1}']


def _operations():
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                yield method.upper(), path, operation["requestBody"].get("required", False)


OPERATIONS = list(_operations())


def _nested_bodies(method, path) -> list[str]:
    """Bodies whose nested objects are of the wrong shape (for schemas that nest objects)."""
    if (method, path) == ("POST", "/api/v1/objectives"):
        return ['{"title": "x", "key_results": ["o", 3, null]}']
    if (method, path) == ("POST", "/api/v1/comments"):
        return ['{"body": "x", "target": [1]}', '{"body": "x", "target": "o"}']
    if path.endswith("/grade") and "objectives" in path:
        return ['{"scores": ["o"]}', '{"scores": [[1, 2]]}']
    return []


@pytest.fixture
def live(transactional_db, live_server):
    world = make_world("shapes")
    objective = make_objective(world.admin, world.cycle)
    _token, secret = create_token(world.admin, name="shapes")
    ids = {
        "cycle_id": world.cycle.pk,
        "objective_id": objective.pk,
        "key_result_id": objective.key_results.first().pk,
        "team_id": world.product.pk,
        "member_id": world.alice.pk,
        "membership_id": world.alice.pk,
        "token_id": _token.pk,
        "comment_id": 1,
        "template_id": 1,
        "report_id": 1,
    }
    return live_server.url, secret, ids


def test_the_operations_are_found():
    assert ("POST", "/api/v1/tokens", True) in OPERATIONS
    assert any(method == "PATCH" for method, _path, _required in OPERATIONS)
    assert len(OPERATIONS) >= 12


@pytest.mark.parametrize(("method", "path", "required"), OPERATIONS, ids=lambda v: str(v))
def test_a_body_that_is_not_the_schemas_object_is_422(live, method, path, required):
    base, secret, ids = live
    url = base + path.format(**ids)
    counts = (ApiToken.objects.count(), Objective.objects.count(), Cycle.objects.count())
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    with httpx.Client(timeout=10) as http:
        for body in [*NOT_OBJECTS[:-1], *_nested_bodies(method, path)]:
            response = http.request(method, url, content=body.encode(), headers=headers)
            assert response.status_code == 422, (body, response.status_code, response.text)
            answer = response.json()
            assert answer["detail"] and isinstance(answer["errors"], list), answer
        assert (ApiToken.objects.count(), Objective.objects.count(), Cycle.objects.count()) == (
            counts
        )
        # A JSON object with unknown fields only is the object the schema takes: never a 5xx.
        response = http.request(method, url, content=NOT_OBJECTS[-1], headers=headers)
        assert response.status_code < 500, response.text


def test_the_reported_bodies(live):
    base, secret, ids = live
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    with httpx.Client(base_url=f"{base}/api/v1", timeout=10, headers=headers) as http:
        # What was sent is quoted before the rule, as every 422 quotes it.
        for body, quoted in (("[null,null]", "[null, null]"), ('"o"', "o")):
            response = http.post("/tokens", content=body)
            assert response.status_code == 422
            assert response.json()["errors"] == [
                {"field": None, "message": f"“{quoted}”: Enter an object."}
            ]
        response = http.patch(f"/cycles/{ids['cycle_id']}", content=json.dumps(7))
        assert response.status_code == 422
