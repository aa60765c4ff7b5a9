"""A key result whose numbers are in their own columns (a spreadsheet row: title `付费客户`,
1,200 → 3,000 人) measures a result (issue 9, probe 9): Check OKRs, an import's preview and the
text linter on Mubiao's own export never report OKR-A02 ("none measures an outcome") for it;
a milestone's exported numbers (its percent done) measure no outcome."""

import json

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.transfer import export_okrs, import_okrs
from mubiao.okrtext import lint

pytestmark = pytest.mark.django_db

KEY_RESULTS = [
    {"title": "付费客户", "start_value": 1200, "target_value": 3000, "unit": "人"},
    {"title": "续费客户", "start_value": 100, "target_value": 300, "unit": "人"},
]


def _objective(world):
    return services.create_objective(
        world.alice, cycle=world.cycle, title="扩大付费客户群", key_results=KEY_RESULTS
    )


def test_check_okrs_page_does_not_call_numbers_in_columns_tasks(world, client_for):
    _objective(world)
    client = client_for(world.alice)
    html = client.get(reverse("check_mine"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "扩大付费客户群" in html
    assert "没有一个衡量结果" not in html and "none measures an outcome" not in html


def test_an_import_preview_does_not_report_it(world):
    document = {
        "format": "mubiao.okrs",
        "version": 1,
        "objectives": [
            {
                "title": "扩大付费客户群",
                "owner": {"type": "person", "email": world.alice.user.email},
                "key_results": [
                    {
                        "title": kr["title"],
                        "start": kr["start_value"],
                        "target": kr["target_value"],
                        "unit": kr["unit"],
                    }
                    for kr in KEY_RESULTS
                ],
            }
        ],
    }
    result = import_okrs(
        world.alice, file_name="okrs.json", data=json.dumps(document).encode(),
        cycle=world.cycle, dry_run=True,
    )  # fmt: skip
    [objective] = result.objectives
    assert "OKR-A02" not in {finding["rule"] for finding in objective.findings}


def test_the_linter_reads_an_exported_lines_numbers(world):
    _objective(world)
    text = export_okrs(world.alice, cycle=world.cycle, fmt="md").decode()
    assert "OKR-A02" not in {finding.rule for finding in lint(text)}
    # Without the numbers the same titles are tasks: the rule still fires.
    assert "OKR-A02" in {
        finding.rule for finding in lint("O1: 扩大付费客户群\nKR1: 付费客户\nKR2: 续费客户")
    }


def test_an_exported_milestone_is_no_measure(world):
    # A milestone is exported with numbers too (start=0 target=100, its percent done): they
    # count how much of a task is done, not an outcome, so OKR-A02 still fires.
    services.create_objective(
        world.alice,
        cycle=world.cycle,
        title="扩大付费客户群",
        key_results=[{"title": kr["title"], "metric_type": "milestone"} for kr in KEY_RESULTS],
    )
    text = export_okrs(world.alice, cycle=world.cycle, fmt="md").decode()
    assert "metric=milestone start=0 target=100" in text
    assert "OKR-A02" in {finding.rule for finding in lint(text)}
