"""Confidence figures from confidences nobody gave are none, never 0 (issue 9): null in, null
out, on the dashboards' page and API."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mubiao.okrs import services
from tests.api.conftest import Api
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("before", "now", "confidence", "drop"),
    [
        (None, None, None, None),  # never given
        (None, 6, 6.0, None),  # given now only: nothing to compare with
        (8, None, 8.0, 0.0),  # not given again: the one of a week ago is still the latest
        (8, 5, 5.0, 3.0),  # fell
        (5, 8, 8.0, 0.0),  # rose: no drop
    ],
)
def test_an_objectives_confidence_figures(world, client_for, before, now, confidence, drop):
    objective = make_objective(world.alice, world.cycle, "Behind")
    kr = objective.key_results.get()
    ten_days_ago = timezone.now() - dt.timedelta(days=10)
    services.check_in(world.alice, kr, value=1, confidence=before, at=ten_days_ago)
    services.check_in(world.alice, kr, value=1, confidence=now)
    objective.refresh_from_db()
    assert objective.status in ("at_risk", "off_track")
    body = Api(world.admin).get("/dashboards/company").json()
    (row,) = [o for o in body["at_risk"] if o["id"] == objective.pk]
    assert (row["confidence"], row["confidence_drop"]) == (confidence, drop)
    page = client_for(world.admin).get(reverse("company"))
    (listed,) = [o for o in page.context["at_risk"] if o.pk == objective.pk]
    assert listed.confidence_drop == drop
    assert "down 0.0" not in page.content.decode()
