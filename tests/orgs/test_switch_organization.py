"""Issue 13 (h13t): a person in two organizations reaches both with one password. The header's
organization menu lists their active memberships; choosing one (POST, CSRF) makes the session
use it, and every page then shows only its data; an organization they are not an active member
of is not found. Accepting an invitation to a second organization while signed in enters it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from mubiao.accounts import services as people
from mubiao.orgs.models import Membership
from tests.conftest import make_objective, make_world

pytestmark = pytest.mark.django_db
SWITCH = reverse("switch_organization")


@pytest.fixture
def both(world, other_world):
    """Alice of Acme is also a member of Other; each organization has an objective."""
    Membership.objects.create(organization=other_world.org, user=world.alice.user)
    make_objective(world.admin, world.cycle, "Acme-only objective", owner_type="organization")
    make_objective(other_world.admin, other_world.cycle, "Other-only objective")
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice.user)
    return client


def csrf(client) -> str:
    page = client.get(reverse("home")).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def search(client, words) -> str:
    return client.get(reverse("search"), {"q": words}).content.decode()


def test_the_menu_lists_both_and_switching_shows_only_the_chosen_organization(
    both, world, other_world
):
    home = both.get(reverse("home")).content.decode()
    assert f'name="organization" value="{other_world.org.pk}"' in home
    assert f'name="organization" value="{world.org.pk}"' in home
    assert "Acme-only objective" in search(both, "objective")
    assert "Other-only objective" not in search(both, "objective")

    token = csrf(both)
    answer = both.post(SWITCH, {"organization": other_world.org.pk, "csrfmiddlewaretoken": token})
    assert answer.status_code == 302
    found = search(both, "objective")
    assert "Other-only objective" in found and "Acme-only objective" not in found
    assert other_world.org.name in both.get(reverse("home")).content.decode()

    both.post(SWITCH, {"organization": world.org.pk, "csrfmiddlewaretoken": token})
    assert "Acme-only objective" in search(both, "objective")


def test_no_switch_without_the_csrf_token(both, other_world):
    assert both.post(SWITCH, {"organization": other_world.org.pk}).status_code == 403
    assert "Other-only objective" not in search(both, "objective")


@pytest.mark.parametrize(
    "where", ["stranger", "deactivated", "pending", "nonsense", "missing", "huge"]
)
def test_no_switch_to_an_organization_one_is_not_an_active_member_of(both, world, where):
    third = make_world("third")
    target = {"stranger": third.org.pk, "nonsense": "x", "missing": 999999, "huge": 10**30}.get(
        where, ""
    )
    if where == "deactivated":
        target = third.org.pk
        Membership.objects.create(organization=third.org, user=world.alice.user, is_active=False)
    if where == "pending":  # invited, not accepted: entered by accepting, not by choosing
        target = third.org.pk
        people.invite_member(third.admin, email=world.alice.user.email)
    token = csrf(both)
    answer = both.post(SWITCH, {"organization": target, "csrfmiddlewaretoken": token})
    assert answer.status_code == 404
    assert "Acme-only objective" in search(both, "objective")
    # The switcher's own button, not any value="…": another row's id may equal the organization's.
    home = both.get(reverse("home")).content.decode()
    assert f'name="organization" value="{third.org.pk}"' not in home
    assert third.org.name not in home


def test_accepting_an_invitation_while_signed_in_enters_that_organization(world):
    elsewhere = make_world("beta")
    people.invite_member(elsewhere.admin, email=world.alice.user.email)
    make_objective(elsewhere.admin, elsewhere.cycle, "Beta-only objective")
    from django.core import mail

    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    alice = Client()
    alice.force_login(world.alice.user)
    path = "/" + link.split("/", 3)[3]
    assert alice.post(path).status_code == 302
    assert "Beta-only objective" in search(alice, "objective")
