"""An organization that requires single sign-on: its members' password sign-in is refused and
points to the provider; the break-glass owner, other organizations' people and API tokens are
unaffected."""

import pytest
from django.test import Client

from mubiao import vault
from mubiao.sso.models import SECRET_PURPOSE, IdentityProvider
from tests.api.conftest import Api
from tests.conftest import make_member
from tests.sso.conftest import claim

PASSWORD = "pw-Mubiao-2026"


@pytest.fixture
def owner(world):
    return make_member(world.org, "owner@acme.test", "Olivia Owner", role="owner")


@pytest.fixture
def required(world, owner):
    IdentityProvider.objects.create(
        organization=world.org, name="Keycloak", issuer="https://id.acme.test/realms/acme",
        client_id="mubiao", client_secret=vault.encrypt("s", purpose=SECRET_PURPOSE),
        require_sso=True,
        break_glass=owner,
    )  # fmt: skip
    return claim(world.org, "acme.test")


def sign_in(email, password=PASSWORD, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    answer = client.post("/accounts/login/", {"username": email, "password": password})
    return client, answer


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_members_password_sign_in_is_refused_and_points_to_the_provider(world, required):
    client, answer = sign_in(world.alice.user.email, language="zh-hans")
    assert answer.status_code == 200 and not signed_in(client)
    page = answer.content.decode()
    assert "Acme Inc只能通过Keycloak登录：请点击“使用Keycloak登录”。" in page
    assert 'href="/sso/acme/?next="' in page


def test_a_wrong_password_says_only_that(world, required):
    client, answer = sign_in(world.alice.user.email, "wrong")
    assert "Keycloak" not in answer.content.decode()
    assert not signed_in(client)


def test_the_break_glass_owner_still_signs_in_with_a_password(owner, required):
    client, answer = sign_in(owner.user.email)
    assert answer.status_code == 302 and signed_in(client)


def test_people_of_other_organizations_are_unaffected(other_world, required):
    client, _answer = sign_in(other_world.alice.user.email)
    assert signed_in(client)


def test_switched_off_single_sign_on_requires_nothing(world, required):
    required.enabled = False
    required.save()
    client, _answer = sign_in(world.alice.user.email)
    assert signed_in(client)


def test_api_tokens_keep_working(world, required):
    answer = Api(world.alice).get("/members")
    assert answer.status_code == 200


def test_a_password_session_in_an_organization_that_now_requires_it_is_told_so(world, owner):
    """issue 13, probe13: the admin who switched "require single sign-on" on was then told
    they were not a member of any organization."""
    client, answer = sign_in(world.admin.user.email, language="zh-hans")
    assert answer.status_code == 302
    IdentityProvider.objects.create(
        organization=world.org, name="Keycloak", issuer="https://id.acme.test/realms/acme",
        client_id="mubiao", client_secret=vault.encrypt("s", purpose=SECRET_PURPOSE),
        require_sso=True, break_glass=owner,
    )  # fmt: skip
    claim(world.org, "acme.test")
    page = client.get("/").content.decode()
    assert "不是任何组织的成员" not in page and "Acme Inc现在要求使用单点登录" in page
    assert 'href="/sso/acme/"' in page
