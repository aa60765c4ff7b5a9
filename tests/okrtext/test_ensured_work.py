"""h10r (issue 10 §5): `Ensure (that) <people> <work verb> …` with nothing measured asks that
people do the work (`Ensure that all team members complete security training`): a to-do, work
(main: read as an outcome). A state (`… is published`), a service level (`… respond within
400ms`), a result received (`customers receive …`) and a noun phrase (`a clear hiring process`)
are not work."""

import pytest

from mubiao.okrtext import read_key_result

CASES = [
    ("Ensure all new hires attend the compliance workshop", True),
    ("Make sure every engineer completes the incident training", True),
    ("Ensure each squad runs a retrospective every sprint", True),
    ("Ensure that all managers review their goals with the team", True),
    ("Ensure that all APIs respond within 400ms", False),
    ("Ensure the docs site is published", False),
    ("Ensure customers receive a reply within a day", False),
    ("Ensure a clear and transparent hiring process for the sales team", False),
]


@pytest.mark.parametrize(("kr", "activity"), CASES)
def test_ensured_work(kr, activity):
    assert read_key_result(kr, year=2026).is_activity is activity
