"""Issue 9 (h9w): a number typed in a field whose unit carries a magnitude (万元, 万人, 亿元, 千元)
is stored as meant or asked about, never converted without a word, on every route.

- A Chinese numeral is a number (`三千` is 3,000, as `3000` is; `一千二百` 1,200; `两百` 200) in
  the field's unit: on a key result counted in 万元 it is 3,000 万元. It was 0.3 万元 (and
  `一千二百` 0.12) on the check-in, the key result's edit and the imports, 10,000 times too
  small, while `两百` and `3000` were read as written.
- Digits with a magnitude smaller than the unit's (`1千`, `1.2千`, `5k` on 万元, 万人 or 亿元)
  have two readings, the number in the unit (1,000 万元) or the amount in its base (1,000 元,
  0.1 万元): both are named and asked about, and each reading offered is then taken as typed.
  With the unit's own magnitude (`1千` on 千元) it is 1 千元, as before.

Routes: check-in (API, web), the key result's target (API PATCH, the web edit form), an import
(a CSV cell, a Markdown attribute, `mubiao import`) and `/okrtext/parse`, en and zh-hans.
"""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api, sent_check_in, sent_patch
from tests.conftest import make_objective
from tests.web.test_rerendered_forms_keep_what_was_typed import said_on
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db

REFUSED = "refused"
UNITS = {"万元": 10**4, "万人": 10**4, "亿元": 10**8, "千元": 10**3}
# A Chinese numeral, or digits with no magnitude: the number in the field's unit, on any unit.
AS_WRITTEN = {"三千": 3000, "两百": 200, "3000": 3000, "2000": 2000, "一千二百": 1200}
# Digits in thousands: the unit's own magnitude on 千元; below it on 万元, 万人 and 亿元.
IN_THOUSANDS = {"1千": 1000, "1.2千": 1200, "5k": 5000}
START, TARGET = 0, 3000


def _kr(world, unit, target=TARGET):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    return services.update_key_result(world.alice, kr, metric_type="number", unit=unit,
                                      start_value=START, target_value=target)  # fmt: skip


def _api_check_in(world, client_for, unit, typed, lang, tmp_path):
    kr = _kr(world, unit)
    if refusal := sent_check_in(Api(world.alice, **{"Accept-Language": lang}), kr, typed):
        return REFUSED, refusal
    kr.refresh_from_db()
    return kr.current_value, ""


def _web_check_in(world, client_for, unit, typed, lang, tmp_path):
    kr = _kr(world, unit)
    response = client_for(world.alice).post(
        reverse("check_in", args=[kr.pk]),
        {"value": typed},
        HTTP_HX_REQUEST="true",
        headers={"Accept-Language": lang},
    )
    if response.status_code == 422:
        return REFUSED, said_on(response)
    assert response.status_code == 200, response.content.decode()[:500]
    kr.refresh_from_db()
    return kr.current_value, ""


def _api_target(world, client_for, unit, typed, lang, tmp_path):
    kr = _kr(world, unit, target=1)
    client = Api(world.alice, **{"Accept-Language": lang})
    if refusal := sent_patch(client, kr, "target_value", typed):
        return REFUSED, refusal
    kr.refresh_from_db()
    return kr.target_value, ""


def _web_target(world, client_for, unit, typed, lang, tmp_path):
    kr = _kr(world, unit, target=1)
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[kr.objective_id])
    response = client.post(url, {**load(client, url), "kr-0-target_value": typed},
                           headers={"Accept-Language": lang})  # fmt: skip
    if response.status_code != 302:
        return REFUSED, said_on(response)
    kr.refresh_from_db()
    return kr.target_value, ""


def _imported(world, name, data):
    try:
        result = import_okrs(world.alice, file_name=name, data=data.encode(), cycle=world.cycle)
    except ImportFailed as error:
        return REFUSED, error.text
    return result.created[0].key_results.get().target_value, ""


def _csv_target(world, client_for, unit, typed, lang, tmp_path):
    return _imported(
        world, "okrs.csv", f'objective,key result,start,target,unit\no,k,0,"{typed}",{unit}\n'
    )


def _md_target(world, client_for, unit, typed, lang, tmp_path):
    return _imported(world, "okrs.md", f'O1: o\nKR1: k {{start=0 target={typed} unit="{unit}"}}\n')


