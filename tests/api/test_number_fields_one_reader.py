"""Issue 9 (number fields): `PATCH /key-results/{id} {"weight": "1e3"}` answered 200 with weight
1000, while `1e3` as a start, target or current value is a 422 "scientific notation". Every
number field a person can type in the key result and objective bodies (iterated from their
schemas, so a field added later is covered) goes through the one reader (okrs.number_input)
and gets the same refusals: a table of field × typed text."""

import pytest

from mubiao.api.endpoints.key_results import KeyResultCreate, KeyResultPatch
from mubiao.api.endpoints.objectives import ObjectiveIn, ObjectivePatch
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective, weights_switched_on


def _number_fields(schema) -> list[str]:
    """The fields of a body a person types a number into (ids are chosen, not typed)."""
    found = []
    for name, prop in schema.model_json_schema()["properties"].items():
        kinds = {prop.get("type")} | {p.get("type") for p in prop.get("anyOf", [])}
        if kinds & {"number", "integer"} and not name.endswith(("_id", "_ids")):
            found.append(name)
    return found


BODIES = {
    "kr_patch": KeyResultPatch,
    "kr_create": KeyResultCreate,
    "objective_patch": ObjectivePatch,
    "objective_create": ObjectiveIn,
}
CASES = [(body, field) for body, schema in BODIES.items() for field in _number_fields(schema)]
# Refused on every field, quoting what was typed (a small whole range, a confidence 0–10 or a
# share 0–100, says its range; the others why: `1e3` "is written with an exponent").
TYPED = ["1e3", "1,5", "NaN"]


def test_the_table_covers_the_fields_people_type():
    fields = {field for _body, field in CASES}
    assert {"weight", "start_value", "target_value", "current_value", "confidence",
            "aligned_share"} <= fields  # fmt: skip


def _send(world, body: str, field: str, typed):
    """`typed` sent as `field` in one of the four bodies (a key result or an objective, made or
    patched) by Alice on a key result or objective of her own."""
    api = Api(world.alice)
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    if body == "kr_patch":
        return api.patch(f"/key-results/{kr.pk}", {field: typed})
    if body == "kr_create":
        sent = {"objective_id": objective.pk, "title": "Reach 100 users",
                "start_value": 0, "target_value": 100, field: typed}  # fmt: skip
        return api.post("/key-results", sent)
    if body == "objective_patch":
        return api.patch(f"/objectives/{objective.pk}", {field: typed})
    return api.post("/objectives", {"cycle_id": world.cycle.pk, "title": "Grow", field: typed})


@pytest.mark.parametrize("typed", TYPED)
@pytest.mark.parametrize(("body", "field"), CASES, ids=[f"{b}.{f}" for b, f in CASES])
def test_every_number_field_refuses_alike(world, body, field, typed):
    with weights_switched_on(world):
        response = _send(world, body, field, typed)
    assert response.status_code == 422, (response.status_code, response.content)
    errors = field_errors(response)
    assert field in errors, errors
    assert typed in errors[field], errors
    if typed == "1e3" and field not in ("confidence", "aligned_share"):
        assert "exponent" in errors[field], errors


# A field whose rule is a small whole range (a confidence 0–10, a share 0–100): a comma typed
# in it is answered with that range, never with a reading outside it (probe 28: `"50,0"` as an
# aligned share was offered as 50,000, a thousands reading, while the web form says a whole
# number 0–100).
RANGED = {
    "confidence": "a whole number from 0 to 10",
    "aligned_share": "a whole number from 0 to 100",
}
RANGED_CASES = [(body, field) for body, field in CASES if field in RANGED]


@pytest.mark.parametrize("typed", ["50,0", "5,0", "1,5", "100,0", "1,000", "50.5", "150"])
@pytest.mark.parametrize(("body", "field"), RANGED_CASES, ids=[f"{b}.{f}" for b, f in RANGED_CASES])
def test_a_small_whole_range_is_said_as_its_range(world, body, field, typed):
    response = _send(world, body, field, typed)
    assert response.status_code == 422, (response.status_code, response.content)
    said = field_errors(response)[field]
    assert typed in said and RANGED[field] in said, said
    assert "thousands" not in said and "000" not in said.replace(typed, ""), said


# Every other whole-number field with a range a person may type (a reminder's hour 0–23, its
# weekday 0–6): a comma or a fraction is answered with the field's range, never a reading
# outside it (h9e: `"5,0"` as an hour offered 5000).
REMINDER_RULES = [
    ("reminder_hour", "a whole number from 0 to 23"),
    ("reminder_weekday", "a whole number from 0 to 6"),
]


@pytest.mark.parametrize("typed", ["5,0", "1,5", "2.5", "1,000"])
@pytest.mark.parametrize(("field", "rule"), REMINDER_RULES)
def test_every_ranged_whole_number_says_its_range(world, field, rule, typed):
    api = Api(world.alice)
    response = api.client.put(
        "/api/v1/me/notification-preferences", {field: typed}, content_type="application/json",
        headers={"authorization": f"Bearer {api.secret}"},
    )  # fmt: skip
    assert response.status_code == 422, response.content
    said = field_errors(response)[field]
    assert typed in said and rule in said and "thousands" not in said, said
