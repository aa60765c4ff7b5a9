"""An all-or-nothing import names EVERY error of the file at once (issue 9): a 602-character
title on row 2, a 40-character unit on row 3 and a target of 1e20 on row 4 were said as rows 2
and 4 only; row 3's unit showed after the other two were fixed. Every row's every field is
checked before the answer, in every format (CSV, xlsx, JSON, text), dry run and real."""

import json

import pytest

from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.transfer.conftest import workbook_bytes

LONG_TITLE = "x" * 602
LONG_UNIT = "u" * 40
HEADER = ["objective", "key result", "metric type", "start", "target", "unit"]
ROWS = [
    [LONG_TITLE, "Sign", "number", "0", "10", ""],
    ["Ship", "Docs", "number", "0", "10", LONG_UNIT],
    ["Grow", "Users", "number", "0", "1e20", ""],
]


def _csv():
    return "\n".join(",".join(row) for row in [HEADER, *ROWS]).encode()


def _xlsx():
    return workbook_bytes({"OKRs": [HEADER, *ROWS]})


def _json():
    return json.dumps({"format": "mubiao.okrs", "objectives": [
        {"title": row[0], "key_results": [
            {"title": row[1], "metric_type": row[2], "start": row[3],
             "target": row[4], "unit": row[5]}]}
        for row in ROWS
    ]}).encode()  # fmt: skip


def _text():
    # A text's unit is read from its sentence: row 3's service refusal is a too-long title.
    rows = [ROWS[0], [ROWS[1][0], "k" * 602, *ROWS[1][2:5], ""], ROWS[2]]
    return "\n".join(
        f"O: {row[0]}\nKR: {row[1]} from {row[3]} to {row[4]} {row[5]}".rstrip() for row in rows
    ).encode()


@pytest.mark.parametrize(
    ("name", "data"),
    [("long.csv", _csv), ("long.xlsx", _xlsx), ("long.json", _json), ("long.txt", _text)],
)
@pytest.mark.parametrize("dry_run", [True, False])
def test_every_error_of_every_row_at_once(world, year, name, data, dry_run):
    before = (Objective.objects.count(), KeyResult.objects.count())
    with pytest.raises(ImportFailed) as raised:
        import_okrs(world.admin, file_name=name, data=data(), cycle=year, dry_run=dry_run)
    texts = raised.value.texts
    assert (Objective.objects.count(), KeyResult.objects.count()) == before
    assert len(texts) == 3, texts
    assert "602" in texts[0] or "500" in texts[0], texts
    assert any(place in texts[1] for place in ("row 3", "line 4", "objectives[1]")), texts
    assert "40" in texts[1] or "500" in texts[1], texts
    assert "1e20" in texts[2], texts
