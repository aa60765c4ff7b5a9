"""Issue 9 (brief h9v, finding 5): OKR-M01 ("the key result has no number … cannot be graded")
looks at a key result's stored numbers, not only at its title. "Check OKRs" and the import
preview marked it as an error on key results with a numeric start and target whose title has
no digits. Every path that runs the linter on stored or imported key results is checked: the
Check OKRs page, the `lint` command, and the import preview of every file format."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from mubiao.okrs import quality, services
from mubiao.okrs.transfer import import_okrs
from mubiao.okrs.transfer.jsonformat import FORMAT
from tests.transfer.conftest import workbook_bytes

TITLES = ["Customer happiness", "客户满意度", "Grow revenue"]
M01 = "OKR-M01"


def _stored(world, title, metric_type="number"):
    fields = {"title": title, "metric_type": metric_type}
    if metric_type != "boolean":
        fields |= {"start_value": 0, "target_value": 80}
    return services.create_objective(
        world.alice, cycle=world.cycle, title="Happy customers", key_results=[fields]
    )


def _lint_stored(world, client_for, title, metric_type="number"):
    objective = _stored(world, title, metric_type)
    return [f.finding.rule for f in quality.lint_stored([objective])]


def _check_page(world, client_for, title, metric_type="number"):
    _stored(world, title, metric_type)
    page = client_for(world.alice).get(reverse("check_mine")).content.decode()
    return [M01] if "cannot be graded" in page else []


def _cli(world, client_for, title, metric_type="number"):
    _stored(world, title, metric_type)
    out = io.StringIO()
    try:
        call_command("lintokrs", org=world.org.slug, cycle=world.cycle.name, json=True,
                     stdout=out)  # fmt: skip
    except SystemExit as status:  # an error found is said by the exit status too
        assert status.code == 1
    return [row["rule"] for row in json.loads(out.getvalue())]


def _preview(world, name, data):
    result = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle, dry_run=True)
    return [f["rule"] for o in result.objectives for f in o.findings]


def _csv(world, client_for, title, metric_type="number"):
    data = f"objective,key result,metric type,start,target\nO,{title},{metric_type},0,80\n"
    return _preview(world, "okrs.csv", data.encode())


def _xlsx(world, client_for, title, metric_type="number"):
    rows = [["objective", "key result", "metric type", "start", "target"],
            ["O", title, metric_type, 0, 80]]  # fmt: skip
    return _preview(world, "okrs.xlsx", workbook_bytes({"OKRs": rows}))


def _json(world, client_for, title, metric_type="number"):
    kr = {"title": title, "metric_type": metric_type, "start": 0, "target": 80}
    document = {"format": FORMAT, "objectives": [{"title": "O", "key_results": [kr]}]}
    return _preview(world, "okrs.json", json.dumps(document).encode())


def _markdown(world, client_for, title, metric_type="number"):
    text = f"O1: O {{kind=committed}}\nKR1: {title} {{metric={metric_type} start=0 target=80}}\n"
    return _preview(world, "okrs.md", text.encode())


PATHS = [_lint_stored, _check_page, _cli, _csv, _xlsx, _json, _markdown]


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.__name__.strip("_"))
def test_a_key_result_with_a_start_and_target_is_measurable(world, client_for, path, title):
    assert M01 not in path(world, client_for, title)


@pytest.mark.parametrize("path", [_lint_stored, _check_page, _cli])
def test_a_done_or_not_done_key_result_without_a_deliverable_is_still_found(
    world, client_for, path
):
    assert M01 in path(world, client_for, "Customer happiness", "boolean")
