"""Issue 9 (h9o): every 422 of the API names the field by its JSON path and quotes what was
sent, in the caller's language (Accept-Language, or the member's own language over it), and
changes nothing. Generated from the OpenAPI document: every write operation × every typed field
of its body × the bad values people and programs send (text for a number, 1e999, a negative,
full-width digits, too long, a code outside the choices)."""

import json
import re

import pytest
from django.apps import apps
from django.core import serializers

from mubiao.api.main import api as ninja_api
from mubiao.okrs import number_input
from tests.api.conftest import field_errors

SCHEMA = ninja_api.get_openapi_schema()
COMPONENTS = SCHEMA["components"]["schemas"]
# Written on every request whatever it sends: when a token was last used, rate-limit counters.
BOOKKEEPING = {"apitoken", "ratehit", "ratelimit", "session"}


def _resolve(schema: dict) -> dict:
    if "$ref" in schema:
        return COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    typed = [part for part in schema.get("anyOf", ()) if part.get("type") != "null"]
    return _resolve(typed[0]) if len(typed) == 1 else schema


def _bad_values(schema: dict) -> list[tuple[str, str, str]]:
    """(JSON text sent, its quotation, the path below the field) for a field's schema; none for
    a field that takes text as well as numbers (the one number reader answers it, quoting it:
    tests/api/test_one_reader_table.py)."""
    kind = schema.get("type")
    if kind == "array" and _resolve(schema.get("items", {})).get("type") == "integer":
        return [('["abc"]', "abc", ".0"), ('["１２"]', "１２", ".0")]
    cases = []
    if kind in ("integer", "number"):
        cases += [('"abc"', "abc", ""), ("1e999", "1e999", "")]
        if schema.get("minimum", -1) >= 0:
            cases.append(("-1", "-1", ""))
        if kind == "integer":
            # Full-width digits are read as typed (probe 9c 11: `５０`); a fraction is not whole.
            cases.append(('"１２.５"', "１２.５", ""))
    if kind == "string" and "enum" in schema:
        cases.append(('"nope"', "nope", ""))
    elif kind == "string" and "maxLength" in schema and "format" not in schema:
        long = "长" * (schema["maxLength"] + 1)
        cases.append((json.dumps(long, ensure_ascii=False), number_input.shown(long), ""))
    return cases


WRITES = [
    (method.upper(), path.removeprefix("/api/v1"), field, sent, quoted, below)
    for path, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
    if method in ("post", "patch", "put")
    for body in [operation.get("requestBody", {}).get("content", {}).get("application/json")]
    if body
    for field, schema in _resolve(body["schema"]).get("properties", {}).items()
    for sent, quoted, below in _bad_values(_resolve(schema))
]


def _operation_cases():
    grouped: dict[tuple[str, str], list] = {}
    for method, path, *case in WRITES:
        grouped.setdefault((method, path), []).append(case)
    return grouped


def _state() -> str:
    """Every row Mubiao keeps but the request's own bookkeeping."""
    return "".join(
        serializers.serialize("json", model.objects.order_by("pk"))
        for model in apps.get_models()
        if model.__module__.startswith("mubiao.") and model._meta.model_name not in BOOKKEEPING
    )


def test_the_table_covers_every_write_operation_with_a_typed_field():
    operations = _operation_cases()
    assert len(operations) >= 20, sorted(operations)
    for expected in ("/objectives", "/key-results/{key_result_id}/check-ins",
                     "/members/{member_id}", "/tokens", "/cycles", "/teams",
                     "/organization"):  # fmt: skip
        assert any(path == expected for _method, path in operations), expected


@pytest.mark.parametrize("how", ["accept-language", "member language"])
@pytest.mark.parametrize(("method", "path"), sorted(_operation_cases()))
def test_a_refusal_names_the_field_and_quotes_the_value(world, api, method, path, how):
    admin = world.admin
    if how == "member language":
        admin.user.language = "zh-hans"
        admin.user.save(update_fields=["language"])
    client = api(admin)
    url = re.sub(r"\{[a-z_]+\}", "1", f"/api/v1{path}")
    before = _state()
    for field, sent, quoted, below in _operation_cases()[(method, path)]:
        response = getattr(client.client, method.lower())(
            url, f'{{"{field}": {sent}}}', content_type="application/json",
            headers={"accept-language": "zh-hans" if how == "accept-language" else "en"},
        )  # fmt: skip
        assert response.status_code == 422, (field, sent, response.content)
        message = field_errors(response).get(f"{field}{below}")
        assert message, (field, sent, response.json())
        assert f"“{quoted}”" in message, (field, sent, message)
        assert re.search(r"[\u4e00-\u9fff]", message.replace(quoted, "")), (field, sent, message)
    assert _state() == before


@pytest.mark.parametrize(
    ("body", "field", "quoted"),
    [
        ({"title": "   "}, "title", "   "),
        ({"title": "ok", "key_results": [{"title": "k", "target_value": "lots"}]},
         "key_results.0.target_value", "lots"),
    ],
)  # fmt: skip
def test_a_services_refusal_quotes_what_was_sent_too(world, api, body, field, quoted):
    response = api(world.alice).post(
        "/objectives", {"cycle_id": world.cycle.pk, **body}, **{"accept-language": "zh-hans"}
    )
    assert response.status_code == 422, response.content
    message = field_errors(response).get(field)
    assert message and f"“{quoted}”" in message, response.json()
    assert re.search(r"[\u4e00-\u9fff]", message.replace(quoted, "")), message
