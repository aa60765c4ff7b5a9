"""The objective's progress source and aligned share as columns and attributes: exported in
every format, imported back, a bad cell named by its place (issue 12 §4)."""

import io

import pytest
from openpyxl import load_workbook

from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import ImportFailed, export_okrs, import_okrs
from tests.conftest import make_objective


def run(actor, cycle, name, data):
    return import_okrs(actor, file_name=name, data=data, cycle=cycle)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "md"])
def test_exported_and_imported_back(world, fmt):
    make_objective(world.admin, world.cycle, "Company goal", progress_source="mix",
                   aligned_share=30)  # fmt: skip
    data = export_okrs(world.admin, cycle=world.cycle, fmt=fmt)
    Objective.objects.filter(organization=world.org).delete()
    run(world.admin, world.cycle, f"okrs.{fmt}", data)
    objective = Objective.objects.get(organization=world.org, title="Company goal")
    assert (objective.progress_source, objective.aligned_share) == ("mix", 30)


def test_the_export_names_the_rule_in_the_readers_language(world):
    make_objective(world.admin, world.cycle, "Company goal", progress_source="aligned")
    book = load_workbook(io.BytesIO(export_okrs(world.admin, cycle=world.cycle, fmt="xlsx")))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, (cell.value for cell in sheet[2]), strict=True))
    stated = (row["objective progress from"], row["aligned share"])
    assert stated == ("The objectives aligned to it", 50)


def test_chinese_headers_and_labels_import(world):
    head = "负责人,目标,关键结果,指标类型,目标值,目标进度来源,对齐比例"
    text = f"{head}\n,公司目标,营收,数值,10,混合,40\n"
    run(world.admin, world.cycle, "okrs.csv", text.encode())
    objective = Objective.objects.get(title="公司目标")
    assert (objective.progress_source, objective.aligned_share) == ("mix", 40)


@pytest.mark.parametrize(
    ("cells", "where"),
    [("children,40", "column “objective progress from”"), ("mix,140", "column “aligned share”")],
)
def test_a_bad_cell_is_named_and_nothing_is_imported(world, cells, where):
    head = "objective,key result,target,objective progress from,aligned share"
    text = f"{head}\nGoal,Revenue,10,{cells}\n"
    with pytest.raises(ImportFailed) as error:
        run(world.admin, world.cycle, "okrs.csv", text.encode())
    assert "row 2" in error.value.text and where in error.value.text, error.value.text
    assert not Objective.objects.filter(title="Goal").exists()
