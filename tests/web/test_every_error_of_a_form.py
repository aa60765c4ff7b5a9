"""A form with several problems names them all at once, each beside its field (issue 9: errors
were shown one at a time): the objective's and every key result's, the form's own checks and
the services', on a new objective. A person fixes the form in one go."""

import html

import pytest
from django.urls import reverse

from mubiao.okrs.models import Objective
from tests.web.test_writing import form_data

pytestmark = pytest.mark.django_db


def _shown(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def _rows(due_outside):
    return [
        # The services' refusals: a target below the start of an increase, a due date outside
        # the cycle.
        {"title": "Sign clients", "direction": "increase", "start_value": "50",
         "target_value": "10", "due_date": due_outside},  # an increase chosen (h9b2)
        {"title": "Ship docs", "direction": "decrease", "start_value": "5",
         "target_value": "8"},
    ]  # fmt: skip


def test_a_new_objective_names_every_refusal_of_every_key_result(client_for, world):
    outside = (world.cycle.end_date.replace(year=world.cycle.end_date.year + 1)).isoformat()
    data = form_data(owner=f"person:{world.alice.pk}", krs=_rows(outside))
    page = _shown(client_for(world.alice).post(reverse("objective_create"), data))
    assert "the target must not be below the start value" in page
    assert "the target must not be above the start value" in page
    assert "The due date must fall within the cycle" in page
    assert not Objective.objects.filter(title=data["title"]).exists()


def test_the_objective_form_and_the_key_result_forms_are_checked_together(client_for, world):
    # The objective's title is missing and a key result's target cannot be read: both said.
    data = form_data(
        title="", owner=f"person:{world.alice.pk}",
        krs=[{"title": "Latency", "direction": "decrease", "start_value": "8",
              "target_value": "4,5"}],
    )  # fmt: skip
    page = _shown(client_for(world.alice).post(reverse("objective_create"), data))
    assert "This field is required." in page
    # The one comma message, whatever the key result (it offered 4.5 alone: 45 was no decrease
    # from 8; probe 27).
    assert "“4,5” is ambiguous: write 4.5 (a decimal) or 4500 / 4,500 (thousands)." in page
