"""Issue 9 (h9b2): messages about typed numbers that do not mislead, on every path.

1. A number beyond the values' bound is told too small or too large as it is, and the bound the
   message names (-10¹⁵ to 10¹⁵) is a value on every path (API, web, imports).
2. A full amount on a key result counted in a unit with a magnitude (M USD, 万元, k users)
   names the unit and the value in it, never "more than 9,999,900% of the way".
3. Grading in a closed cycle says it is closed and how grading reopens (API, web, CLI).
4. A direction nobody chose is the one the start and target say (web form, API, imports); a
   direction chosen against them is refused.

Tables per kind; imports run on PostgreSQL too (`-m postgres`).
"""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, Cycle, KeyResult, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective
from tests.web.test_date_fields import BrowserForm
from tests.web.test_writing import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

LANGUAGES = ["en", "zh-hans"]
SAYS = {
    "en": {"small": "is too small", "large": "is too large", "range": "between -10¹⁵ and 10¹⁵"},
    "zh-hans": {"small": "太小了", "large": "太大了", "range": "-10¹⁵ 到 10¹⁵"},
}

# --- 1. the values' bound, both ends included, said as it is -------------------------------

BEYOND = [
    ("-1000000000000001", "small"),
    ("-99999999999999999", "small"),
    ("-10000000000000000", "small"),
    ("1000000000000001", "large"),
    ("99999999999999999", "large"),
]
ON_THE_BOUND = ["-1000000000000000", "1000000000000000"]


def _kr(world, unit="", start=0, target=10):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    return services.update_key_result(world.alice, kr, start_value=start, target_value=target,
                                      unit=unit, direction="")  # fmt: skip


def _api_check_in(world, kr, typed, language):
    api = Api(world.alice, **{"accept-language": language})
    return field_errors(api.post(f"/key-results/{kr.pk}/check-ins", {"value": typed}))["value"]


def _api_start(world, kr, typed, language):
    api = Api(world.alice, **{"accept-language": language})
    answer = api.patch(f"/key-results/{kr.pk}", {"start_value": typed, "target_value": 10**15})
    return field_errors(answer)["start_value"]


def _api_start_as_json_number(world, kr, typed, language):
    api = Api(world.alice, **{"accept-language": language})
    answer = api.patch(f"/key-results/{kr.pk}", {"start_value": int(typed), "target_value": 5})
    return field_errors(answer)["start_value"]


def _json_import(world, kr, typed, language):
    item = {"title": "Launch", "metric_type": "number", "start": typed, "target": "10"}
    document = {"format": "mubiao.okrs", "version": 1,
                "objectives": [{"title": "Ship", "key_results": [item]}]}  # fmt: skip
    with translation.override(language), pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name="okrs.json", cycle=world.cycle,
                    data=json.dumps(document).encode())  # fmt: skip
    return refused.value.text


def _csv_import(world, kr, typed, language):
    data = f"objective,key result,start,target\nShip,Launch,{typed},10\n".encode()
    with translation.override(language), pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name="okrs.csv", cycle=world.cycle, data=data)
    return refused.value.text


def _web_check_in(world, kr, typed, language, client_for=None):
    client = client_for(world.alice)
    answer = client.post(reverse("check_in", args=[kr.pk]), {"value": typed},
                         HTTP_ACCEPT_LANGUAGE=language)  # fmt: skip
    assert answer.status_code != 302
    return answer.content.decode()


BOUND_PATHS = {"api check-in": _api_check_in, "api start": _api_start,
               "api start as a JSON number": _api_start_as_json_number,
               "json import": _json_import, "csv import": _csv_import,
               "web check-in": _web_check_in}  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("typed", "side"), BEYOND)
