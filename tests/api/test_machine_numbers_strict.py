"""Issue 9 (h9q): numbers a program sends are read exactly. A query or path parameter (an id,
`limit`, `offset`, `days`) is ASCII digits or a 422 naming it: the lenient reader of what people
type in forms (okrs.numbers: `ten`, `１０`, `十`, `10.0`) took `?limit=ten` as 10, and pydantic's
lax integers took `/objectives/ 1 `, `/objectives/1.0`, `+1` and `1_0` as the objective 1.
Every integer query and path parameter of every operation in the OpenAPI document is covered
(a new one is, without a line here); the values people type in JSON bodies stay lenient
(tests/api/test_numbers_people_type.py)."""

import re
import urllib.parse

import pytest

from mubiao.api.main import api
from tests.api.conftest import Api
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db

# What a person might write for ten, and what no program means by it.
BAD = ["ten", "１０", "十", "1,0", "1e1", " 10 ", "-1", "10.0"]
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _spellings(value: str) -> list[str]:
    """Other spellings of a valid value, each of which a lenient reader took as that value."""
    return [value.translate(_FULL_WIDTH), f" {value} ", f"{value}.0", f"+{value}",
            f"{value}e0", f"0_{value}", f"{value}\n"]  # fmt: skip


def _integer(schema: dict) -> bool:
    return any(k.get("type") == "integer" for k in schema.get("anyOf", [schema]))


def _honoured(schema: dict) -> str | None:
    """A required parameter's value that is taken: its first choice, else words (a search)."""
    kinds = [k for k in schema.get("anyOf", [schema]) if k.get("type") != "null"]
    return kinds[0]["enum"][0] if "enum" in kinds[0] else None


def _operations():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            parameters = operation.get("parameters", [])
            numbers = tuple((p["in"], p["name"]) for p in parameters
                            if p["in"] in ("query", "path") and _integer(p["schema"]))  # fmt: skip
            required = tuple((p["name"], _honoured(p["schema"])) for p in parameters
                             if p["in"] == "query" and p.get("required"))  # fmt: skip
            if numbers:
                yield method, path.removeprefix("/api/v1"), numbers, required


OPERATIONS = sorted(_operations())


def _valid(world) -> dict[str, str]:
    objective = make_objective(world.alice, world.cycle, "Machine numbers", krs=1)
    ids = {
        "objective": objective.pk, "objective_id": objective.pk, "parent": objective.pk,
        "key_result": objective.key_results.get().pk,
        "key_result_id": objective.key_results.get().pk,
        "cycle": world.cycle.pk, "cycle_id": world.cycle.pk,
        "team": world.product.pk, "team_id": world.product.pk, "owner_team": world.product.pk,
        "owner": world.alice.pk, "owner_member": world.alice.pk, "member_id": world.alice.pk,
        "limit": 10, "offset": 10, "days": 10,
    }  # fmt: skip
    return {name: str(value) for name, value in ids.items()}


def _url(path: str, values: dict[str, str]) -> str:
    return re.sub(
        r"\{(\w+)\}", lambda m: urllib.parse.quote(values.get(m.group(1), "1"), safe=""), path
    )


def _required(path: str, required: tuple, valid: dict) -> dict:
    sent = {name: valid.get(name, value or "Query") for name, value in required}
    if path == "/comments":
        sent["objective"] = valid["objective"]
    return sent


def _refusal(response, name: str) -> str | None:
    """The message of a 422 on `name`, else None."""
    if response.status_code != 422:
        return None
    messages = [e["message"] for e in response.json().get("errors", []) if e.get("field") == name]
    return messages[0] if messages else None


@pytest.mark.parametrize(
    ("method", "path", "numbers", "required"),
    OPERATIONS,
    ids=[f"{o[0]} {o[1]}" for o in OPERATIONS],
)
def test_a_number_not_in_ascii_digits_is_refused_naming_the_parameter(
    world, method, path, numbers, required
):
    valid = _valid(world)
    client = Api(world.admin)
    query = _required(path, required, valid) if method == "get" else {}
    failures = []
    for where, name in numbers:
        for value in [*BAD, *_spellings(valid.get(name, "1"))]:
            if where == "path":
                url = _url(path, {**valid, name: value})
                if method == "get":
                    response = client.get(url, query)
                elif method == "delete":
                    response = client.delete(url)
                else:
                    response = getattr(client, method)(url, {})
            elif method == "get":
                response = client.get(_url(path, valid), {**query, name: value})
            else:
                continue  # no write takes a number in its query string
            message = _refusal(response, name)
            # -1 is in digits: refused by the parameter's bound instead.
            if message is None or (value != "-1" and "0–9" not in message):
                failures.append((name, value, response.status_code, response.content[:200]))
    assert not failures


GETS = [o for o in OPERATIONS if o[0] == "get"]


@pytest.mark.parametrize(("method", "path", "numbers", "required"), GETS, ids=[o[1] for o in GETS])
def test_ascii_digits_are_read_exactly(world, method, path, numbers, required):
    valid = _valid(world)
    client = Api(world.admin)
    if any(w == "path" and n not in valid for w, n in numbers):
        pytest.skip("no row of this kind in the world")
    query = _required(path, required, valid)
    url = _url(path, valid)
    # Read exactly: a path id is the row (a row the admin may not open is a 404, never a 422).
    assert client.get(url, query).status_code in (200, 404), url
    for where, name in numbers:
        if where != "query" or name not in valid or (path == "/comments" and name != "objective"):
            continue
        response = client.get(url, {**query, name: valid[name]})
        assert response.status_code == 200, (url, name, response.content[:300])
        if name in ("limit", "offset") and name in response.json():
            assert response.json()[name] == 10


def test_the_refusal_is_in_the_callers_language(world):
    client = Api(world.admin)
    response = client.get("/objectives", {"limit": "１０"}, **{"Accept-Language": "zh-hans"})
    message = _refusal(response, "limit")
    assert message and re.search(r"[\u4e00-\u9fff]", message), message
    assert "１０" in message


@pytest.mark.parametrize("sent", ["３", "٣", "3.0", "+3", "3_0"])
def test_if_match_is_a_version_in_ascii_digits(world, sent):
    objective = make_objective(world.alice, world.cycle, "Versions", krs=1)
    response = Api(world.admin).patch(
        f"/objectives/{objective.pk}", {"title": "Renamed"}, **{"If-Match": sent}
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["field"] == "If-Match"
    objective.refresh_from_db()
    assert objective.title == "Versions"
