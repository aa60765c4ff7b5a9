"""Issue 9 (brief h9m): one reader on every path. A fresh tester found the number readers
disagreeing: `¥1,000` read in a check-in but refused as a CSV start, `4.5 min` refused on a
分钟 key result, `+5` read as a level in one path and as a change in another, the % unit stored
as "%" by an import and "" by the API.

Each typed value goes through every path that takes a key result's value: the check-in box on
the web, the API's check-in, a key result created through the API (its current value), a CSV
import's start, target and current cells, and the text reader (a title that states the value).
Each path stores the same value in the same unit, or refuses it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.numbers import read_number, same_unit
from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.okrtext import read_key_result
from mubiao.okrtext.reading import unit_dimension
from tests.api.conftest import field_errors
from tests.conftest import make_objective

REFUSED = None
# (typed, metric type, the key result's unit, the value meant or REFUSED)
TABLE = [
    # currency: ¥ / 元 / RMB / CNY are one unit
    ("¥1,000", "currency", "元", 1000),
    ("￥1,000", "currency", "元", 1000),
    ("1300元", "currency", "¥", 1300),
    ("1,300 RMB", "currency", "元", 1300),
    ("1300 CNY", "currency", "¥", 1300),
    ("1300元", "currency", "CNY", 1300),
    # time: min / 分钟 / minutes, h / 小时
    ("4.5 min", "number", "分钟", Decimal("4.5")),
    ("4.5分钟", "number", "min", Decimal("4.5")),
    ("4.5 minutes", "number", "分钟", Decimal("4.5")),
    ("2小时", "number", "h", 2),
    ("2 hours", "number", "小时", 2),
    # A unit of another dimension is refused; one of the same converts (3 小时 is 180 分钟 on
    # every path that records a value: tests/api/test_check_ins_convert_units).
    ("3 公斤", "number", "分钟", REFUSED),
    # magnitudes: k / 千 / K, w / 万
    ("5k", "number", "", 5000),
    ("5千", "number", "", 5000),
    ("3w", "number", "", 30000),
    ("3万", "number", "", 30000),
    ("3w", "number", "万", 3),
    # a unit of its own, and a negative level
    ("-5 度", "number", "度", -5),
    ("-5度", "number", "度", -5),
    # full-width digits, Chinese numerals
    ("１，２３４人", "number", "人", 1234),
    ("六", "number", "", 6),
    ("一万零五", "number", "", 10005),
    ("一万二", "number", "", 12000),
    ("壹万贰仟", "number", "", 12000),
    ("六成", "percent", "%", 60),
    ("六成五", "percent", "%", 65),  # 65 %, as 一万二 is 12,000
    ("6成5", "percent", "%", 65),
    ("60%", "percent", "%", 60),
    ("百分之六十", "percent", "%", 60),
    # a change is no level, on every path. `+5` is not here: on a key result whose range goes
    # below zero (LOW, an NPS) a plus sign says the side of zero, so a check-in reads it as 5
    # (tests/api/test_check_in_values_as_spoken.py, brief h9u), while a start or target, which
    # no range explains yet, refuses it as a change (CHANGES_AS_LEVELS below).
    ("+5%", "percent", "%", REFUSED),
    ("15pp", "percent", "%", REFUSED),
    ("15个百分点", "percent", "%", REFUSED),
    # no silent cap, and no silent rounding
    ("100000", "number", "", 100000),
    ("123,456,789", "number", "", 123456789),
    ("0.30000000000000004", "number", "", REFUSED),
    ("4,5", "number", "", REFUSED),
]

# A key result's range wide enough for every value above: below every start, above every target.
LOW, HIGH = -1000, 10**10


def _range(metric_type, unit):
    """The range every value above fits in: a percentage 0 → 100; a duration from zero, since no
    time taken is below zero (issue 9, M4); any other from LOW, since a count or money may be."""
    if metric_type == "percent":
        return 0, 100
    return (0 if unit_dimension(unit) == "time" else LOW), HIGH


def _kr(world, metric_type, unit):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    start, target = _range(metric_type, unit)
    return services.update_key_result(world.alice, kr, metric_type=metric_type, unit=unit,
                                      start_value=start, target_value=target)  # fmt: skip


def _stored(kr, field="current_value"):
    kr.refresh_from_db()
    return getattr(kr, field), kr.unit


def _web_check_in(world, client_for, api, typed, metric_type, unit):
    kr = _kr(world, metric_type, unit)
    before = kr.current_value
    response = client_for(world.alice).post(
        reverse("check_in", args=[kr.pk]), {"value": typed}, HTTP_HX_REQUEST="true"
    )
    if response.status_code == 422:
        assert _stored(kr)[0] == before  # nothing changed
        return REFUSED
    assert response.status_code == 200, response.content.decode()[:500]
    return _stored(kr)


def _api_check_in(world, client_for, api, typed, metric_type, unit):
    kr = _kr(world, metric_type, unit)
    before = kr.current_value
    response = api(world.alice).post(f"/key-results/{kr.pk}/check-ins", {"value": typed})
    if response.status_code == 422:
        assert "value" in field_errors(response)
        assert _stored(kr)[0] == before
        return REFUSED
    assert response.status_code == 201, response.content
    return _stored(kr)


def _api_create(world, client_for, api, typed, metric_type, unit):
    objective = make_objective(world.alice, world.cycle)
    start, target = _range(metric_type, unit)
    body = {"objective_id": objective.pk, "title": "k", "metric_type": metric_type,
            "unit": unit, "start_value": start, "target_value": target,
            "current_value": typed}  # fmt: skip
    response = api(world.alice).post("/key-results", body)
    if response.status_code == 422:
        assert "current_value" in field_errors(response), response.content
        return REFUSED
    assert response.status_code == 201, response.content
    return _stored(KeyResult.objects.get(pk=response.json()["id"]))


def _csv(world, column, typed, metric_type, unit):
    start, target = _range(metric_type, unit)
    cells = {"start": str(start), "target": str(target), "current": ""}
    cells[column] = typed
    header = ["objective", "key result", "metric type", "start", "target", "current", "unit"]
    rows = [header, ["o", "k", metric_type, *cells.values(), unit]]
    data = "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows).encode()
    try:
        result = import_okrs(world.alice, file_name="okrs.csv", data=data, cycle=world.cycle)
    except ImportFailed as error:
        assert column in error.text, error.text  # the cell is named
        return REFUSED
    return _stored(result.created[0].key_results.get(), f"{column}_value")


def _csv_start(world, client_for, api, typed, metric_type, unit):
    return _csv(world, "start", typed, metric_type, unit)


def _csv_target(world, client_for, api, typed, metric_type, unit):
    return _csv(world, "target", typed, metric_type, unit)


def _csv_current(world, client_for, api, typed, metric_type, unit):
    return _csv(world, "current", typed, metric_type, unit)


PATHS = [_web_check_in, _api_check_in, _api_create, _csv_start, _csv_target, _csv_current]


def _unit_stored(metric_type, unit):
    return "%" if metric_type == "percent" else unit


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "metric_type", "unit", "meant"), TABLE)
@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.__name__.strip("_"))
def test_one_typed_value_means_one_stored_value_on_every_path(
    world, client_for, api, path, typed, metric_type, unit, meant
):
    answer = path(world, client_for, api, typed, metric_type, unit)
    if meant is REFUSED:
        assert answer is REFUSED
    else:
        assert answer == (Decimal(meant), _unit_stored(metric_type, unit))


# The rows whose typing states a unit: a title that states the value reads it in that unit.
# (A unit that is a magnitude, 万, is read by the text reader as the magnitude it is.)
STATED = [
    row
    for row in TABLE
    if row[3] is not REFUSED and row[2] not in ("", "万") and row[1] != "percent"
]


@pytest.mark.parametrize(("typed", "metric_type", "unit", "meant"), STATED)
def test_the_text_reader_reads_a_stated_value_as_the_boxes_do(typed, metric_type, unit, meant):
    reading = read_key_result(f"收入达到 {typed}", cycle=(dt.date(2026, 1, 1),
                                                       dt.date(2026, 12, 31)))  # fmt: skip
    assert reading.target == Decimal(meant)
    assert same_unit(reading.unit or "", unit)


# Chinese numerals as people say and write them: the text reader (okrtext, pure Python) reads
# each as the shared number reader does (issue 9: "增长到一万二" was read as no number at all).
NUMERALS = ["一万二", "三万五", "12万5", "1万2千", "两千三", "三百五", "一百二十万", "一万零五",
            "壹万贰仟", "伍仟", "两万五千", "一千零二", "五千零二", "一千二百万",
            # Tens and units without a unit after them (h9q: a bare 十二 was no number).
            "十二", "十五", "三十五", "二十"]  # fmt: skip


@pytest.mark.parametrize("numeral", NUMERALS)
@pytest.mark.parametrize("title", ["注册用户从 100 增长到{}", "用户数达到{}", "用户数达到{}人"])
def test_the_text_reader_reads_chinese_numerals_as_the_number_reader(numeral, title):
    reading = read_key_result(title.format(numeral), cycle=(dt.date(2026, 1, 1),
                                                          dt.date(2026, 12, 31)))  # fmt: skip
    assert reading.target == read_number(numeral)


@pytest.mark.parametrize("numeral", ["一万", "一万二"])
def test_a_chinese_numeral_start_is_read_as_the_start(numeral):
    reading = read_key_result(f"从{numeral}降到九千", cycle=(dt.date(2026, 1, 1),
                                                          dt.date(2026, 12, 31)))  # fmt: skip
    assert (reading.start, reading.target) == (read_number(numeral), 9000)


# --- grades -------------------------------------------------------------------------------

# (typed, the score meant or REFUSED): Chinese numerals and shares read as everywhere else.
GRADES = [
    ("0.6", Decimal("0.6")),
    ("０.６", Decimal("0.6")),
    ("零点六", Decimal("0.6")),
    ("六成", Decimal("0.6")),
    ("60%", Decimal("0.6")),
    ("百分之六十", Decimal("0.6")),
    ("1", 1),
    ("十成", 1),
    ("六", REFUSED),  # 6, as on every path: beyond 1.0
    ("6", REFUSED),
    ("65%", REFUSED),  # 0.65: one decimal
    ("0.65", REFUSED),
    ("0.7分", Decimal("0.7")),  # a grade said in 分 (h9p 5: "不要带分")
    ("0.7 分", Decimal("0.7")),
    ("六成五", REFUSED),  # 0.65: one decimal, refused as such (not "不要带成五")
    # A comma that groups no thousands is asked about, as in every number (h9m: one rule);
    # one after a lone 0 too, offering its one reading (a comma is never read: h9x).
    ("0,7", REFUSED),
    ("０，７", REFUSED),
    ("0,70", REFUSED),
    ("1,0", REFUSED),
    ("1,000", REFUSED),  # one thousand
    ("0,65", REFUSED),  # 0.65: one decimal
    ("2,5", REFUSED),  # ambiguous, as in every number
    ("0.7e0", REFUSED),
]


def _graded_kr(world):
    objective = make_objective(world.alice, world.cycle, kind="aspirational")
    services.set_cycle_state(world.admin, world.cycle, "grading")
    return objective.key_results.get()


def _web_grade(world, client_for, api, typed):
    kr = _graded_kr(world)
    response = client_for(world.alice).post(
        reverse("objective_grade", args=[kr.objective_id]),
        {f"score_{kr.pk}": typed, f"note_{kr.pk}": "", "retrospective": ""},
    )
    kr.refresh_from_db()
    if response.status_code != 302:
        assert typed in response.content.decode()  # what was typed is kept in the form
        assert kr.score is None
        return REFUSED
    return kr.score


def _api_grade(world, client_for, api, typed):
    kr = _graded_kr(world)
    response = api(world.alice).post(f"/key-results/{kr.pk}/grade", {"score": typed})
    kr.refresh_from_db()
    if response.status_code == 422:
        assert "score" in field_errors(response), response.content
        assert kr.score is None
        return REFUSED
    assert response.status_code == 200, response.content
    return kr.score


def _api_grade_objective(world, client_for, api, typed):
    kr = _graded_kr(world)
    body = {"scores": [{"key_result_id": kr.pk, "score": typed}]}
    response = api(world.alice).post(f"/objectives/{kr.objective_id}/grade", body)
    kr.refresh_from_db()
    if response.status_code == 422:
        assert kr.score is None
        return REFUSED
    assert response.status_code == 200, response.content
    return kr.score


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "meant"), GRADES)
@pytest.mark.parametrize(
    "path", [_web_grade, _api_grade, _api_grade_objective], ids=lambda path: path.__name__[1:]
)
def test_one_grade_means_one_score_on_every_path(world, client_for, api, path, typed, meant):
    answer = path(world, client_for, api, typed)
    assert answer == (REFUSED if meant is REFUSED else Decimal(meant))


# --- float noise: a binary cell is read at its digits, a JSON number as written ------------

NOISY = 0.1 + 0.2  # 0.30000000000000004: what a spreadsheet formula or a program computes


@pytest.mark.django_db
def test_an_xlsx_cell_is_read_at_the_digits_a_float_carries(world, api):
    """An xlsx cell is a binary number the spreadsheet showed as 0.3: read at the 15 significant
    digits it holds (number_input.FLOAT_DIGITS)."""
    from tests.transfer.conftest import workbook_bytes

    rows = [["objective", "key result", "start", "target"], ["o", "k", 0, NOISY]]
    data = workbook_bytes({"OKRs": rows})
    created = import_okrs(world.alice, file_name="okrs.xlsx", data=data, cycle=world.cycle)
    assert created.created[0].key_results.get().target_value == Decimal("0.3")


def _json_api_check_in(world, api, number):
    kr = _kr(world, "number", "")
    response = api(world.alice).post(f"/key-results/{kr.pk}/check-ins", f'{{"value": {number}}}')
    return response, "value"


def _json_api_create(field):
    def send(world, api, number):
        objective = make_objective(world.alice, world.cycle)
        values = {"start_value": "0", "target_value": "100", "current_value": "0", field: number}
        members = ", ".join(f'"{name}": {value}' for name, value in values.items())
        body = (
            f'{{"objective_id": {objective.pk}, "title": "k", "metric_type": "number", {members}}}'
        )
        return api(world.alice).post("/key-results", body), field

    send.__name__ = f"_json_api_create_{field}"
    return send


def _json_api_patch(world, api, number):
    kr = _kr(world, "number", "")
    return api(world.alice).patch(f"/key-results/{kr.pk}", f'{{"target_value": {number}}}'), (
        "target_value"
    )


CREATED = ("start_value", "target_value", "current_value")
JSON_PATHS = [_json_api_check_in, _json_api_patch, *(_json_api_create(f) for f in CREATED)]
# More places than are stored (4), sent as a JSON number: each was stored rounded while the
# same digits in a string were refused.
TOO_PRECISE = ["0.30000000000000004", "0.12345", "1.00001", "-2.50000000001"]


@pytest.mark.django_db
@pytest.mark.parametrize("number", TOO_PRECISE)
@pytest.mark.parametrize("path", JSON_PATHS)
def test_a_json_number_with_too_many_places_is_refused_as_its_text_is(world, api, path, number):
    """0.30000000000000004 sent as a JSON number was stored as 0.3 while "0.30000000000000004"
    was refused: a JSON number is the digits its sender wrote, refused with the same message."""
    as_number, field = path(world, api, number)
    as_string, _ = path(world, api, f'"{number}"')
    assert as_number.status_code == as_string.status_code == 422, as_number.content
    assert field_errors(as_number)[field] == field_errors(as_string)[field]
    assert "4 decimal places" in field_errors(as_number)[field]
    assert number in field_errors(as_number)[field]


@pytest.mark.django_db
@pytest.mark.parametrize("number", TOO_PRECISE)
def test_a_json_import_number_with_too_many_places_is_refused(world, number):
    """The JSON import reads its numbers as the API does: as written."""
    kr = f'{{"title": "k", "metric_type": "number", "start": 0, "target": {number}}}'
    body = f'{{"format": "mubiao.okrs", "objectives": [{{"title": "o", "key_results": [{kr}]}}]}}'
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name="okrs.json", data=body.encode(), cycle=world.cycle)
    assert number in refused.value.text
    assert not KeyResult.objects.filter(title="k").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("path", [_api_check_in, _csv_target])
def test_float_noise_typed_as_text_is_refused(world, client_for, api, path):
    """Text is what a person wrote: its digits are all meant, and more places than are stored
    are refused, never rounded."""
    assert path(world, client_for, api, repr(NOISY), "number", "") is REFUSED


# --- a change without a start -------------------------------------------------------------

CHANGES = ["日活跃用户增长 15%", "Grow DAU by 20%"]


def _change_text(world, api, title):
    data = f"O1: o\nKR1: {title}\n".encode()
    return import_okrs(world.alice, file_name="okrs.txt", data=data, cycle=world.cycle)


def _change_csv(world, api, title):
    data = f"objective,key result\no,{title}\n".encode()
    return import_okrs(world.alice, file_name="okrs.csv", data=data, cycle=world.cycle)


def _change_api(world, api, title):
    objective = make_objective(world.alice, world.cycle)
    response = api(world.alice).post("/key-results", {"objective_id": objective.pk,
                                                      "title": title})  # fmt: skip
    if response.status_code == 422:
        raise ImportFailed(str(field_errors(response)))
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("title", CHANGES)
@pytest.mark.parametrize("path", [_change_text, _change_csv, _change_api])
def test_a_change_without_a_start_is_refused_on_every_path(world, api, path, title):
    """The demo's `日活跃用户增长 15%` was stored 0 → 15 %: a start nobody measured. A change
    with no level to start from is refused with what to write, on every path."""
    if path in (_change_text, _change_csv):
        # Pasted text and a sheet hold the key result back at its line or row; the rest of the
        # file imports.
        result = path(world, api, title)
        said = " ".join(why for o in result.objectives for _kr, why in o.held)
    else:
        with pytest.raises(ImportFailed) as refused:
            path(world, api, title)
        said = refused.value.text
    assert "start" in said
    assert not KeyResult.objects.filter(title=title).exists()


# --- JSON numbers -------------------------------------------------------------------------

# A JSON number is read exactly as written, as the same typed as text is: one with more digits
# than the column keeps is refused quoting it, never stored rounded (999999999999.9999 was
# stored as 1e12 while "999999999999.9999" was refused), and so is 0.30000000000000004.
JSON_NUMBERS = ["999999999999.9999", "12345678901234.56", "0.00001", "1e999"]


@pytest.mark.django_db
@pytest.mark.parametrize("written", JSON_NUMBERS)
@pytest.mark.parametrize("as_text", [False, True], ids=["number", "text"])
@pytest.mark.parametrize("field", ["target_value", "current_value"])
def test_a_json_number_is_refused_as_the_same_text_is(world, api, written, as_text, field):
    objective = make_objective(world.alice, world.cycle)
    sent = f'"{written}"' if as_text else written
    values = {"start_value": "0", "target_value": "100", "current_value": "0", field: sent}
    body = (
        f'{{"objective_id": {objective.pk}, "title": "k", "metric_type": "number", '
        + ", ".join(f'"{name}": {value}' for name, value in values.items())
        + "}"
    )
    response = api(world.alice).post("/key-results", body)
    assert response.status_code == 422, response.content
    assert written in field_errors(response)[field]
    assert not KeyResult.objects.filter(objective=objective, title="k").exists()


@pytest.mark.django_db
def test_a_json_number_the_column_keeps_is_stored_exactly(world, api):
    objective = make_objective(world.alice, world.cycle)
    body = (
        f'{{"objective_id": {objective.pk}, "title": "k", "metric_type": "number", '
        '"start_value": 0.1, "target_value": 99999999999.9999, "current_value": 0.3}'
    )
    response = api(world.alice).post("/key-results", body)
    assert response.status_code == 201, response.content
    kr = KeyResult.objects.get(pk=response.json()["id"])
    assert (kr.start_value, kr.target_value, kr.current_value) == (
        Decimal("0.1"), Decimal("99999999999.9999"), Decimal("0.3"))  # fmt: skip


# --- a change typed as a start or target ----------------------------------------------------

# A start or target is a level: a change typed there is refused with the one message that says
# so on every path (the web form said "target below start" for +10pp).
CHANGES_AS_LEVELS = [("+10pp", "percent"), ("+10个百分点", "percent"), ("+5", "number"),
                     ("+5%", "percent"), ("15pp", "percent")]  # fmt: skip


def _level_web(world, client_for, api, column, typed, metric_type):
    from tests.web.test_writing import form_data

    row = {"title": "KR", "metric_type": metric_type, f"{column}_value": typed}
    if column == "start":
        row["target_value"] = "50"
    data = form_data(owner=f"person:{world.alice.pk}", krs=[row])
    response = client_for(world.alice).post(reverse("objective_create"), data)
    # The page is shown again with the refusal beside the field.
    assert response.status_code in (200, 422) and not KeyResult.objects.filter(title="KR")
    return response.content.decode()


def _level_api(world, client_for, api, column, typed, metric_type):
    objective = make_objective(world.alice, world.cycle)
    body = {"objective_id": objective.pk, "title": "KR", "metric_type": metric_type,
            "start_value": 0, "target_value": 50, f"{column}_value": typed}  # fmt: skip
    response = api(world.alice).post("/key-results", body)
    assert response.status_code == 422 and not KeyResult.objects.filter(title="KR").exists()
    return field_errors(response)[f"{column}_value"]


def _level_csv(world, client_for, api, column, typed, metric_type):
    cells = {"start": "0", "target": "50", column: typed}
    data = (f"objective,key result,metric type,start,target\n"
            f"o,KR,{metric_type},{cells['start']},{cells['target']}\n").encode()  # fmt: skip
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name="okrs.csv", data=data, cycle=world.cycle)
    return refused.value.text


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "metric_type"), CHANGES_AS_LEVELS)
@pytest.mark.parametrize("column", ["start", "target"])
@pytest.mark.parametrize("path", [_level_web, _level_api, _level_csv],
                         ids=lambda path: path.__name__.strip("_"))  # fmt: skip
def test_a_change_typed_as_a_start_or_target_is_said_to_be_one(
    world, client_for, api, path, column, typed, metric_type
):
    said = path(world, client_for, api, column, typed, metric_type)
    assert "is a change, not a value" in said.replace("&ldquo;", "“")
    assert "below" not in said


# --- done / not done and confidence, as typed ----------------------------------------------

# (typed, what a done / not-done key result stores): √ is ✓ as a Chinese input method types it.
TICKS = [("✓", 1), ("√", 1), ("☑", 1), ("✗", 0), ("×", 0), ("完成", 1)]


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "meant"), TICKS)
@pytest.mark.parametrize("path", [_web_check_in, _api_check_in],
                         ids=lambda path: path.__name__.strip("_"))  # fmt: skip
def test_a_tick_or_cross_answers_a_done_key_result(world, client_for, api, path, typed, meant):
    assert path(world, client_for, api, typed, "boolean", "") == (Decimal(meant), "")


# (typed, the confidence stored, or what the refusal quotes): full-width digits as values take
# them; every refusal quotes what was typed.
CONFIDENCES = [
    ("７", 7),
    ("7", 7),
    (" 7 ", 7),
    ("11", "“11”"),
    ("７.５", "“７.５”"),
    ("高", "“高”"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "meant"), CONFIDENCES)
@pytest.mark.parametrize("path", ["web", "api"])
def test_a_confidence_is_read_as_values_are(world, client_for, api, path, typed, meant):
    kr = _kr(world, "number", "")
    if path == "web":
        response = client_for(world.alice).post(
            reverse("check_in", args=[kr.pk]), {"value": "5", "confidence": typed}
        )
        said = response.content.decode()
    else:
        response = api(world.alice).post(f"/key-results/{kr.pk}/check-ins",
                                         {"value": "5", "confidence": typed})  # fmt: skip
        said = field_errors(response)["confidence"] if response.status_code == 422 else ""
    entry = kr.check_ins.first()
    if isinstance(meant, int):
        assert entry is not None and entry.confidence == meant, said[:300]
    else:
        assert entry is None and meant in said


# --- a check-in's note --------------------------------------------------------------------


# One limit for a check-in's note and next step on every path (the web form said 2,000, the API
# 5,000), refused with a message naming it, nothing stored.
@pytest.mark.django_db
@pytest.mark.parametrize("field", ["note", "next_step"])
@pytest.mark.parametrize(("length", "kept"), [(2000, True), (2001, False), (5000, False)])
@pytest.mark.parametrize("path", ["web", "api", "services"])
def test_one_limit_for_a_check_in_note(world, client_for, api, path, field, length, kept):
    kr = _kr(world, "number", "")
    body = {"value": "5", field: "字" * length}
    if path == "web":
        said = client_for(world.alice).post(reverse("check_in", args=[kr.pk]), body)
        said = said.content.decode()
    elif path == "api":
        response = api(world.alice).post(f"/key-results/{kr.pk}/check-ins", body)
        said = field_errors(response)[field] if response.status_code == 422 else ""
    else:
        try:
            services.check_in(world.alice, kr, **body)
            said = ""
        except ValidationError as error:
            said = " ".join(error.message_dict[field])
    assert kr.check_ins.exists() is kept
    if not kept:
        assert "2000" in said.replace(",", "")
