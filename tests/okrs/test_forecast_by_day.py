"""The due-date forecast is fitted over the latest value of each day, by the time it was
measured (issue 9, fresh tester): a typo corrected a minute later drove the line fitted over
every raw check-in to 10,842 people while the current value was 120. Every consumer (the key
result page, insights' at-risk list and its API) reads the same forecast."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from mubiao.okrs import rules, selectors, services
from mubiao.orgs.rules import today_for
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db


def _typo_corrected(world):
    """A key result of 10,000 people checked in at 100 and 110 on two days, then 12,000 typed
    by mistake and corrected to 120 a minute later."""
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Grow the community",
        key_results=[{"title": "Members", "start_value": 0, "target_value": 10000, "unit": "人"}],
    )  # fmt: skip
    kr = objective.key_results.get()
    zone = ZoneInfo(world.org.time_zone)
    today = today_for(world.org)

    def at(days_ago, hour, minute=0):
        return dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour, minute), zone)

    for when, value in [
        (at(3, 10), 100), (at(2, 10), 110), (at(1, 10), 12000), (at(1, 10, 1), 120),
    ]:  # fmt: skip
        services.check_in(world.alice, kr, value=value, at=when)
    kr.refresh_from_db()
    due = dt.datetime.combine(world.cycle.end_date, dt.time.min, zone)
    expected = rules.forecast([(at(3, 10), 100), (at(2, 10), 110), (at(1, 10, 1), 120)], due)
    return objective, kr, expected


def test_the_latest_value_of_each_day_makes_the_trend(world):
    _objective, kr, expected = _typo_corrected(world)
    assert kr.current_value == 120
    selectors.add_forecasts(world.org, [kr])
    assert kr.forecast_value == expected
    assert kr.forecast_value < 1000  # about 10 a day from 120, not thousands


def test_every_consumer_shows_the_same_forecast(world, client_for):
    objective, kr, expected = _typo_corrected(world)
    progress = selectors.progress_at(kr, expected)
    page = client_for(world.alice).get(reverse("key_result", args=[kr.pk]))
    assert page.context["forecast"] == {"value": expected, "progress": progress}
    body = Api(world.alice).get("/dashboards/company", {"cycle_id": world.cycle.pk}).json()
    listed = {row["id"]: row for row in body["at_risk"]}
    assert listed[objective.pk]["forecast"] == round(float(progress), 4)


@pytest.mark.parametrize(
    "points",
    [
        [],
        [("2026-03-02T10:00", 5)],
        [("2026-03-02T10:00", 5), ("2026-03-02T18:00", 9)],  # one day
        [("2026-03-02T23:59", 5), ("2026-03-03T00:01", 9)],  # two days, minutes apart
    ],
)
def test_no_trend_without_two_days_a_day_apart(points):
    zone = ZoneInfo("Asia/Shanghai")
    history = [(dt.datetime.fromisoformat(w).replace(tzinfo=zone), Decimal(v)) for w, v in points]
    due = dt.datetime(2026, 3, 31, tzinfo=zone)
    assert rules.forecast_by_day(history, due, zone) is None
