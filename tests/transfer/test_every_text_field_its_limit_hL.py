"""Every text field an import sets is held to the limit the API and the forms use, in every
import format, through the library, the CLI and the web preview, on SQLite and PostgreSQL
(issue 9, hL: a 20,001-character description was imported whole from CSV, xlsx and JSON, and the
objective's edit form then refused every save).

Generated: the fields are those the JSON format sets (jsonformat's key maps), the text ones
among them (no choices); each one's limit is read from its model field (okrs.limits.max_length),
where the forms and the API schema read it. For each format × field × route, text of exactly the
limit is imported whole, one character more is refused naming the row or line and the field,
and nothing is stored.
"""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import models
from django.urls import reverse

from mubiao.okrs import limits
from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs, jsonformat
from mubiao.okrs.transfer.readings import STATED_KEY_RESULT, STATED_OBJECTIVE
from tests.transfer.conftest import workbook_bytes

# Every case on PostgreSQL too: its varchar columns refuse what SQLite stores, so the limit
# itself (the case limit+1) is what differs between the two databases.
pytestmark = pytest.mark.every_case


def _text_fields():
    """(model, field) of every text field an import sets: the JSON format's keys."""
    found = [(Objective, "title")]
    found += [(Objective, name) for name in jsonformat._OBJECTIVE_FIELDS]
    found += [(KeyResult, name) for name in jsonformat._KEY_RESULT_FIELDS.values()]
    for model, name in found:
        field = model._meta.get_field(name)
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            yield model, name


FIELDS = list(_text_fields())
IDS = [f"{model.__name__}.{name}" for model, name in FIELDS]


def test_the_fields_are_those_a_person_writes():
    """The generator finds the four, so that no field drops out of the table unnoticed."""
    assert set(IDS) == {"Objective.title", "Objective.description", "KeyResult.title",
                        "KeyResult.unit"}  # fmt: skip


@pytest.mark.parametrize(("model", "name"), FIELDS, ids=IDS)
def test_every_imported_text_field_has_one_limit(model, name):
    """The model field holds the limit (a TextField's too): the API and the forms read it."""
    assert limits.max_length(model, name) is not None


# Where each format writes a field: its column (CSV, xlsx), its key (JSON), its attribute or
# the line itself (Mubiao's Markdown export, okrtext.exact).
COLUMN = {(Objective, "title"): "objective", (KeyResult, "title"): "key result"}
ATTRIBUTE = {
    **{(Objective, field): key for key, field in STATED_OBJECTIVE.items()},
    **{(KeyResult, field): key for key, field in STATED_KEY_RESULT.items()},
}
JSON_KEY = {field: key for key, field in jsonformat._KEY_RESULT_FIELDS.items()}


def _values(model, name, text) -> dict:
    """{(model, field): value} of one objective with one key result, `text` in the field."""
    values = {
        (Objective, "title"): "Grow",
        (Objective, "description"): "",
        (KeyResult, "title"): "Customers",
        (KeyResult, "unit"): "",
    }
    values[(model, name)] = text
    return values


def _csv_rows(values):
    header = ["objective", "description", "key result", "unit", "start", "target"]
    row = [values[(Objective, "title")], values[(Objective, "description")],
           values[(KeyResult, "title")], values[(KeyResult, "unit")], 0, 10]  # fmt: skip
    return [header, row]


def _csv(values) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_csv_rows(values))
    return buffer.getvalue().encode()


def _xlsx(values) -> bytes:
    return workbook_bytes({"OKRs": _csv_rows(values)})


def _json(values) -> bytes:
    kr = {"title": values[(KeyResult, "title")], "start": 0, "target": 10}
    if values[(KeyResult, "unit")]:
        kr["unit"] = values[(KeyResult, "unit")]
    objective = {"title": values[(Objective, "title")], "key_results": [kr]}
    if values[(Objective, "description")]:
        objective["description"] = values[(Objective, "description")]
    document = {"format": jsonformat.FORMAT, "version": jsonformat.VERSION,
                "objectives": [objective]}  # fmt: skip
    return json.dumps(document).encode()


