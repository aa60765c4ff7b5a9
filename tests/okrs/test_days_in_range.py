"""Days near the calendar's ends (issue 12, fresh tester): 9999-12-31's week would end after
date.max and 0001-01-01's starts before it in UTC, so generating its weekly report answered an
OverflowError 500; a cycle from 0001-01-01 made the worker's day-by-day backfill 740,000 days
long (it crashed). Every path that takes such a day — a weekly report's week and a cycle's
dates, on the page, the API and the service — refuses it beside its field, naming the range
allowed (okrs.rules.FIRST_DAY..LAST_DAY), in both languages, and writes nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mubiao.okrs import services as okrs
from mubiao.okrs.models import Cycle
from mubiao.reports import services
from mubiao.reports.models import WeeklyReport
from tests.api.conftest import Api, field_errors

EXTREMES = ["9999-12-31", "9999-12-27", "9999-01-01", "0001-01-01", "0001-01-02", "1899-12-31"]
RANGE = {"en": "between 1900-01-01 and 9998-12-31", "zh-hans": "1900-01-01 至 9998-12-31"}
NORMAL = {"start_date": "2027-01-01", "end_date": "2027-03-31"}


def _nothing_written():
    assert not WeeklyReport.objects.exists()
    assert not Cycle.objects.filter(name="Edge").exists()


@pytest.mark.parametrize("typed", EXTREMES)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_web_and_api_path_refuses_the_day_naming_the_range(
    world, client_for, typed, language
):
    cycle = {"name": "Edge", "kind": "custom", **NORMAL}
    sends = [
        ("web", "reports", world.alice, {"team": ""}, "week"),
        ("web", "settings_cycles", world.admin, cycle, "start_date"),
        ("web", "settings_cycles", world.admin, cycle, "end_date"),
        ("api", "/reports", world.alice, {}, "week"),
        ("api", "/cycles", world.admin, cycle, "start_date"),
        ("api", "/cycles", world.admin, cycle, "end_date"),
    ]
    for kind, where, member, data, name in sends:
        if kind == "web":
            client = client_for(member)
            client.cookies["django_language"] = language
            response = client.post(reverse(where), {**data, name: typed},
                                   HTTP_ACCEPT_LANGUAGE=language)  # fmt: skip
            # The settings pages answer a refused form with 400, the others with 422.
            assert response.status_code in (400, 422), (where, name)
            message = " ".join(response.context["form"].errors.get(name, []))
        else:
            response = Api(member, **{"accept-language": language}).post(
                where, {**data, name: typed}
            )
            assert response.status_code == 422, (where, name, response.content)
            message = field_errors(response).get(name, "")
        assert RANGE[language] in message, (where, name, message)
    _nothing_written()


@pytest.mark.parametrize("typed", EXTREMES)
def test_the_services_refuse_the_day(world, typed):
    day = date.fromisoformat(typed)
    with pytest.raises(ValidationError) as error:
        services.generate(world.alice, day=day)
    assert RANGE["en"] in error.value.message_dict["week"][0]
    for name in ("start_date", "end_date"):
        dates = {"start_date": date(2027, 1, 1), "end_date": date(2027, 3, 31), name: day}
        with pytest.raises(ValidationError) as error:
            okrs.create_cycle(world.admin, name="Edge", kind="custom", **dates)
        assert RANGE["en"] in error.value.message_dict[name][0]
    with pytest.raises(ValidationError) as error:
        okrs.update_cycle(world.admin, world.cycle, end_date=day)
    assert RANGE["en"] in error.value.message_dict["end_date"][0]
    _nothing_written()


def test_the_ends_of_the_range_are_taken(world):
    report = services.generate(world.alice, day=date(1900, 1, 1))
    assert report.week_start == date(1900, 1, 1)
    last = date(9998, 12, 31)
    cycle = okrs.create_cycle(
        world.admin, name="Edge", kind="custom", start_date=date(9998, 12, 1), end_date=last
    )
    assert cycle.end_date == last
