"""Issue 9 (h9o, left by h9x): `*KR1:*` under `O1:` (and every emphasis shape of an enumerator)
is imported as `KR1:` is, with or without an attribute block, and the paste preview, the API's
parse and `mubiao parse --json` show the key result the import stores (it was "prose, not an
OKR line: ignored" on all of them, and nothing was imported)."""

import json

import pytest

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from tests.api.conftest import Api
from tests.transfer.conftest import besides_the_start_not_given
from tests.web.test_rerendered_forms_keep_what_was_typed import said_on

pytestmark = pytest.mark.postgres

# (objective line, key result line, title stored, target, unit)
LINES = [
    ("O1: Grow", "*KR1:* Reach 100 paying users", "Reach 100 paying users", 100, "paying users"),
    ("O1: Grow", "_KR1_: Reach 100 paying users", "Reach 100 paying users", 100, "paying users"),
    ("*O1:* Grow", "*Key Result 1*: Reach 100 paying users", "Reach 100 paying users", 100,
     "paying users"),
    ("O1: 增长", "*KR1:* 付费用户达到 100 人", "付费用户达到 100 人", 100, "人"),
    ("O1: 增长", "**KR 1**：付费用户达到 100 人", "付费用户达到 100 人", 100, "人"),
    ("__O1__: 增长", "_关键结果1_：付费用户达到 100 人", "付费用户达到 100 人", 100, "人"),
    ("O1: 增长", '*KR1:* 新用户 {target=1.2万 unit="人"}', "新用户", 12000, "人"),
    ("O1: Grow", '*KR1*: New users {target=500 unit="users"}', "New users", 500, "users"),
]  # fmt: skip


@pytest.mark.parametrize(("objective", "line", "title", "target", "unit"), LINES)
def test_every_route_reads_the_key_result_the_import_stores(
    world, client, capsys, tmp_path, objective, line, title, target, unit
):
    text = f"{objective}\n{line}\n"
    said = Api(world.alice).post("/okrtext/parse", {"text": text, "cycle_id": world.cycle.pk})
    assert said.status_code == 200, said.content[:300]
    [kr_said] = [k for s in said.json()["sections"] for o in s["objectives"]
                 for k in o["key_results"]]  # fmt: skip
    assert besides_the_start_not_given(said.json()["problems"]) == []
    assert kr_said["text"] == title

    from mubiao.cli import main

    written = tmp_path / "okrs.md"
    written.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["parse", "--json", str(written)]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert [k["text"] for s in cli["sections"] for o in s["objectives"]
            for k in o["key_results"]] == [title]  # fmt: skip
    assert besides_the_start_not_given(cli["problems"]) == []

    client.force_login(world.alice.user)
    page = said_on(client.post("/transfer/preview", {"cycle": world.cycle.pk, "text": text}))
    assert title in page and "prose, not an OKR line" not in page

    import_okrs(world.alice, file_name="okrs.md", data=text.encode(), cycle=world.cycle)
    stored = KeyResult.objects.get()
    assert (stored.title, stored.target_value * 1, stored.unit) == (title, target, unit)
    assert kr_said["key_result"]["target_value"] == float(stored.target_value)
    assert kr_said["key_result"]["unit"] == stored.unit
