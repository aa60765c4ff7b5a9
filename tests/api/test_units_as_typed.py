"""A key result without a unit takes the one its values are written in, as the person typed it
(h9q; issue 9): `￥5,000` kept ￥ only as the ¥ it is read as. The unit is read as one with its
synonyms (¥ ￥ 元 RMB): a check-in in 元 on a ￥ key result is the same amount. Every path that
takes a unit from the values: services, API, CSV import, the web form (values_unit)."""

from decimal import Decimal

import pytest

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from tests.conftest import make_objective

TYPED = [("￥5,000", "￥"), ("5000元", "元"), ("¥5,000", "¥"), ("5 ＵＳＤ", "ＵＳＤ")]


@pytest.mark.django_db
@pytest.mark.parametrize(("target", "unit"), TYPED)
def test_the_unit_is_kept_as_typed_on_every_path(api, world, target, unit):
    objective = make_objective(world.alice, world.cycle)
    made = services.create_key_result(
        world.alice, objective, title="By service", target_value=target
    )
    assert made.unit == unit
    answer = api(world.alice).post(
        "/key-results", {"objective_id": objective.pk, "title": "By API", "target_value": target}
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["unit"] == unit
    csv = f'objective,key result,target\nShip,By import,"{target}"\n'.encode()
    import_okrs(world.admin, file_name="okrs.csv", data=csv, cycle=world.cycle)
    assert KeyResult.objects.get(title="By import").unit == unit


@pytest.mark.django_db
def test_a_value_in_a_synonym_is_read_as_the_same_amount(world):
    objective = make_objective(world.alice, world.cycle)
    kr = services.create_key_result(world.alice, objective, title="Revenue", target_value="￥5,000")
    services.check_in(world.alice, kr, value="3000元")
    kr.refresh_from_db()
    assert (kr.unit, kr.current_value) == ("￥", Decimal(3000))
