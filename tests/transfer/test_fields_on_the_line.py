"""A labelled field written after a key result on its own line (`… — Confidence: 7`,
`| Priority: P1`, `— Target: 300` beside a title saying 200) was dropped in silence while the
same field on a line under the key result is said (issue 9: typing is never silently dropped;
h9b's leftover). Each is now read as a line under it would be where it states what the key result
does not (start, target, current value, owner, due date), taken where it restates the title's,
and otherwise said at its line and column, not imported, in the person's language: okrtext,
the web preview and `mubiao import --dry-run`."""

import pytest

from mubiao.okrtext import parse
from mubiao.okrtext.parser import FIELD_ON_THE_LINE
from tests.transfer.conftest import cli_dry_run, web_preview

pytestmark = pytest.mark.postgres

KR = "- KR1: Signups from 100 to 200"
# (text, the fields said: their keys and columns on line 2)
SAID_CASES = [
    (f"O1: Grow\n{KR} — Confidence: High\n", [("Confidence", 34)]),
    (f"O1: Grow\n{KR} — Confidence: 7 | Priority: P1\n", [("Confidence", 34), ("Priority", 50)]),
    (f"O1: Grow\n{KR} — Target: 300\n", [("Target", 34)]),
    (f"O1: Grow\n{KR} | 信心指数：高\n", [("信心指数", 34)]),
    ("O1: 增长\n- KR1: 注册用户从 100 提升到 200 人 | 优先级：P0\n", [("优先级", 30)]),
]  # fmt: skip
# (text, what the key result took: target, mentions) — nothing said
TAKEN_CASES = [
    (f"O1: Grow\n{KR} — Target: 200\n", (200, [])),
    (f"O1: Grow\n{KR} — Owner: Emma\n", (200, ["Emma"])),
    ("O1: Grow\n- KR1: Signups to 200 — Start: 120\n", (200, [])),
]  # fmt: skip


@pytest.mark.parametrize(("text", "said"), SAID_CASES)
def test_a_field_not_taken_is_said_at_its_column(text, said):
    document = parse(text)
    (kr,) = document.objectives[0].key_results
    assert ":" not in kr.text and "：" not in kr.text
    problems = [(p.line, p.message, p.key, p.column) for p in document.problems]
    assert problems == [(2, FIELD_ON_THE_LINE, key, column) for key, column in said]
    line = text.splitlines()[1]
    assert all(line[column - 1 :].startswith(key) for key, column in said)


@pytest.mark.parametrize(("text", "taken"), TAKEN_CASES)
def test_a_field_the_key_result_takes_is_read_and_not_said(text, taken):
    document = parse(text)
    (kr,) = document.objectives[0].key_results
    assert (kr.target, kr.mentions) == taken
    assert document.problems == []
    assert kr.start == (120 if "Start: 120" in text else 100)


@pytest.mark.parametrize(("lang", "said"), [("en", "not imported"), ("zh-hans", "未导入")])
def test_the_previews_say_it(client, world, autumn, tmp_path, lang, said):
    text = SAID_CASES[1][0]
    page = web_preview(client, text, autumn, world.alice, lang)
    assert page.count(said) >= 2, page  # Confidence and Priority
    printed = cli_dry_run(text, tmp_path, autumn, world.alice, lang)
    rows = [row for row in printed.splitlines() if said in row]
    assert len(rows) >= 2 and all("2" in row for row in rows), printed
