"""The admins' single sign-on settings: the secret is stored encrypted and never shown again,
the issuer is checked against its discovery document, and bad input changes nothing."""

import pytest

from mubiao import vault
from mubiao.sso.models import SECRET_PURPOSE, IdentityProvider
from tests.conftest import make_member
from tests.sso.conftest import CLIENT_ID, CLIENT_SECRET, free_port


def form(issuer, **changes):
    return {
        "name": "Keycloak",
        "issuer": issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "domains": "acme.test, @Acme.CN",
        "enabled": "on",
        **changes,
    }


@pytest.fixture
def admin_client(world, client_for):
    return client_for(world.admin)


def test_only_admins_see_the_settings(world, client_for):
    assert client_for(world.admin).get("/settings/sso").status_code == 200
    assert client_for(world.alice).get("/settings/sso").status_code == 404


def test_the_secret_is_stored_encrypted_and_never_shown_again(world, admin_client, oidc_provider):
    answer = admin_client.post("/settings/sso", form(oidc_provider))
    assert answer.status_code == 302
    provider = IdentityProvider.objects.get(organization=world.org)
    assert CLIENT_SECRET not in provider.client_secret
    assert vault.decrypt(provider.client_secret, purpose=SECRET_PURPOSE) == CLIENT_SECRET
    assert sorted(provider.domains.values_list("domain", flat=True)) == ["acme.cn", "acme.test"]
    page = admin_client.get("/settings/sso")
    assert CLIENT_SECRET not in page.content.decode()
    assert "http://testserver/sso/acme/callback" in page.content.decode()
    # Saving again without typing the secret keeps it.
    admin_client.post("/settings/sso", form(oidc_provider, client_secret="", domains="acme.test"))
    provider.refresh_from_db()
    assert vault.decrypt(provider.client_secret, purpose=SECRET_PURPOSE) == CLIENT_SECRET
    assert list(provider.domains.values_list("domain", flat=True)) == ["acme.test"]


def test_an_unreachable_issuer_and_bad_domains_are_named_and_nothing_is_saved(admin_client):
    issuer = f"http://127.0.0.1:{free_port()}/realms/acme"
    answer = admin_client.post(
        "/settings/sso",
        form(issuer, domains="acme.test, not a domain"),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert answer.status_code == 400
    assert "不是邮箱域名：not, a, domain" in answer.content.decode()
    answer = admin_client.post("/settings/sso", form(issuer), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert answer.status_code == 400
    assert "无法连接 Keycloak" in answer.content.decode()
    assert not IdentityProvider.objects.exists()


def test_requiring_sso_needs_a_break_glass_owner(world, admin_client, oidc_provider):
    answer = admin_client.post("/settings/sso", form(oidc_provider, require_sso="on"))
    assert answer.status_code == 400
    assert "Choose the owner who may still sign in with a password" in answer.content.decode()
    # An admin is not an owner.
    answer = admin_client.post(
        "/settings/sso", form(oidc_provider, require_sso="on", break_glass=world.admin.pk)
    )
    assert answer.status_code == 400
    assert not IdentityProvider.objects.exists()


def test_a_domain_belongs_to_one_organization(world, other_world, client_for, oidc_provider):
    assert client_for(world.admin).post("/settings/sso", form(oidc_provider)).status_code == 302
    answer = client_for(other_world.admin).post(
        "/settings/sso", form(oidc_provider, domains="acme.cn")
    )
    assert answer.status_code == 400
    assert "Another organization signs in people of acme.cn" in answer.content.decode()


def test_requiring_sso_can_be_switched_off_while_the_provider_is_down(world, client_for):
    owner = make_member(world.org, "owner@acme.test", "Olivia Owner", role="owner")
    issuer = f"http://127.0.0.1:{free_port()}/realms/acme"
    IdentityProvider.objects.create(
        organization=world.org, name="Keycloak", issuer=issuer, client_id=CLIENT_ID,
        client_secret=vault.encrypt(CLIENT_SECRET, purpose=SECRET_PURPOSE), require_sso=True,
        break_glass=owner,
    )  # fmt: skip
    answer = client_for(owner).post("/settings/sso", form(issuer, client_secret=""))
    assert answer.status_code == 302
    provider = IdentityProvider.objects.get()
    assert (
        not provider.require_sso
        and vault.decrypt(provider.client_secret, purpose=SECRET_PURPOSE) == CLIENT_SECRET
    )


def test_an_owner_is_the_break_glass_owner(world, client_for, oidc_provider):
    owner = make_member(world.org, "owner@acme.test", "Olivia Owner", role="owner")
    answer = client_for(world.admin).post(
        "/settings/sso", form(oidc_provider, require_sso="on", break_glass=owner.pk)
    )
    assert answer.status_code == 302
    provider = IdentityProvider.objects.get()
    assert provider.require_sso and provider.break_glass == owner
