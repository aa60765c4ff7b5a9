"""h10u (issue 10 §5): work said in the passive is still work. `Static source code analysis is
run`, `A security audit is carried out`, `40 performance reviews completed and delivered` state
what the team does (§6: is_activity, hold meetings, conduct, deliver a report), the verb's
subject being the work itself: OKR-A01 applies. A result kept or reached in the passive (`is
prevented`, `are fixed`, `is published`: h10t's test_results_said_in_the_passive.py) stays a
checkable state, and an agent after `by` (`reviewed by two editors`) is who does the work, never
a change by 2.
"""

import pytest

from mubiao.okrtext import lint, read_key_result

WORK = [
    # (key result, target)
    ("Static source code analysis is run for the web app", None),
    ("A security audit is carried out for the payment service", None),
    ("Quarterly business reviews are held with every key account", None),
    ("The handbook is reviewed by two editors", None),
    ("40 performance reviews completed and delivered by end of June", 40),
    ("12 customer interviews are conducted by the product team", 12),
]

STATES = [
    "Caching of data in the admin area is prevented",
    "The docs site is finished and published",
    "All laptops are encrypted by June",
]


@pytest.mark.parametrize(("kr", "target"), WORK)
def test_work_in_the_passive_is_work(kr, target):
    reading = read_key_result(kr, year=2026)
    assert (reading.is_activity, reading.target) == (True, target)
    assert reading.target_type in (None, "absolute")
    rules = {f.rule for f in lint(f"O: Ship a safer product\n- {kr}")}
    assert "OKR-A01" in rules, rules


@pytest.mark.parametrize("kr", STATES)
def test_a_result_in_the_passive_stays_a_state(kr):
    assert not read_key_result(kr, year=2026).is_activity
