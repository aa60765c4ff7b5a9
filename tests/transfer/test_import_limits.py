"""Limits met in an import: the same located message on SQLite and PostgreSQL (this module runs
in both passes), for every import format and every column whose field has a limit, and on the
import page a 400 with that message, never a server error.

The cases are generated from the model fields (okrs.limits): a text one character longer than
its column, a number as large as its column refuses.
"""

import csv
import io
import json

import pytest
from django.urls import reverse

from mubiao.okrs import limits
from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.transfer.conftest import workbook_bytes

HEADER = ["objective", "key result", "unit", "start", "target", "weight"]
GOOD = ["Grow", "Customers", "个", 0, 10, 1]


def _field(model, name):
    return model._meta.get_field(name)


def _cases():
    """(column, value, the message's end) for each limited column of the spreadsheet layout."""
    title = _field(KeyResult, "title").max_length
    yield "key result", "k" * (title + 102), f"(it has {title + 102:,})."
    objective = _field(Objective, "title").max_length
    yield "objective", "o" * (objective + 1), f"at most {objective} characters long (it has 501)."
    unit = _field(KeyResult, "unit").max_length
    yield "unit", "u" * (unit + 1), f"at most {unit} characters long (it has {unit + 1})."
    for column, field in (("start", "start_value"), ("target", "target_value")):
        bound = limits.decimal_bound(_field(KeyResult, field))  # a value itself (h9b2)
        yield column, str(bound * 10), "between -10¹⁵ and 10¹⁵."
    bound = limits.decimal_bound(_field(KeyResult, "weight"))
    assert bound == 10_000  # the weight named, its value quoted and its whole rule stated (h9m)
    yield (
        "weight",
        str(bound),
        "Weight “10000”: enter a number from 0 to 9,999.99 with at most 2 decimal places.",
    )


CASES = list(_cases())


def _row(column: str, value) -> list:
    row = list(GOOD)
    row[HEADER.index(column)] = value
    if column == "target":
        row[HEADER.index("start")] = 0
    return row


def _csv(column, value) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, _row(column, value)])
    return buffer.getvalue().encode()


def _xlsx(column, value) -> bytes:
    row = _row(column, value)
    if column in ("start", "target", "weight"):
        row[HEADER.index(column)] = float(value)
    return workbook_bytes({"OKRs": [HEADER, row]})


def _failure(world, name, data) -> str:
    with pytest.raises(ImportFailed) as error:
        import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle, dry_run=True)
    return error.value.text


@pytest.mark.parametrize(("column", "value", "end"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheets_name_row_and_column(world, fmt, column, value, end):
    data = (_csv if fmt == "csv" else _xlsx)(column, value)
    message = _failure(world, f"okrs.{fmt}", data)
    sheet = ", sheet “OKRs”" if fmt == "xlsx" else ""
    assert message.startswith(f"okrs.{fmt}{sheet}, row 2, column “{column}”: ")
    assert message.endswith(end)
    assert not Objective.objects.exists()


def test_json_and_text_name_the_path_and_line(world):
    long_title = "k" * 602
    document = {
        "format": "mubiao.okrs",
        "version": 1,
        "objectives": [{"title": "Grow", "key_results": [{"title": long_title, "target": 10}]}],
    }
    message = _failure(world, "okrs.json", json.dumps(document).encode())
    assert message == (
        f"okrs.json, objectives[0].key_results[0], key “title”: “{'k' * 23}…”: Keep this at "
        "most 500 characters long (it has 602)."
    )
    message = _failure(world, "okrs.md", f"O1: Grow\nKR1: {long_title}\n".encode())
    assert message == (
        f"okrs.md, line 2: “{'k' * 23}…”: Keep this at most 500 characters long (it has 602)."
    )


def test_the_import_page_answers_400_with_the_message(client, world):
    client.force_login(world.alice.user)
    upload = io.BytesIO(_csv("key result", "k" * 602))
    upload.name = "okrs.csv"
    response = client.post(reverse("import_preview"), {"cycle": world.cycle.pk, "file": upload})
    assert response.status_code == 400
    assert "okrs.csv, row 2, column “key result”: Keep this at most 500" in response.text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_current_value_meets_its_columns_limit_in_its_cell(world, fmt):
    """The current value is bounded where it is read, as start and target are."""
    bound = limits.decimal_bound(_field(KeyResult, "current_value")) * 10  # beyond (h9b2)
    header, row = [*HEADER, "current"], [*GOOD, str(bound)]
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows([header, row])
        data = buffer.getvalue().encode()
    else:
        data = workbook_bytes({"OKRs": [header, [*GOOD, float(bound)]]})
    message = _failure(world, f"okrs.{fmt}", data)
    sheet = ", sheet “OKRs”" if fmt == "xlsx" else ""
    assert message.startswith(f"okrs.{fmt}{sheet}, row 2, column “current”: ")
    assert message.endswith("between -10¹⁵ and 10¹⁵.")
