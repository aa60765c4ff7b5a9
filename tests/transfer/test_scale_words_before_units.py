"""Scale words before a unit, on the paths that store a key result read from its title
(probe10 F4): one rule for 万 however it is typed (3.5万, 50W, 300万人民币) — the magnitude as
written is the key result's unit (issue 9, probe 14), and a currency written as 人民币 or 欧元
makes a currency key result, as 元 does. okrtext's own reading stays in the base unit."""

from decimal import Decimal

import pytest

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer.readings import key_result_fields
from mubiao.okrtext import read_key_result

D = Decimal
CURRENCY, NUMBER = KeyResult.MetricType.CURRENCY, KeyResult.MetricType.NUMBER
CASES = [
    # (title, okrtext target and unit, stored target, unit, metric type)
    ("全年回款达到 800万人民币", (D(8_000_000), "人民币"), D(800), "万人民币", CURRENCY),
    ("年度營收達到 1.2億人民幣", (D(120_000_000), "人民币"), D("1.2"), "亿人民币", CURRENCY),
    ("周活用户突破 4.5万", (D(45_000), None), D("4.5"), "万", NUMBER),
    ("会员收入做到 6.5万元", (D(65_000), "元"), D("6.5"), "万元", CURRENCY),
    ("单店月流水做到 30W", (D(300_000), None), D(30), "万", NUMBER),
    ("单店月流水做到 30w 元", (D(300_000), "元"), D(30), "万元", CURRENCY),
    ("欧洲区营收达到 200 欧元", (D(200), "欧元"), D(200), "欧元", CURRENCY),
]


@pytest.mark.parametrize(("title", "read", "target", "unit", "metric_type"), CASES)
def test_one_rule_for_a_scale_word_however_typed(title, read, target, unit, metric_type):
    reading = read_key_result(title)
    assert (reading.target, reading.unit) == read
    fields = key_result_fields(reading, None).fields
    assert (fields["target_value"], fields["unit"], fields["metric_type"]) == (
        target,
        unit,
        metric_type,
    )
