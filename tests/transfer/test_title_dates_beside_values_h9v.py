"""Issue 9 (brief h9v): one rule for a key result's title on every import format.

1. A date written in a title's prose is read the same way whether the row or item gives its
   own start and target or only its title: a CSV, xlsx or JSON row and a Markdown line with
   `{start=… target=…}` ignored `3 月 1 日前注册用户达到 100` beside a target of 100 (no due
   date), while the title alone was due 03-01. Inside the cycle it is the due date; outside
   it, the key result is imported without it and the preview says so in the words every
   format says it in (test_due_dates_outside_the_cycle_h9t); a due date written as a field
   (column, key, `due=`) wins over the prose, without a note.
2. A title-only JSON key result that states a change without its start (`收入翻倍`, `成本降低
   10%`) was refused, stopping the file, where text, Markdown, CSV and xlsx hold it back and
   import the rest: JSON holds it back too, in the same words."""

import datetime as dt
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api
from tests.transfer.conftest import besides_the_start_not_given, workbook_bytes
from tests.transfer.test_every_path_same_answer import _year_cycle
from tests.transfer.test_unit_written_once_h9t import ROUTES

pytestmark = pytest.mark.postgres


def _values_csv(title, due=None):
    head, cells = "objective,key result,start,target", f'o,"{title}",0,100'
    if due:
        head, cells = head + ",due date", cells + f",{due}"
    return f"{head}\n{cells}\n".encode(), "okrs.csv"


def _values_xlsx(title, due=None):
    rows = [["objective", "key result", "start", "target"], ["o", title, 0, 100]]
    if due:
        rows[0].append("due date")
        rows[1].append(due)
    return workbook_bytes({"OKR": rows}), "okrs.xlsx"


def _values_json(title, due=None):
    item = {"title": title, "metric_type": "number", "start": "0", "target": "100"}
    if due:
        item["due_date"] = due
    document = {"format": "mubiao.okrs", "version": 1,
                "objectives": [{"title": "o", "key_results": [item]}]}  # fmt: skip
    return json.dumps(document, ensure_ascii=False).encode(), "okrs.json"


def _values_markdown(title, due=None):
    attributes = "metric=number start=0 target=100" + (f' due="{due}"' if due else "")
    return f"O1: o {{kind=committed}}\nKR1: {title} {{{attributes}}}\n".encode(), "okrs.md"


def _title_csv(title, due=None):
    head, cells = "objective,key result", f'o,"{title}"'
    if due:
        head, cells = head + ",due date", cells + f",{due}"
    return f"{head}\n{cells}\n".encode(), "okrs.csv"


def _title_xlsx(title, due=None):
    rows = [["objective", "key result"], ["o", title]]
    if due:
        rows[0].append("due date")
        rows[1].append(due)
    return workbook_bytes({"OKR": rows}), "okrs.xlsx"


def _title_json(title, due=None):
    item = {"title": title, **({"due_date": due} if due else {})}
    document = {"format": "mubiao.okrs", "version": 1,
                "objectives": [{"title": "o", "key_results": [item]}]}  # fmt: skip
    return json.dumps(document, ensure_ascii=False).encode(), "okrs.json"


def _text(title, due=None):
    return ROUTES[0](None, title)


def _markdown(title, due=None):
    return ROUTES[1](None, title)


WITH_VALUES = [_values_csv, _values_xlsx, _values_json, _values_markdown]
WITH_DUE = [*WITH_VALUES, _title_csv, _title_xlsx, _title_json]
EVERY = [*WITH_DUE, _text, _markdown]


def _id(route):
    return route.__name__.strip("_")


INSIDE = "3 月 1 日前注册用户达到 100"
OUTSIDE = "2027 年 3 月 1 日前注册用户达到 100"
NOTE = (
    "“2027 年 3 月 1 日前注册用户达到 100”: the deadline “2027 年 3 月 1 日前” (2027-03-01) "
    "lies outside the cycle; the key result is due at the cycle's end instead."
)
PLACES = {
    "okrs.csv": "okrs.csv, row 2, column “key result”: ",
    "okrs.xlsx": "okrs.xlsx, sheet “OKR”, row 2, column “key result”: ",
    "okrs.json": "okrs.json, objectives[0].key_results[0], key “title”: ",
    "okrs.md": None,  # the line: 2 with attributes, 3 as a bullet
    "okrs.txt": "okrs.txt, line 2: ",
}


