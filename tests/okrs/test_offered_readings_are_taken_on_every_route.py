"""A value's "did you mean" offers only readings that are then taken as typed, on every route
that reads a current value as a check-in does (h10m E11, fixed first for check-ins): the edit of
a key result's current value (web form, API and CLI call update_key_result), a new key result's
current value and an import's current column. On a key result counted in 家 from 0 → 50,
`1.000` offered 1,000, far from the range and asked about again. Property: on every route, every
reading offered is accepted unchanged, asked nothing more.

The same of a start and a target (issue 9, h9u) on every route that writes them: a key result
created or edited through the services, the API, the writing page, a file imported (in the
services and with `mubiao import`). `1.500` as the start of 100 → 1,500 offered 1,500, then
refused as "the target equals the start value"; `4,5` as the target of 45 → … offered 45.

Issue 9, h9y: a CSV separated by semicolons (its `1.000` question offered readings unchecked:
`1.000 USD` offered itself, `1.000` as a confidence 1000), the objective edit page (the form
code of the writing page, not in this table) and a magnitude on a unit that carries one
(`5000万` on 亿元 offered "50,000,000 亿")."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.transfer import import_okrs
from mubiao.okrs.transfer.errors import ImportFailed
from mubiao.orgs import services as org_services
from tests.api.conftest import Api, field_errors
from tests.web.test_stale_edits import load
from tests.web.test_writing import form_data

pytestmark = pytest.mark.django_db

RANGES = [(0, 50), (0, 2000), (100, 1500), (0, 20000), (50, 0)]
# Not `4,5`: a comma's message is one sentence whatever the key result's range
# (number_input.comma_question, probe 27: it offered 4.5 or 45 here and 4.5 alone there), so its
# readings are not fitted to the range; tests/okrs/test_one_comma_message_every_route.py.
TYPED = ["1.000", "12.345", "1.200", "1 ,200"]
# What a refusal offers to be typed: "Enter 1,500 or 1.5.".
OFFERED = {
    "en": re.compile(r"(?:Enter|write) ([^.]*(?:\.\d[^.]*)*)\.(?:$|\s)"),
    "zh-hans": re.compile(r"请(?:输入|写) ([^。]+)。"),
}
# A semicolon-separated file's question: "write 1000 if it does, or 1 for a decimal".
SEMICOLON_OFFERED = {
    "en": re.compile(r"(?:write|or) (\S+(?: [A-Z]{3})?) (?:if it does|for a decimal)"),
    "zh-hans": re.compile(r"请写成 ([^，。（]+)"),
}
# A reading offered is a number as it would be typed (not "decimals with a point (4.5) …").
READING = re.compile(r"[-+]?\d[\d,.]*\s*\S{0,3}")


def _offered(said: str, lang: str) -> list[str]:
    parts = (part.strip() for found in OFFERED[lang].finditer(said)
             for part in re.split(r" or |或", found[1]))  # fmt: skip
    semicolon = (found[1].strip() for found in SEMICOLON_OFFERED[lang].finditer(said))
    return [part for part in [*parts, *semicolon] if READING.fullmatch(part)]


def _objective(world):
    return services.create_objective(world.alice, cycle=world.cycle, title="Grow",
                                     key_results=[])  # fmt: skip


def _check_in(world, levels, value):
    kr = services.create_key_result(world.alice, _objective(world), title="Shops", unit="家",
                                    start_value=levels[0], target_value=levels[1])  # fmt: skip
    services.check_in(world.alice, kr, value=value)


def _edit(world, levels, value):
    kr = services.create_key_result(world.alice, _objective(world), title="Shops", unit="家",
                                    start_value=levels[0], target_value=levels[1])  # fmt: skip
    services.update_key_result(world.alice, kr, current_value=value)


def _create(world, levels, value):
    services.create_key_result(world.alice, _objective(world), title="Shops", unit="家",
                               start_value=levels[0], target_value=levels[1],
                               current_value=value)  # fmt: skip


def _imported(world, field, file_name, data):
    """`data` imported; a refusal raised as `field`'s message, as the services raise theirs."""
    try:
        import_okrs(world.admin, file_name=file_name, data=data.encode(), cycle=world.cycle)
    except ImportFailed as refused:
        raise ValidationError({field: ["\n".join(refused.texts)]}) from None


def _sheet(separator, **cells):
    """A file of one key result, Shops under Grow, in the columns `cells`: separated by tabs,
    or by semicolons (a CSV of the European layout, where a dot may group thousands)."""
    row = {"objective": "Grow", "key result": "Shops", **cells}
    return separator.join(row) + "\n" + separator.join(str(cell) for cell in row.values()) + "\n"


def _import(world, levels, value):
    data = _sheet("\t", unit="家", start=levels[0], target=levels[1], current=value)
    _imported(world, "current_value", "okrs.tsv", data)


def _import_text(world, levels, value):
    data = (
        "# Grow\n"
        f"KR1: Shops {{metric=number unit=家 start={levels[0]} target={levels[1]} "
        f"current={value}}}\n"
    )
    _imported(world, "current_value", "okrs.md", data)