@pytest.mark.parametrize("path", list(BOUND_PATHS))
def test_beyond_the_bound_is_told_too_small_or_too_large(world, client_for, path, typed, side,
                                                         language):  # fmt: skip
    """`-1000000000000001` was told "too large" (太大了): a negative number beyond the bound
    is too small, on every path, with the range it must lie in."""
    kr = _kr(world)
    kwargs = {"client_for": client_for} if path == "web check-in" else {}
    said = BOUND_PATHS[path](world, kr, typed, language, **kwargs)
    says = SAYS[language]
    if path != "api start as a JSON number":  # a JSON number is answered with the range alone
        other = "large" if side == "small" else "small"
        assert says[side] in said and says[other] not in said, said
    assert "10¹⁵" in said, said
    assert not CheckIn.objects.filter(key_result=kr).exists()
    assert not Objective.objects.filter(title="Ship").exists()


@pytest.mark.parametrize("typed", ON_THE_BOUND)
def test_the_bound_named_is_a_value_on_every_path(world, client_for, typed):
    """Exactly -10¹⁵ was refused with "enter a number between -10¹⁵ and 10¹⁵": the bounds the
    message names are values, on the API (typed and as a JSON number), the web and imports."""
    value = Decimal(typed)
    other = Decimal(0)
    api = Api(world.alice)
    kr = _kr(world)
    sent = api.patch(f"/key-results/{kr.pk}", {"start_value": typed, "target_value": "0"}
                     if value < 0 else {"start_value": "0", "target_value": typed})  # fmt: skip
    assert sent.status_code == 200, sent.content
    kr.refresh_from_db()
    assert sorted((kr.start_value, kr.target_value)) == sorted((value, other))
    as_numbers = (
        {"start_value": int(typed), "target_value": 0}
        if value < 0
        else {"start_value": 0, "target_value": int(typed)}
    )
    number = api.patch(f"/key-results/{kr.pk}", as_numbers)
    assert number.status_code == 200, number.content
    # A check-in on the bound (its progress within what is kept).
    near = _kr(world, start=value / 2, target=value)
    answer = client_for(world.alice).post(reverse("check_in", args=[near.pk]), {"value": typed})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    near.refresh_from_db()
    assert near.current_value == value
    data = f"objective,key result,start,target\nShip,Launch,0,{typed}\n".encode()
    result = import_okrs(world.alice, file_name="okrs.csv", cycle=world.cycle, data=data)
    assert result.created[0].key_results.get().target_value == value


# --- 2. a full amount on a unit that carries a magnitude ------------------------------------

MAGNITUDE_UNITS = [
    # (unit, start, target, typed, meant)
    ("M USD", 1, 3, "2,500,000", "2.5"),
    ("M USD", 1, 3, "2500000", "2.5"),
    ("万元", 100, 300, "2,500,000", "250"),
    ("亿元", 1, 3, "250000000", "2.5"),
    ("k users", 10, 30, "25,000", "25"),
    ("K", 10, 30, "25000", "25"),
    ("千人", 10, 30, "25,000", "25"),
    ("M USD", 1, 3, "5,000,000", "5"),  # an over-achievement, meant too
]
UNIT_SAYS = {"en": "this key result counts in", "zh-hans": "这个关键结果以"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("unit", "start", "target", "typed", "meant"), MAGNITUDE_UNITS)
@pytest.mark.parametrize("path", ["api check-in", "web check-in", "api current value"])
def test_a_full_amount_on_a_unit_with_a_magnitude_names_the_unit(
    world, client_for, path, unit, start, target, typed, meant, language
):
    """`2,500,000` on 1 → 3 M USD was answered "would be more than 9,999,900% of the way":
    the unit is named and 2.5 offered, in both languages; nothing is stored."""
    kr = _kr(world, unit=unit, start=start, target=target)
    if path == "web check-in":
        said = _web_check_in(world, kr, typed, language, client_for=client_for)
    elif path == "api check-in":
        said = _api_check_in(world, kr, typed, language)
    else:
        api = Api(world.alice, **{"accept-language": language})
        said = field_errors(api.patch(f"/key-results/{kr.pk}", {"current_value": typed}))[
            "current_value"
        ]
    assert UNIT_SAYS[language] in said and unit in said, said
    assert meant in said and "9,999,900" not in said and "9999900" not in said, said
    kr.refresh_from_db()
    assert kr.current_value == Decimal(start)


