"""Issue 9 (brief h9w, finding 4): `2亿` was stored as 2 亿 by the text import (the title's
magnitude kept as the key result's unit, tests/transfer/test_magnitudes_as_written.py) and as
200,000,000 with no unit by the writing form's value fields, the API, a spreadsheet's cells
and JSON. One rule on every path that creates a key result, the one most of them (the title's
reading, the writing form's title reading, templates, text and Markdown) already kept: values
all written in one Chinese magnitude (万, 亿; 0 being 0 in any) are counted in it, its unit
what was written (亿, 万元, 万人); a Latin scale (`$250k`) is a number in the base unit on every
path, as the title reader reads it. The page shows the value in the unit typed."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs import display, services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.web.test_writing import form_data

pytestmark = pytest.mark.postgres

D = Decimal
# (the start and target as typed, the title that states them, (start, target, unit) stored)
TABLE = [
    ("", "2亿", "营收达到 2亿", (D(0), D(2), "亿")),
    ("0", "2亿", "营收从 0 提升到 2亿", (D(0), D(2), "亿")),
    ("1.5亿", "2亿", "营收从 1.5亿 提升到 2亿", (D("1.5"), D(2), "亿")),
    ("", "50万元", "营收达到 50万元", (D(0), D(50), "万元")),
    ("3万人", "5万人", "注册用户从 3万人 增长到 5万人", (D(3), D(5), "万人")),
    # Different magnitudes: the base unit, as read.
    ("5000元", "1万元", "营收从 5000元 提升到 1万元", (D(5000), D(10000), "元")),
    ("", "$250k", "Revenue reach $250k", (D(0), D(250000), "$")),
]
KR = "营收"


def _web(world, start, target, title):
    from django.test import Client

    client = Client()
    client.force_login(world.alice.user)
    row = {"title": KR, "start_value": start, "target_value": target}
    page = client.post(reverse("objective_create"),
                       form_data(owner=f"person:{world.alice.pk}", krs=[row]))  # fmt: skip
    assert page.status_code == 302, page.content.decode()[-3000:]


def _api(world, start, target, title):
    objective = make_objective(world.alice, world.cycle, krs=0)
    body = {"objective_id": objective.pk, "title": KR, "target_value": target}
    if start:
        body["start_value"] = start
    answer = Api(world.alice).post("/key-results", body)
    assert answer.status_code == 201, answer.content[:500]


def _api_numbers(world, start, target, title):
    """As _api, a start written in digits sent as a JSON number (0, not "0"): the magnitude
    rule reads a value whatever its JSON type."""
    objective = make_objective(world.alice, world.cycle, krs=0)
    body = {"objective_id": objective.pk, "title": KR, "target_value": target}
    if start:
        body["start_value"] = json.loads(start) if start.isdigit() else start
    answer = Api(world.alice).post("/key-results", body)
    assert answer.status_code == 201, answer.content[:500]


def _services(world, start, target, title):
    objective = make_objective(world.alice, world.cycle, krs=0)
    fields = {"start_value": start} if start else {}
    services.create_key_result(world.alice, objective, title=KR, target_value=target, **fields)


def _imported(world, name, data):
    import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle, confirmed=True)


def _csv(world, start, target, title):
    _imported(
        world, "okrs.csv", f"objective,key result,start,target\no,{KR},{start},{target}\n".encode()
    )


def _json(world, start, target, title):
    kr = {"title": KR, "target": target, **({"start": start} if start else {})}
    document = {"format": "mubiao.okrs", "version": 1,
                "objectives": [{"title": "o", "key_results": [kr]}]}  # fmt: skip
    _imported(world, "okrs.json", json.dumps(document, ensure_ascii=False).encode())


def _markdown(world, start, target, title):
    start_attr = f'start="{start}" ' if start else ""
    _imported(world, "okrs.md", f'O1: o\nKR1: {KR} {{{start_attr}target="{target}"}}\n'.encode())


def _text(world, start, target, title):
    _imported(world, "okrs.txt", f"O1: o\nKR1: {title}\n".encode())


PATHS = [_web, _api, _api_numbers, _services, _csv, _json, _markdown, _text]


@pytest.mark.parametrize(("start", "target", "title", "expected"), TABLE)
@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.__name__.strip("_"))
def test_a_scale_word_is_stored_by_one_rule_on_every_path(
    world, path, start, target, title, expected
):
    path(world, start, target, title)
    kr = KeyResult.objects.get(objective__cycle=world.cycle)
    assert (kr.start_value, kr.target_value, kr.unit) == expected
    shown = display.kr_value(kr.target_value, kr.metric_type, kr.unit)
    assert "000,000" not in shown or "$" in shown, shown
