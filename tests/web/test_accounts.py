"""Sign-in helpers: password reset by email, invitations, preferences and the language switch."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from mubiao.accounts import services as people
from mubiao.accounts.models import User
from mubiao.orgs.models import Membership
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_password_reset_by_email(client, world):
    response = client.post(reverse("password_reset"), {"email": "alice@acme.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    path = link_in(mail.outbox[0]).split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "A-new-secret-2026", "new_password2": "A-new-secret-2026"},
    )
    assert response.status_code == 302
    assert client.login(
        request=HttpRequest(), username="alice@acme.test", password="A-new-secret-2026"
    )


def test_invitation_sets_a_password_and_signs_in(client, client_for, world):
    admin = client_for(world.admin)
    response = admin.post(
        reverse("settings_people"),
        {"email": "new@acme.test", "name": "Nina New", "role": "member", "title": "",
         "manager": "lead@acme.test", "teams": [world.product.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    member = Membership.objects.get(user__email="new@acme.test")
    assert member.manager == world.lead
    assert list(member.teams.all()) == [world.product]
    assert not member.user.has_usable_password()
    path = urlsplit(link_in(mail.outbox[-1])).path
    assert client.get(path).status_code == 200
    response = client.post(path, {"name": "Nina", "password1": "Ok-2026-passw", "password2":
                                  "Ok-2026-passw"})  # fmt: skip
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    # the link works once
    assert "already been used" in client.get(path).content.decode()


def test_forged_invitation(client, world):
    people.invite_member(world.admin, email="x@acme.test")
    path = urlsplit(link_in(mail.outbox[-1])).path
    forged = client.get(path[:-2] + "x/")
    assert forged.status_code == 410
    assert "not valid" in forged.content.decode()


def test_invite_errors_show_beside_fields(client_for, world):
    response = client_for(world.admin).post(
        reverse("settings_people"), {"email": "alice@acme.test", "role": "member"}
    )
    assert response.status_code == 400
    assert "This person is already a member." in response.content.decode()


def test_preferences_change_language_and_time_zone(client_for, world):
    client = client_for(world.alice)
    response = client.post(
        reverse("preferences"),
        {"name": "Alice", "language": "zh-hans", "timezone": "Asia/Shanghai"},
    )
    assert response.status_code == 302
    user = User.objects.get(pk=world.alice.user.pk)
    assert (user.language, user.timezone) == ("zh-hans", "Asia/Shanghai")
    assert "偏好设置" in client.get(reverse("preferences")).content.decode()


def test_language_switch_remembers_the_choice(client_for, world):
    client = client_for(world.alice)
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/company"})
    assert response["Location"] == "/company"
    assert User.objects.get(pk=world.alice.user.pk).language == "zh-hans"
    assert "公司" in client.get(reverse("company")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "https://evil.test/"})
    assert "Company" in client.get(reverse("company")).content.decode()


def test_dates_follow_the_language(client_for, world):
    client = client_for(world.alice)
    client.post(reverse("set_language"), {"language": "zh-hans"})
    end = world.cycle.end_date
    assert f"{end.year}年{end.month}月{end.day}日" in client.get(reverse("home")).content.decode()


def test_admin_manages_teams_and_people(client_for, world):
    client = client_for(world.admin)
    response = client.post(
        reverse("settings_teams"),
        {"name": "Growth", "parent": world.product.pk, "leads": "bob@acme.test"},
    )
    assert response.status_code == 302
    growth = world.org.teams.get(name="Growth")
    assert growth.parent == world.product
    assert growth.team_members.get(is_lead=True).membership == world.bob
    # a team cannot move under its own sub-team
    response = client.post(
        reverse("settings_team", args=[world.product.pk]),
        {"name": world.product.name, "parent": growth.pk, "leads": ""},
    )
    assert "cannot sit inside itself" in response.content.decode()
    url = reverse("settings_member", args=[world.bob.pk])
    loaded = {k: v for k, v in load(client, url, "panel").items() if k != "is_active"}
    response = client.post(
        url,
        {
            **loaded,
            "role": "admin",
            "title": "Writer",
            "manager": "",
            "teams": [growth.pk],
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    world.bob.refresh_from_db()
    assert (world.bob.role, world.bob.is_active, world.bob.manager) == ("admin", False, None)


def test_admin_runs_cycles(client_for, world):
    client = client_for(world.admin)
    response = client.post(
        reverse("settings_cycles"),
        {
            "name": "2031 Q1",
            "kind": "quarter",
            "start_date": "2031-01-01",
            "end_date": "2031-03-31",
        },
    )
    assert response.status_code == 302
    cycle = world.org.cycles.get(name="2031 Q1")
    client.post(reverse("settings_cycle_state", args=[cycle.pk]), {"state": "active"})
    cycle.refresh_from_db()
    assert cycle.state == "active"
    response = client.post(reverse("settings_cycle_state", args=[cycle.pk]), {"state": "closed"})
    assert response.status_code == 400
    overlapping = client.post(
        reverse("settings_cycles"),
        {"name": "again", "kind": "quarter", "start_date": "2031-02-01", "end_date": "2031-04-30"},
    )
    assert "must not overlap" in overlapping.content.decode()


def test_password_sign_in_takes_the_address_in_any_letter_case(world):
    """Issue 13 C1: addresses are case-insensitive (stored in lower case)."""
    client = Client()
    typed = "  " + world.alice.user.email.upper() + " "
    answer = client.post("/accounts/login/", {"username": typed, "password": "pw-Mubiao-2026"})
    assert answer.status_code == 302 and client.session["_auth_user_id"] == str(world.alice.user_id)