def _import_semicolons(world, levels, value):
    data = _sheet(";", unit="家", start=levels[0], target=levels[1], current=value)
    _imported(world, "current_value", "okrs.csv", data)


def _offers(write, cases, lang):
    """Each (where, typed) of `cases` written, `write(where, value)`; of a refusal, every
    reading it offers written in its place. The cases taken as typed, the readings asked about
    again, and whether any reading was offered."""
    taken, asked_again, offered_any = [], [], False
    with translation.override(lang):
        for where, typed in cases:
            try:
                write(where, typed)
            except ValidationError as refused:
                said = " ".join(str(m) for ms in refused.message_dict.values() for m in ms)
            else:
                taken.append((where, typed))
                continue
            for reading in _offered(said, lang):
                offered_any = True
                try:
                    write(where, reading)
                except ValidationError as again:
                    asked_again.append((where, typed, reading, again.message_dict))
    return taken, asked_again, offered_any


ROUTES = {"check-in": _check_in, "edit": _edit, "create": _create, "import": _import,
          "text import": _import_text, "semicolon import": _import_semicolons}  # fmt: skip


# Each route reads and writes through queries of its own: every route runs on PostgreSQL too
# (in one language: the other changes the messages, not the queries).
@pytest.mark.every_case("route")
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("route", ROUTES)
def test_every_reading_offered_is_taken_as_offered(world, route, lang):
    def write(levels, value):
        ROUTES[route](world, levels, value)

    cases = [(levels, typed) for levels in RANGES for typed in TYPED]
    taken, asked_again, offered_any = _offers(write, cases, lang)
    assert taken == []  # each typing is asked about
    assert asked_again == []
    assert offered_any


# A start or target typed on each route: (start, target) with one of them typed instead.
LEVEL_RANGES = [(0, 50), (100, 1500), (1500, 100), (50, 0), (0, 45), (45, 0)]
LEVEL_TYPED = ["1.000", "12.345", "1.500", "4,5", "1 ,200", "50,5"]


def _levels(field, levels, value):
    return (value, levels[1]) if field == "start_value" else (levels[0], value)


def _level_create(world, at, field, levels, value, lang):
    start, target = _levels(field, levels, value)
    services.create_key_result(world.alice, _objective(world), title="Shops", unit="家",
                               start_value=start, target_value=target)  # fmt: skip


def _level_edit(world, at, field, levels, value, lang):
    kr = services.create_key_result(world.alice, _objective(world), title="Shops", unit="家",
                                    start_value=levels[0], target_value=levels[1])  # fmt: skip
    services.update_key_result(world.alice, kr, **{field: value})


def _level_import(world, at, field, levels, value, lang):
    start, target = _levels(field, levels, value)
    _imported(world, field, "okrs.tsv", _sheet("\t", unit="家", start=start, target=target))


def _level_semicolon_import(world, at, field, levels, value, lang):
    start, target = _levels(field, levels, value)
    _imported(world, field, "okrs.csv", _sheet(";", unit="家", start=start, target=target))


def _level_text_import(world, at, field, levels, value, lang):
    start, target = _levels(field, levels, value)
    data = f"# Grow\nKR1: Shops {{metric=number unit=家 start={start} target={target}}}\n"
    _imported(world, field, "okrs.md", data)