def _md(values) -> bytes:
    objective = "kind=committed"
    if description := values[(Objective, "description")]:
        objective += f' {ATTRIBUTE[(Objective, "description")]}="{description}"'
    kr = "start=0 target=10"
    if values[(KeyResult, "unit")]:
        kr += f' {ATTRIBUTE[(KeyResult, "unit")]}="{values[(KeyResult, "unit")]}"'
    return (
        f"O1: {values[(Objective, 'title')]} {{{objective}}}\n"
        f"KR1: {values[(KeyResult, 'title')]} {{{kr}}}\n"
    ).encode()


WRITERS = {"csv": _csv, "xlsx": _xlsx, "json": _json, "md": _md}


def _place(fmt, model, name) -> str:
    """The start of the refusal: the file, its row or line, the field's column or key."""
    if fmt in ("csv", "xlsx"):
        sheet = ", sheet “OKRs”" if fmt == "xlsx" else ""
        column = COLUMN.get((model, name), name)
        return f"okrs.{fmt}{sheet}, row 2, column “{column}”"
    if fmt == "json":
        path = "objectives[0]" + (".key_results[0]" if model is KeyResult else "")
        key = JSON_KEY.get(name, name) if model is KeyResult else name
        return f"okrs.json, {path}, key “{key}”"
    line = 2 if model is KeyResult else 1
    attribute = ATTRIBUTE.get((model, name))  # a title is the line itself
    return f"okrs.md, line {line}" + (f", attribute “{attribute}”" if attribute else "")


def _text(limit: int) -> str:
    return "x" * limit


def _stored(model, name, text) -> bool:
    return model.objects.filter(**{name: text}).exists()


def _by_library(world, fmt, data, dry_run=False):
    return import_okrs(world.alice, file_name=f"okrs.{fmt}", data=data, cycle=world.cycle,
                       dry_run=dry_run)  # fmt: skip


def _by_cli(world, tmp_path, fmt, data):
    path = tmp_path / f"okrs.{fmt}"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import", str(path), "--org", world.org.slug, "--cycle", world.cycle.name,
                 "--as", world.alice.user.email, stdout=out, stderr=io.StringIO())  # fmt: skip
    return out.getvalue()


def _by_page(client, world, fmt, data):
    client.force_login(world.alice.user)
    upload = io.BytesIO(data)
    upload.name = f"okrs.{fmt}"
    return client.post(reverse("import_preview"), {"cycle": world.cycle.pk, "file": upload})


@pytest.mark.parametrize(("model", "name"), FIELDS, ids=IDS)
@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_the_limit_is_imported_one_more_is_refused(world, fmt, model, name):
    limit = limits.max_length(model, name)
    at_limit = _text(limit)
    _by_library(world, fmt, WRITERS[fmt](_values(model, name, at_limit)))
    assert _stored(model, name, at_limit)
    Objective.objects.all().delete()

    over = _text(limit + 1)
    with pytest.raises(ImportFailed) as refused:
        _by_library(world, fmt, WRITERS[fmt](_values(model, name, over)))
    message = refused.value.text
    assert message.startswith(_place(fmt, model, name)), message
    assert limits.too_long(limit, limit + 1) in message
    assert not Objective.objects.exists() and not KeyResult.objects.exists()


@pytest.mark.parametrize(("model", "name"), FIELDS, ids=IDS)
@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_the_cli_refuses_one_more(world, tmp_path, fmt, model, name):
    limit = limits.max_length(model, name)
    _by_cli(world, tmp_path, fmt, WRITERS[fmt](_values(model, name, _text(limit))))
    assert _stored(model, name, _text(limit))
    Objective.objects.all().delete()
    with pytest.raises(CommandError) as refused:
        _by_cli(world, tmp_path, fmt, WRITERS[fmt](_values(model, name, _text(limit + 1))))
    assert _place(fmt, model, name) in str(refused.value)
    assert limits.too_long(limit, limit + 1) in str(refused.value)
    assert not Objective.objects.exists()


@pytest.mark.parametrize(("model", "name"), FIELDS, ids=IDS)
@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_the_import_page_previews_the_limit_and_refuses_one_more(client, world, fmt, model, name):
    limit = limits.max_length(model, name)
    page = _by_page(client, world, fmt, WRITERS[fmt](_values(model, name, _text(limit))))
    assert page.status_code == 200
    page = _by_page(client, world, fmt, WRITERS[fmt](_values(model, name, _text(limit + 1))))
    assert page.status_code == 400
    assert _place(fmt, model, name) in page.text
    assert limits.too_long(limit, limit + 1) in page.text
    assert not Objective.objects.exists()
