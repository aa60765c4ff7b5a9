"""The admins' single sign-on settings: the secret is stored encrypted and never shown again,
the issuer is checked against its discovery document, and bad input changes nothing."""

import pytest

from mubiao import vault
from mubiao.sso.models import SECRET_PURPOSE, IdentityProvider
from tests.conftest import make_member
from tests.loopback import Loopback, QuietHandler
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
    assert "无法连接Keycloak" in answer.content.decode()
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


class NotAnIssuer(Loopback):
    """Answers every GET with `answer` = (status, content type, body)."""

    def __init__(self):
        self.answer = (404, "text/html", "<h1>Not Found</h1>")
        server = self

        class Handler(QuietHandler):
            def do_GET(self):
                status, kind, body = server.answer
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.serve(Handler)


DOCUMENT = (
    '{"issuer": "https://login.acme.test/realms/acme", "authorization_endpoint": "x", '
    '"token_endpoint": "x", "jwks_uri": "x"}'
)


ELSEWHERE = "https://login.acme.test/realms/acme"
LEAK = "INTERNAL-SECRET aws_secret_access_key=AKIAEXAMPLE"
NOT_A_DOCUMENT = ("did not answer with a discovery", "没有返回发现文档")


@pytest.mark.parametrize(
    "answer, english, chinese",
    [
        ((404, "text/html", "<h1>Not Found</h1>"), "answered HTTP 404", "返回 HTTP 404"),
        ((500, "text/plain", "oops"), "answered HTTP 500", "返回 HTTP 500"),
        ((200, "text/html", "<html>Welcome</html>"), *NOT_A_DOCUMENT),
        ((200, "application/json", "[1, 2]"), *NOT_A_DOCUMENT),
        (
            (200, "application/json", DOCUMENT),
            f"is for the issuer {ELSEWHERE}",
            f"属于 Issuer {ELSEWHERE}",
        ),
        (  # an intranet host's free text where the issuer's address belongs: not reflected
            (200, "application/json", DOCUMENT.replace(ELSEWHERE, LEAK)),
            "is for the issuer another address",
            "属于 Issuer 另一个地址",
        ),
    ],
)
def test_a_wrong_issuer_is_told_apart_from_an_unreachable_one(
    admin_client, answer, english, chinese
):
    with NotAnIssuer() as server:
        server.answer = answer
        issuer = f"{server.base}/realms/acme"
        url = f"{issuer}/.well-known/openid-configuration"
        for language, expected in (("en", english), ("zh-hans", chinese)):
            page = admin_client.post("/settings/sso", form(issuer), HTTP_ACCEPT_LANGUAGE=language)
            text = page.content.decode()
            assert page.status_code == 400 and expected in text and url in text
            assert "INTERNAL-SECRET" not in text
            assert "could not be reached" not in text and "无法连接" not in text
    assert not IdentityProvider.objects.exists()


def test_an_unreachable_issuer_names_its_address(admin_client):
    issuer = f"http://127.0.0.1:{free_port()}/realms/acme"
    text = admin_client.post("/settings/sso", form(issuer)).content.decode()
    assert f"Keycloak could not be reached at {issuer}/.well-known/openid-configuration" in text


def test_saving_again_checks_the_issuer_the_document_names_now(world, admin_client):
    """Issue 13 (h13n): the provider's discovery document names another issuer since the
    settings were saved: saving them again says so, naming both issuers; a provider that does
    not answer at all does not stop the save (the break-glass owner's way out)."""
    with NotAnIssuer() as server:
        issuer = f"{server.base}/realms/acme"
        IdentityProvider.objects.create(
            organization=world.org, name="Keycloak", issuer=issuer, client_id=CLIENT_ID,
            client_secret=vault.encrypt(CLIENT_SECRET, purpose=SECRET_PURPOSE),
        )  # fmt: skip
        server.answer = (200, "application/json", DOCUMENT)
        page = admin_client.post("/settings/sso", form(issuer, client_secret="", name="Renamed"))
        text = page.content.decode()
        assert page.status_code == 400 and ELSEWHERE in text and issuer in text
        assert IdentityProvider.objects.get().name == "Keycloak"
    # Down now: saving the same issuer goes through.
    page = admin_client.post("/settings/sso", form(issuer, client_secret="", name="Renamed"))
    assert page.status_code == 302
    assert IdentityProvider.objects.get().name == "Renamed"
