"""Issue 9 (h9n 4): text starting with a formula's character (= + - @, and the guard's own
apostrophe) comes back exactly through export → import in every format, and an xlsx cell shows
it exactly: the apostrophe a CSV file needs was written into xlsx cells too, so Excel (and
every other reader) showed and read back `'=SUM(A1)`.

An xlsx cell is guarded as Excel guards a typed `'=x`: a text cell with the quote prefix,
never a formula. Older xlsx exports (with the apostrophe in the value) still import as meant.
"""

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from mubiao.okrs import services
from mubiao.okrs.transfer import export_okrs, import_okrs
from mubiao.people.exporter import export_people
from tests.conftest import make_member
from tests.transfer.test_round_trips import FORMATS, NUMBER, _round_trip

TITLES = ["=SUM(A1)", '=HYPERLINK("http://evil")', "+1 customers", "-5 bugs", "@alice",
          "'quoted", "'=not a guard", "=", "- dash"]  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("title", TITLES)
def test_a_formula_character_round_trips_exactly(world, fmt, title):
    _round_trip(world, fmt, [(title, [(f"{title} kr", Decimal(-5), Decimal(2), NUMBER)])])


def _cells(data: bytes) -> dict:
    book = load_workbook(io.BytesIO(data))
    return {c.value: c for s in book.worksheets for r in s.iter_rows() for c in r if c.value}


def test_an_xlsx_cell_shows_the_text_exactly_as_a_text_cell(world):
    services.create_objective(world.alice, cycle=world.cycle, title="=SUM(A1)",
                              key_results=[{"title": "-5 bugs", "start_value": 0,
                                            "target_value": 3}])  # fmt: skip
    data = export_okrs(world.admin, cycle=world.cycle, fmt="xlsx")
    cells = _cells(data)
    for title in ("=SUM(A1)", "-5 bugs"):
        assert cells[title].data_type == "s" and cells[title].quotePrefix
    assert not any(str(value).startswith("'") for value in cells)
    sheets = zipfile.ZipFile(io.BytesIO(data))
    assert not any(b"<f>" in sheets.read(n) for n in sheets.namelist() if "worksheets/" in n)
    # Numbers are numbers, never guarded.
    assert cells[3].data_type == "n" and not cells[3].quotePrefix


def test_an_older_xlsx_export_with_the_apostrophe_imports_as_meant(world):
    book = Workbook()
    book.active.append(["objective", "key result", "start", "target"])
    book.active.append(["'=SUM(A1)", "'-5 bugs", 8, 3])  # "-5 bugs": 8 → 3, as its title says
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_okrs(world.admin, file_name="okrs.xlsx", data=buffer.getvalue(),
                         cycle=world.cycle)  # fmt: skip
    objective = result.created[0]
    assert (objective.title, objective.key_results.get().title) == ("=SUM(A1)", "-5 bugs")


def test_the_people_export_guards_xlsx_cells_the_same_way(world):
    make_member(world.org, "eve@acme.test", "=cmd|' /C calc'!A0")
    cells = _cells(export_people(world.admin, fmt="xlsx"))
    assert cells["=cmd|' /C calc'!A0"].quotePrefix
    assert cells["=cmd|' /C calc'!A0"].data_type == "s"