def _place(name: str, data: bytes) -> str:
    if name == "okrs.md":
        return "okrs.md, line 2: " if data.startswith(b"O1:") else "okrs.md, line 3: "
    return PLACES[name]


@pytest.mark.parametrize("route", EVERY, ids=_id)
def test_a_date_in_the_title_inside_the_cycle_is_the_due_date_beside_values(world, route):
    cycle = _year_cycle(world)
    data, name = route(INSIDE)
    preview = import_okrs(world.admin, file_name=name, data=data, cycle=cycle, dry_run=True)
    assert not [p for p in preview.problems if "deadline" in p]
    import_okrs(world.admin, file_name=name, data=data, cycle=cycle)
    kr = KeyResult.objects.get(objective__cycle=cycle)
    assert (kr.title, kr.due_date, kr.target_value) == (INSIDE, dt.date(2026, 3, 1), 100)


@pytest.mark.parametrize("route", EVERY, ids=_id)
def test_a_date_in_the_title_outside_the_cycle_is_said_and_left_out_beside_values(world, route):
    cycle = _year_cycle(world)
    data, name = route(OUTSIDE)
    preview = import_okrs(world.admin, file_name=name, data=data, cycle=cycle, dry_run=True)
    assert besides_the_start_not_given(preview.problems) == [_place(name, data) + NOTE]
    assert preview.objectives[0].key_results[0].fields.get("due_date") is None
    import_okrs(world.admin, file_name=name, data=data, cycle=cycle)
    kr = KeyResult.objects.get(objective__cycle=cycle)
    assert (kr.title, kr.due_date, kr.target_value) == (OUTSIDE, None, 100)


@pytest.mark.parametrize("title", [INSIDE, OUTSIDE])
@pytest.mark.parametrize("route", WITH_DUE, ids=_id)
def test_a_due_date_field_wins_over_the_title_without_a_note(world, route, title):
    cycle = _year_cycle(world)
    data, name = route(title, due="2026-06-30")
    result = import_okrs(world.admin, file_name=name, data=data, cycle=cycle)
    assert not [p for p in result.problems if "deadline" in p]
    kr = KeyResult.objects.get(objective__cycle=cycle)
    assert (kr.title, kr.due_date) == (title, dt.date(2026, 6, 30))


HELD = ["收入翻倍", "成本降低 10%"]


def _held_with_another(route, title):
    """A file of two key results: `title`, held for its start, and one imported."""
    if route is _title_json:
        document = {"format": "mubiao.okrs", "version": 1, "objectives": [{"title": "o",
                    "key_results": [{"title": title}, {"title": "上线新版官网"}]}]}  # fmt: skip
        return json.dumps(document, ensure_ascii=False).encode(), "okrs.json"
    if route is _title_csv:
        return f'objective,key result\no,"{title}"\no,上线新版官网\n'.encode(), "okrs.csv"
    if route is _title_xlsx:
        rows = [["objective", "key result"], ["o", title], ["o", "上线新版官网"]]
        return workbook_bytes({"OKR": rows}), "okrs.xlsx"
    if route is _markdown:
        return f"# o\n\n- {title}\n- 上线新版官网\n".encode(), "okrs.md"
    if route is _values_markdown:  # attributes that give none of its numbers
        lines = f"O1: o {{kind=committed}}\nKR1: {title} {{confidence=7}}\nKR2: 上线新版官网\n"
        return lines.encode(), "okrs.md"
    return f"O1: o\nKR1: {title}\nKR2: 上线新版官网\n".encode(), "okrs.txt"


@pytest.mark.parametrize("title", HELD)
def test_a_change_without_its_start_is_held_back_alike_on_every_format(world, title):
    said = {}
    for route in (_text, _markdown, _values_markdown, _title_csv, _title_xlsx, _title_json):
        data, name = _held_with_another(route, title)
        preview = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle,
                              dry_run=True)  # fmt: skip
        assert [len(o.held) for o in preview.objectives] == [1], name
        result = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle)
        (held,) = [problem for problem in result.problems if title in problem]
        said[_id(route)] = held.split(": ", 1)[1]  # without its place
        assert "not imported" in result.imported_message, name
        assert list(KeyResult.objects.values_list("title", flat=True)) == ["上线新版官网"], name
        KeyResult.objects.all().delete()
    assert len(set(said.values())) == 1, said
    assert said["title_json"].endswith("This key result is not imported until the file states it.")


# --- the same through the web page (upload, preview, confirm) and `mubiao import` -----------


