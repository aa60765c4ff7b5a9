"""A rate over a period (`/month`, `per month`, `/月`, `每月`, `/week`) keeps the counted unit and
names the period in `per` (stored as unit/period by transfer.readings); a score out of a scale
(`(out of 10)`, `/10`, `（满分10分）`) has the score as target, never the scale (issue 10, F11)."""

from decimal import Decimal as D

import pytest

from mubiao.okrtext import read_key_result

RATES = [
    # (key result, target, unit, per)
    ("MRR $50k/month", D(50000), "$", "month"),
    ("Grow MRR to $50k per month", D(50000), "$", "month"),
    ("Ship 3 releases/week", D(3), "releases", "week"),
    ("Run 3 interviews per week", D(3), "interviews", "week"),
    ("新增线索500条/月", D(500), "条", "月"),
    ("每月新增线索500条", D(500), "条", "月"),
    ("月均收入50万元/月", D(500000), "元", "月"),
]


@pytest.mark.parametrize(("text", "target", "unit", "per"), RATES)
def test_a_rate_keeps_its_unit_and_names_its_period(text, target, unit, per):
    reading = read_key_result(text, year=2026)
    assert (reading.target, reading.unit, reading.per) == (target, unit, per)


SCALES = [
    # (key result, target, unit): the scale's maximum is never the target.
    ("NPS to 9 (out of 10)", D(9), None),
    ("Customer satisfaction 4.5/5", D("4.5"), None),
    ("CSAT 4.5 out of 5", D("4.5"), None),
    ("客户满意度8/10", D(8), None),
    ("满意度4.6分（满分5分）", D("4.6"), "分"),
    ("客户满意度达到9分（满分10分）", D(9), "分"),
]


@pytest.mark.parametrize(("text", "target", "unit"), SCALES)
def test_a_score_out_of_a_scale_is_the_score(text, target, unit):
    reading = read_key_result(text, year=2026)
    assert (reading.target, reading.unit, reading.direction) == (target, unit, "increase")
