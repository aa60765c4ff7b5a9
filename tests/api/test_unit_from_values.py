"""Issue 9 (h9o): a key result given no unit takes the one its values are written in, by one
rule on every path (API create, inline on an objective, PATCH, CSV, JSON): `"target_value":
"¥5,000"` is 5,000 ¥ as the CSV import reads it; values written in two different units are
refused naming both, and nothing is stored."""

import json
from decimal import Decimal

import pytest

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.okrs.transfer.jsonformat import FORMAT
from tests.conftest import make_objective

# (start, target as sent; the unit and target stored, or None: refused naming both values)
TABLE = [
    ("0", "¥5,000", "¥", 5000),
    ("0", "280人", "人", 280),
    ("¥1,000", "¥5,000", "¥", 5000),
    ("0", "５，０００元", "元", 5000),
    # 3万元 on a new key result is 3 万元 (tests/transfer/test_scale_words_one_rule.py, h9w),
    # and 5千元 is 5 千元: a magnitude written is kept in the unit (h9d), never rescaled.
    ("0", "5千元", "千元", 5),
    ("0", "5000", "", 5000),
    ("¥1,000", "80人", None, None),
    ("3 分钟", "5 kg", None, None),
]
# A key result already stored (PATCH) keeps its values in the unit it has (values_unit's
# `magnitude`), as 3万元 is 30,000 元 there: the unit taken is the one after the magnitude.
ON_A_STORED_KEY_RESULT = {"千元": ("元", 5000)}


def _refused(response):
    assert response.status_code == 422, response.content
    return json.dumps(response.json(), ensure_ascii=False)


def _api_create(world, api, start, target):
    objective = make_objective(world.alice, world.cycle)
    body = {"objective_id": objective.pk, "title": "k", "start_value": start,
            "target_value": target}  # fmt: skip
    response = api(world.alice).post("/key-results", body)
    if response.status_code != 201:
        return _refused(response)
    return KeyResult.objects.get(pk=response.json()["id"])


def _api_objective(world, api, start, target):
    inline = {"title": "k", "start_value": start, "target_value": target}
    body = {"cycle_id": world.cycle.pk, "title": "o", "key_results": [inline]}
    response = api(world.alice).post("/objectives", body)
    if response.status_code != 201:
        return _refused(response)
    return KeyResult.objects.get(objective_id=response.json()["id"])


def _api_patch(world, api, start, target):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    assert kr.unit == ""
    response = api(world.alice).patch(f"/key-results/{kr.pk}",
                                      {"start_value": start, "target_value": target})  # fmt: skip
    if response.status_code != 200:
        kr.refresh_from_db()
        assert (kr.unit, kr.target_value) == ("", 100)  # nothing changed
        return _refused(response)
    kr.refresh_from_db()
    return kr


def _imported(world, name, data):
    try:
        result = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle)
    except ImportFailed as error:
        return error.text
    return result.created[0].key_results.get()


def _csv(world, api, start, target):
    rows = [["objective", "key result", "start", "target"], ["o", "k", start, target]]
    data = "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows).encode()
    return _imported(world, "okrs.csv", data)


def _json(world, api, start, target):
    kr = {"title": "k", "start": start, "target": target}
    document = {"format": FORMAT, "objectives": [{"title": "o", "key_results": [kr]}]}
    return _imported(world, "okrs.json", json.dumps(document).encode())


PATHS = [_api_create, _api_objective, _api_patch, _csv, _json]


@pytest.mark.parametrize(("start", "target", "unit", "stored"), TABLE)
@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.__name__)
def test_the_unit_is_taken_from_the_values_by_one_rule(world, api, path, start, target, unit,
                                                       stored):  # fmt: skip
    result = path(world, api, start, target)
    if unit is None:
        assert isinstance(result, str), (path.__name__, result)
        assert start in result and target in result, result
        assert not KeyResult.objects.filter(title="k").exists()
        return
    assert isinstance(result, KeyResult), result
    if path is _api_patch:
        unit, stored = ON_A_STORED_KEY_RESULT.get(unit, (unit, stored))
    assert (result.unit, result.target_value) == (unit, Decimal(stored))
