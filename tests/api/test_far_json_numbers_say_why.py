"""A JSON number far beyond a value's limits (issue 9, probe 9): `1e308` and `5e-324` were told
"too long for a number: at most 100 characters", which they were not as sent; they are refused
for the reason, too large or too many decimal places, on every numeric field."""

import pytest

from mubiao.okrs.transfer import columns
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective, weights_switched_on

pytestmark = pytest.mark.django_db

# The reason, said as a range where the field has a narrower one (a weight: at most 9,999.99).
BODIES = {"1e308": ("too large", "at most"), "-1e308": ("too small", "at least"),
          "5e-324": ("decimal places",)}  # fmt: skip


def _paths(objective, kr):
    return [
        ("post", f"/key-results/{kr.pk}/check-ins", "value", {}),
        ("patch", f"/key-results/{kr.pk}", "start_value", {}),
        ("patch", f"/key-results/{kr.pk}", "target_value", {}),
        ("patch", f"/key-results/{kr.pk}", "current_value", {}),
        ("patch", f"/key-results/{kr.pk}", "weight", {}),
        ("patch", f"/objectives/{objective.pk}", "weight", {}),
        ("post", "/key-results", "target_value", {"objective_id": objective.pk, "title": "X"}),
    ]


@pytest.mark.parametrize(("sent", "reason"), BODIES.items())
def test_the_refusal_gives_the_reason(world, sent, reason):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    alice = Api(world.alice)
    with weights_switched_on(world):
        for method, path, field, more in _paths(objective, kr):
            if sent.startswith("-") and field == "weight":
                continue  # a negative weight is refused as negative
            body = "{" + ", ".join([f'"{field}": {sent}', *(f'"{k}": {v!r}'.replace("'", '"')
                                    for k, v in more.items())]) + "}"  # fmt: skip
            message = field_errors(getattr(alice, method)(path, body))[field]
            assert "too long" not in message, (path, field, message)
            assert any(said in message for said in reason), (path, field, message)


def test_a_spreadsheet_cell_says_the_same():
    for cell, reason in ((1e308, "too large"), (5e-324, "decimal places")):
        with pytest.raises(columns.CellError) as raised:
            columns.number(cell)
        assert reason in str(raised.value) and "too long" not in str(raised.value)
