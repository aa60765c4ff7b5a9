"""h10s (issue 10 §5): a thing moved somewhere with no number (`Move the billing service to
Kubernetes`, `Port our build pipeline onto GitHub Actions`) is a migration the team does: work,
measuring the thing moved, never the destination (main: metric `billing service to Kubernetes`,
an outcome). A move of a measure between two numbers (`Move NPS from 30 to 45`) and a share moved
(`Move 80% of services to …`) read as before."""

import pytest

from mubiao.okrtext import lint, read_key_result

CASES = [
    # (key result, metric, target, is_activity)
    ("Move the payroll service to Kubernetes", "payroll service", None, True),
    ("Move the partner handbook to Notion", "partner handbook", None, True),
    ("Port our release pipeline onto GitHub Actions", "release pipeline", None, True),
    ("Transfer all support macros into Zendesk", "support macros", None, True),
    ("Move NPS from 30 to 45", "NPS", 45, False),
    ("Move 60% of batch jobs to the new scheduler", "batch jobs", 60, True),
]


@pytest.mark.parametrize(("kr", "metric", "target", "activity"), CASES)
def test_a_move_measures_the_thing_moved(kr, metric, target, activity):
    reading = read_key_result(kr, year=2026)
    assert (reading.metric, reading.target, reading.is_activity) == (metric, target, activity)


def test_a_move_is_flagged_as_work():
    rules = {f.rule for f in lint("O: Platform\n- Move the payroll service to Kubernetes")}
    assert "OKR-A01" in rules
