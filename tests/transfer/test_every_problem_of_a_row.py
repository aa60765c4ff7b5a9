"""A row (a JSON key result) with several problems names every one of them at once, each at
its column, in the reader's language (issue 9: only a row's first problem was shown, so a row
was fixed one cell per upload). The reader's refusals of a CSV row and an xlsx row, a service's
refusals of several fields of one key result, and a JSON key result's; nothing is written."""

import json
import re

import pytest
from django.utils import translation

from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.transfer.conftest import workbook_bytes

HEADER = ["owner", "objective", "kind", "key result", "metric type", "start", "target",
          "due date", "confidence"]  # fmt: skip
# A bad kind (the objective's cell), target, due date and confidence on one row; then a row
# whose start is bad and whose target is missing: two problems, neither following the other.
ROWS = [
    ["alice@acme.test", "Grow", "bogus", "Sign", "number", "0", "about a dozen", "2026-13-45",
     "11"],
    ["alice@acme.test", "Ship", "", "Docs", "number", "x1", "", "2026-06-30", "5"],
]  # fmt: skip
COLUMNS = [("row 2", "kind"), ("row 2", "target"), ("row 2", "due date"),
           ("row 2", "confidence"), ("row 3", "start"), ("row 3", "target")]  # fmt: skip
CHINESE = [f"第 {place.split()[1]} 行，“{column}”列" for place, column in COLUMNS]


def _refused(world, year, name: str, data: bytes, language="en") -> list[str]:
    before = (Objective.objects.count(), KeyResult.objects.count())
    with translation.override(language):
        for dry_run in (True, False):
            with pytest.raises(ImportFailed) as raised:
                import_okrs(world.admin, file_name=name, data=data, cycle=year, dry_run=dry_run)
        texts = raised.value.texts  # located in the reader's language
    assert (Objective.objects.count(), KeyResult.objects.count()) == before
    return texts


def _csv() -> bytes:
    return "\n".join(",".join(row) for row in [HEADER, *ROWS]).encode()


def _xlsx() -> bytes:
    return workbook_bytes({"OKRs": [HEADER, *ROWS]})


@pytest.mark.parametrize(("name", "data"), [("okrs.csv", _csv), ("okrs.xlsx", _xlsx)])
def test_every_wrong_cell_of_a_row_is_named(world, year, name, data):
    texts = _refused(world, year, name, data())
    said = [re.match(r".*?(row \d+), column “([^”]+)”:", text).groups() for text in texts]
    assert said == COLUMNS, texts
    for typed in ("“bogus”", "“about a dozen”", "“2026-13-45”", "“11”", "“x1”"):
        assert any(typed in text for text in texts), (typed, texts)
    assert "a target is required." in texts[-1]
    chinese = _refused(world, year, name, data(), "zh-hans")
    assert [text.split("：")[0].split("，", 1)[1] for text in chinese] == [
        place if name.endswith("csv") else f"工作表“OKRs”，{place}" for place in CHINESE
    ], chinese


def test_a_refused_value_is_not_also_missing(world, year):
    # A target refused is not said to be missing too; a type refused does not refuse the
    # current value read in it.
    data = "\n".join([
        "objective,key result,metric type,target,current",
        "Grow,Sign,number,lots,3",
        "Grow,Renew,bogus,10,4,5",
    ]).encode()  # fmt: skip
    texts = _refused(world, year, "okrs.csv", data)
    assert [text.split(": ")[0] for text in texts] == [
        "okrs.csv, row 2, column “target”",
        "okrs.csv, row 3, column “metric type”",
    ], texts


def test_every_field_a_service_refuses_is_named(world, year):
    # A done / not-done key result takes no start, target or unit: all three said.
    data = "\n".join([
        "objective,key result,metric type,start,target,unit",
        "Grow,Ship it,boolean,3,10,人",
    ]).encode()  # fmt: skip
    texts = _refused(world, year, "okrs.csv", data)
    assert sorted(text.split(": ")[0] for text in texts) == [
        "okrs.csv, row 2, column “start”",
        "okrs.csv, row 2, column “target”",
        "okrs.csv, row 2, column “unit”",
    ], texts


def test_every_problem_of_a_json_key_result_is_named(world, year):
    document = {"format": "mubiao.okrs", "objectives": [{"title": "Grow", "key_results": [
        {"title": "", "due_date": "2026-13-45"}]}]}  # fmt: skip
    texts = _refused(world, year, "okrs.json", json.dumps(document).encode())
    assert sorted(text.split(": ")[0] for text in texts) == [
        "okrs.json, objectives[0].key_results[0], key “due_date”",
        "okrs.json, objectives[0].key_results[0], key “title”",
    ], texts
