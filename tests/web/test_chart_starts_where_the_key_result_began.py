"""The key result chart's line starts where the key result began (issue 9, fresh tester): one
created today with one check-in was drawn flat at 0 % from the cycle's first day, weeks before
anyone measured anything."""

import datetime as dt

import pytest
from django.urls import reverse

from mubiao.okrs import services
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def _chart(client_for, world, kr):
    return client_for(world.alice).get(reverse("key_result", args=[kr.pk])).context["chart"]


def test_a_key_result_created_today_starts_today(world, client_for):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    services.check_in(world.alice, kr, value=40)
    kr.refresh_from_db()
    chart = _chart(client_for, world, kr)
    began = dt.datetime.fromisoformat(chart["from"])
    assert began == kr.created_at
    assert chart["start"] == world.cycle.start_date.isoformat()  # the axis still spans the cycle


def test_a_back_dated_first_value_starts_the_line(world, client_for):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    measured = kr.created_at - dt.timedelta(days=5)
    services.check_in(world.alice, kr, value=10, at=measured)
    assert dt.datetime.fromisoformat(_chart(client_for, world, kr)["from"]) == measured
