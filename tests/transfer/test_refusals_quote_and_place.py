"""Issue 9 (h9n 1): every refusal of a value in an import quotes what was typed and names its
place as the format names it (a spreadsheet's column, a JSON file's key, an exact line's
attribute, a line of text), in the reader's language, and nothing is stored.

Found by a tester: Markdown `due=2027-02-30` said "not a date" without the date; a CSV
confidence of 7.5 was "not a whole number" without the 7.5; JSON's `1e999` was quoted as
"Infinity"; JSON keys were called columns; a value a done / not-done key result cannot hold
was refused without its value or attribute; the date hint named a day outside the cycle.

A table: every import format × every kind of bad value, in English and Chinese. Runs on
PostgreSQL too (`-m postgres`).
"""

import datetime as dt
import io
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from openpyxl import Workbook

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs

pytestmark = pytest.mark.postgres

# A cycle across the new year: a date hint must name a day inside it (2027-01-31), never a
# fixed example such as 2026-03-31.
CYCLE = (dt.date(2026, 11, 1), dt.date(2027, 1, 31))

# field → its name in (csv / xlsx, json, md)
NAMES = {
    "target": ("target", "target", "target"),
    "due": ("due date", "due_date", "due"),
    "confidence": ("confidence", "confidence", "confidence"),
    "direction": ("direction", "direction", "direction"),
    "current": ("current", "current", "current"),
}
# (kind, field, typed, metric type, words the English message has besides the typed text)
KINDS = [
    ("not a number", "target", "lots", "number", "not a number"),
    # The readings of what was typed, never a fixed example (h9f 1).
    (
        "decimal comma",
        "target",
        "4,5",
        "number",
        "ambiguous: write 4.5 (a decimal) or 4500 / 4,500 (thousands).",
    ),
    (
        "decimal comma, two places",
        "target",
        "1,23",
        "number",
        "write 1.23 (a decimal) or 1230 / 1,230 (thousands).",
    ),
    ("decimal comma after dots", "target", "1.234,5", "number", "read as written: write 1234.5."),
    ("exponent beyond a float", "target", "1e999", "number", "exponent"),
    ("too large", "target", "10000000000000000", "number", "too large"),
    # A JSON number within a float's range, quoted as written, not as its 301 digits (h9q).
    ("exponent within a float", "target", "1e300", "number", "number"),
    ("confidence fraction", "confidence", "7.5", "number", "whole number"),
    ("confidence out of range", "confidence", "11", "number", "0 to 10"),
    # The month's own days and its last day, never a day in another month (h9f 2).
    ("no such day", "due", "2027-02-30", "number", "February 2027 has 28 days; write 2027-02-28"),
    ("no such day, no year", "due", "Feb 30", "number", "February 2027 has 28 days; write Feb 28."),
    (
        "no such day in Chinese",
        "due",
        "11月31日",
        "number",
        "November 2026 has 30 days; write Nov 30.",
    ),
    ("no date", "due", "soon", "number", "2027-01-31"),
    ("unknown direction", "direction", "sideways", "number", "sideways"),
    ("a word for a done key result", "current", "maybe", "boolean", "done or not done"),
    ("a target on a done key result", "target", "10", "boolean", "done / not-done"),
]
FORMATS = ["csv", "xlsx", "json", "md"]
PLACES = {
    # format → (English place, Chinese place) with {name} for the field's name
    "csv": ("okrs.csv, row 2, column “{name}”", "okrs.csv，第 2 行，“{name}”列"),
    "xlsx": ("okrs.xlsx, sheet “OKRs”, row 2, column “{name}”",
             "okrs.xlsx，工作表“OKRs”，第 2 行，“{name}”列"),
    "json": ("okrs.json, objectives[0].key_results[0], key “{name}”",
             "okrs.json，objectives[0].key_results[0]，“{name}”键"),
    "md": ("okrs.md, line 2, attribute “{name}”", "okrs.md，第 2 行，“{name}”属性"),
}  # fmt: skip


