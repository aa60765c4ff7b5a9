"""Issue 9, probe 15 (brief h9h, C1): one conversion table for units. The check-in form read
"3 小时" as 180 on a key result counted in 分钟, yet a PATCH of its unit to 小时 was refused as
"无法换算". A unit changed into one of the same dimension converts the start, target, current
value and every check-in by the factor a typed value is read with (numbers.units_factor), or
is refused saying truthfully why (an amount that cannot be stored exactly)."""

from decimal import Decimal

import pytest

from mubiao.okrs import numbers, services
from mubiao.okrs.models import KeyResult
from tests.api.conftest import field_errors

# (start, target, checked in, unit, new unit, (start, target, current) after; None: refused)
TABLE = [
    (10, 3, 5, "分钟", "秒", (600, 180, 300)),
    (60, 30, 45, "分钟", "小时", (1, Decimal("0.5"), Decimal("0.75"))),
    (10, 3, 3, "分钟", "小时", None),  # 10 分钟 is 0.1666… 小时: not stored exactly
    (2, 1, Decimal("1.5"), "小时", "min", (120, 60, 90)),
    (5, 2, 3, "吨", "千克", (5000, 2000, 3000)),
    (10, 3, 5, "分钟", "人", None),  # no unit of time
]


def _kr(world, api, start, target, checked_in, unit):
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="o",
        key_results=[{"title": "k", "start_value": start, "target_value": target, "unit": unit}],
    )  # fmt: skip
    kr = objective.key_results.get()
    client = api(world.alice)
    assert (
        client.post(f"/key-results/{kr.pk}/check-ins", {"value": str(checked_in)}).status_code
        == 201
    )
    return KeyResult.objects.get(pk=kr.pk)


def _api(world, api, kr, unit):
    response = api(world.alice).patch(f"/key-results/{kr.pk}", {"unit": unit})
    if response.status_code == 422:
        return field_errors(response)
    assert response.status_code == 200, response.content
    return None


def _services(world, api, kr, unit):
    from django.core.exceptions import ValidationError

    try:
        services.update_key_result(world.alice, kr, unit=unit)
    except ValidationError as error:
        return error.message_dict
    return None


@pytest.mark.parametrize("write", [_api, _services])
@pytest.mark.parametrize(("start", "target", "checked_in", "unit", "new", "after"), TABLE)
def test_a_unit_change_converts_as_a_typed_value_is_read(
    world, api, write, start, target, checked_in, unit, new, after
):
    kr = _kr(world, api, start, target, checked_in, unit)
    progress = kr.progress
    refused = write(world, api, kr, new)
    kr.refresh_from_db()
    if after is None:
        assert refused and "unit" in refused, refused
        assert kr.unit == unit
        return
    assert refused is None
    assert (kr.start_value, kr.target_value, kr.current_value) == after
    assert kr.check_ins.get().value == after[2]
    assert kr.progress == progress  # the same amounts, in the new unit
    # The factor is the one a value typed in the old unit is read with on the new one.
    typed = numbers.read_value(f"{checked_in} {unit}", metric_type="number", unit=new)
    assert typed == after[2]
