"""A week near the calendar's ends (issue 12, fresh tester): 9999-12-31's week would end
after date.max and 0001-01-01's starts before it in UTC, so generating its report answered an
OverflowError 500. Every path that takes a report's week — the page, the API, the service —
refuses it beside `week`, naming the range allowed, and writes nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mubiao.reports import services
from mubiao.reports.models import WeeklyReport
from tests.api.conftest import Api, field_errors

EXTREMES = ["9999-12-31", "9999-12-27", "0001-01-01", "0001-01-02"]
RANGE = "between 1900-01-01 and 9998-12-31"


@pytest.mark.parametrize("typed", EXTREMES)
def test_the_page_refuses_the_week_naming_the_range(world, client_for, typed):
    response = client_for(world.alice).post("/reports/", {"team": "", "week": typed})
    assert response.status_code == 422
    assert RANGE in response.text
    assert not WeeklyReport.objects.exists()


@pytest.mark.parametrize("typed", EXTREMES)
def test_the_api_refuses_the_week_naming_the_range(world, typed):
    response = Api(world.alice).post("/reports", {"week": typed})
    assert response.status_code == 422, response.content
    assert RANGE in field_errors(response)["week"]
    assert not WeeklyReport.objects.exists()


@pytest.mark.parametrize("typed", EXTREMES)
def test_the_service_refuses_the_week_in_both_languages(world, typed):
    for language, words in (("en", RANGE), ("zh-hans", "1900-01-01 至 9998-12-31")):
        with translation.override(language), pytest.raises(ValidationError) as error:
            services.generate(world.alice, day=date.fromisoformat(typed))
        assert words in error.value.message_dict["week"][0]
    assert not WeeklyReport.objects.exists()
