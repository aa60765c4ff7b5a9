"""A key result typed as a change with no start ("用户留存率提升20%") asks for the start, also
when a target is typed beside it: saved as 0 → 20 it would read an increase by 20 % as a level
of 20 reached from nothing (h10b)."""

import re

import pytest

from mubiao.okrs.models import Objective
from tests.web.test_reading_in_writing import _post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "kr",
    [
        {"title": "用户留存率提升20%", "target_value": "20", "start_value": ""},
        {"title": "Increase retention by 20%", "target_value": "20", "start_value": "",
         "metric_type": "percent"},
        {"title": "成本降低到 5 万元", "target_value": "50000", "start_value": ""},
    ],
)  # fmt: skip
def test_the_start_is_asked_for_when_only_a_target_is_typed(client_for, world, kr):
    response = _post(client_for(world.alice), world, kr)
    assert response.status_code == 200 and not Objective.objects.exists()
    assert re.search(
        r"(?:needs a starting value|no start value): write where it", (response.content.decode())
    )


def test_a_start_typed_beside_it_is_the_persons(client_for, world):
    kr = {"title": "用户留存率提升20%", "start_value": "40", "target_value": "48",
          "metric_type": "percent"}  # fmt: skip
    assert _post(client_for(world.alice), world, kr).status_code == 302
