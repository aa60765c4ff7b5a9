"""A pending invitation and the session: someone an admin invited (an import, a sync, the
form) who belongs to no other organization signs in through the provider and gets in, which
accepts their invitation (issue 13, probe13: they stayed "invited", and withdrawing the
invitation then cut a working member's session); a password session never uses an
organization where the account only has a pending invitation, even when the session names
it."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from mubiao.accounts import services as accounts
from mubiao.accounts.models import Invitation
from mubiao.okrs.models import Activity
from mubiao.orgs.middleware import SESSION_KEY
from mubiao.orgs.models import Membership
from mubiao.sso import services
from tests.conftest import make_world
from tests.sso.conftest import CLIENT_ID, CLIENT_SECRET, verified
from tests.sso.test_foreign_accounts import browser, organization_of, password_session
from tests.sso.test_oidc import provider_sign_in, to_provider_login

__all__ = ["browser"]  # the fixture


@pytest.fixture
def worlds(transactional_db):
    return make_world("acme"), make_world("beta")


@pytest.fixture
def provider(worlds, oidc_provider):
    return verified(services.save_provider(
        worlds[0].admin, name="Keycloak", issuer=oidc_provider, client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET, domains="acme.test",
    ))  # fmt: skip


def test_an_invited_member_signs_in_through_the_provider(worlds, provider, browser, client_for):
    acme, _beta = worlds
    invited = accounts.invite_member(acme.admin, email="newbie@acme.test", role="member")
    assert invited.is_pending and not invited.user.has_usable_password()
    client = browser()
    answer = provider_sign_in(client, to_provider_login(client), "newbie")
    assert answer.status_code == 200 and answer.url.path != "/accounts/login/", answer.text
    assert client.get("/accounts/preferences/").url.path == "/accounts/preferences/"
    session = Client()
    session.cookies["sessionid"] = client.cookies["sessionid"]
    assert organization_of(session, invited.user) == "acme"
    joined = Membership.objects.select_related("invitation").get(pk=invited.pk)
    assert not joined.is_pending and joined.invitation.accepted_at is not None
    assert Activity.objects.filter(verb="member.joined", data__via="sso").count() == 1
    page = client_for(acme.admin).get("/settings/people").content.decode()
    row = next(row for row in page.split("<tr>") if "newbie@acme.test" in row)
    assert "invite-state" not in row and "/invitation/revoke" not in row
    again = browser()
    provider_sign_in(again, to_provider_login(again), "newbie")  # a second sign-in
    assert Activity.objects.filter(verb="member.joined").count() == 1


def test_a_password_session_never_uses_an_organization_it_was_only_invited_to(worlds):
    acme, beta = worlds
    person = beta.admin.user
    invited = accounts.invite_member(acme.admin, email=person.email, role="admin")
    assert Membership.objects.get(pk=invited.pk).is_pending
    session = password_session(person.email)
    stored = session.session
    stored[SESSION_KEY] = acme.org.pk
    stored.save()
    assert organization_of(session, person) == "beta"
    assert "Acme" not in session.get("/").content.decode().split("<main")[-1]


def test_an_expired_invitation_refuses_the_sign_in_as_its_link_does(worlds, provider, browser):
    """Review (rvn): a sign-in through the provider accepted an invitation that had expired.
    It is refused as the invitation's link is (410, the same sentence), nobody is signed in,
    and the invitation stays expired for an admin to send again."""
    acme, _beta = worlds
    invited = accounts.invite_member(acme.admin, email="newbie@acme.test", role="member")
    Invitation.objects.filter(membership=invited).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client = browser()
    answer = provider_sign_in(client, to_provider_login(client), "newbie")
    assert answer.status_code == 410
    assert "This invitation has expired. Ask for a new one." in answer.text
    assert client.get("/accounts/preferences/").url.path != "/accounts/preferences/"
    assert Invitation.objects.get(membership=invited).state == Invitation.State.EXPIRED
    assert not Activity.objects.filter(verb="member.joined").exists()
