"""h9p (issue 9): the unit field's help says a unit of the same kind converts (USD → k USD),
but `users → k users` was refused: a Latin scale (k, K, M, B, mn, bn) set apart by a space
scales any unit, as it did a currency; run together it still scales only a currency or a count
(kg, km and MB are units of their own)."""

from decimal import Decimal

import pytest

from mubiao.okrs import rules
from mubiao.okrs.models import KeyResult
from tests.api.conftest import Api
from tests.conftest import make_objective


@pytest.mark.parametrize(("old", "new", "factor"), [
    ("users", "k users", Decimal("0.001")),
    ("visits", "M visits", Decimal("0.000001")),
    ("USD", "k USD", Decimal("0.001")),
    ("k users", "users", Decimal(1000)),
    ("kg", "g", None),
    ("km", "m", None),
    ("MB", "B", None),
])  # fmt: skip
def test_the_rule(old, new, factor):
    found = rules.values_factor(old_type="number", new_type="number", old_unit=old, new_unit=new)
    assert found == factor


@pytest.mark.django_db
def test_users_to_k_users_converts_through_the_api(world):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    api = Api(world.alice)
    assert api.patch(f"/key-results/{kr.pk}", {"unit": "users", "target_value": 20000,
                                               "start_value": 0}).status_code == 200  # fmt: skip
    assert api.post(f"/key-results/{kr.pk}/check-ins", {"value": 5000}).status_code == 201
    response = api.patch(f"/key-results/{kr.pk}", {"unit": "k users"})
    assert response.status_code == 200, response.content
    kr = KeyResult.objects.get(pk=kr.pk)
    assert (kr.unit, kr.target_value, kr.current_value) == ("k users", 20, 5)
    assert [c.value for c in kr.check_ins.all()] == [5]
