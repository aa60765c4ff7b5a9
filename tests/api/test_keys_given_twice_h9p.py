"""Issue 9 (probe 20, h9p): a JSON key given twice is refused naming it, never last-wins.

`POST /key-results/{id}/check-ins {"value": "5", "value": "6"}` answered 201 and stored 6;
`PATCH /key-results/{id} {"target_value": "20", "target_value": "30"}` stored 30. Every API
operation that takes a JSON body (from the OpenAPI document) answers 422 naming the key and
where it is, at any depth; a JSON import file is refused naming the key, its line and column,
on the import, the web preview and `mubiao import --dry-run`; en and zh-hans.
"""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from mubiao.api.main import api
from mubiao.okrs.json_keys import DuplicateKey, loads
from mubiao.okrs.models import CheckIn, KeyResult, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective

pytestmark = pytest.mark.postgres


def _operations():
    schema = api.get_openapi_schema(path_prefix="")
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                yield method, path


OPERATIONS = list(_operations())
SAID = {"en": "is given twice in the request body", "zh-hans": "在请求正文中出现了两次"}


@pytest.mark.parametrize(
    ("text", "field", "line", "column"),
    [
        ('{"value": "5", "value": "6"}', "value", 1, 16),
        ('{"a": [1, {"b": 1}, {"c": {"x": 1,\n  "x": 2}}]}', "a.2.c.x", 2, 3),
        ('[{"a": 1}, {"a": 2, "a": 3}]', "1.a", 1, 21),
        ('{"s": "\\"s\\"", "s": 1}', "s", 1, 16),
    ],
)
def test_the_reader_names_the_key_where_it_is(text, field, line, column):
    with pytest.raises(DuplicateKey) as twice:
        loads(text)
    assert (twice.value.field, twice.value.line, twice.value.column) == (field, line, column)
    assert loads('{"a": {"k": 1}, "b": {"k": 2}}') == {"a": {"k": 1}, "b": {"k": 2}}


def test_the_operations_are_found():
    assert ("post", "/key-results/{key_result_id}/check-ins") in OPERATIONS
    assert len(OPERATIONS) >= 12


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=lambda v: str(v))
def test_every_operation_refuses_a_key_given_twice(world, method, path):
    objective = make_objective(world.admin, world.cycle)
    ids = {name: 1 for name in ("comment_id", "template_id", "report_id", "token_id")}
    ids |= {"cycle_id": world.cycle.pk, "objective_id": objective.pk,
            "key_result_id": objective.key_results.get().pk, "team_id": world.product.pk,
            "member_id": world.alice.pk, "membership_id": world.alice.pk}  # fmt: skip
    client = Api(world.admin)
    body = '{"title": "a", "title": "b"}'
    answer = client._send(method, path.format(**ids), body, {"If-Match": "*"})
    assert answer.status_code == 422, (answer.status_code, answer.content[:300])
    assert "title" in field_errors(answer), answer.content[:300]
    assert Objective.objects.count() == 1


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_check_in_and_a_patch_with_a_key_twice_store_nothing(world, lang):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    client = Api(world.alice, **{"Accept-Language": lang})
    answer = client.post(f"/key-results/{kr.pk}/check-ins", '{"value": "5", "value": "6"}')
    assert answer.status_code == 422
    assert SAID[lang] in field_errors(answer)["value"]
    assert not CheckIn.objects.filter(key_result=kr).exists()
    answer = client.patch(f"/key-results/{kr.pk}", '{"target_value": "20", "target_value": "30"}')
    assert answer.status_code == 422
    assert SAID[lang] in field_errors(answer)["target_value"]
    kr.refresh_from_db()
    assert kr.target_value == 100
    # Nested: a key result's key inside a new objective's list.
    twice = '{"title": "k2", "target_value": 1, "target_value": 2}'
    body = (f'{{"title": "o", "cycle_id": {world.cycle.pk}, "key_results": '
            f'[{{"title": "k", "target_value": 1}}, {twice}]}}')  # fmt: skip
    answer = client.post("/objectives", body)
    assert answer.status_code == 422
    assert "key_results.1.target_value" in field_errors(answer)
    # The same body with each key once is taken.
    answer = client.post(f"/key-results/{kr.pk}/check-ins", '{"value": "6"}')
    assert answer.status_code == 201


def _file(target_twice=True):
    kr = '{"title": "k", "start": 0, "target": 20' + (', "target": 30' if target_twice else "")
    return ('{"format": "mubiao.okrs", "version": 1,\n "objectives": [{"title": "o",\n'
            f'  "key_results": [{kr}}}]}}]}}\n')  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_json_file_with_a_key_twice_is_refused_at_its_line_and_column(
    world, client, tmp_path, lang
):
    said = {"en": "given twice", "zh-hans": "出现了两次"}[lang]
    with translation.override(lang):
        with pytest.raises(ImportFailed) as refused:
            import_okrs(world.alice, file_name="okrs.json", data=_file().encode(),
                        cycle=world.cycle, dry_run=True)  # fmt: skip
        text = str(refused.value)
        assert said in text and "target" in text and "3" in text, text
        assert "objectives[0].key_results[0]" in text, text
    path = tmp_path / "okrs.json"
    path.write_text(_file())
    with pytest.raises(CommandError) as cli:
        call_command("import", str(path), "--org", world.org.slug, "--cycle", world.cycle.name,
                     "--as", world.alice.user.email, "--dry-run", "--language", lang,
                     stdout=io.StringIO())  # fmt: skip
    assert said in str(cli.value) and "target" in str(cli.value), str(cli.value)
    client.force_login(world.alice.user)
    upload = io.BytesIO(_file().encode())
    upload.name = "okrs.json"
    page = client.post("/transfer/preview", {"cycle": world.cycle.pk, "file": upload},
                       headers={"Accept-Language": lang})  # fmt: skip
    assert said in page.content.decode()
    assert not KeyResult.objects.exists()
    # Each key once: imported.
    import_okrs(world.alice, file_name="okrs.json", data=_file(False).encode(), cycle=world.cycle)
    assert KeyResult.objects.get().target_value == 20
    json.loads(_file())  # valid JSON but for the key given twice
