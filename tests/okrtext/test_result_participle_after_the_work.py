"""h10q (issue 10 §5, "a purpose clause with a measured result = outcome", consistently for both
languages): the result written after the work as a participle after a comma (`Conduct weekly
sprint planning and daily standups, achieving 95% team participation …`, `…, reaching 80%
attendance`) is the key result, measured, as `so that …` / `从而 …` / `，实现…` already were. On
main it was a routine of work (OKR-A01/A04 on an outcome)."""

import pytest

from mubiao.okrtext import lint_objectives, read_key_result
from mubiao.okrtext.lint import KRInput, ObjectiveInput
from tests.okrtext.real_corpus import same

CASES = [
    # (key result, metric, target)
    ("Conduct weekly sprint planning and daily standups, achieving 95% team participation in "
     "all Agile ceremonies.", "team participation", 95),
    ("Run weekly office hours, reaching 80% attendance among new hires", "attendance", 80),
    ("Publish tutorials every week, driving 20% more sign-ups", "sign-ups", 20),
    ("Host monthly customer calls, delivering a 90% renewal rate", "renewal rate", 90),
    ("每周召开例会，实现95%的参会率", "参会率", 95),
]  # fmt: skip


@pytest.mark.parametrize(("kr", "metric", "target"), CASES)
def test_the_result_after_the_work_is_measured(kr, metric, target):
    reading = read_key_result(kr, year=2026)
    assert same("metric", reading.metric, (metric,)), reading.metric
    assert (reading.target, reading.is_activity) == (target, False)
    findings = lint_objectives([ObjectiveInput("Objective", [KRInput(kr)])])
    assert not {f.rule for f in findings} & {"OKR-A01", "OKR-A04"}


@pytest.mark.parametrize("kr", ["Hold 3 workshops", "Run weekly office hours for new hires"])
def test_work_without_a_result_stays_work(kr):
    assert read_key_result(kr, year=2026).is_activity is True
