"""Issue 9 (black-box tester): `/okrtext/parse` and `/okrtext/lint` answered 200 with no problem
for text the import refuses or notes: `{start=0 target=1e5}` (start/target null), `{due=2月30日}`
(due null), `注册从 0 到 9999999999999999999 人` (target 1e19) and an unknown attribute
`{strat=5}` (not mentioned); and a title over 500 characters, which the import refuses, they
did not mention. The same text gets the same problems on every route that reads it: the parse
and lint endpoints, `mubiao parse` and the text import (which the web paste preview runs as a
dry run), the same messages at the same line and column: the import refuses what
text_reader.text_problems says, the one definition. A table: each input × each route, in
English and Chinese."""

import contextlib
import json

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from mubiao.cli import main
from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.okrs.transfer.errors import Location
from tests.api.conftest import Api
from tests.conftest import weights_switched_on

# (the key result line, whether the import refuses it (else it imports it with a note), a word
# of the problem in each language)
LINES = [
    ("注册人数 {start=0 target=1e5}", True, {"en": "exponent", "zh-hans": "科学计数法"}),
    ("上线新版 {due=2月30日}", True, {"en": "is not a date", "zh-hans": "不是日期"}),
    ("注册从 0 到 9999999999999999999 人", True, {"en": "too large", "zh-hans": "太大"}),
    ("注册从 0 到 100 人 {strat=5}", False, {"en": "strat", "zh-hans": "strat"}),
    ("Reach 100 users {start=0 target=100 weight=1,5}", True, {"en": "1,5", "zh-hans": "1,5"}),
    ("Reach 100 users {start=0 target=100 confidence=NaN}", True, {"en": "NaN", "zh-hans": "NaN"}),
]


def _text(line: str) -> str:
    return f"O1: 提升效率\nKR1: {line}\n"


# Titles the services refuse: (the text, the line of the problem).
LONG_KEY_RESULT = "注册" * 300 + "从 0 到 100 人"
LONG_OBJECTIVE = "提升" * 300
LENGTH = {"en": "at most 500", "zh-hans": "500"}
TITLES = [
    (f"O1: 提升效率\nKR1: {LONG_KEY_RESULT}\n", 2),
    (f"O1: {LONG_OBJECTIVE}\nKR1: 注册从 0 到 100 人\n", 1),
    (f"O1: 提升效率\nKR1: {LONG_KEY_RESULT} {{start=0 target=100}}\n", 2),  # an exact line
]
CASES = [(_text(line), 2, refused, word) for line, refused, word in LINES]
CASES += [(text, line, True, LENGTH) for text, line in TITLES]
IDS = [line for line, _refused, _word in LINES]
IDS += ["long key result", "long objective", "long exact key result"]


