"""Issue 9 (black-box tester): `/okrtext/parse` and `/okrtext/lint` answered 200 with no problem
for text the import refuses or notes: `{start=0 target=1e5}` (start/target null), `{due=2月30日}`
(due null), `注册从 0 到 9999999999999999999 人` (target 1e19) and an unknown attribute
`{strat=5}` (not mentioned). The same text gets the same problems on every route that reads
it: the parse and lint endpoints, and the text import (which the web paste preview runs as a
dry run). A table: each input × each route, in English and Chinese."""

import json

import pytest
from django.utils import translation

from mubiao.cli import main
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api

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
IDS = [line for line, _refused, _word in LINES]


def _text(line: str) -> str:
    return f"O1: 提升效率\nKR1: {line}\n"


def _imported(world, text: str) -> tuple[bool, str]:
    """(refused, what the import says) for `text`, in the active language."""
    try:
        result = import_okrs(world.admin, file_name="okrs.txt", data=text.encode(),
                             cycle=world.cycle, dry_run=True)  # fmt: skip
    except ImportFailed as error:
        return True, error.text
    return False, "\n".join(result.problems)


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize(("line", "refused", "word"), LINES, ids=IDS)
def test_every_route_reports_what_the_import_says(
    world, line, refused, word, lang, tmp_path, capsys
):
    api = Api(world.alice)
    body = {"text": _text(line), "lang": lang, "cycle_id": world.cycle.pk}
    parsed = api.post("/okrtext/parse", body)
    linted = api.post("/okrtext/lint", body)
    assert parsed.status_code == linted.status_code == 200
    with translation.override(lang):
        import_refused, said = _imported(world, _text(line))
    assert import_refused == refused, said
    problems = parsed.json()["problems"]
    assert [p["line"] for p in problems] == [2], problems
    message = problems[0]["message"]
    assert problems[0]["refused"] == refused, problems
    # The same words as the import's, naming what was written.
    assert message in said and word[lang] in message, (message, said)
    findings = [f for f in linted.json()["findings"] if f["rule"] == "unreadable"]
    assert [(f["line"], f["message"]) for f in findings] == [(2, message)], findings
    assert findings[0]["severity"] == ("error" if refused else "warning")
    # `mubiao parse`: the same problem, at the same place.
    written = tmp_path / "okrs.txt"
    written.write_text(_text(line), encoding="utf-8")
    capsys.readouterr()
    with translation.override(lang):
        assert main(["parse", "--json", str(written)]) == 0
    said_by_cli = json.loads(capsys.readouterr().out)["problems"]
    assert [(p["line"], p.get("column")) for p in said_by_cli] == [(2, problems[0]["column"])]
    # In the same words, but for a date's example: the command names no cycle to date it in.
    assert word[lang] in said_by_cli[0]["message"], said_by_cli
    if "due=" not in line:
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
