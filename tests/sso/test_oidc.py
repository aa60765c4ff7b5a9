"""Single sign-on through a real OpenID Connect provider on loopback (django-oauth-toolkit in
its own process), driven over HTTP against the live server: discovery, authorization code with
PKCE, RS256 ID token, the e-mail claim mapped to a member, and every way it can go wrong."""

import re

import httpx
import pytest

from mubiao import vault
from mubiao.accounts.models import User
from mubiao.okrs.models import Activity
from mubiao.orgs.models import Membership
from mubiao.sso import services
from mubiao.sso.models import SECRET_PURPOSE, IdentityProvider
from tests.conftest import make_world
from tests.sso.conftest import CLIENT_ID, CLIENT_SECRET, PASSWORD, free_port, verified


@pytest.fixture
def acme(transactional_db):
    return make_world("acme")


@pytest.fixture
def provider(acme, oidc_provider):
    return verified(
        services.save_provider(
            acme.admin,
            name="Keycloak",
            issuer=oidc_provider,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            domains="acme.test",
        )
    )


@pytest.fixture
def browser(live_server):
    clients = []

    def make(language="en"):
        client = httpx.Client(
            base_url=live_server.url,
            headers={"Accept-Language": language},
            follow_redirects=True,
            timeout=30,
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def to_provider_login(client: httpx.Client, start: str = "/sso/acme/") -> httpx.Response:
    page = client.get(start)
    assert "Identity provider" in page.text, page.text
    return page


def provider_sign_in(client, page, username):
    """Type the username and password into the provider's own sign-in form."""
    next_url = re.search(r"name=next value='([^']+)'", page.text).group(1)
    return client.post(
        page.url,
        data={"username": username, "password": PASSWORD, "next": next_url.replace("&amp;", "&")},
    )


def test_a_member_signs_in_through_the_provider(provider, browser):
    client = browser()
    # From the sign-in page's box: the e-mail domain leads to acme's provider's button.
    found = client.get("/sso/?who=Alice@ACME.test&next=/company")
    assert found.url.path == "/accounts/login/" and "Sign in with Keycloak" in found.text
    button = re.search(r'href="(/sso/acme/[^"]*)"', found.text).group(1).replace("&amp;", "&")
    page = to_provider_login(client, button)
    authorize = httpx.URL(str(page.url)).params["next"]
    # Authorization code flow with PKCE (S256) and a nonce, as the provider was asked.
    assert "code_challenge_method=S256" in authorize and "nonce=" in authorize
    assert "scope=openid+email+profile" in authorize
    home = provider_sign_in(client, page, "alice")
    assert home.status_code == 200
    assert home.url.path == "/company"
    me = client.get("/accounts/preferences/")
    assert "alice@acme.test" in me.text


def test_the_sign_in_page_offers_the_organizations_provider(provider, browser):
    client = browser()
    page = client.get("/accounts/login/?organization=acme")
    assert "Sign in with Keycloak" in page.text
    page = client.get("/accounts/login/?organization=nobody")
    assert "Sign in with" not in page.text


def test_a_domain_without_single_sign_on_is_pointed_out(provider, browser):
    page = browser().get("/sso/?who=someone@elsewhere.test")
    assert page.url.path == "/accounts/login/"
    assert "No organization signs in “someone@elsewhere.test” through single sign-on" in page.text


def test_someone_who_is_not_a_member_is_refused_in_their_language(provider, browser):
    client = browser("zh-hans")
    answer = provider_sign_in(client, to_provider_login(client), "newbie")
    assert answer.status_code == 403
    assert "newbie@acme.test 不是Acme Inc的成员" in answer.text, answer.text
    assert not User.objects.filter(email="newbie@acme.test").exists()


def test_just_in_time_membership_adds_them_as_members(provider, browser):
    provider.create_members = True
    provider.save()
    client = browser()
    answer = provider_sign_in(client, to_provider_login(client), "newbie")
    assert answer.status_code == 200
    member = Membership.objects.get(
        organization=provider.organization, user__email="newbie@acme.test"
    )
    assert member.role == Membership.Role.MEMBER and member.is_active
    assert not member.user.has_usable_password()
    assert Activity.objects.filter(verb="member.joined", target_id=member.pk).exists()


def test_a_departed_member_is_refused(provider, acme, browser):
    acme.alice.is_active = False
    acme.alice.save()
    client = browser()
    answer = provider_sign_in(client, to_provider_login(client), "alice")
    assert answer.status_code == 403
    assert "alice@acme.test is no longer a member of Acme Inc" in answer.text


def test_a_missing_email_claim_is_explained(provider, browser):
    client = browser()
    answer = provider_sign_in(client, to_provider_login(client), "ghost")
    assert answer.status_code == 403
    assert "Keycloak did not tell us your e-mail address" in answer.text


def test_a_replayed_code_and_a_forged_state_are_refused(provider, browser, live_server):
    client = browser()
    page = to_provider_login(client)
    client.follow_redirects = False
    next_url = re.search(r"name=next value='([^']+)'", page.text).group(1).replace("&amp;", "&")
    answer = client.post(
        page.url, data={"username": "alice", "password": PASSWORD, "next": next_url}
    )
    authorize = page.url.join(answer.headers["location"])  # on the provider
    callback = client.get(authorize).headers["location"]
    assert callback.startswith(f"{live_server.url}/sso/acme/callback?code=")
    assert client.get(callback).status_code == 302  # signed in
    again = client.get(callback)  # the same code and state a second time
    assert again.status_code == 400
    assert "has expired or was used already" in again.text
    other = browser()
    forged = other.get(callback)  # a code and state that this browser never asked for
    assert forged.status_code == 400
    assert "has expired or was used already" in forged.text


def test_a_provider_that_is_down_is_explained(acme, browser):
    provider = IdentityProvider.objects.create(
        organization=acme.org, name="Okta", issuer=f"http://127.0.0.1:{free_port()}/o",
        client_id="x", client_secret=vault.encrypt("x", purpose=SECRET_PURPOSE),
    )  # fmt: skip
    answer = browser("zh-hans").get("/sso/acme/")
    assert answer.status_code == 502
    assert (
        f"无法连接Okta（{provider.issuer}/.well-known/openid-configuration）。请几分钟后再试"
        in (answer.text)
    )
    # A secret stored under another SECRET_KEY cannot be read: the admin must type it again.
    provider.client_secret = "gAAAAA-not-readable"
    provider.save()
    answer = browser().get("/sso/acme/")
    assert answer.status_code == 502
    assert "an admin must enter the client secret again" in answer.text


def test_a_discovery_document_that_lost_an_endpoint_is_explained_not_a_500(db, monkeypatch):
    from authlib.integrations.django_client import DjangoOAuth2App
    from django.test import Client

    acme = make_world("acme")
    IdentityProvider.objects.create(
        organization=acme.org, name="Okta", issuer="https://idp.test",
        client_id="x", client_secret=vault.encrypt("x", purpose=SECRET_PURPOSE),
    )  # fmt: skip
    document = {"issuer": "https://idp.test", "authorization_endpoint": "https://idp.test/a"}
    monkeypatch.setattr(DjangoOAuth2App, "load_server_metadata", lambda self: document)
    answer = Client().get("/sso/acme/")
    assert answer.status_code == 502
    assert "has no “token_endpoint”" in answer.content.decode()


def test_a_sign_in_cancelled_at_the_provider_says_so(provider, browser):
    """issue 13, probe13: error=access_denied from the provider answered 502."""
    client = browser("zh-hans")
    to_provider_login(client)
    answer = client.get("/sso/acme/callback?error=access_denied&state=x")
    assert answer.status_code == 200 and "已在Keycloak取消登录" in answer.text, answer.text