def _level_cli_import(world, at, field, levels, value, lang):
    """`mubiao import` (the command itself: through mubiao.cli's execute_from_command_line it
    would close the test's database connection on its way out, as every command run so does)."""
    start, target = _levels(field, levels, value)
    path = at["tmp_path"] / "okrs.tsv"
    path.write_text(_sheet("\t", unit="家", start=start, target=target))
    try:
        call_command("import", str(path), "--org", world.org.slug, "--cycle", world.cycle.name,
                     "--language", lang, stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    except CommandError as refused:
        raise ValidationError({field: [str(refused)]}) from None


def _refusal(response, created):
    if response.status_code == 422:
        raise ValidationError({k: [v] for k, v in field_errors(response).items()})
    assert response.status_code == (201 if created else 200), response.content[:300]


def _level_api_create(world, at, field, levels, value, lang):
    start, target = _levels(field, levels, value)
    body = {"objective_id": _objective(world).pk, "title": "Shops", "unit": "家",
            "start_value": start, "target_value": target}  # fmt: skip
    _refusal(Api(world.alice).post("/key-results", body, **{"Accept-Language": lang}), True)


def _level_api_patch(world, at, field, levels, value, lang):
    kr = services.create_key_result(world.alice, _objective(world), title="Shops", unit="家",
                                    start_value=levels[0], target_value=levels[1])  # fmt: skip
    response = Api(world.alice).patch(f"/key-results/{kr.pk}", {field: value},
                                      **{"Accept-Language": lang})  # fmt: skip
    _refusal(response, False)


def _form_refusal(response):
    """A form of key results saved (a redirect), or its first key result's messages raised."""
    if response.status_code == 302:
        return
    assert response.status_code == 200, response.content[:300]
    errors = response.context["formset"].errors[0]
    assert errors, response.content.decode()[-2000:]
    raise ValidationError(dict(errors))


def _level_web_create(world, at, field, levels, value, lang):
    start, target = _levels(field, levels, value)
    row = {"title": "Shops", "unit": "家", "start_value": str(start), "target_value": str(target)}
    client = at["client"]
    data = form_data(owner=f"person:{world.alice.pk}", krs=[row])
    _form_refusal(client.post(reverse("objective_create"), data, headers={"Accept-Language": lang}))


def _edit_page(world, at, lang, fields, kr=None):
    """The objective edit page (h9y: the writing page's form code, not in this table before)
    saving `fields` of its first key result; a refusal as its fields' messages."""
    kr = kr or services.create_key_result(world.alice, _objective(world), title="Shops",
                                          unit="家", start_value=0, target_value=50)  # fmt: skip
    client = at["client"]
    url = reverse("objective_edit", args=[kr.objective_id])
    data = {**load(client, url), **{f"kr-0-{name}": value for name, value in fields.items()}}
    _form_refusal(client.post(url, data, headers={"Accept-Language": lang}))


def _level_edit_page(world, at, field, levels, value, lang):
    kr = services.create_key_result(world.alice, _objective(world), title="Shops", unit="家",
                                    start_value=levels[0], target_value=levels[1])  # fmt: skip
    _edit_page(world, at, lang, {field: value}, kr)


LEVEL_ROUTES = {"create": _level_create, "edit": _level_edit, "import": _level_import,
                "text import": _level_text_import, "mubiao import": _level_cli_import,
                "API create": _level_api_create, "API patch": _level_api_patch,
                "writing page": _level_web_create, "semicolon import": _level_semicolon_import,
                "objective edit page": _level_edit_page}  # fmt: skip


@pytest.mark.every_case("route", "field")
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("field", ["start_value", "target_value"])
@pytest.mark.parametrize("route", LEVEL_ROUTES)
def test_every_start_or_target_offered_is_taken_as_offered(
    world, client_for, tmp_path, route, field, lang
):
    at = {"tmp_path": tmp_path, "client": client_for(world.alice)}

    def write(levels, value):
        LEVEL_ROUTES[route](world, at, field, levels, value, lang)

    cases = [(levels, typed) for levels in LEVEL_RANGES for typed in LEVEL_TYPED]
    _taken, asked_again, offered_any = _offers(write, cases, lang)  # taken: nothing offered
    assert asked_again == []
    assert offered_any


# A weight typed on each route that writes one, weights on and off (off: only the weight in
# effect, 1, or the one held is taken; `1,0` offered 10 too).
WEIGHT_TYPED = ["4,5", "1,0", "1 ,000", "9999,5", "0,5"]


def _weight_edit(world, at, value, lang):
    kr = services.create_key_result(world.alice, _objective(world), title="Shops", unit="家",
                                    start_value=0, target_value=50)  # fmt: skip
    services.update_key_result(world.alice, kr, weight=value)


def _weight_api(world, at, value, lang):
    kr = services.create_key_result(world.alice, _objective(world), title="Shops", unit="家",
                                    start_value=0, target_value=50)  # fmt: skip
    response = Api(world.alice).patch(f"/key-results/{kr.pk}", {"weight": value},
                                      **{"Accept-Language": lang})  # fmt: skip
    _refusal(response, False)


def _weight_objective(world, at, value, lang):
    services.update_objective(world.alice, _objective(world), weight=value)


def _weight_edit_page(world, at, value, lang):
    _edit_page(world, at, lang, {"weight": value})


def _weight_semicolons(world, at, value, lang):
    _imported(world, "weight", "okrs.csv", _sheet(";", start=0, target=50, weight=value))


WEIGHT_ROUTES = {"edit": _weight_edit, "API patch": _weight_api, "objective": _weight_objective,
                 "objective edit page": _weight_edit_page,
                 "semicolon import": _weight_semicolons}  # fmt: skip
# Typed in a file separated by semicolons, where a dot may group thousands.
SEMICOLON_WEIGHTS = ["1.000", "2.500", "12.345"]


@pytest.mark.parametrize("weights", [True, False], ids=["weights on", "weights off"])
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("route", WEIGHT_ROUTES)
def test_every_weight_offered_is_taken_as_offered(world, client_for, route, lang, weights):
    org_services.update_organization(world.admin, world.org, name=world.org.name, weights=weights)
    world.alice.organization.refresh_from_db()
    world.admin.organization.refresh_from_db()
    at = {"client": client_for(world.alice)}

    def write(_where, value):
        WEIGHT_ROUTES[route](world, at, value, lang)

    typings = SEMICOLON_WEIGHTS if route == "semicolon import" else WEIGHT_TYPED
    _taken, asked_again, offered_any = _offers(write, [(None, t) for t in typings], lang)
    assert asked_again == []
    assert offered_any
