"""Issue 9 (h9o): what okrtext now reads is what every import stores. A numeral where a change
states its start (`用户从 三 增长到 五万`) is stored as the digits there are (`从 3 增长到 5万`: 3 →
5 万; it stored no start), and a Chinese year before a count (`到 2026 年的 5 个`) is the key
result's due date as `by 2026` is (it was none), on text, Markdown, CSV, JSON and xlsx."""

import datetime as dt

import pytest

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from tests.api.conftest import Api
from tests.transfer.test_unit_written_once_h9t import ROUTES

pytestmark = pytest.mark.postgres

PAIRS = [
    ("用户从 三 增长到 五万", "用户从 3 增长到 5万"),
    ("门店从两增长到五家", "门店从2增长到5家"),
    ("Grow stores from two to five", "Grow stores from 2 to 5"),
]
YEARS = [
    ("签约客户到 2026 年的 5 个", "Sign 5 customers by 2026"),
    ("客户数从 2025 年的 1 个增长到 2026 年的 5 个", "Grow customers from 1 in 2025 to 5 in 2026"),
]


def _stored(world, route, title):
    data, name = route(world, title)
    import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle, confirmed=True)
    kr = KeyResult.objects.get(objective__cycle=world.cycle, title=title)
    stored = (kr.start_value, kr.target_value, kr.unit, kr.direction, kr.due_date)
    KeyResult.objects.filter(pk=kr.pk).delete()
    return stored


@pytest.mark.parametrize(("numerals", "digits"), PAIRS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.__name__.strip("_"))
def test_numerals_in_a_change_are_stored_as_its_digits(world, route, numerals, digits):
    stored = _stored(world, route, digits)
    assert stored[0] is not None and stored[1] is not None
    assert _stored(world, route, numerals) == stored


@pytest.mark.parametrize(("zh", "en"), YEARS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.__name__.strip("_"))
def test_a_year_before_a_count_is_the_due_date_as_in_english(world, route, zh, en):
    assert world.cycle.start_date <= dt.date(2026, 12, 31) <= world.cycle.end_date
    assert _stored(world, route, zh)[4] == _stored(world, route, en)[4] == dt.date(2026, 12, 31)


@pytest.mark.parametrize("title", [PAIRS[0][0], YEARS[0][0]])
def test_parse_says_what_is_stored(world, title):
    said = Api(world.alice).post(
        "/okrtext/parse", {"text": f"O1: o\nKR1: {title}\n", "cycle_id": world.cycle.pk}
    )
    [kr] = [k for s in said.json()["sections"] for o in s["objectives"] for k in o["key_results"]]
    stored = _stored(world, ROUTES[0], title)
    assert kr["key_result"]["start_value"] == float(stored[0])
    assert kr["key_result"]["target_value"] == float(stored[1])
    assert kr["key_result"]["due_date"] == (stored[4] and stored[4].isoformat())
