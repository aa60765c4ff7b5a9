"""`当前值` / `Current` means one thing in every table (h10, docs/import-export.md "Tables"): the
key result's value when the table was written. Beside a start column it is the current value
(Mubiao's own export: a round trip keeps start and current apart); with no start beside it, it is
also where the key result starts (a planning sheet's "Target | Current"), in a CSV or xlsx file
as in a text table."""

from decimal import Decimal

import pytest

from mubiao.okrs.models import CheckIn
from mubiao.okrs.transfer import import_okrs
from mubiao.okrtext import parse

from .conftest import workbook_bytes

# (file name, data) of one key result: start 400 (or none), target 650, current 500.
WITH_START = {
    "csv": "objective,key result,start,target,当前值\nh10 Grow,MQLs per month,400,650,500\n",
    "xlsx": [["objective", "key result", "start", "target", "Current"],
             ["h10 Grow", "MQLs per month", 400, 650, 500]],
}  # fmt: skip
WITHOUT_START = {
    "csv": "objective,key result,target,当前值\nh10 Grow,MQLs per month,650,500\n",
    "xlsx": [["objective", "key result", "target", "Current value"],
             ["h10 Grow", "MQLs per month", 650, 500]],
}  # fmt: skip


def _import(world, fmt: str, rows):
    data = rows.encode() if fmt == "csv" else workbook_bytes({"OKR": rows})
    result = import_okrs(world.admin, file_name=f"okrs.{fmt}", data=data, cycle=world.cycle)
    return result.created[0].key_results.get()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_beside_a_start_it_is_the_current_value(world, fmt):
    kr = _import(world, fmt, WITH_START[fmt])
    assert (kr.start_value, kr.target_value, kr.current_value) == (400, 650, 500)
    assert CheckIn.objects.filter(key_result=kr).count() == 1  # where it stands: a check-in


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_with_no_start_it_is_where_the_key_result_starts(world, fmt):
    kr = _import(world, fmt, WITHOUT_START[fmt])
    assert (kr.start_value, kr.target_value, kr.current_value) == (500, 650, 500)
    assert (kr.direction, CheckIn.objects.filter(key_result=kr).count()) == ("increase", 0)


@pytest.mark.parametrize(
    ("title", "start"),
    [
        ("MQLs per month to 650", Decimal(500)),  # the title states no start: the current is it
        ("MQLs per month from 400 to 650", Decimal(400)),  # the title's start stays
        ("月度线索数达到 650", Decimal(500)),
    ],
)
def test_a_title_with_a_current_cell_reads_the_same_way(world, title, start):
    kr = _import(world, "csv", f"objective,key result,当前值\nh10 Grow,{title},500\n")
    assert (kr.start_value, kr.target_value, kr.current_value) == (start, 650, 500)


@pytest.mark.parametrize(
    ("header", "row", "start"),
    [
        ("| Key result | Target | Current |", "| MQLs per month | 650 | 500 |", Decimal(500)),
        ("| 关键结果 | 目标值 | 当前值 |", "| 月度线索数 | 650 | 500 |", Decimal(500)),
        # Beside a start column, Current is where it stands now: check-ins record that.
        ("| KR | Baseline | Target | Current |", "| MQLs | 400 | 650 | 500 |", Decimal(400)),
    ],
)
def test_a_text_table_reads_it_the_same_way(header, row, start):
    text = f"## h10 Grow\n\n{header}\n|---|---|---|{'---|' * header.count('Baseline')}\n{row}\n"
    (kr,) = parse(text, year=2026).objectives[0].key_results
    assert (kr.start, kr.target) == (start, Decimal(650))


def test_a_text_table_imports_as_the_csv_does(world):
    text = "## h10 Grow\n\n| Key result | Target | Current |\n|---|---|---|\n| MQLs | 650 | 500 |\n"
    result = import_okrs(world.admin, file_name="", data=text.encode(), cycle=world.cycle)
    kr = result.created[0].key_results.get()
    assert (kr.start_value, kr.target_value, kr.current_value) == (500, 650, 500)
