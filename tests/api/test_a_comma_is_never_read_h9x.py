"""h9x: a comma is never read as a decimal point, `0,5` and `0,7` included (one rule for every
comma since 41ae990c: a fresh tester found check-in `0,5` stored 0.5 and a grade `0,7` stored
0.7, while `4,5` and `1,0` were refused). Every path that reads a typed number refuses it in
the one sentence separator_question words: two readings → “write X or Y”, one → “cannot be
read as written: write X” (never "ambiguous" beside one reading: `1,2,3`)."""

from decimal import Decimal

import pytest

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api, field_errors
from tests.api.test_odd_numbers_every_path import PATHS, answers
from tests.api.test_one_number_reader_everywhere_h9s import (
    GRADE_ROUTES,
    _api_confidence,
    _api_weight,
    _grading,
)
from tests.conftest import weights_switched_on

pytestmark = pytest.mark.django_db

ONE = "cannot be read as written: write"
# (typed, metric type, unit, the words of its refusal after the quoted typing)
COMMAS = [
    ("0,5", "number", "", f"{ONE} 0.5."),
    ("0,25", "number", "", f"{ONE} 0.25."),
    ("0,5%", "percent", "%", f"{ONE} 0.5%."),
    (
        "1,2,3",
        "number",
        "",
        "is ambiguous: write decimals with a point (4.5) and group thousands in threes (4,500).",
    ),
    ("4,5", "number", "", "is ambiguous: write 4.5 (a decimal) or 4500 / 4,500 (thousands)."),
]


# Each case is a route of its own: every case runs on PostgreSQL too.
@pytest.mark.every_case
@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.__name__.strip("_"))
def test_a_comma_is_refused_in_one_sentence_on_every_value_path(world, client_for, api, path):
    assert answers(path, world, client_for, api, COMMAS) == []


# Each case is a route of its own: every case runs on PostgreSQL too.
@pytest.mark.every_case
@pytest.mark.parametrize("route", GRADE_ROUTES, ids=lambda r: r.__name__.strip("_"))
@pytest.mark.parametrize(
    ("typed", "offered"), [("0,7", "0.7"), ("０，７", "0.7"), ("0,70", "0.70")]
)
def test_a_grade_with_a_comma_after_0_is_refused_offering_its_reading(world, route, typed, offered):
    kr = _grading(world)
    said = route(world, kr, typed)
    assert said is not None and f"{ONE} {offered}." in said, said
    kr.refresh_from_db()
    assert kr.score is None


def test_a_weight_and_a_confidence_with_a_comma_after_0_are_refused(world):
    with weights_switched_on(world):
        said = _api_weight(world, "0,5")
    assert f"“0,5” {ONE} 0.5." in said, said
    response = _api_confidence(world, "0,5")
    assert response.status_code == 422
    assert "“0,5”" in field_errors(response)["confidence"]


def test_what_a_comma_offers_is_taken_as_typed(world):
    """The reading offered is one the path takes: typed as offered, it is stored."""
    kr = _grading(world)
    assert GRADE_ROUTES[0](world, kr, "0.7") is None
    kr.refresh_from_db()
    assert kr.score == Decimal("0.7")


def _parse_and_import(world, line: str) -> tuple[list[str], str]:
    """(what /okrtext/parse refuses, what the import refuses) for `line` under an objective."""
    text = f"O1: 测试\n{line}\n"
    body = {"text": text, "cycle_id": world.cycle.pk, "lang": "en"}
    problems = Api(world.alice).post("/okrtext/parse", body).json()["problems"]
    try:
        import_okrs(world.alice, file_name="okrs.md", data=text.encode(), cycle=world.cycle)
    except ImportFailed as refused:
        return [p["message"] for p in problems if p["refused"]], str(refused)
    return [p["message"] for p in problems if p["refused"]], ""


@pytest.mark.parametrize("weights", [False, True])
@pytest.mark.parametrize(
    "line",
    [
        "KR1: 用户 {start=0,5 target=10}",
        "- KR1: 用户 {start=0 target=10 weight=1,5}",
        "KR1: 用户 {start=0 target=10 weight=0,5}",
        "KR1: 用户 {start=0 target=10 confidence=0,5}",
    ],
)
def test_parse_and_import_say_one_sentence_for_a_comma_attribute(world, line, weights):
    """The parse API reads a weight as the services do, with the organization's setting: with
    weights off it offered 1.5 or 15, which the import then refused as weights off."""
    if weights:
        with weights_switched_on(world):
            parsed, imported = _parse_and_import(world, line)
    else:
        parsed, imported = _parse_and_import(world, line)
    assert len(parsed) == 1 and imported.endswith(parsed[0]), (parsed, imported)
    assert not KeyResult.objects.exists()
