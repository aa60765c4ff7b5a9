"""A query parameter given twice with different values (`?cycle=1&cycle=2`) is refused with a
422 naming it, on every GET operation: the API never picks one of them (issue 9). The web
pages' counterpart is tests/web/test_query_params.py."""

import re

import pytest

from mubiao.api.main import api
from tests.api.conftest import Api
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def _operations():
    for path, operations in api.get_openapi_schema()["paths"].items():
        query = [p for p in operations.get("get", {}).get("parameters", []) if p["in"] == "query"]
        if query:
            yield path.removeprefix("/api/v1"), tuple((p["name"], p["schema"]) for p in query)


OPERATIONS = sorted(_operations())


def _honoured(name: str, schema: dict, ids: dict) -> str:
    kinds = [k for k in schema.get("anyOf", [schema]) if k.get("type") != "null"]
    if "enum" in kinds[0]:
        return kinds[0]["enum"][0]
    if kinds[0].get("type") == "integer":
        return str(ids.get(name, 1))
    return "words"


@pytest.mark.parametrize(("path", "params"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_a_parameter_given_twice_is_refused_naming_it(world, path, params):
    objective = make_objective(world.alice, world.cycle, "Given twice", krs=1)
    kr = objective.key_results.get()
    ids = {"objective_id": objective.pk, "team_id": world.product.pk, "key_result_id": kr.pk,
           "cycle_id": world.cycle.pk, "cycle": world.cycle.pk, "objective": objective.pk,
           "key_result": kr.pk, "team": world.product.pk, "owner_team": world.product.pk,
           "owner_member": world.alice.pk, "owner": world.alice.pk}  # fmt: skip
    url = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
    client = Api(world.admin)
    base = {"objective": objective.pk} if path == "/comments" else {}
    failures = []
    for name, schema in params:
        value = _honoured(name, schema, ids)
        if client.get(url, {**base, name: value}).status_code != 200:
            continue  # a value this route does not honour alone says nothing about a repeat
        # The honoured value last: QueryDict.get would have taken it and dropped the other.
        response = client.get(url, {**base, name: ["zz-unknown", value]})
        fields = [e.get("field") for e in response.json().get("errors", [])]
        if response.status_code != 422 or name not in fields:
            failures.append((name, response.status_code, fields))
    assert not failures


def test_the_same_value_twice_is_one_value(world):
    """A link or form that repeats a parameter with the same value asks for one thing."""
    client = Api(world.admin)
    response = client.get("/objectives", {"cycle": [world.cycle.pk, world.cycle.pk]})
    assert response.status_code == 200
