"""Issue 9: one value that could not be read silenced the scale questions about the row's other
values: `scale_slips_of` answered {} for any refusal while reading the typed values, and a
spreadsheet row with a refused cell was refused before its questions were asked. So `40 %, 0.6`
beside a current value `abc` (or a confidence `high`) was told only about `abc`, and once that
was mended the next answer was a new question. A value that cannot be read is now left to its
own refusal, at its own cell, and the other values are still asked about, on every import (the
preview and the confirmation say the same) and in the service itself."""

import pytest
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult, Objective
from tests.transfer.conftest import workbook_bytes
from tests.transfer.test_scale_slips_on_every_import import _refusal

pytestmark = pytest.mark.postgres

HEADER = ["owner", "objective", "key result", "metric type", "start", "target", "current",
          "unit", "direction", "due date", "confidence"]  # fmt: skip
ASKED = "did you mean 60 %?"  # the target 0.6 on a 40 % start

# (what is typed beside the slipped target, whether it is refused at its own cell)
TYPED = [
    ("", False),  # blank: nothing typed, nothing to refuse
    ("   ", False),
    ("\xa0", False),  # a no-break space, as spreadsheets paste it
    ("abc", True),
    ("５", False),  # full-width digits: 5, as typed on a Chinese keyboard
]
# column of the file, its attribute in a line of text
COLUMNS = {"current": "current", "confidence": "confidence"}


def _csv(column, typed):
    cells = dict.fromkeys(HEADER, "")
    cells.update({"objective": "p9f", "key result": "Share", "metric type": "Percentage",
                  "start": "40", "target": "0.6", column: typed})  # fmt: skip
    rows = [HEADER, [cells[name] for name in HEADER]]
    return "okrs.csv", "".join(",".join(row) + "\n" for row in rows).encode(), "row 2"


def _xlsx(column, typed):
    cells = dict.fromkeys(HEADER)
    cells.update({"objective": "p9f", "key result": "Share", "metric type": "Percentage",
                  "start": 40, "target": 0.6, column: typed})  # fmt: skip
    data = workbook_bytes({"OKRs": [HEADER, [cells[name] for name in HEADER]]})
    return "okrs.xlsx", data, "row 2"


def _text(column, typed):
    line = f'KR1: Share {{metric=percent start=40 target=0.6 {COLUMNS[column]}="{typed}"}}'
    return "okrs.txt", f"O1: p9f\n{line}\n".encode(), "line 2"


FORMATS = {"csv": _csv, "xlsx": _xlsx, "text": _text}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize(("typed", "refused"), TYPED)
def test_a_value_that_cannot_be_read_leaves_the_others_asked_about(
    world, fmt, column, typed, refused
):
    name, data, place = FORMATS[fmt](column, typed)
    # A line of text that writes `current=""` states an empty current value, refused as the
    # API refuses one (a blank cell states none; a blank confidence is none on every path).
    refused = refused or (fmt == "text" and column == "current" and not typed.strip())
    with translation.override("en"):
        preview = _refusal(world, name, data, dry_run=True)
        confirm = _refusal(world, name, data, dry_run=False)
    lines = preview.splitlines()
    asked = [line for line in lines if ASKED in line]
    assert len(asked) == 1 and place in asked[0] and "“target”" in asked[0], preview
    at_its_cell = [line for line in lines if f"“{column}”" in line]
    if refused:
        assert len(at_its_cell) == 1 and place in at_its_cell[0], preview
        assert f"“{typed}”" in at_its_cell[0] or "Enter a number" in at_its_cell[0], preview
    else:
        assert not at_its_cell and len(lines) == 1, preview
    # The confirmation says what the preview did: confirming the question is not answered by
    # a refusal nobody was told of.
    assert sorted(confirm.splitlines()) == sorted(lines), (preview, confirm)
    assert not KeyResult.objects.exists() and not Objective.objects.exists()


@pytest.mark.parametrize(("typed", "refused"), TYPED)
def test_the_service_asks_about_the_values_it_can_read(world, typed, refused):
    fields = {"title": "Share", "metric_type": "percent", "start_value": "40",
              "target_value": "0.6", "current_value": typed}  # fmt: skip
    with translation.override("en"):
        slips = services.scale_slips_of(world.alice, fields)
    assert set(slips) == {"target_value"}, slips
    assert ASKED in slips["target_value"][0].message


@pytest.mark.parametrize(("typed", "refused"), [case for case in TYPED if case[1] or not
                                                case[0].strip()])  # fmt: skip
@pytest.mark.parametrize("end", ["start_value", "target_value"])
def test_an_end_that_cannot_be_read_leaves_no_range_to_ask_against(world, typed, refused, end):
    """Without its start (or target) the key result has no range: a current value 0.3 is not
    asked about against a start of 0 nobody typed, but a dotted `1.200` is, alone."""
    fields = {"title": "Share", "metric_type": "percent", "start_value": "40",
              "target_value": "60", "current_value": "0.3", end: typed}  # fmt: skip
    with translation.override("en"):
        assert services.scale_slips_of(world.alice, fields) == {}
        other = "target_value" if end == "start_value" else "start_value"
        slips = services.scale_slips_of(world.alice, {**fields, other: "1.200"})
    assert set(slips) == {other}, slips
