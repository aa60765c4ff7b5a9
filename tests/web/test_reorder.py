"""Reordering objectives on My OKRs: up/down buttons through okrs.services.reorder_objectives."""

import pytest
from django.urls import reverse

from mubiao.okrs.models import Objective
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def titles(member, cycle):
    qs = Objective.objects.filter(owner_member=member, cycle=cycle).order_by("position", "id")
    return list(qs.values_list("title", flat=True))


def move(client, objective, direction):
    return client.post(reverse("objective_move", args=[objective.pk]), {"direction": direction})


def test_move_up_and_down(client_for, world):
    a, b, c = (make_objective(world.alice, world.cycle, t) for t in "ABC")
    client = client_for(world.alice)
    response = move(client, c, "up")
    assert response.status_code == 302
    assert response["Location"] == f"/?cycle={world.cycle.pk}#objective-{c.pk}"
    assert titles(world.alice, world.cycle) == ["A", "C", "B"]
    move(client, a, "down")
    assert titles(world.alice, world.cycle) == ["C", "A", "B"]
    move(client, c, "up")  # already first: nothing changes
    move(client, b, "down")  # already last
    assert titles(world.alice, world.cycle) == ["C", "A", "B"]
    home = client.get(reverse("home"))
    assert [o.title for o in home.context["objectives"]] == ["C", "A", "B"]
    first, _middle, last = home.context["objectives"]
    assert not first.can_move_up and first.can_move_down
    assert last.can_move_up and not last.can_move_down
    assert f'action="{reverse("objective_move", args=[a.pk])}"' in home.content.decode()


def test_only_the_owner_moves_their_objectives(client_for, world):
    a, b = (make_objective(world.alice, world.cycle, t) for t in "AB")
    assert move(client_for(world.bob), b, "up").status_code == 404
    # Her manager may edit it, but My OKRs' order is the owner's own.
    assert move(client_for(world.lead), b, "up").status_code == 404
    assert titles(world.alice, world.cycle) == ["A", "B"]
    assert client_for(world.alice).get(reverse("objective_move", args=[a.pk])).status_code == 405


def test_next_keeps_the_page(client_for, world):
    _a, b = (make_objective(world.alice, world.cycle, t) for t in "AB")
    response = client_for(world.alice).post(
        reverse("objective_move", args=[b.pk]), {"direction": "up", "next": "/?page=1"}
    )
    assert response["Location"] == f"/?page=1#objective-{b.pk}"
    assert titles(world.alice, world.cycle) == ["B", "A"]
