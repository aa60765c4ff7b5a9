"""h12d (issue 12, found by a fresh tester): an active custom cycle overlapping the company's
quarter became every page's default cycle (the rule took the one started last), so the web pages,
the API's insights and the dashboards opened on a side project. The stated rule
(selectors.current_cycle, the one function every route asks): of the open cycles containing
today, one under way before one being planned, then a standard cycle (year, half, quarter, two
months, month) before a custom one, then the one started last, then the shorter, then by id."""

from datetime import date

import pytest

from mubiao.okrs import selectors, services
from mubiao.okrs.models import Cycle

pytestmark = pytest.mark.django_db

TODAY = date(2041, 5, 20)
STANDARD = {
    Cycle.Kind.YEAR: (date(2041, 1, 1), date(2041, 12, 31)),
    Cycle.Kind.HALF: (date(2041, 1, 1), date(2041, 6, 30)),
    Cycle.Kind.QUARTER: (date(2041, 4, 1), date(2041, 6, 30)),
    Cycle.Kind.BIMONTH: (date(2041, 5, 1), date(2041, 6, 30)),
    Cycle.Kind.MONTH: (date(2041, 5, 1), date(2041, 5, 31)),
}
# Custom cycles that started after, on the same day as, or before the standard one.
CUSTOM = [(date(2041, 5, 10), date(2041, 5, 25)), (date(2041, 5, 1), date(2041, 5, 21)),
          (date(2040, 12, 1), date(2041, 5, 30))]  # fmt: skip


def _cycle(world, name, kind, span, state=Cycle.State.ACTIVE) -> Cycle:
    return services.create_cycle(world.admin, name=name, kind=kind, state=state,
                                 start_date=span[0], end_date=span[1])  # fmt: skip


@pytest.mark.parametrize("custom", CUSTOM, ids=lambda span: f"custom-from-{span[0]}")
@pytest.mark.parametrize("kind", list(STANDARD))
def test_a_standard_cycle_containing_today_is_the_default_before_a_custom_one(world, kind, custom):
    standard = _cycle(world, "Standard", kind, STANDARD[kind])
    _cycle(world, "Side project", Cycle.Kind.CUSTOM, custom)
    for member in (world.admin, world.alice):
        assert selectors.current_cycle(member, TODAY) == standard


@pytest.mark.parametrize("kind", list(STANDARD))
def test_a_custom_cycle_is_the_default_when_no_standard_one_contains_today(world, kind):
    start, end = STANDARD[kind]
    _cycle(world, "Standard", kind, (start.replace(year=2043), end.replace(year=2043)))
    custom = _cycle(world, "Side project", Cycle.Kind.CUSTOM, CUSTOM[0])
    assert selectors.current_cycle(world.admin, TODAY) == custom


def test_under_way_still_comes_before_planning_and_shorter_standard_before_longer(world):
    year = _cycle(world, "2041", Cycle.Kind.YEAR, STANDARD[Cycle.Kind.YEAR])
    quarter = _cycle(world, "2041 Q2", Cycle.Kind.QUARTER, STANDARD[Cycle.Kind.QUARTER])
    month = _cycle(world, "May", Cycle.Kind.MONTH, STANDARD[Cycle.Kind.MONTH],
                   state=Cycle.State.PLANNING)  # fmt: skip
    assert selectors.current_cycle(world.admin, TODAY) == quarter
    month.state = Cycle.State.ACTIVE
    month.save()
    assert selectors.current_cycle(world.admin, TODAY) == month
    assert year != selectors.current_cycle(world.admin, TODAY)