def test_the_import_page_shows_and_imports_alike(client, world):
    cycle = _year_cycle(world)
    client.force_login(world.admin.user)
    data, _name = _values_json(OUTSIDE)
    document = json.loads(data)
    inside = {"title": INSIDE, "start": "0", "target": "100"}
    document["objectives"][0]["key_results"] += [inside, {"title": "收入翻倍"}]
    upload = io.BytesIO(json.dumps(document, ensure_ascii=False).encode())
    upload.name = "okrs.json"
    preview = client.post(reverse("import_preview"), {"cycle": cycle.pk, "file": upload})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "(2027-03-01) lies outside the cycle; the key result is due at the cycle" in page
    assert "This key result is not imported until the file states it." in page
    confirm = {"preview": re.search(r'name="preview" value="(\w+)"', page).group(1)}
    assert client.post(reverse("import_confirm"), confirm).status_code == 302
    stored = dict(KeyResult.objects.filter(objective__cycle=cycle).values_list("title", "due_date"))
    assert stored == {OUTSIDE: None, INSIDE: dt.date(2026, 3, 1)}


def test_the_import_command_says_and_imports_alike(world, tmp_path):
    cycle = _year_cycle(world)
    data, _name = _values_csv(OUTSIDE)
    path = tmp_path / "okrs.csv"
    path.write_bytes(data + f'o,"{INSIDE}",0,100\no,收入翻倍,,\n'.encode())
    out = io.StringIO()
    call_command("import", str(path), "--org", world.org.slug, "--cycle", cycle.name,
                 "--as", world.admin.user.email, stdout=out)  # fmt: skip
    said = out.getvalue()
    assert "okrs.csv, row 2, column “key result”: " + NOTE in said
    assert "This key result is not imported until the file states it." in said
    stored = dict(KeyResult.objects.filter(objective__cycle=cycle).values_list("title", "due_date"))
    assert stored == {OUTSIDE: None, INSIDE: dt.date(2026, 3, 1)}


# --- what a title-only row says of its date, said beside values too --------------------------


@pytest.mark.parametrize("route", EVERY, ids=_id)
def test_a_day_its_month_lacks_in_the_title_is_refused_beside_values(world, route):
    cycle = _year_cycle(world)
    data, name = route("11 月 31 日前注册用户达到 100")
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.admin, file_name=name, data=data, cycle=cycle, dry_run=True)
    said = (
        "“11 月 31 日前注册用户达到 100”: “11 月 31 日前” names a day its month does not have: "
        "write a date that exists, for example “Nov 30”."
    )
    assert refused.value.text == _place(name, data) + said
    assert not KeyResult.objects.exists()


@pytest.mark.parametrize("route", EVERY, ids=_id)
def test_a_deadline_without_a_calendar_day_is_said_beside_values(world, route):
    cycle = _year_cycle(world)
    data, name = route("下个月底前注册用户达到 100")
    result = import_okrs(world.admin, file_name=name, data=data, cycle=cycle)
    assert [p for p in result.problems if "“下个月底前” gives no calendar date" in p], name
    kr = KeyResult.objects.get(objective__cycle=cycle)
    assert (kr.due_date, kr.target_value) == (None, 100)


def test_the_parse_endpoint_says_what_the_import_says_of_a_line_with_values(world):
    """/okrtext/parse (and /lint, `mubiao parse`) report a Markdown line's problems as the
    import finds them (text_problems): the title's date beside `{start=… target=…}` too."""
    cycle = _year_cycle(world)
    said = {}
    for title in (OUTSIDE, "11 月 31 日前注册用户达到 100"):
        text = _values_markdown(title)[0].decode()
        body = {"text": text, "cycle_id": cycle.pk, "lang": "en"}
        answer = Api(world.alice).post("/okrtext/parse", body)
        assert answer.status_code == 200, answer.content[:500]
        said[title] = [(p["line"], p["refused"], p["message"]) for p in answer.json()["problems"]]
    assert said[OUTSIDE] == [(2, False, NOTE)]
    ((line, refused, message),) = said["11 月 31 日前注册用户达到 100"]
    assert (line, refused) == (2, True) and "names a day its month does not have" in message
    text = _held_with_another(_values_markdown, "收入翻倍")[0].decode()
    body = {"text": text, "cycle_id": cycle.pk, "lang": "en"}
    ((line, refused, message),) = [
        (p["line"], p["refused"], p["message"])
        for p in Api(world.alice).post("/okrtext/parse", body).json()["problems"]
    ]
    assert (line, refused) == (2, False)
    assert message.endswith("This key result is not imported until the file states it.")
