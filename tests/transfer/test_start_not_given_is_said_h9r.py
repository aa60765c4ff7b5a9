"""A key result whose start nobody gave starts at 0 for an increase (readings: "达到 1,000 家"
counts up from nothing), and says so, per key result, on every route that takes it from text or
a sheet: the import preview and result (text, Markdown, CSV with a title only or with a target
column, JSON), `mubiao import --dry-run` and the API's /okrtext/parse (issue 9 leftover, h9r:
the 0 was stored without a word). A start given, a current value given or a key result that is
no number says nothing of it."""

import io
import json

import pytest
from django.core.management import call_command
from django.utils import translation

from mubiao.okrs.transfer import import_okrs
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db

SAID = "no start value is given"

# (file name, document): the second key result has no start; the first and third say nothing.
DOCUMENTS = {
    "text": ("okrs.txt", "O1: Grow\nKR1: NPS from 30 to 45\nKR2: Reach 50 paying teams\n"
                         "KR3: Launch the partner portal\n"),
    "markdown": ("okrs.md", "## Grow\n\n- NPS from 30 to 45\n- Reach 50 paying teams\n"
                            "- Launch the partner portal\n"),
    "csv_title": ("okrs.csv", "objective,key result\nGrow,NPS from 30 to 45\n"
                              "Grow,Reach 50 paying teams\nGrow,Launch the partner portal\n"),
    "csv_target": ("okrs.csv", "objective,key result,start,target\nGrow,NPS,30,45\n"
                               "Grow,Paying teams,,50\nGrow,Launch the partner portal,,\n"),
    "json": ("okrs.json", json.dumps({"format": "mubiao.okrs", "version": 1, "objectives": [
        {"title": "Grow", "key_results": [
        {"title": "NPS", "start": 30, "target": 45},
        {"title": "Paying teams", "target": 50},
        {"title": "Launch the partner portal"}]}]})),
}  # fmt: skip


def _notes(problems):
    return [p for p in problems if SAID in p]


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_the_preview_and_the_result_say_the_start_taken(world, document):
    name, text = DOCUMENTS[document]
    for dry_run in (True, False):
        with translation.override("en"):
            result = import_okrs(world.alice, file_name=name, data=text.encode(),
                                 cycle=world.cycle, dry_run=dry_run)  # fmt: skip
        (said,) = _notes(result.problems)
        where = {"markdown": "line 4", "json": "key_results[1]"}.get(document, " 3")
        assert where in said, said
        assert "0" in said and ("Paying teams" in said or "Reach 50 paying teams" in said)
    (objective,) = result.created
    starts = list(objective.key_results.order_by("pk").values_list("start_value", flat=True))
    assert starts[:2] == [30, 0]


def test_parse_and_the_cli_say_it(world, tmp_path):
    _name, text = DOCUMENTS["text"]
    answer = (
        Api(world.alice)
        .post("/okrtext/parse", {"text": text, "cycle_id": world.cycle.pk, "lang": "en"})
        .json()
    )
    (said,) = [p for p in answer["problems"] if SAID in p["message"]]
    assert said["line"] == 3
    path = tmp_path / "okrs.txt"
    path.write_text(text)
    world.alice.user.language = "en"
    world.alice.user.save(update_fields=["language"])
    out = io.StringIO()
    call_command("import", str(path), "--org", world.org.slug, "--cycle", world.cycle.name,
                 "--as", world.alice.user.email, "--dry-run", stdout=out)  # fmt: skip
    assert SAID in out.getvalue(), out.getvalue()


def test_in_chinese(world):
    text = "O1: 增长\nKR1: 付费客户数达到 50 家\n"
    with translation.override("zh-hans"):
        result = import_okrs(world.alice, file_name="okrs.txt", data=text.encode(),
                             cycle=world.cycle, dry_run=True)  # fmt: skip
    assert any("未写起始值" in p for p in result.problems), result.problems


@pytest.mark.parametrize("title", ["覆盖 3 万人", "营收达到 2 亿元", "Reach 30k users"])
def test_the_start_is_said_in_the_unit_stored_on_every_route(world, title):
    """Probe 28: `覆盖 3 万人` is stored 0 → 3 万人; the import preview and /okrtext/parse said
    it "starts at 0 人" (okrtext's base unit), the API's create "0 万人"."""
    api = Api(world.alice)
    created = api.post("/objectives", {"cycle_id": world.cycle.pk, "title": "Grow", "kind":
                       "committed", "key_results": [{"title": title}]}).json()  # fmt: skip
    (api_note,) = [n for n in created["key_results"][0]["notes"] if SAID in n]
    text = f"O1: Grow\nKR1: {title}\n"
    result = import_okrs(world.alice, file_name="okrs.txt", data=text.encode(),
                         cycle=world.cycle, dry_run=True)  # fmt: skip
    (import_note,) = _notes(result.problems)
    parsed = api.post("/okrtext/parse", {"text": text, "year": 2026}).json()
    parse_notes = [p["message"] for p in parsed["problems"] if SAID in p["message"]]
    assert import_note.endswith(api_note) and parse_notes and parse_notes[0].endswith(api_note)