def _said_by_import(world, text: str) -> tuple[bool, list[tuple]]:
    """(refused, [(line, column, message)]) the import says of `text`, in the active language:
    a refusal's place as the parse API gives it (an attribute's column: where `key=` starts)."""
    lines = text.splitlines()
    try:
        result = import_okrs(world.admin, file_name="okrs.txt", data=text.encode(),
                             cycle=world.cycle, dry_run=True)  # fmt: skip
    except ImportFailed as error:
        said = []
        for failure in getattr(error, "failures", [error]):
            where = failure.location
            column = where.column and lines[where.line - 1].index(f"{where.column}=") + 1
            said.append((where.line, column, failure.message))
        return True, said
    notes = []
    for problem in result.problems:
        for line in range(1, len(lines) + 1):
            located = _("%(where)s: %(message)s")
            where = located % {
                "where": Location(file="okrs.txt", line=line).describe(),
                "message": "",
            }
            if problem.startswith(where):
                notes.append((line, None, problem.removeprefix(where)))
    return False, notes


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize(("text", "at", "refused", "word"), CASES, ids=IDS)
def test_every_route_reports_what_the_import_says(
    world, text, at, refused, word, lang, tmp_path, capsys
):
    api = Api(world.alice)
    body = {"text": text, "lang": lang, "cycle_id": world.cycle.pk}
    parsed = api.post("/okrtext/parse", body)
    linted = api.post("/okrtext/lint", body)
    assert parsed.status_code == linted.status_code == 200
    problems = parsed.json()["problems"]
    assert [p["line"] for p in problems] == [at], problems
    message, column = problems[0]["message"], problems[0]["column"]
    assert problems[0]["refused"] == refused, problems
    assert word[lang] in message, message
    # The import: the same message at the same line and column, refused or noted alike.
    with translation.override(lang):
        import_refused, said = _said_by_import(world, text)
        # A refused attribute is named in the message, as the import's location names it.
        attribute = text.splitlines()[at - 1][column - 1 :].split("=")[0] if column else None
        named = (
            _("%(where)s: %(message)s")
            % {"where": _("attribute “%(attribute)s”") % {"attribute": attribute}, "message": ""}
            if attribute and refused
            else ""
        )
    assert import_refused == refused, said
    assert message.startswith(named), message
    assert said == [(at, column if refused else None, message.removeprefix(named))]
    findings = [f for f in linted.json()["findings"] if f["rule"] == "unreadable"]
    assert [(f["line"], f["message"]) for f in findings] == [(at, message)], findings
    assert findings[0]["severity"] == ("error" if refused else "warning")
    # `mubiao parse`: the same problem, at the same place.
    written = tmp_path / "okrs.txt"
    written.write_text(text, encoding="utf-8")
    capsys.readouterr()
    with translation.override(lang):
        assert main(["parse", "--json", str(written)]) == 0
    said_by_cli = json.loads(capsys.readouterr().out)["problems"]
    assert [(p["line"], p.get("column")) for p in said_by_cli] == [(at, column)]
    # In the same words, but for a date's example: the command names no cycle to date it in,
    # nor an organization, whose weights may be off (then only the weight in effect is offered).
    assert word[lang] in said_by_cli[0]["message"], said_by_cli
    if "due=" not in text and "weight=" not in text:
        assert said_by_cli[0]["message"] == message


def test_an_attribute_problem_names_its_column(world):
    body = {"text": _text("注册人数 {start=0 target=1e5}"), "lang": "en"}
    (problem,) = Api(world.alice).post("/okrtext/parse", body).json()["problems"]
    assert (
        problem["column"]
        == _text("注册人数 {start=0 target=1e5}").splitlines()[1].index("target=") + 1
    )


def test_clean_text_has_no_problems(world):
    body = {"text": _text("注册从 0 到 100 人 {start=0 target=100}"), "lang": "en"}
    assert Api(world.alice).post("/okrtext/parse", body).json()["problems"] == []


@pytest.mark.parametrize("on", [False, True], ids=["weights off", "weights on"])
def test_a_weights_did_you_mean_is_the_organizations_on_parse_lint_and_import(world, on):
    """A weight's offers depend on the organization's setting (off: only the weight in
    effect is then taken, so `1,5` offers nothing; on: 1.5 or 1500 / 1,500): /okrtext/parse and
    /lint say what the import says either way (h9u changed the services' offers, parse still
    offered 15)."""
    text = _text("Reach 100 users {start=0 target=100 weight=1,5}")
    with weights_switched_on(world) if on else contextlib.nullcontext():
        api = Api(world.alice)
        body = {"text": text, "lang": "en", "cycle_id": world.cycle.pk}
        (parsed,) = api.post("/okrtext/parse", body).json()["problems"]
        linted = api.post("/okrtext/lint", body).json()["findings"]
        with translation.override("en"):
            refused, said = _said_by_import(world, text)
    assert refused and parsed["message"] in [f["message"] for f in linted if f["line"] == 2]
    assert parsed["message"].endswith(said[0][2]), (parsed, said)
    assert ("or 1500 / 1,500 (thousands)" in parsed["message"]) is on, parsed
