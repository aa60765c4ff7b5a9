"""h10s (issue 10 §3, §4): a bare number after 为 / 為 with a verb right after it names what the
work is for (a product or model number: `为 8051 赢得 12 款新设计`), never the target; the count
after the verb is (main: target 8051, metric `在本季`). `本季` is 本季度 shortened: a deadline
with no due, as `本季度` is (main: no deadline). A count or level after 为 with its measure word
or none after it is still the target."""

from decimal import Decimal

import pytest

from mubiao.okrtext import read_key_result
from tests.okrtext.real_corpus import same

CASES = [
    # (key result, metric, target, unit, deadline)
    ("在本季为 8051 赢得 12 款新设计", "新设计", 12, "款", "在本季"),
    ("在本季為 6502 贏得 4 款新設計", "新設計", 4, "款", "在本季"),
    ("本季度为 A100 签下 3 家新客户", "新客户", 3, "家", "本季度"),
    ("为 2080 拿下 7 个渠道伙伴", "渠道伙伴", 7, "个", None),
    ("本季末前签约 15 家新门店", "新门店", 15, "家", "本季末前"),
    ("满意度提升为 90", "满意度", 90, None, None),
    ("本季节目上线 10 期", None, 10, "期", None),
]


@pytest.mark.parametrize(("kr", "metric", "target", "unit", "deadline"), CASES)
def test_the_number_after_for_names_the_product(kr, metric, target, unit, deadline):
    reading = read_key_result(kr, year=2026)
    if metric is not None:
        assert same("metric", reading.metric, (metric,)), reading.metric
    assert (reading.target, reading.unit, reading.deadline, reading.due) == (
        Decimal(target),
        unit,
        deadline,
        None,
    )
