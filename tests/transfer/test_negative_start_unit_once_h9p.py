"""Issue 9 (probe 20, h9p): a start at or below zero shares the unit and magnitude written once
after the target, as a positive start does (h9t, B8). `净利润从 -5 提升到 2 万元` was stored
as −5 元 → 20,000 元 (a silent wrong value), while `从 5 提升到 20 万元` is 5 → 20 万元; and
the correct fields (−5 / 2 / 万元) sent with that title were refused 422 "标题写的是…".
Every sign form (-, −, －, 负, minus, negative) and Chinese numerals (`从 负五 提升到 两 万元`),
on every route that reads a title: the title-only API, the writing form, every import format,
the paste preview, `mubiao import --dry-run` and /okrtext/parse."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from mubiao.okrs.transfer.readings import key_result_fields
from mubiao.okrtext import read_key_result
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.transfer.conftest import workbook_bytes
from tests.web.test_rerendered_forms_keep_what_was_typed import said_on
from tests.web.test_writing import form_data

pytestmark = pytest.mark.postgres

D = Decimal
# (title, (start, target, unit)): the unit written once is the start's too, whatever its sign.
TITLES = [
    ("净利润从 -5 提升到 2 万元", (D(-5), D(2), "万元")),
    ("现金流从 -800 提升到 1,200 万元", (D(-800), D(1200), "万元")),
    ("利润从 -5 提升到 2 亿", (D(-5), D(2), "亿")),
    ("EBITDA from -2 to 3 M USD", (D(-2), D(3), "M USD")),
    ("Net income from -5 to 2 k USD", (D(-5), D(2), "k USD")),
    ("净利润从 −5 提升到 2 万元", (D(-5), D(2), "万元")),
    ("净利润从 －5 提升到 2 万元", (D(-5), D(2), "万元")),
    ("净利润从 负5 提升到 2 万元", (D(-5), D(2), "万元")),
    ("净利润从 负 5 提升到 2 万元", (D(-5), D(2), "万元")),
    ("净利润从 负五 提升到 两 万元", (D(-5), D(2), "万元")),
    ("EBITDA from minus 2 to 3 M USD", (D(-2), D(3), "M USD")),
    ("EBITDA from negative 2 to 3 M USD", (D(-2), D(3), "M USD")),
    ("净利润从 0 提升到 2 万元", (D(0), D(2), "万元")),
    # The unit written twice stores the same.
    ("净利润从 -5 万元提升到 2 万元", (D(-5), D(2), "万元")),
]
IDS = [title for title, _ in TITLES]


def _stored(kr):
    return (kr.start_value, kr.target_value, kr.unit)


@pytest.mark.parametrize(("title", "expected"), TITLES, ids=IDS)
def test_the_reading(title, expected):
    fields = key_result_fields(read_key_result(title), None).fields
    assert (fields["start_value"], fields["target_value"], fields["unit"]) == expected


def _text(title):
    return f"O1: o\nKR1: {title}\n".encode(), "okrs.txt"


def _markdown(title):
    return f"# o\n\n- {title}\n".encode(), "okrs.md"


def _csv(title):
    return f'objective,key result\no,"{title}"\n'.encode(), "okrs.csv"


def _json(title):
    document = {"format": "mubiao.okrs", "version": 1,
                "objectives": [{"title": "o", "key_results": [{"title": title}]}]}  # fmt: skip
    return json.dumps(document, ensure_ascii=False).encode(), "okrs.json"


def _xlsx(title):
    return workbook_bytes({"OKR": [["objective", "key result"], ["o", title]]}), "okrs.xlsx"


@pytest.mark.parametrize(("title", "expected"), TITLES, ids=IDS)
@pytest.mark.parametrize("route", [_text, _markdown, _csv, _json, _xlsx], ids=lambda r: r.__name__)
def test_every_import_format_and_its_dry_run(world, route, title, expected):
    data, name = route(title)
    plan = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle, dry_run=True)
    fields = plan.objectives[0].key_results[0].fields
    if route is not _json:  # a JSON item's values are read when it is stored
        assert (fields["start_value"], fields["target_value"], fields["unit"]) == expected
    import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle, confirmed=True)
    assert _stored(KeyResult.objects.get(title=title)) == expected


@pytest.mark.parametrize(("title", "expected"), TITLES[:4] + TITLES[9:12], ids=IDS[:4] + IDS[9:12])
def test_the_command_line_dry_run_and_the_paste_preview(world, client, tmp_path, title, expected):
    path = tmp_path / "okrs.txt"
    path.write_text(f"O1: o\nKR1: {title}\n")
    out = io.StringIO()
    call_command("import", str(path), "--org", world.org.slug, "--cycle", world.cycle.name,
                 "--as", world.alice.user.email, "--dry-run", "--language", "en",
                 stdout=out)  # fmt: skip
    _start, target, unit = expected
    said = out.getvalue()
    assert f"{target:,} {unit}" in said or f"{target}{unit}" in said, said
    assert "20,000" not in said and "3,000,000" not in said, said
    client.force_login(world.alice.user)
    page = client.post("/transfer/preview", {"cycle": world.cycle.pk,
                                             "text": f"O1: o\nKR1: {title}\n"})  # fmt: skip
    shown = said_on(page)
    assert page.status_code == 200 and unit in shown
    assert "20,000" not in shown and "3,000,000" not in shown
    assert not KeyResult.objects.exists()


@pytest.mark.parametrize(("title", "expected"), TITLES, ids=IDS)
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_api_from_the_title_and_with_the_fields_it_states(world, title, expected, lang):
    client = Api(world.alice, **{"Accept-Language": lang})
    objective = make_objective(world.alice, world.cycle)
    body = {"text": f"O1: o\nKR1: {title}\n", "cycle_id": world.cycle.pk}
    document = client.post("/okrtext/parse", body).json()
    said = document["sections"][0]["objectives"][0]["key_results"][0]["key_result"]
    assert (D(str(said["start_value"])), D(str(said["target_value"])), said["unit"]) == expected
    answer = client.post("/key-results", {"objective_id": objective.pk, "title": title})
    assert answer.status_code == 201, answer.content[:300]
    assert _stored(KeyResult.objects.get(pk=answer.json()["id"])) == expected
    start, target, unit = expected
    fields = {"start_value": str(start), "target_value": str(target), "unit": unit,
              "metric_type": "currency" if "元" in unit or "USD" in unit else "number"}  # fmt: skip
    answer = client.post("/key-results", {"objective_id": objective.pk, "title": title, **fields})
    assert answer.status_code == 201, answer.content.decode()[:400]
    assert _stored(KeyResult.objects.get(pk=answer.json()["id"])) == expected


@pytest.mark.parametrize(("title", "expected"), TITLES[:4] + TITLES[9:10], ids=IDS[:4] + IDS[9:10])
def test_the_writing_form(client_for, world, title, expected):
    client = client_for(world.alice)
    start, target, unit = expected
    row = {"title": title, "metric_type": "number", "start_value": str(start),
           "target_value": str(target), "unit": unit}  # fmt: skip
    data = form_data(owner=f"person:{world.alice.pk}", krs=[row])
    response = client.post(reverse("objective_create"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert _stored(KeyResult.objects.get(title=title)) == expected
