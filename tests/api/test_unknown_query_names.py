"""h9m (issue 9): a query parameter an operation does not take was ignored with 200 (a
misspelt filter answered the whole list), and the cycle filter was `cycle` on the lists but
`cycle_id` on insights and coaching. Every operation in the OpenAPI document (so a new one is
covered without a line here) refuses a name it does not take with a 422 naming it, through
one mechanism (api.query); the cycle is `cycle` everywhere, `cycle_id` read where it was
published."""

import re

import pytest

from mubiao.api.main import api
from tests.api.conftest import Api
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def _operations():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "get":
                query = [p for p in operation.get("parameters", []) if p["in"] == "query"]
                required = tuple((p["name"], p["schema"].get("enum", ["Query"])[0])
                                 for p in query if p.get("required"))  # fmt: skip
                yield path.removeprefix("/api/v1"), required


OPERATIONS = sorted(_operations())


@pytest.mark.parametrize(("path", "required"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_an_unknown_query_name_is_refused_naming_it(world, path, required):
    objective = make_objective(world.alice, world.cycle, "Query names", krs=1)
    ids = {"objective_id": objective.pk, "team_id": world.product.pk,
           "key_result_id": objective.key_results.get().pk, "cycle_id": world.cycle.pk,
           "member_id": world.alice.pk}  # fmt: skip
    url = re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 1)), path)
    client = Api(world.admin)
    required = dict(required)
    if path == "/comments":
        required["objective"] = objective.pk
    response = client.get(url, {**required, "stauts": "done"})
    assert response.status_code == 422, (url, response.status_code)
    assert [e["field"] for e in response.json()["errors"]] == ["stauts"]
    assert "stauts" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("path", ["/alignment", "/adoption", "/grading-review"])
def test_the_cycle_is_named_cycle_and_cycle_id_still_read(world, path):
    client = Api(world.admin)
    for name in ("cycle", "cycle_id"):
        response = client.get(path, {name: world.cycle.pk})
        assert response.status_code == 200, (name, response.json())
    both = client.get(path, {"cycle": world.cycle.pk, "cycle_id": world.cycle.pk + 999})
    assert both.status_code == 422
