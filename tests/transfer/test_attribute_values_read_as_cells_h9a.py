"""h9a: a value written in a text line's attribute (`{target=1.2万}`) or a JSON item is read by
the reader of a CSV cell (okrs.numbers, as transfer.columns reads it), or refused naming the
key: never a 500 (decimal.InvalidOperation). The tester's report: `{target=1.2万 unit="人"}`
pasted in /transfer/ answered 500; `mubiao import --dry-run` crashed on `target="200人"` and on
an edited JSON export; /okrtext/parse dropped the target without a word."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db

# (written, what a CSV cell reads it as, or None where it is refused)
VALUES = [
    ("200人", 200),
    ("1.2万", 12000),
    ("二十5", 25),
    ("三千", 3000),
    ("４５", 45),
    ("1,200", 1200),
    ("1e3", None),
    ("abc", None),
    ("NaN", None),
]


def _md(target):
    return f'O: 粘贴属性\nKR1: 注册用户 {{metric=number start=0 target="{target}" unit="人"}}\n'


def _json(target):
    kr = {"title": "注册用户", "metric": "number", "start": "0", "target": target, "unit": "人"}
    items = [{"title": "粘贴属性", "key_results": [kr]}]
    return json.dumps({"format": "mubiao.okrs", "version": 1, "objectives": items})


def _import(world, name, data, dry_run):
    try:
        result = import_okrs(world.alice, file_name=name, data=data.encode(),
                             cycle=world.cycle, dry_run=dry_run)  # fmt: skip
    except ImportFailed as failed:
        return str(failed)
    return result.plan


def service_md(world, tmp_path, target):
    return _import(world, "okrs.md", _md(target), False)


def service_json(world, tmp_path, target):
    return _import(world, "okrs.json", _json(target), False)


def _command(world, tmp_path, name, data):
    path = tmp_path / name
    path.write_text(data)
    out = io.StringIO()
    try:
        call_command("import", str(path), "--org", world.org.slug, "--cycle", world.cycle.name,
                     "--as", world.alice.user.email, "--dry-run", stdout=out)  # fmt: skip
    except CommandError as error:
        return str(error)
    return out.getvalue()


def cli_md(world, tmp_path, target):
    return _command(world, tmp_path, "okrs.md", _md(target))


def cli_json(world, tmp_path, target):
    return _command(world, tmp_path, "okrs.json", _json(target))


def web_paste(world, tmp_path, target, client):
    client.force_login(world.alice.user)
    response = client.post("/transfer/preview", {"cycle": world.cycle.pk, "text": _md(target)})
    assert response.status_code in (200, 302, 400), response.status_code
    return response.content.decode()


def web_upload_json(world, tmp_path, target, client):
    client.force_login(world.alice.user)
    upload = io.BytesIO(_json(target).encode())
    upload.name = "okrs.json"
    response = client.post("/transfer/preview", {"cycle": world.cycle.pk, "file": upload})
    assert response.status_code in (200, 302, 400), response.status_code
    return response.content.decode()


def api_parse(world, tmp_path, target):
    body = {"text": _md(target), "cycle_id": world.cycle.pk}
    answer = Api(world.alice).post("/okrtext/parse", body)
    assert answer.status_code == 200, answer.content[:300]
    return answer.json()


@pytest.mark.parametrize(("written", "read"), VALUES)
def test_a_file_stores_the_value_a_cell_reads_or_refuses_naming_it(world, tmp_path, written, read):
    for route in (service_md, service_json):
        said = route(world, tmp_path, written)
        if read is None:
            assert isinstance(said, str) and "target" in said and written in said, (route, said)
            assert not KeyResult.objects.exists()
        else:
            assert not isinstance(said, str), (route, said)
            assert KeyResult.objects.get().target_value == read, route
            KeyResult.objects.all().delete()


@pytest.mark.parametrize(("written", "read"), VALUES)
@pytest.mark.parametrize("route", [cli_md, cli_json], ids=lambda r: r.__name__)
def test_the_command_line_dry_run_never_crashes(world, tmp_path, route, written, read):
    said = route(world, tmp_path, written)
    if read is None:
        assert "target" in said and written in said, said
    assert not KeyResult.objects.exists()


@pytest.mark.parametrize(("written", "read"), VALUES)
@pytest.mark.parametrize("route", [web_paste, web_upload_json], ids=lambda r: r.__name__)
def test_the_web_preview_never_answers_500(world, tmp_path, client, route, written, read):
    route(world, tmp_path, written, client)
    assert not KeyResult.objects.exists()


@pytest.mark.parametrize(("written", "read"), VALUES)
def test_parse_refuses_what_the_import_refuses_naming_the_key(world, tmp_path, written, read):
    document = api_parse(world, tmp_path, written)
    refused = [p for p in document["problems"] if p["line"] == 2 and p["refused"]]
    if read is None:
        assert any(written in p["message"] for p in refused), document["problems"]
        # Said at the target's place on its line (the import's message names the key).
        line = _md(written).splitlines()[1]
        at = line.index("target=") + 1, line.index(written) + 1
        assert all(at[0] <= p["column"] <= at[1] for p in refused), (at, refused)
    else:
        assert not refused, refused