def test_a_value_typed_with_its_magnitude_is_stored_as_meant(world):
    kr = _kr(world, unit="M USD", start=1, target=3)
    services.check_in(world.alice, kr, value="2.5M")
    kr.refresh_from_db()
    assert kr.current_value == Decimal("2.5")


# --- 3. grading in a closed cycle ------------------------------------------------------------

CLOSED_SAYS = {
    "en": ("This cycle is closed", "Settings → Cycles"),
    "zh-hans": ("该周期已关闭", "设置 → 周期"),
}
NOT_YET = {"en": "Scores are given when the cycle is in grading", "zh-hans": "周期进入评分阶段后"}


def _closed(world):
    objective = make_objective(world.alice, world.cycle)
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.CLOSED)
    return objective, objective.key_results.get()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["api", "web", "cli", "web grading page"])
def test_grading_a_closed_cycle_says_it_is_closed(world, client_for, path, language):
    objective, kr = _closed(world)
    if path == "api":
        api = Api(world.alice, **{"accept-language": language})
        said = field_errors(api.post(f"/key-results/{kr.pk}/grade", {"score": 0.5}))["score"]
    elif path == "web":
        client = client_for(world.alice)
        url = reverse("objective_grade", args=[objective.pk])
        said = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        posted = client.post(url, {f"score_{kr.pk}": "0.5", "retrospective": "ok"},
                             HTTP_ACCEPT_LANGUAGE=language).content.decode()  # fmt: skip
        assert CLOSED_SAYS[language][0] in posted and NOT_YET[language] not in posted
    elif path == "web grading page":
        client = client_for(world.alice)
        said = client.get(reverse("grading"), {"cycle": world.cycle.pk},
                          HTTP_ACCEPT_LANGUAGE=language).content.decode()  # fmt: skip
    else:
        world.alice.user.language = language
        world.alice.user.save(update_fields=["language"])
        with pytest.raises(CommandError) as refused:
            call_command("grade", str(kr.pk), "0.5", org=world.org.slug,
                         **{"as": world.alice.user.email}, stdout=io.StringIO())  # fmt: skip
        said = str(refused.value)
    closed, how = CLOSED_SAYS[language]
    assert closed in said and how in said and NOT_YET[language] not in said, said[:3000]
    kr.refresh_from_db()
    assert kr.score is None


def test_an_admin_is_told_to_reopen_grading_and_can(world):
    _objective, kr = _closed(world)
    said = field_errors(Api(world.admin).post(f"/key-results/{kr.pk}/grade", {"score": 0.5}))
    assert "reopen grading in Settings → Cycles" in said["score"]
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    services.grade_key_result(world.admin, kr, score="1.0")


def test_a_cycle_not_yet_grading_still_says_so(world):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    said = field_errors(Api(world.alice).post(f"/key-results/{kr.pk}/grade", {"score": 0.5}))
    assert NOT_YET["en"] in said["score"]


# --- 4. a direction nobody chose -------------------------------------------------------------

DIRECTIONS = [
    # (start, target, direction sent ("" automatic, None left out), stored or None if refused)
    ("10", "3 分钟", "", "decrease"),
    ("10", "3 分钟", None, "decrease"),
    ("3", "10 分钟", "", "increase"),
    ("10", "3 分钟", "decrease", "decrease"),
    ("10", "3 分钟", "increase", None),
    ("3", "10 分钟", "decrease", None),
]
REFUSED = "For an increasing key result the target must not be below the start value."


