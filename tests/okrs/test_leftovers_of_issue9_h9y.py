"""Issue 9, h9y: the leftovers of h9u–h9w, each a kind on every route.

1. A magnitude of 万 or more typed on a key result counted in 亿 (`5000万` on 亿元) was asked
   with an absurd reading ("50,000,000 亿"): nobody means 5,000万 亿元, so it is the amount,
   converted (0.5 亿元), as a Latin scale on a Latin unit is (`250k` on M USD: 0.25). Below
   万 on 万 or 亿 (`1千` on 万元: 1千万元 is how people write it) it stays a question whose
   readings are each then taken.
2. A CSV separated by semicolons asked about `1.000` offering readings its cell does not take.
3. A key result given a unit and no metric type: a number through the API, the services and
   the writing page, currency or percent through the imports. The services decide, once.
5. A title-only spreadsheet row with a due date cell was refused for a day its month lacks in
   its title, where every other format lets the due date field win."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api
from tests.okrs.test_magnitudes_below_the_units_h9w import ROUTES as MAGNITUDE_ROUTES
from tests.okrs.test_magnitudes_below_the_units_h9w import offered_readings, stored_or_asked
from tests.transfer.conftest import besides_the_start_not_given, workbook_bytes
from tests.transfer.test_every_path_same_answer import _year_cycle
from tests.transfer.test_title_dates_beside_values_h9v import WITH_DUE, _id
from tests.web.test_writing import form_data

pytestmark = pytest.mark.postgres

# (unit, typed, stored; None: asked), and for a question the readings it may offer.
MAGNITUDES = [
    ("亿元", "5000万", Decimal("0.5"), ()),
    ("亿元", "三千万", Decimal("0.3"), ()),
    ("亿元", "5M", Decimal("0.05"), ()),
    ("M USD", "250k", Decimal("0.25"), ()),
    ("万元", "1千", None, ("1,000", "0.1")),
    ("亿元", "5k", None, ("5,000",)),  # 0.00005 亿元: more places than a value keeps
]
# Every reading a question names is one a person would write: no magnitude stacked on the
# unit's (50,000,000 亿元), no exponent.
ABSURD = re.compile(r"\d{1,3}(?:,?\d{3}){2,} ?[亿万]|\dE[+-]?\d")


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("route", MAGNITUDE_ROUTES)
def test_a_magnitude_on_a_unit_with_one_is_the_amount_or_asked_sensibly(
    world, client_for, tmp_path, route, lang
):
    readings_of = {(unit, typed): readings for unit, typed, _meant, readings in MAGNITUDES}

    def write(unit, typed):
        return MAGNITUDE_ROUTES[route](world, client_for, unit, typed, lang, tmp_path)

    def question(unit, typed, said):
        wrong, readings = [], readings_of[unit, typed]
        if absurd := ABSURD.search(said):
            wrong.append(f"{typed} on {unit}: {absurd[0]} named: {said[-300:]}")
        offered = offered_readings(said, lang)
        if route in ("web check-in", "web edit target"):
            offered = offered[-len(readings) :]  # a page holds other sentences too
        if tuple(r.replace(",", "") for r in offered) != tuple(
            r.replace(",", "") for r in readings
        ):
            wrong.append(f"{typed} on {unit}: offered {offered}, not {readings}: {said[-300:]}")
        return wrong, offered

    cases = [(unit, typed, meant) for unit, typed, meant, _readings in MAGNITUDES]
    with translation.override(lang):
        assert stored_or_asked(write, cases, question) == []


# --- 2. a semicolon-separated file's question offers only what its cell takes --------------


def _semicolon_csv(**cells):
    row = {"objective": "Grow", "key result": "Revenue", "start": "0", "target": "50", **cells}
    return (";".join(row) + "\n" + ";".join(row.values()) + "\n").encode()


SEMICOLON_CELLS = [
    # (column, typed, other cells, the readings offered)
    ("confidence", "1.000", {}, ["1"]),  # 1000 is no confidence
    ("confidence", "5.000", {}, ["5"]),
    ("current", "1.000 USD", {"unit": "USD", "target": "5000"}, ["1000 USD", "1 USD"]),
    ("current", "1.000", {"target": "5"}, ["1"]),
    ("target", "1.000", {"start": "1"}, ["1000"]),  # 1 equals the start
    ("start", "12.345", {"target": "20000"}, ["12345"]),  # 12.345 is asked again here
    ("weight", "12.345", {}, []),  # 12345 is no weight; 12.345 asked again
]
SEMICOLON_SAID = {
    "en": re.compile(r"(?:write|or) (\S+(?: [A-Z]{3})?) (?:if it does|for a decimal)"),
    "zh-hans": re.compile(r"请写成 ([^，。（]+)"),
}


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize(("column", "typed", "cells", "readings"), SEMICOLON_CELLS)
def test_a_semicolon_files_question_offers_only_what_its_cell_takes(
    world, column, typed, cells, readings, lang
):
    with translation.override(lang), pytest.raises(ImportFailed) as asked:
        import_okrs(world.admin, file_name="okrs.csv", cycle=world.cycle,
                    data=_semicolon_csv(**cells, **{column: typed}))  # fmt: skip
    said = asked.value.text
    assert f"“{typed}”" in said, said
    offered = [found[1].strip() for found in SEMICOLON_SAID[lang].finditer(said)]
    assert offered == readings, said
    for reading in offered:
        result = import_okrs(world.admin, file_name="okrs.csv", cycle=world.cycle,
                             data=_semicolon_csv(**cells, **{column: reading}))  # fmt: skip
        assert result.created, said


# --- 3. a unit with no metric type, on every route -------------------------------------------

UNIT_KINDS = [("%", "percent"), ("万元", "currency"), ("USD", "currency"), ("人", "number")]


def _objective(world):
    return services.create_objective(world.alice, cycle=world.cycle, title="Grow",
                                     key_results=[])  # fmt: skip


def _kind_services(world, client_for, unit):
    kr = services.create_key_result(world.alice, _objective(world), title="Sales", unit=unit,
                                    start_value=0, target_value=50)  # fmt: skip
    return kr.metric_type


def _kind_api(world, client_for, unit):
    body = {"objective_id": _objective(world).pk, "title": "Sales", "unit": unit,
            "start_value": 0, "target_value": 50}  # fmt: skip
    response = Api(world.alice).post("/key-results", body)
    assert response.status_code == 201, response.content[:300]
    return response.json()["metric_type"]


def _kind_api_objective(world, client_for, unit):
    body = {"title": "Grow", "cycle_id": world.cycle.pk, "key_results": [
        {"title": "Sales", "unit": unit, "start_value": 0, "target_value": 50}]}  # fmt: skip
    response = Api(world.alice).post("/objectives", body)
    assert response.status_code == 201, response.content[:300]
    return KeyResult.objects.get(objective_id=response.json()["id"]).metric_type


def _kind_api_patch(world, client_for, unit):
    kr = services.create_key_result(world.alice, _objective(world), title="Sales",
                                    start_value=0, target_value=50)  # fmt: skip
    response = Api(world.alice).patch(f"/key-results/{kr.pk}", {"unit": unit})
    assert response.status_code == 200, response.content[:300]
    return response.json()["metric_type"]


def _kind_writing_page(world, client_for, unit):
    row = {"title": "Sales", "unit": unit, "start_value": "0", "target_value": "50"}
    data = form_data(owner=f"person:{world.alice.pk}", krs=[row])
    response = client_for(world.alice).post(reverse("objective_create"), data)
    assert response.status_code == 302, response.content.decode()[-1500:]
    return KeyResult.objects.get(title="Sales").metric_type


def _kind_csv(world, client_for, unit):
    data = f"objective,key result,unit,start,target\nGrow,Sales,{unit},0,50\n".encode()
    result = import_okrs(world.admin, file_name="okrs.csv", data=data, cycle=world.cycle)
    return result.created[0].key_results.get().metric_type


def _kind_json(world, client_for, unit):
    item = {"title": "Sales", "unit": unit, "start": "0", "target": "50"}
    document = {"format": "mubiao.okrs", "version": 1,
                "objectives": [{"title": "Grow", "key_results": [item]}]}  # fmt: skip
    data = json.dumps(document, ensure_ascii=False).encode()
    result = import_okrs(world.admin, file_name="okrs.json", data=data, cycle=world.cycle)
    return result.created[0].key_results.get().metric_type


KIND_ROUTES = {"services": _kind_services, "API": _kind_api, "API objective": _kind_api_objective,
               "API patch": _kind_api_patch, "writing page": _kind_writing_page,
               "CSV": _kind_csv, "JSON": _kind_json}  # fmt: skip


# A PATCH of `%` alone on a number is asked its start and target in % (the unit rule, before
# any type): on PATCH only a currency makes a number an amount (docs/api.md).
KIND_CASES = [(route, unit, kind) for route in KIND_ROUTES for unit, kind in UNIT_KINDS
              if (route, unit) != ("API patch", "%")]  # fmt: skip


@pytest.mark.parametrize(("route", "unit", "kind"), KIND_CASES)
def test_a_unit_without_a_metric_type_sets_it_alike_on_every_route(
    world, client_for, route, unit, kind
):
    assert KIND_ROUTES[route](world, client_for, unit) == kind


def test_a_metric_type_sent_wins_over_the_unit(world):
    body = {"objective_id": _objective(world).pk, "title": "Headcount cost", "unit": "万元",
            "metric_type": "number", "start_value": 0, "target_value": 50}  # fmt: skip
    response = Api(world.alice).post("/key-results", body)
    assert response.status_code == 201, response.content[:300]
    assert response.json()["metric_type"] == "number"


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_money_counted_in_percent_is_refused_naming_both_fields(world, lang):
    body = {"objective_id": _objective(world).pk, "title": "Margin", "unit": "%",
            "metric_type": "currency", "start_value": 0, "target_value": 50}  # fmt: skip
    response = Api(world.alice, **{"Accept-Language": lang}).post("/key-results", body)
    assert response.status_code == 422, response.content[:300]
    said = json.dumps(response.json(), ensure_ascii=False)
    assert "metric_type" in said and "unit" in said, said
    kr = services.create_key_result(world.alice, _objective(world), title="Sales",
                                    metric_type="currency", unit="元", start_value=0,
                                    target_value=50)  # fmt: skip
    patched = Api(world.alice, **{"Accept-Language": lang}).patch(f"/key-results/{kr.pk}",
                                                                  {"unit": "%"})  # fmt: skip
    assert patched.status_code == 422, patched.content[:300]
    kr.refresh_from_db()
    assert kr.unit == "元"


# --- 5. a due date field wins over an impossible date in the title, in every format ----------

IMPOSSIBLE = "11 月 31 日前注册用户达到 100"


def _title_text(title, due=None):
    return f'O1: o\nKR1: {title} {{due="{due}"}}\n'.encode(), "okrs.txt"


def _title_markdown(title, due=None):
    return f'# o\n\n- {title} {{due="{due}"}}\n'.encode(), "okrs.md"


@pytest.mark.parametrize("route", [*WITH_DUE, _title_text, _title_markdown], ids=_id)
def test_a_due_date_field_wins_over_a_day_the_titles_month_lacks(world, route):
    cycle = _year_cycle(world)
    data, name = route(IMPOSSIBLE, due="2026-12-15")
    preview = import_okrs(world.admin, file_name=name, data=data, cycle=cycle, dry_run=True)
    dated = [p for p in besides_the_start_not_given(preview.problems) if "11 月 31 日前" in p]
    assert not dated, preview.problems
    import_okrs(world.admin, file_name=name, data=data, cycle=cycle)
    kr = KeyResult.objects.get(objective__cycle=cycle)
    assert (kr.title, kr.due_date) == (IMPOSSIBLE, dt.date(2026, 12, 15))


def test_without_a_due_date_field_the_impossible_title_date_is_still_refused(world):
    cycle = _year_cycle(world)
    rows = [["objective", "key result", "due date"], ["o", IMPOSSIBLE, None]]
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.admin, file_name="okrs.xlsx", data=workbook_bytes({"OKR": rows}),
                    cycle=cycle, dry_run=True)  # fmt: skip
    assert refused.value.text.startswith(
        f"okrs.xlsx, sheet “OKR”, row 2, column “key result”: “{IMPOSSIBLE}”: “11 月 31 日前”"
    ), refused.value.text
