"""h10t (issue 10 §5): a result kept or reached, said in the passive after its subject (`Caching of
data … is prevented`, `Two-factor authentication is introduced and enforced`, `An A+ rating … is
reached`), is a checkable state: no work (no OKR-A01) and not unmeasurable (no OKR-M01), as `The
docs site is finished and published` already was (main: work, or OKR-M01). A line opening with
the verb stays work."""

import pytest

from mubiao.okrtext import lint, read_key_result

CASES = [
    # (key result, metric, is_activity)
    ("Caching of data in the admin area is prevented", "Caching of data", False),
    ("Two-factor authentication is introduced and enforced for all staff",
     "Two-factor authentication", False),
    ("An A+ rating for the TLS settings is reached", "A+ rating", False),
    ("All laptops are encrypted by June", "laptops", False),
    ("Introduce two-factor authentication", "two-factor authentication", True),
]  # fmt: skip


@pytest.mark.parametrize(("kr", "metric", "activity"), CASES)
def test_a_passive_result_is_a_state(kr, metric, activity):
    reading = read_key_result(kr, year=2026)
    assert (reading.metric, reading.is_activity) == (metric, activity)
    rules = {f.rule for f in lint(f"O: Secure the product\n- {kr}")}
    assert ("OKR-A01" in rules) == activity, rules
    assert "OKR-M01" not in rules, rules
