"""h10r (issue 10 §5): a singular customer, client, user or deal before another noun names a
compound (`new customer support actions`, `user onboarding guides`): the count is of things
the team makes, work, not of customers won (main: `Roll out at least 20 new customer support
actions` read as an outcome, OKR-A01 missed). Customers, users and deals counted as the head
noun are still won."""

import pytest

from mubiao.okrtext import read_key_result

CASES = [
    ("Roll out at least 20 new customer support actions", True),
    ("Roll out 12 customer success playbooks", True),
    ("Create 5 user onboarding guides", True),
    ("Build 3 client reporting dashboards", True),
    ("Sign 20 new customers", False),
    ("Pull in 1 large or strategic deal into Q3", False),
    ("Add 250 new users by June", False),
    ("Win 1 new enterprise customer this quarter", False),
]


@pytest.mark.parametrize(("kr", "activity"), CASES)
def test_a_compound_is_made_not_won(kr, activity):
    assert read_key_result(kr, year=2026).is_activity is activity
