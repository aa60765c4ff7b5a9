"""h9p (issue 9): two custom cycles over the same days were accepted silently, where DESIGN §3
says cycles of the same kind never overlap (the check skipped the custom kind): "the current
cycle" and a year-less date in imported text became ambiguous. Every path that writes a cycle
(the services' create and update, POST and PATCH /cycles, the settings form) refuses it on the
start date, naming the cycle it overlaps and its dates, and stores nothing; the year in one step
makes years, halves, quarters, two-month cycles and months only, already checked, and no import
creates a cycle. A year over its quarters stays fine (different kinds)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import Cycle
from tests.api.conftest import Api, field_errors

pytestmark = pytest.mark.django_db

LAUNCH = {"name": "Launch", "kind": "custom", "start_date": date(2040, 3, 1),
          "end_date": date(2040, 5, 31)}  # fmt: skip
SPRINT = {"name": "Sprint", "kind": "custom", "start_date": "2040-05-01",
          "end_date": "2040-06-30"}  # fmt: skip


MESSAGE = "Cycles of the same kind must not overlap: Launch runs from 2040-03-01 to 2040-05-31."


def by_services(world, client_for):
    try:
        services.create_cycle(world.admin, **{**SPRINT, "start_date": date(2040, 5, 1),
                                              "end_date": date(2040, 6, 30)})  # fmt: skip
    except ValidationError as error:
        return error.message_dict


def _later(world) -> Cycle:
    """A custom cycle after Launch, whose start is then moved into it."""
    dates = {"start_date": date(2040, 7, 1), "end_date": date(2040, 8, 31)}
    return services.create_cycle(world.admin, name="Later", kind="custom", **dates)


def by_services_update(world, client_for):
    later = _later(world)
    try:
        services.update_cycle(world.admin, later, start_date=date(2040, 5, 1))
    except ValidationError as error:
        return error.message_dict


def by_api(world, client_for):
    response = Api(world.admin).post("/cycles", SPRINT)
    assert response.status_code == 422, response.content
    return field_errors(response)


def by_api_patch(world, client_for):
    later = _later(world)
    response = Api(world.admin).patch(f"/cycles/{later.pk}", {"start_date": "2040-05-01"})
    assert response.status_code == 422, response.content
    return field_errors(response)


def by_settings_form(world, client_for):
    response = client_for(world.admin).post(reverse("settings_cycles"), SPRINT)
    assert response.status_code == 400
    return response.context["form"].errors


@pytest.mark.parametrize(
    "path", [by_services, by_services_update, by_api, by_api_patch, by_settings_form],
    ids=lambda path: path.__name__,
)  # fmt: skip
def test_overlapping_custom_cycles_are_refused_on_every_path(world, client_for, path):
    services.create_cycle(world.admin, **LAUNCH)
    errors = path(world, client_for)
    assert list(errors) == ["start_date"]
    assert MESSAGE in str(errors["start_date"])
    overlapping = Cycle.objects.filter(start_date__lte=date(2040, 6, 30),
                                       end_date__gte=date(2040, 5, 1))  # fmt: skip
    assert list(overlapping.values_list("name", flat=True)) == ["Launch"]


def test_custom_cycles_side_by_side_are_accepted(world):
    services.create_cycle(world.admin, **LAUNCH)
    services.create_cycle(world.admin, name="Next", kind="custom",
                          start_date=date(2040, 6, 1), end_date=date(2040, 6, 30))  # fmt: skip


def test_a_year_over_its_quarters_and_a_custom_cycle_over_both_are_fine(world):
    """Different kinds may share days."""
    services.create_cycle(world.admin, **LAUNCH)
    services.create_year(world.admin, year=2040, parts=["quarter"])
    assert Cycle.objects.filter(start_date__year=2040).count() == 6


def test_the_refusal_is_in_chinese_too(world):
    services.create_cycle(world.admin, **LAUNCH)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.create_cycle(world.admin, **{**LAUNCH, "name": "冲刺"})
    assert refused.value.message_dict["start_date"] == [
        "同类周期的时间不能重叠：Launch的日期为 2040-03-01 至 2040-05-31。"
    ]


def test_cycles_that_overlapped_before_the_rule_stay_editable(world):
    """hr1: the check ran on every save, so two custom cycles stored before the rule could no
    longer be renamed. It runs when the days or the kind change, as the filing team's does."""
    launch, sprint = (
        Cycle.objects.create(organization=world.org, **fields)
        for fields in (LAUNCH, {**SPRINT, "start_date": date(2040, 5, 1),
                                "end_date": date(2040, 6, 30)})
    )  # fmt: skip
    services.update_cycle(world.admin, sprint, name="Sprint 1")
    assert Cycle.objects.get(pk=sprint.pk).name == "Sprint 1"
    with pytest.raises(ValidationError) as refused:
        services.update_cycle(world.admin, sprint, start_date=date(2040, 5, 15))
    assert MESSAGE in refused.value.message_dict["start_date"]
    assert Cycle.objects.get(pk=sprint.pk).start_date == date(2040, 5, 1)
    # PATCH /cycles writes through the same service.
    response = Api(world.admin).patch(f"/cycles/{launch.pk}", {"name": "Launch 1"})
    assert response.status_code == 200, response.content
    assert Cycle.objects.get(pk=launch.pk).name == "Launch 1"
