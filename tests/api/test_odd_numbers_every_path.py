"""Issue 9 (brief h9t): numbers written as a program or an accountant writes them, on every path
that takes a key result's value: the check-in box on the web and the API's check-in, the web
edit form's and the API's start and target, and a CSV, JSON or Markdown import's cells.

Each typing is either read as a person means it or refused with a message that quotes it,
with the same answer on every path. `+-5` was refused as "a change", `USD -5` and `¥-5` as
no number though `-USD 5` and `-¥5` were read, and `(5)` with no word of its brackets."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.number_input import shown
from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.okrs.transfer.jsonformat import FORMAT
from tests.api.conftest import sent_check_in, sent_patch
from tests.conftest import make_objective
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db

REFUSED = None

# (typed, the key result's metric type and unit, the value meant, or the words of its refusal)
ODD_NUMBERS = [
    # With what to type: the digits it stands for (issue 9: "1e3" was shown 1500000).
    (
        "1e2",
        "number",
        "",
        "is written with an exponent (e): write the number with all its digits: 100.",
    ),
    (
        "1E2",
        "number",
        "",
        "is written with an exponent (e): write the number with all its digits: 100.",
    ),
    (
        "2.5e3",
        "number",
        "",
        "is written with an exponent (e): write the number with all its digits: 2500.",
    ),
    ("0x10", "number", "", "is not a number"),
    ("1_000", "number", "", "is not a number"),
    ("Infinity", "number", "", "is not a number"),
    ("NaN", "number", "", "is not a number"),
    ("inf", "number", "", "is not a number"),
    ("--5", "number", "", "has two signs"),
    ("5-", "number", "", "is not a number"),
    ("+-5", "number", "", "has two signs"),  # not "a change": there is no plus without minus
    ("-+5", "number", "", "has two signs"),
    ("- -5", "number", "", "has two signs"),
    ("-5", "number", "", -5),
    ("- 5", "number", "", -5),
    # Invisible format characters pasted with a number (issue 9): nobody typed them.
    ("4\u200b5", "number", "", 45),
    ("\ufeff45\u200d", "number", "", 45),
    ("\u200e-5", "number", "", -5),  # a left-to-right mark before the sign
]
# Currency values with their sign anywhere a person puts it: the sign is kept, on every path.
SIGNED_CURRENCY = [
    ("USD -5", "currency", "USD", -5),
    ("-5 USD", "currency", "USD", -5),
    ("-USD 5", "currency", "USD", -5),
    ("$-5", "currency", "USD", -5),
    ("-$5", "currency", "USD", -5),
    ("USD −5", "currency", "USD", -5),  # U+2212 minus
    ("¥-5", "currency", "元", -5),
    ("-¥5", "currency", "元", -5),
    ("￥-5", "currency", "元", -5),  # full-width yen
    ("－￥5", "currency", "元", -5),  # full-width minus and yen
    ("−5", "currency", "元", -5),
    ("－5", "currency", "元", -5),
    ("-5元", "currency", "元", -5),
    ("-¥-5", "currency", "元", "has two signs"),
    ("(5)", "currency", "元", "is in brackets"),  # an accountant's -5, a list's 5: asked
    ("(¥5)", "currency", "元", "is in brackets"),
    ("¥(5)", "currency", "元", "is in brackets"),
    ("（5）", "currency", "元", "is in brackets"),
    ("USD -5", "currency", "元", "is in USD"),  # another currency, named
]

LOW, HIGH = -1000, 1000


def _kr(world, metric_type, unit):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    return services.update_key_result(world.alice, kr, metric_type=metric_type, unit=unit,
                                      start_value=LOW, target_value=HIGH)  # fmt: skip


def _kept(kr, field, before):
    kr.refresh_from_db()
    assert getattr(kr, field) == before  # nothing changed


def _web_check_in(world, client_for, api, typed, metric_type, unit):
    kr = _kr(world, metric_type, unit)
    response = client_for(world.alice).post(
        reverse("check_in", args=[kr.pk]), {"value": typed}, HTTP_HX_REQUEST="true"
    )
    if response.status_code == 422:
        _kept(kr, "current_value", kr.current_value)
        return REFUSED, response.content.decode()
    assert response.status_code == 200, response.content.decode()[:500]
    kr.refresh_from_db()
    return kr.current_value, ""


def _api_check_in(world, client_for, api, typed, metric_type, unit):
    kr = _kr(world, metric_type, unit)
    if refusal := sent_check_in(api(world.alice), kr, typed):
        _kept(kr, "current_value", kr.current_value)
        return REFUSED, refusal
    kr.refresh_from_db()
    return kr.current_value, ""


def _web_form(field):
    def path(world, client_for, api, typed, metric_type, unit):
        kr = _kr(world, metric_type, unit)
        client = client_for(world.alice)
        url = reverse("objective_edit", args=[kr.objective_id])
        response = client.post(url, {**load(client, url), f"kr-0-{field}": typed})
        if response.status_code != 302:
            _kept(kr, field, getattr(kr, field))
            return REFUSED, response.content.decode()
        kr.refresh_from_db()
        return getattr(kr, field), ""

    path.__name__ = f"web_form_{field}"
    return path


def _api_patch(field):
    def path(world, client_for, api, typed, metric_type, unit):
        kr = _kr(world, metric_type, unit)
        if refusal := sent_patch(api(world.alice), kr, field, typed):
            _kept(kr, field, getattr(kr, field))
            return REFUSED, refusal
        kr.refresh_from_db()
        return getattr(kr, field), ""

    path.__name__ = f"api_{field}"
    return path


def _imported(world, name, data, field):
    try:
        result = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle)
    except ImportFailed as error:
        return REFUSED, error.text
    return getattr(result.created[0].key_results.get(), field), ""


def _csv(column):
    def path(world, client_for, api, typed, metric_type, unit):
        cells = {"start": str(LOW), "target": str(HIGH), "current": "", column: typed}
        header = ["objective", "key result", "metric type", "start", "target", "current", "unit"]
        rows = [header, ["o", "k", metric_type, *cells.values(), unit]]
        data = "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows).encode()
        return _imported(world, "okrs.csv", data, f"{column}_value")

    path.__name__ = f"csv_{column}"
    return path


def _json_current(world, client_for, api, typed, metric_type, unit):
    kr = {"title": "k", "metric_type": metric_type, "unit": unit, "start": str(LOW),
          "target": str(HIGH), "current": typed}  # fmt: skip
    document = {"format": FORMAT, "objectives": [{"title": "o", "key_results": [kr]}]}
    return _imported(world, "okrs.json", json.dumps(document).encode(), "current_value")


def _markdown_target(world, client_for, api, typed, metric_type, unit):
    text = (f'O1: o {{kind=committed}}\nKR1: k {{metric={metric_type} start={LOW} '
            f'target="{typed}" unit="{unit}"}}\n')  # fmt: skip
    return _imported(world, "okrs.md", text.encode(), "target_value")


PATHS = [_web_check_in, _api_check_in, _web_form("start_value"), _web_form("target_value"),
         _api_patch("start_value"), _api_patch("target_value"), _csv("start"), _csv("target"),
         _csv("current"), _json_current, _markdown_target]  # fmt: skip


def answers(path, world, client_for, api, table) -> list[str]:
    """What `path` did wrong with the rows of `table`: each typing on a key result of its own."""
    wrong = []
    for typed, metric_type, unit, meant in table:
        value, message = path(world, client_for, api, typed, metric_type, unit)
        if isinstance(meant, str):  # refused, quoting the typing, saying why
            if value is not REFUSED:
                wrong.append(f"{typed!r} was stored as {value}")
            elif f"“{shown(typed)}” {meant}" not in message:
                wrong.append(f"{typed!r} was not refused as “{meant}”: {message[-300:]}")
        elif value != Decimal(meant):
            wrong.append(f"{typed!r} on {metric_type} {unit!r} is {meant}, but: {message[-300:]}")
    return wrong


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.__name__.strip("_"))
def test_a_number_a_program_writes_means_one_thing_on_every_path(world, client_for, api, path):
    assert answers(path, world, client_for, api, ODD_NUMBERS) == []


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.__name__.strip("_"))
def test_a_signed_currency_value_keeps_its_sign_on_every_path(world, client_for, api, path):
    assert answers(path, world, client_for, api, SIGNED_CURRENCY) == []
