"""Issue 13 (h13j): an organization can list any e-mail domain in its single sign-on settings
(nobody checks who owns a domain), so its provider, work app and directory must never act on an
account another organization has unless that account accepted this one's invitation itself,
with its own password. The tester's sequence, end to end, through the loopback OIDC provider:
acme claims beta.test, its provider signs in beta's admin."""

import httpx
import pytest
from django.core import mail
from django.test import Client

from mubiao.accounts import services as accounts
from mubiao.orgs.middleware import SSO_SESSION_KEY, current_membership
from mubiao.orgs.models import Membership
from mubiao.sso import services
from tests.conftest import make_world
from tests.sso.conftest import CLIENT_ID, CLIENT_SECRET, verified
from tests.sso.test_oidc import provider_sign_in, to_provider_login

OWN_PASSWORD = "pw-Mubiao-2026"  # tests.conftest.make_member's


@pytest.fixture
def worlds(transactional_db):
    return make_world("acme"), make_world("beta")


@pytest.fixture
def evil_provider(worlds, oidc_provider):
    acme, _beta = worlds
    acme.admin.role = Membership.Role.OWNER
    acme.admin.save()
    # Both domains verified (as if acme controlled beta.test's DNS): even then its provider
    # never acts on beta's accounts.
    return verified(services.save_provider(
        acme.admin, name="EvilIdP", issuer=oidc_provider, client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET, domains="acme.test beta.test", create_members=True,
        require_sso=True, break_glass_id=acme.admin.pk,
    ))  # fmt: skip


@pytest.fixture
def browser(live_server):
    clients = []

    def make(language="en"):
        client = httpx.Client(
            base_url=live_server.url, headers={"Accept-Language": language},
            follow_redirects=True, timeout=30,
        )  # fmt: skip
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def password_session(email):
    client = Client()
    answer = client.post("/accounts/login/", {"username": email, "password": OWN_PASSWORD})
    assert answer.status_code == 302, answer.content.decode()
    return client


def organization_of(client, user):
    """The organization the session's pages and API act in (orgs.middleware)."""
    request = type("Request", (), {"user": user, "session": client.session})()
    membership = current_membership(request)
    return membership and membership.organization.slug


@pytest.mark.parametrize(
    ("language", "refused"),
    [
        ("en", "admin@beta.test is not a member of Acme Inc. Ask an admin of Acme Inc"),
        ("zh-hans", "admin@beta.test 不是Acme Inc的成员"),
    ],
)
def test_a_claimed_domain_does_not_sign_in_another_organizations_owner(
    worlds, evil_provider, browser, language, refused
):
    acme, beta = worlds
    victim = beta.admin.user
    # Just in time: the answer an unknown address gets; nothing written, nothing e-mailed (h13n).
    for _attempt in range(2):
        client = browser(language)
        answer = provider_sign_in(client, to_provider_login(client), "bea")
        assert answer.status_code == 403 and refused in answer.text, answer.text
        assert "domain" not in answer.text.split("<main")[1].lower() and "域" not in answer.text
        assert client.get("/accounts/preferences/").url.path == "/accounts/login/"
    assert not Membership.objects.filter(organization=acme.org, user=victim).exists()
    assert not mail.outbox
    # Beta's admin still signs in to beta with the password.
    session = password_session(victim.email)
    assert organization_of(session, victim) == "beta"


def test_an_account_that_accepted_with_its_password_signs_in_for_that_organization_only(
    worlds, evil_provider, browser
):
    acme, beta = worlds
    victim = beta.admin.user
    invited = accounts.invite_member(acme.admin, email=victim.email, role="admin")
    session = password_session(victim.email)
    path = httpx.URL(accounts.invitation_url(invited.invitation)).path
    assert session.post(path).status_code == 302
    assert not Membership.objects.get(pk=invited.pk).is_pending
    # The password session does not enter acme, which requires its provider; beta's stays.
    assert organization_of(session, victim) == "beta"
    # Acme's provider now signs them in, for acme only; the session cannot touch two-factor.
    client = browser()
    assert provider_sign_in(client, to_provider_login(client), "bea").status_code == 200
    assert client.get("/accounts/two-factor/").status_code == 403
    sso_session = Client()
    sso_session.cookies["sessionid"] = client.cookies["sessionid"]
    assert sso_session.session[SSO_SESSION_KEY] == acme.org.pk
    assert organization_of(sso_session, victim) == "acme"
