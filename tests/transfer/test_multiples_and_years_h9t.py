"""Issue 9 (brief h9t, item 3): `日活提升到 2026 年的两倍` ("twice the 2026 value") was held back
with "a change by 2 x needs a starting value … (for example “up 2 x from X”)": a multiple of a
value is no change by an amount, and `2 x` no number anyone writes. A multiple whose base is not
written is held back saying, in words, that the value it multiplies is wanted, with an example
of a start and a level. `到 2027 年` ("by 2027") is the end of 2027 (okrtext, tests/okrtext/
test_period_ends_of_a_written_year.py): in a cycle that ends earlier it is a date of the title's
prose outside the cycle, said and left out as every such date is
(test_due_dates_outside_the_cycle_h9t)."""

import pytest
from django.utils import translation

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from tests.transfer.test_unit_written_once_h9t import ROUTES

pytestmark = pytest.mark.postgres

MULTIPLES = ["日活提升到 2026 年的两倍", "日活提升到去年的两倍", "收入翻倍", "Double DAU vs 2026"]
SAID = {
    "en": "a multiple of a value (×2) needs a starting value: write where it starts and the "
    "level to reach (for example “from 50,000 to 100,000”).",
    "zh-hans": "倍数（×2）需要起始值：请写明从多少开始和要达到的值（例如“从 5 万提升到 10 万”）。",
}


@pytest.mark.parametrize("language", list(SAID))
@pytest.mark.parametrize("title", MULTIPLES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.__name__.strip("_"))
def test_a_multiple_of_an_unwritten_value_is_held_saying_so(world, route, title, language):
    data, name = route(world, title)
    with translation.override(language):
        # A JSON item is held as a line or a row is (it was refused: h9v).
        result = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle)
        (held,) = [problem for problem in result.problems if title in problem]
    assert SAID[language] in held and "2 x" not in held
    assert not KeyResult.objects.exists()


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.__name__.strip("_"))
def test_by_a_year_after_the_cycle_is_said_and_left_out(world, route):
    title = "到 2027 年日活达到 100 万"
    data, name = route(world, title)
    result = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle)
    assert [p for p in result.problems if "(2027-12-31) lies outside the cycle" in p]
    kr = KeyResult.objects.get()
    assert (kr.title, kr.due_date, kr.target_value, kr.unit) == (title, None, 100, "万")
