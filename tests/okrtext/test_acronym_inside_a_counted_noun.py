"""h10s (issue 10 §4): a name's acronym in brackets inside a counted noun (`3 behaviour-driven
development (BDD) workshops`) is neither a unit of its own nor the end of the noun: the metric and
the unit are the counted noun as written, bracket kept (main: metric `behaviour-driven
development`, unit `behaviour-driven development workshops`, a noun nobody wrote)."""

import pytest

from mubiao.okrtext import read_key_result
from tests.okrtext.real_corpus import same

CASES = [
    # (key result, target, counted noun as written)
    ("Run 4 behaviour-driven development (BDD) workshops", 4,
     "behaviour-driven development (BDD) workshops"),
    ("Ship 3 single sign-on (SSO) integrations for enterprise customers", 3,
     "single sign-on (SSO) integrations"),
    ("Publish 2 service level agreement (SLA) reports", 2,
     "service level agreement (SLA) reports"),
]  # fmt: skip


@pytest.mark.parametrize(("kr", "target", "noun"), CASES)
def test_the_acronym_stays_inside_the_noun(kr, target, noun):
    reading = read_key_result(kr, year=2026)
    assert reading.target == target
    assert same("metric", reading.metric, (noun,)), reading.metric
    assert reading.unit == noun


@pytest.mark.parametrize(
    ("kr", "metric", "unit"),
    [("Raise Net Promoter Score (NPS) to 50", "Net Promoter Score (NPS)", None),
     ("Reach 40 NPS (Net Promoter Score)", "NPS", "NPS")],
)  # fmt: skip
def test_a_name_with_its_acronym_reads_as_before(kr, metric, unit):
    reading = read_key_result(kr, year=2026)
    assert (reading.metric, reading.unit) == (metric, unit)
