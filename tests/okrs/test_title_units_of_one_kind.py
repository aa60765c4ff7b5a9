"""A title's unit and the unit entered disagree only when they are of other kinds (a
percentage, money, a measured dimension, a count): the demo's "12 次/季度" beside 次 and "12
reference customers outside China" beside "customers" asked on every save (tests/web/
test_demo_edits.py), while 45% in 人 or 万元 in 人 must still be asked."""

from decimal import Decimal

import pytest

from mubiao.okrs.transfer.readings import title_disagreements


def _fields(unit: str) -> dict:
    return {"start_value": Decimal(0), "target_value": Decimal(12), "unit": unit,
            "direction": "increase"}  # fmt: skip


@pytest.mark.parametrize(
    ("title_unit", "entered_unit", "asked"),
    [
        ("次/季度", "次", False),
        ("reference customers outside China", "customers", False),
        ("万人", "人", False),
        ("$", "k USD", False),
        ("元", "千元", False),
        ("分钟", "小时", False),
        ("%", "人", True),
        ("人", "%", True),
        ("元", "人", True),
        ("分钟", "人", True),
        ("分钟", "元", True),
    ],
)
def test_units_disagree_only_across_kinds(title_unit, entered_unit, asked):
    read, entered = _fields(title_unit), _fields(entered_unit)
    found = title_disagreements(read, entered, baseline_read=False, compared=("unit",))
    assert (found == ["unit"]) is asked