def _file(fmt: str, field: str, typed: str, metric: str) -> tuple[str, bytes]:
    values = {"metric": metric, "start": "0", "target": "10", field: typed}
    if metric == "boolean" and field != "target":
        values.pop("target")
        values.pop("start")
    if fmt in ("csv", "xlsx"):
        columns = {"metric type": values.pop("metric"), **values}
        header = ["objective", "key result", *[NAMES.get(k, (k,))[0] for k in columns]]
        row = ["Ship", "Launch", *columns.values()]
        if fmt == "csv":
            return "okrs.csv", (",".join(header) + "\n" + ",".join(f'"{v}"' for v in row)).encode()
        book = Workbook()
        book.active.title = "OKRs"
        book.active.append(header)
        book.active.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return "okrs.xlsx", buffer.getvalue()
    if fmt == "json":
        keys = {"metric": "metric_type", **{k: NAMES[k][1] for k in NAMES}, "start": "start"}
        # A typed JSON number stays a number (1e999 is a number to JSON), anything else text.
        members = [f'"{keys[k]}": {v if _is_json_number(v) else json.dumps(v)}'
                   for k, v in values.items()]  # fmt: skip
        kr = "{" + '"title": "Launch", ' + ", ".join(members) + "}"
        text = ('{"format": "mubiao.okrs", "version": 1, "objectives": [{"title": "Ship", '
                f'"key_results": [{kr}]}}]}}')  # fmt: skip
        return "okrs.json", text.encode()
    names = {"metric": "metric", **{k: NAMES[k][2] for k in NAMES}, "start": "start"}
    block = " ".join(f'{names[k]}="{v}"' for k, v in values.items())
    return "okrs.md", f"O1: Ship {{kind=committed}}\nKR1: Launch {{{block}}}\n".encode()


def _is_json_number(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(\.\d+)?([eE][+-]?\d+)?", text))


@pytest.fixture
def cycle(world):
    return services.create_cycle(world.admin, name="Winter", kind=Cycle.Kind.CUSTOM,
                                 start_date=CYCLE[0], end_date=CYCLE[1])  # fmt: skip


ENGLISH_WORDS = re.compile(r"\b(is|not|enter|write|the|has|a|an|of|from|to|or|this)\b")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS, ids=[k[0] for k in KINDS])
def test_a_refusal_quotes_the_value_and_names_its_place(world, cycle, kind, fmt, language):
    _kind, field, typed, metric, english = kind
    name, data = _file(fmt, field, typed, metric)
    with translation.override(language):
        with pytest.raises(ImportFailed) as refused:
            import_okrs(world.admin, file_name=name, data=data, cycle=cycle)
        message = refused.value.text
    assert f"“{typed}”" in message, message
    column = NAMES[field][{"csv": 0, "xlsx": 0, "json": 1, "md": 2}[fmt]]
    place = PLACES[fmt][language == "zh-hans"].format(name=column)
    assert message.startswith(place), message
    if language == "en":
        assert english in message, message
    else:
        words = message.replace(f"“{typed}”", "").replace(place, "")
        assert re.search(r"[\u4e00-\u9fff]", words) and not ENGLISH_WORDS.search(words), message
    assert "2026-03-31" not in message and "Infinity" not in message
    assert not KeyResult.objects.filter(objective__cycle=cycle).exists()


def test_a_check_in_measured_in_the_future_names_the_time_zone(world):
    world.org.settings["time_zone"] = "Asia/Shanghai"
    world.org.save()
    users = {"title": "Users", "start_value": 0, "target_value": 10}
    objective = services.create_objective(world.alice, cycle=world.cycle, title="Grow",
                                          key_results=[users])  # fmt: skip
    kr = objective.key_results.get()
    at = timezone.now() + dt.timedelta(days=2)
    local = at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    for language, words in (("en", "is in the future"), ("zh-hans", "在未来")):
        with translation.override(language):
            with pytest.raises(ValidationError) as refused:
                services.check_in(world.alice, kr, value=5, at=at)
            message = refused.value.message_dict["at"][0]
        assert f"{local} Asia/Shanghai" in message and words in message, message


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_number_in_text_is_quoted_on_its_line(world, cycle, language):
    with translation.override(language):
        with pytest.raises(ImportFailed) as refused:
            import_okrs(world.admin, file_name="okrs.txt", cycle=cycle,
                        data="O1: 降本\nKR1: 成本从 4,5 万降到 3 万\n".encode())  # fmt: skip
        message = refused.value.text
    assert message.startswith(("okrs.txt, line 2", "okrs.txt，第 2 行")[language == "zh-hans"])
    assert "“4,5 万”" in message and ("ambiguous" in message or "有歧义" in message)
    assert "4.5 万" in message, message  # what was typed, read with a decimal point
