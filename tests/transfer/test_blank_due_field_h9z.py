"""A blank due date in a file that states the due date (issue 9, h9z): a key result whose due
date a person cleared, while its title states one (`3 月 1 日前注册用户达到 100`), gained the
title's date on re-import through the export's blank due cell. In a row or item that states
its own values beside a due column, key or attribute (every export: a CSV or xlsx due column, a
JSON `due_date` of null, Markdown's `due=""`), a blank due date is "no due date": the title's
date is left as text and the preview says so. Without the field (a file of titles, a sheet with
no due column, a line of text) the title's date is read as h9v made it
(tests/transfer/test_title_dates_beside_values_h9v.py)."""

import datetime as dt
import json

import pytest

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult
from mubiao.okrs.transfer import export_okrs, import_okrs
from tests.transfer.conftest import cycle_of_2026, workbook_bytes

pytestmark = pytest.mark.postgres

INSIDE = "3 月 1 日前注册用户达到 100"
LEFT = (
    "“3 月 1 日前注册用户达到 100”: the due date is blank, so “3 月 1 日前” in the title is "
    "left as text"
)
FORMATS = {"md": "md", "text": "txt", "csv": "csv", "xlsx": "xlsx", "json": "json"}
SHAPES = {
    "number": {"metric_type": "number", "start_value": 0, "target_value": 100},
    "milestone": {"metric_type": "milestone"},
}


def _exported(world, fmt, shape):
    source = cycle_of_2026(world, "source", Cycle.Kind.CUSTOM)
    services.create_objective(
        world.alice, cycle=source, title="o",
        key_results=[{"title": INSIDE, **SHAPES[shape]}],
    )  # fmt: skip
    kr = KeyResult.objects.get(objective__cycle=source)
    assert kr.due_date is None  # as a person who cleared it leaves it
    return export_okrs(world.admin, cycle=source, fmt="md" if fmt == "text" else fmt)


def _left_as_text(problems) -> bool:
    return any(LEFT in problem for problem in problems)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_an_exported_blank_due_date_comes_back_blank(world, fmt, shape):
    data = _exported(world, fmt, shape)
    target = cycle_of_2026(world, "target", Cycle.Kind.YEAR)
    name = f"okrs.{FORMATS[fmt]}"
    preview = import_okrs(world.admin, file_name=name, data=data, cycle=target, dry_run=True)
    assert _left_as_text(preview.problems), preview.problems
    import_okrs(world.admin, file_name=name, data=data, cycle=target, confirmed=True)
    kr = KeyResult.objects.get(objective__cycle=target)
    assert (kr.title, kr.due_date) == (INSIDE, None)


def test_the_markdown_export_states_a_blank_due_date(world):
    text = _exported(world, "md", "number").decode()
    assert 'direction=increase due=""}' in text, text


def _csv(due_column, title_only=False):
    head = "objective,key result" + ("" if title_only else ",start,target")
    row = f"o,{INSIDE}" + ("" if title_only else ",0,100")
    if due_column:
        head, row = head + ",due date", row + ","
    return f"{head}\n{row}\n".encode(), "okrs.csv"


def _xlsx(due_column, title_only=False):
    rows = [["objective", "key result"], ["o", INSIDE]]
    if not title_only:
        rows[0] += ["start", "target"]
        rows[1] += [0, 100]
    if due_column:
        rows[0].append("due date")
        rows[1].append(None)
    return workbook_bytes({"OKR": rows}), "okrs.xlsx"


def _json(due_key, title_only=False):
    item = {"title": INSIDE}
    if not title_only:
        item.update(metric_type="number", start="0", target="100")
    if due_key:
        item["due_date"] = None
    document = {"format": "mubiao.okrs", "version": 1,
                "objectives": [{"title": "o", "key_results": [item]}]}  # fmt: skip
    return json.dumps(document, ensure_ascii=False).encode(), "okrs.json"


def _markdown(due_attribute, title_only=False):
    attributes = ("" if title_only else "metric=number start=0 target=100 ") + (
        'due=""' if due_attribute else "confidence=5"
    )
    return f"O1: o {{kind=committed}}\nKR1: {INSIDE} {{{attributes.strip()}}}\n".encode(), "okrs.md"


WRITTEN = [_csv, _xlsx, _json, _markdown]


def _import(world, data, name):
    cycle = cycle_of_2026(world, "target", Cycle.Kind.YEAR)
    preview = import_okrs(world.admin, file_name=name, data=data, cycle=cycle, dry_run=True)
    import_okrs(world.admin, file_name=name, data=data, cycle=cycle)
    return preview, KeyResult.objects.get(objective__cycle=cycle)


@pytest.mark.parametrize("route", WRITTEN, ids=lambda r: r.__name__.strip("_"))
def test_a_row_with_its_values_and_a_blank_due_field_has_no_due_date(world, route):
    preview, kr = _import(world, *route(True))
    assert _left_as_text(preview.problems), preview.problems
    assert kr.due_date is None


@pytest.mark.parametrize("route", WRITTEN, ids=lambda r: r.__name__.strip("_"))
def test_without_the_field_the_title_is_read(world, route):
    preview, kr = _import(world, *route(False))
    assert not _left_as_text(preview.problems)
    assert kr.due_date == dt.date(2026, 3, 1)


@pytest.mark.parametrize("route", [_json, _markdown], ids=["json", "markdown"])
def test_a_due_field_written_blank_beside_a_title_alone_is_no_due_date(world, route):
    """A JSON `"due_date": null` or `due=""` is written on purpose, beside a title alone too."""
    preview, kr = _import(world, *route(True, title_only=True))
    assert _left_as_text(preview.problems), preview.problems
    assert kr.due_date is None


@pytest.mark.parametrize("route", [_csv, _xlsx], ids=["csv", "xlsx"])
def test_a_sheet_row_of_a_title_alone_reads_it_whole(world, route):
    """A row that gives only its title is read as the same line of text (its numbers too):
    its blank cells, the due date's among them, are what the title fills."""
    preview, kr = _import(world, *route(True, title_only=True))
    assert not _left_as_text(preview.problems)
    assert (kr.due_date, kr.target_value) == (dt.date(2026, 3, 1), 100)


def test_the_note_in_chinese(world):
    from django.utils import translation

    with translation.override("zh-hans"):
        preview, _kr = _import(world, *_csv(True))
    said = [p for p in preview.problems if "3 月 1 日前" in p]
    assert said and "截止日期留空" in said[0], preview.problems