def _web_create(world, client_for, start, target, direction):
    row = {"title": "Response time", "start_value": start, "target_value": target,
           "unit": "分钟"}  # fmt: skip
    data = form_data(krs=[row], owner=f"person:{world.alice.pk}")
    if direction is None:
        del data["kr-0-direction"]
    else:
        data["kr-0-direction"] = direction
    return client_for(world.alice).post(reverse("objective_create"), data)


def _api_create(world, start, target, direction):
    objective = make_objective(world.alice, world.cycle, "Faster support")
    body = {"objective_id": objective.pk, "title": "Response time", "start_value": start,
            "target_value": target, "unit": "分钟"}  # fmt: skip
    if direction:
        body["direction"] = direction
    return Api(world.alice).post("/key-results", body)


def _import(world, start, target, direction):
    item = {"title": "Response time", "metric_type": "number", "start": start,
            "target": target.split()[0], "unit": "分钟"}  # fmt: skip
    if direction:
        item["direction"] = direction
    document = {"format": "mubiao.okrs", "version": 1,
                "objectives": [{"title": "Faster support", "key_results": [item]}]}  # fmt: skip
    return import_okrs(world.alice, file_name="okrs.json", cycle=world.cycle,
                       data=json.dumps(document).encode())  # fmt: skip


def _stored(world) -> str | None:
    kr = KeyResult.objects.filter(title="Response time").first()
    return kr.direction if kr else None


@pytest.mark.parametrize(("start", "target", "direction", "stored"), DIRECTIONS)
@pytest.mark.parametrize("path", ["web", "api", "json import"])
def test_a_direction_nobody_chose_is_the_numbers(world, client_for, path, start, target,
                                                 direction, stored):  # fmt: skip
    if path == "web":
        answer = _web_create(world, client_for, start, target, direction)
        said = answer.content.decode()
        assert (answer.status_code == 302) == (stored is not None), said[:3000]
    elif path == "api":
        answer = _api_create(world, start, target, direction)
        said = answer.content.decode()
        assert (answer.status_code == 201) == (stored is not None), said
    else:
        try:
            _import(world, start, target, direction)
            said = ""
        except ImportFailed as refused:
            said = refused.value.text if hasattr(refused, "value") else refused.text
            assert stored is None, said
    assert _stored(world) == stored
    if stored is None and direction == "increase":
        assert "increasing key result" in said, said[:3000]


def test_the_new_key_result_form_offers_automatic_by_default(world, client_for):
    """What a browser submits untouched for a new key result's direction is "automatic"."""
    page = client_for(world.alice).get(reverse("objective_create")).content.decode()
    form = BrowserForm()
    form.feed(page)
    assert form.data["kr-0-direction"] == ""
    zh = client_for(world.alice).get(reverse("objective_create"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    zh = zh.content.decode()
    assert "自动（按起始值和目标值）" in zh


def test_the_edit_form_keeps_the_stored_direction_and_automatic_infers(world, client_for):
    answer = _web_create(world, client_for, "10", "3 分钟", "")
    assert answer.status_code == 302
    kr = KeyResult.objects.get(title="Response time")
    page = client_for(world.alice).get(reverse("objective_edit", args=[kr.objective_id]))
    form = BrowserForm()
    form.feed(page.content.decode())
    assert form.data["kr-0-direction"] == "decrease"
    # Chosen "automatic" on an edit: the numbers say it again.
    services.update_key_result(world.alice, kr, direction="", start_value=3, target_value=10)
    kr.refresh_from_db()
    assert kr.direction == "increase"


def test_an_objective_created_with_its_key_results_infers_the_direction_too(world):
    body = {"cycle_id": world.cycle.pk, "title": "Faster support",
            "key_results": [{"title": "Response time", "start_value": 10,
                             "target_value": "3 分钟", "unit": "分钟"}]}  # fmt: skip
    answer = Api(world.alice).post("/objectives", body)
    assert answer.status_code == 201, answer.content
    assert _stored(world) == "decrease"
