"""Issue 9 (probe 9c, 9 and 10): an xlsx TRUE cell on a done / not-done key result was refused
as "“True”: not a number" (JSON true and 完成 were read), and the refusal of an Excel value 1/3
quoted the number twice ("“0.3333333333333333”: “0.333333333333333”: enter at most 4 decimal
places"): the cell was quoted as Python writes its float, the refusal as the spreadsheet shows it.

Tables: every import format × every way of writing done / not done; every refusal of the number
reader reached through a spreadsheet cell (number or text) quotes the value once, as shown."""

import io
import json

import pytest
from django.utils import translation
from openpyxl import Workbook

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs

pytestmark = pytest.mark.postgres

DONE = [(True, 1), (False, 0), ("TRUE", 1), ("FALSE", 0), ("true", 1), ("是", 1), ("否", 0),
        ("✓", 1), ("✗", 0), ("完成", 1), ("未完成", 0), ("done", 1), ("not done", 0), (1, 1),
        (0, 0)]  # fmt: skip


def _rows(current) -> tuple[list, list]:
    return (["objective", "key result", "metric type", "current"],
            ["Ship", "Launch", "boolean", current])  # fmt: skip


def _xlsx(header, row) -> bytes:
    book = Workbook()
    book.active.title = "OKRs"
    book.active.append(header)
    book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _file(fmt: str, current) -> tuple[str, bytes]:
    header, row = _rows(current)
    if fmt == "xlsx":
        return "okrs.xlsx", _xlsx(header, row)
    if fmt == "csv":
        typed = str(current).upper() if isinstance(current, bool) else str(current)
        return "okrs.csv", (",".join(header) + "\n" + ",".join([*row[:3], typed])).encode()
    kr = {"title": "Launch", "metric_type": "boolean", "current": current}
    document = {"format": "mubiao.okrs", "version": 1,
                "objectives": [{"title": "Ship", "key_results": [kr]}]}  # fmt: skip
    return "okrs.json", json.dumps(document, ensure_ascii=False).encode()


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
@pytest.mark.parametrize(("current", "done"), DONE, ids=[repr(c) for c, _d in DONE])
def test_every_format_reads_done_and_not_done_as_written(world, fmt, current, done):
    name, data = _file(fmt, current)
    import_okrs(world.admin, file_name=name, data=data, cycle=world.cycle)
    kr = KeyResult.objects.get(objective__cycle=world.cycle, title="Launch")
    assert kr.current_value == done


def test_a_true_cell_where_a_number_is_asked_is_quoted_as_shown(world):
    header = ["objective", "key result", "start", "target"]
    data = _xlsx(header, ["Ship", "Launch", True, 10])
    with translation.override("en"), pytest.raises(ImportFailed) as refused:
        import_okrs(world.admin, file_name="okrs.xlsx", data=data, cycle=world.cycle)
    assert "“TRUE”" in refused.value.text and "“True”" not in refused.value.text


# (cell, the column it is in, the value as the spreadsheet shows it): one of each refusal the
# number reader gives a cell, as a number and as text.
REFUSALS = [
    (1 / 3, "target", "0.333333333333333"),  # too many places, from a float
    (0.1 + 0.2 + 1e-9, "target", "0.300000001"),
    ("0.33333", "target", "0.33333"),
    (1e16, "target", "1e16"),  # too large, as the spreadsheet shows it (1E+16)
    ("1e5", "target", "1e5"),  # exponent
    ("4,5", "target", "4,5"),  # ambiguous comma
    ("lots", "target", "lots"),
    ("5²", "target", "5²"),
    ("--5", "target", "--5"),
    ("(5)", "target", "(5)"),
    ("+5", "target", "+5"),  # a change
    ("5 人", "weight", "5 人"),  # a unit where none is expected
    ("45%", "weight", "45%"),
    (-1.5, "weight", "-1.5"),  # out of range
    (7.5, "confidence", "7.5"),
    (1 / 3, "confidence", "0.333333333333333"),
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("cell", "column", "shown"), REFUSALS, ids=[r[2] for r in REFUSALS])
def test_a_refused_cell_is_quoted_once_as_shown(world, cell, column, shown, language):
    header = ["objective", "key result", "start", "target", column]
    row = ["Ship", "Launch", 0, 10, cell]
    if column == "target":
        header, row = header[:-1], [*row[:3], cell]
    with translation.override(language), pytest.raises(ImportFailed) as refused:
        import_okrs(world.admin, file_name="okrs.xlsx", data=_xlsx(header, row), cycle=world.cycle)
    message = refused.value.text
    # The place quotes the sheet and the column; the refusal the cell, once.
    assert message.count("“") == 3 and message.count(f"“{shown}”") == 1, message
