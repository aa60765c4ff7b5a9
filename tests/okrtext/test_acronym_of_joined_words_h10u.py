"""h10u (issue 10 §3, after h10s): a name's acronym in brackets is found when the spelt-out words
include a joining word (`objectives and key results (OKR)`, `research and development (R&D)`,
`return on investment (ROI)`): the bracket is no number and no measure of its own, and inside a
counted noun it stays in the unit and the metric as written (h10s's convention for `3
behaviour-driven development (BDD) workshops`).
"""

import pytest

from mubiao.okrtext import read_key_result

COUNTED = [
    # (key result, target, unit)
    ("Hold 3 objectives and key results (OKR) workshops", 3,
     "objectives and key results (OKR) workshops"),
    ("Run 4 objectives and key results (OKR) trainings for managers", 4,
     "objectives and key results (OKR) trainings"),
    ("Publish 2 return on investment (ROI) reports", 2, "return on investment (ROI) reports"),
    ("Run 5 quality of service (QoS) tests", 5, "quality of service (QoS) tests"),
]  # fmt: skip


@pytest.mark.parametrize(("kr", "target", "unit"), COUNTED)
def test_the_acronym_stays_in_the_counted_noun(kr, target, unit):
    reading = read_key_result(kr, year=2026)
    assert (reading.target, reading.unit, reading.metric) == (target, unit, unit)


SHARE = [
    # (key result, target, unit, metrics a person accepts)
    ("Reach 80% adoption of objectives and key results (OKR)", 80, "%",
     {"adoption", "adoption of objectives and key results (OKR)",
      "objectives and key results (OKR)"}),
    ("Train 20 leads on objectives and key results (OKR) by March", 20, "leads", {"leads"}),
]  # fmt: skip


@pytest.mark.parametrize(("kr", "target", "unit", "metrics"), SHARE)
def test_the_bracket_is_no_number_of_its_own(kr, target, unit, metrics):
    reading = read_key_result(kr, year=2026)
    assert (reading.target, reading.unit) == (target, unit)
    assert reading.metric in metrics, reading.metric
