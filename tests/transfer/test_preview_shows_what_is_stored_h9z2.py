"""Issue 9 (h9z2): the import preview shows the numbers and due date the import stores, whatever
attributes a text line's block gives. A line `KR3: 注册用户从 100 增长到 500 {confidence=5}`
previewed as "注册用户从 100 增长到 500 —" with nothing read (the block gave no numbers, the
services read them from the title when writing), then stored 100 → 500. The preview's reading
is now the key result the dry run wrote (importer._write): one reading for preview and import.

Table: attribute blocks × routes (the web paste preview, `mubiao import --dry-run`,
/okrtext/parse), each compared with what the import then stores."""

import datetime as dt

import pytest

from mubiao.okrs.display import kr_value
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from tests.api.conftest import Api
from tests.transfer.conftest import cli_dry_run

pytestmark = [pytest.mark.django_db, pytest.mark.every_case]

TITLE = "注册用户从 100 增长到 500"


def _blocks(world) -> list[str]:
    due = (world.cycle.start_date + dt.timedelta(days=20)).isoformat()
    return [
        "{confidence=5}",
        f"{{due={due}}}",
        '{due=""}',
        "{owner=bob}",
        f"{{confidence=7 due={due}}}",
        '{unit="人"}',
    ]


def _text(block: str) -> str:
    return f"O1: 增长用户\nKR1: {TITLE} {block}\n"


def _web(world, client, text: str) -> str:
    client.force_login(world.alice.user)
    page = client.post("/transfer/preview", {"cycle": world.cycle.pk, "text": text},
                       headers={"Accept-Language": "en"})  # fmt: skip
    assert page.status_code == 200, page.content.decode()
    return page.content.decode()


def _stored(world, text: str) -> KeyResult:
    import_okrs(world.alice, file_name="okrs.md", data=text.encode(), cycle=world.cycle)
    return KeyResult.objects.get()


def _said(kr: KeyResult) -> list[str]:
    """What a preview must show of `kr`: its start → target in its unit, and its due date."""
    numbers = " → ".join(kr_value(v, kr.metric_type, kr.unit) for v in
                         (kr.start_value, kr.target_value))  # fmt: skip
    return [numbers] + ([kr.due_date.isoformat()] if kr.due_date else [])


@pytest.mark.parametrize("index", range(6))
@pytest.mark.parametrize("route", ["web", "cli"])
def test_the_preview_shows_what_the_import_stores(world, client, tmp_path, index, route):
    text = _text(_blocks(world)[index])
    shown = (
        _web(world, client, text)
        if route == "web"
        else cli_dry_run(text, tmp_path, world.cycle, world.alice, "en", "okrs.md")
    )
    assert not KeyResult.objects.exists()
    stored = _stored(world, text)
    assert (stored.start_value, stored.target_value) == (100, 500)
    for part in _said(stored):
        assert part in shown, (part, shown)


@pytest.mark.parametrize("index", range(6))
def test_okrtext_parse_answers_what_the_import_stores(world, index):
    text = _text(_blocks(world)[index])
    body = {"text": text, "cycle_id": world.cycle.pk, "lang": "en"}
    answer = Api(world.alice).post("/okrtext/parse", body).json()
    kr = answer["sections"][0]["objectives"][0]["key_results"][0]
    stored = _stored(world, text)
    said = kr["key_result"]
    assert (said["start_value"], said["target_value"]) == ("100", "500") or (
        float(said["start_value"]),
        float(said["target_value"]),
    ) == (100, 500), said
    due = stored.due_date.isoformat() if stored.due_date else None
    assert said["due_date"] == due, (said, stored.due_date)