def _cli_import(world, client_for, unit, typed, lang, tmp_path):
    path = tmp_path / "okrs.csv"
    path.write_text(f'objective,key result,start,target,unit\no,k,0,"{typed}",{unit}\n')
    try:
        call_command("import", str(path), "--org", world.org.slug, "--cycle", world.cycle.name,
                     "--language", lang, stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    except CommandError as refused:
        return REFUSED, str(refused)
    kr = KeyResult.objects.filter(title="k").order_by("-pk").first()
    value = kr.target_value
    kr.objective.delete()  # the next import names objective `o` again
    return value, ""


def _parse(world, client_for, unit, typed, lang, tmp_path):
    text = f'O1: o\nKR1: k {{start=0 target={typed} unit="{unit}"}}\n'
    body = {"text": text, "cycle_id": world.cycle.pk, "lang": lang}
    response = Api(world.alice).post("/okrtext/parse", body)
    assert response.status_code == 200, response.content[:300]
    document = response.json()
    if refused := [p["message"] for p in document["problems"] if p["refused"]]:
        return REFUSED, " ".join(refused)
    said = document["sections"][0]["objectives"][0]["key_results"][0]["key_result"]
    return Decimal(str(said["target_value"])), ""


ROUTES = {"API check-in": _api_check_in, "web check-in": _web_check_in,
          "API target": _api_target, "web edit target": _web_target,
          "CSV target": _csv_target, "Markdown attribute": _md_target,
          "mubiao import": _cli_import, "parse": _parse}  # fmt: skip
# The routes whose refusal is the message alone (a page holds other sentences too).
MESSAGE_ONLY = {"API check-in", "API target", "CSV target", "Markdown attribute",
                "mubiao import", "parse"}  # fmt: skip
OFFERED = {"en": re.compile(r"Enter ([\d.,]+)(?: or ([\d.,]+))?\."),
           "zh-hans": re.compile(r"请输入 ([\d.,]+)(?: 或 ([\d.,]+))?。")}  # fmt: skip
ASKED = {"en": "did you mean", "zh-hans": "你是指"}


def _cases():
    for unit, scale in UNITS.items():
        for typed, number in AS_WRITTEN.items():
            yield unit, typed, Decimal(number)
        for typed, number in IN_THOUSANDS.items():
            # On 千元, the unit's own magnitude: 1 千元. Below the unit's: asked.
            yield unit, typed, Decimal(number) / scale if scale == 1000 else None


CASES = list(_cases())


def offered_readings(said: str, lang: str) -> list[str]:
    """The readings a question offers to be typed ("Enter 1,000 or 0.1.")."""
    return [r for found in OFFERED[lang].finditer(said) for r in found.groups() if r]


def stored_or_asked(write, cases, question) -> list[str]:
    """Each (unit, typed, meant) of `cases` written, `write(unit, value)`: stored as meant, or
    (meant None) refused, the refusal's own wrongs and readings as `question(unit, typed,
    said)` finds them, and each reading offered then stored as offered. What went wrong."""
    wrong = []
    for unit, typed, meant in cases:
        stored, said = write(unit, typed)
        if meant is not None:
            if stored != meant:
                wrong.append(f"{typed} on {unit}: {stored} (meant {meant}) {said[-300:]}")
            continue
        if stored is not REFUSED:
            wrong.append(f"{typed} on {unit} stored {stored} without a word")
            continue
        found, offered = question(unit, typed, said)
        wrong += found
        for reading in offered:
            again, told = write(unit, reading)
            if again != Decimal(reading.replace(",", "")):
                wrong.append(f"{typed} on {unit}: {reading} offered, then {again} {told}")
    return wrong


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("route", ROUTES)
def test_a_number_in_a_unit_with_a_magnitude_is_stored_as_meant_or_asked(
    world, client_for, tmp_path, route, lang
):
    def write(unit, typed):
        return ROUTES[route](world, client_for, unit, typed, lang, tmp_path)

    def question(unit, typed, said):
        wrong, number = [], IN_THOUSANDS[typed]
        # Both readings named: the number in the unit and what it is in the base.
        if f"“{typed}”" not in said or ASKED[lang] not in said:
            wrong.append(f"{typed} on {unit} not asked: {said[-300:]}")
        if f"{number:,}" not in said and str(number) not in said:
            wrong.append(f"{typed} on {unit}: the reading {number} not named: {said[-300:]}")
        if route not in MESSAGE_ONLY:
            return wrong, []
        offered = offered_readings(said, lang)
        if not offered:
            wrong.append(f"{typed} on {unit}: nothing offered: {said[-300:]}")
        return wrong, offered

    with translation.override(lang):
        assert stored_or_asked(write, CASES, question) == []


@pytest.mark.parametrize(
    ("typed", "unit", "meant"),
    [
        # Written with its base, the amount is plain: 1,000 元 is 0.1 万元.
        ("1千元", "万元", Decimal("0.1")),
        ("三千元", "万元", Decimal("0.3")),
        ("¥3000", "万元", Decimal("0.3")),
        ("3000人", "万人", Decimal("0.3")),
        # The unit's own magnitude or a larger one: converted, as before.
        ("三万", "万元", Decimal(3)),
        ("3万", "万元", Decimal(3)),
        ("三千万", "万元", Decimal(3000)),
        ("1亿", "万元", Decimal(10000)),
        ("一万二千", "万元", Decimal("1.2")),
        ("5000万元", "亿元", Decimal("0.5")),
        ("1千", "千元", Decimal(1)),
        ("1千2百", "千元", Decimal("1.2")),
        # Below 万, in digits, on a unit in 万 or 亿: asked. 万 or more on 亿, or a Latin
        # scale on a Latin unit: the amount (issue 9, h9y: "50,000,000 亿" was offered).
        ("1千2百", "万元", None),
        ("5k", "亿元", None),
        ("5000万", "亿元", Decimal("0.5")),
        ("三千万", "亿元", Decimal("0.3")),
        ("250k", "M USD", Decimal("0.25")),
        # On a unit with no magnitude every number is what it says.
        ("1千", "人", Decimal(1000)),
        ("三千", "", Decimal(3000)),
    ],
)
def test_the_reader_converts_only_what_names_its_scale(typed, unit, meant):
    from mubiao.okrs.numbers import NumberError, read_value

    if meant is None:
        with pytest.raises(NumberError) as asked:
            read_value(typed, metric_type="number", unit=unit)
        assert asked.value.code == "smaller_magnitude"
    else:
        assert read_value(typed, metric_type="number", unit=unit) == meant


@pytest.mark.parametrize(
    ("lang", "says", "never"),
    [
        ("en", ("2000 is 2,000 万元", "If it is 2,000 元, that is 0.2 万元"), "2000 is 0.2"),
        ("zh-hans", ("2000 即 2000 万元", "如果指的是 2000 元，即 0.2 万元"), "2000 即 0.2"),
    ],
)
@pytest.mark.parametrize("route", ["API check-in", "web check-in"])
def test_a_plain_number_far_from_the_range_is_not_said_to_be_another(
    world, client_for, tmp_path, route, lang, says, never
):
    """`2000` on 0 → 100 万元 is 2,000 万元 as typed: the question says what it would be if it
    was typed in 元, never that 2000 *is* 0.2 万元 (it said "2000 即 0.2万元")."""
    kr = _kr(world, "万元", target=100)
    if route == "API check-in":
        said = sent_check_in(Api(world.alice, **{"Accept-Language": lang}), kr, "2000")
    else:
        response = client_for(world.alice).post(
            reverse("check_in", args=[kr.pk]), {"value": "2000"}, HTTP_HX_REQUEST="true",
            headers={"Accept-Language": lang},
        )  # fmt: skip
        assert response.status_code == 422
        said = said_on(response)
    assert all(words in said for words in says), said[-600:]
    assert never not in said
    kr.refresh_from_db()
    assert kr.current_value == 0


# (start, target, the end typed, typed): a share typed for one end of a percentage.
SHARE_ENDS = [
    (40, 60, "target_value", "0.6"),  # below the start of an increase: refused if confirmed
    (60, 40, "target_value", "0.4"),  # a decrease: 0.4 is below 60, as a decrease goes
    (40, 60, "start_value", "0.4"),
    (60, 40, "start_value", "0.6"),
]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize(("start", "target", "field", "typed"), SHARE_ENDS)
def test_a_share_is_offered_to_be_confirmed_only_where_confirming_is_taken(
    world, start, target, field, typed, lang
):
    """Target 0.6 on a 40 → 60 % key result offered "or confirm “0.6”", then, confirmed
    (confirm_scale: true), refused it as below the start: a value is offered to be confirmed
    only where confirming stores it."""
    kr = make_objective(world.alice, world.cycle).key_results.get()
    direction = "increase" if target > start else "decrease"
    kr = services.update_key_result(world.alice, kr, metric_type="percent", unit="%",
                                    start_value=start, target_value=target,
                                    direction=direction)  # fmt: skip
    client = Api(world.alice, **{"Accept-Language": lang})
    asked = sent_patch(client, kr, field, typed)
    assert asked, "a share typed for a percentage is asked about"
    confirm = {"en": f"confirm “{typed}”", "zh-hans": f"确认“{typed}”"}[lang]
    body = {field: typed, "confirm_scale": True}
    confirmed = client.patch(f"/key-results/{kr.pk}", body).status_code
    if confirm in asked:
        assert confirmed == 200  # offered, so taken
        kr.refresh_from_db()
        assert getattr(kr, field) == Decimal(typed)
    else:
        assert "confirm_scale" not in asked, asked
        assert confirmed == 422, "not offered, and not taken either"
    # The value meant is always offered, and taken.
    assert sent_patch(client, kr, field, str(int(Decimal(typed) * 100))) is None


# A unit written once after the target applies to both numbers, in numerals as in digits.
ONCE = [
    ("营收从 八百 提升到 两千 万元", (800, 2000, "万元", "increase")),
    ("营收从 800 提升到 2000 万元", (800, 2000, "万元", "increase")),
    ("成本从 两千 降到 一千 万元", (2000, 1000, "万元", "decrease")),
    ("成本从 2000 降到 1000 万元", (2000, 1000, "万元", "decrease")),
]


@pytest.mark.parametrize(("title", "expected"), ONCE)
def test_a_unit_written_once_is_both_numbers_in_numerals_too(world, title, expected):
    """/okrtext/parse and POST /key-results with the title alone store what digits store."""
    body = {"text": f"O1: o\nKR1: {title}\n", "cycle_id": world.cycle.pk}
    document = Api(world.alice).post("/okrtext/parse", body).json()
    assert [p for p in document["problems"] if p["refused"]] == []
    said = document["sections"][0]["objectives"][0]["key_results"][0]["key_result"]
    parsed = (said["start_value"], said["target_value"], said["unit"], said["direction"])
    assert parsed == expected
    objective = make_objective(world.alice, world.cycle)
    response = Api(world.alice).post("/key-results", {"objective_id": objective.pk,
                                                      "title": title})  # fmt: skip
    assert response.status_code == 201, response.content[:300]
    kr = KeyResult.objects.get(pk=response.json()["id"])
    assert (kr.start_value, kr.target_value, kr.unit, kr.direction) == expected


# A key result counted in a bare magnitude (`用户数达到 1.2万`: 万) takes what it counts typed
# after the number: 1.3万人 was refused as "in 人, but this key result is counted in 万".
COUNTED = [
    ("1.3万人", Decimal("1.3")),
    ("2万用户", Decimal(2)),
    ("2万人", Decimal(2)),
    ("20,000 users", Decimal(2)),
    ("2000人", Decimal("0.2")),
    ("1.3万", Decimal("1.3")),
    # A currency says what a bare magnitude counts, as 人 does (probe 20: `GMV 达到 1.2亿` took
    # no `1.7亿元`); a measure is not counted: refused naming the unit.
    ("1.3万元", Decimal("1.3")),
    ("1.3万小时", None),
]


@pytest.mark.parametrize(("typed", "meant"), COUNTED)
@pytest.mark.parametrize("route", ["API check-in", "API target", "CSV target"])
def test_a_counted_noun_after_a_magnitude_is_what_the_magnitude_counts(
    world, client_for, tmp_path, route, typed, meant
):
    if route == "CSV target":
        data = f'objective,key result,start,target,unit\no,k,0,"{typed}",万\n'
        stored, said = _imported(world, "okrs.csv", data)
    else:
        stored, said = ROUTES[route](world, client_for, "万", typed, "en", tmp_path)
    if meant is None:
        assert stored is REFUSED and "counted in 万" in said, said
    else:
        assert stored == meant, said
