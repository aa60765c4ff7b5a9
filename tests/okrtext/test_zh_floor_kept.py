"""h10s (issue 10 §4): `不低于` / `不低於` on a level with no change verb before it states a floor
the level is kept above (maintain, kept at least), as `维持` would; `不少于` on a count of things
won, a change verb before the bound and the English `at least` still read a rise (main: every
`不低于` line read increase)."""

from decimal import Decimal

import pytest

from mubiao.okrtext import read_key_result

CASES = [
    # (key result, target, direction)
    ("订单系统全年可用率不低于99.95%", Decimal("99.95"), "maintain"),
    ("毛利率不低於30%", 30, "maintain"),
    ("客服首次响应满意度全年不低于4.6分", Decimal("4.6"), "maintain"),
    ("各门店库存准确率不低于98%", 98, "maintain"),
    ("新签客户数不少于40家", 40, "increase"),
    ("复购率提升至不低于35%", 35, "increase"),
    ("Keep uptime at no less than 99.9%", Decimal("99.9"), "maintain"),
    ("Grow weekly signups to at least 500", 500, "increase"),
]


@pytest.mark.parametrize(("kr", "target", "direction"), CASES)
def test_a_floor_on_a_level_is_kept(kr, target, direction):
    reading = read_key_result(kr, year=2026)
    assert (reading.target, reading.direction) == (target, direction)
    if direction == "maintain":
        assert not reading.is_activity
        assert reading.bound == "at_least"
