"""Every query parameter of every GET operation in the OpenAPI document (so a new operation or
parameter is covered without a line here) honours a value or refuses it with a 422 naming the
parameter: a value it does not know is never answered 200 with the default (the web pages'
counterpart is tests/web/test_query_params.py)."""

import re

import pytest

from mubiao.api.main import api
from tests.api.conftest import Api
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db

# What no parameter takes: a word where a number or a choice belongs, a negative, a number far
# past any bound or id, a number whose JSON type is not the parameter's.
UNKNOWN = ["zz-unknown", "-1", "1.5", "99999999999999999999999"]


def _free_text(schema: dict) -> bool:
    """Words searched for (a string without choices): every value is honoured (a search that
    finds nothing says so)."""
    kinds = schema.get("anyOf", [schema])
    return any(k.get("type") == "string" and "enum" not in k for k in kinds)


def _honoured(schema: dict):
    kinds = [k for k in schema.get("anyOf", [schema]) if k.get("type") != "null"]
    return kinds[0]["enum"][0] if "enum" in kinds[0] else "Query"


def _operations():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            query = [p for p in operation.get("parameters", []) if p["in"] == "query"]
            if method == "get" and query:
                checked = tuple(p["name"] for p in query if not _free_text(p["schema"]))
                required = tuple((p["name"], _honoured(p["schema"])) for p in query
                                 if p.get("required"))  # fmt: skip
                yield path.removeprefix("/api/v1"), checked, required


OPERATIONS = sorted(_operations())


@pytest.mark.parametrize(("path", "names", "required"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_an_unknown_query_value_is_refused_naming_the_parameter(world, path, names, required):
    objective = make_objective(world.alice, world.cycle, "Query values", krs=1)
    ids = {"objective_id": objective.pk, "team_id": world.product.pk,
           "key_result_id": objective.key_results.get().pk, "cycle_id": world.cycle.pk}  # fmt: skip
    url = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
    client = Api(world.admin)
    # Required parameters get a value that is honoured; comments need what they are on.
    required = dict(required)
    if path == "/comments":
        required["objective"] = objective.pk
    assert client.get(url, required).status_code == 200, url
    failures = []
    for name in names:
        for value in UNKNOWN:
            response = client.get(url, {**required, name: value})
            fields = [e.get("field") for e in response.json().get("errors", [])]
            if response.status_code != 422 or not any(name in str(f) for f in fields):
                failures.append((name, value, response.status_code, fields))
    assert not failures
