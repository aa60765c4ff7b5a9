"""A real OpenID Connect provider (tests/sso/oidc_provider.py: django-oauth-toolkit) started on
loopback in a process of its own, with an RS256 key made here, for the live Mubiao server."""

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

PROVIDER = Path(__file__).with_name("oidc_provider.py")
CLIENT_ID = "mubiao-acme"
CLIENT_SECRET = "s3cret-of-the-acme-client"
PASSWORD = "idp-pass-2026"
# The provider's people: a member of acme, someone acme does not know, one without e-mail.
PEOPLE = [
    {"username": "alice", "email": "alice@acme.test", "password": PASSWORD},
    {"username": "newbie", "email": "newbie@acme.test", "password": PASSWORD},
    {"username": "ghost", "email": "", "password": PASSWORD},
    # Beta's admin, whose domain acme claims without owning it (issue 13, h13j).
    {"username": "bea", "email": "admin@beta.test", "password": PASSWORD},
    # ID tokens without e-mail whose UserInfo answer names alice under another subject, or
    # under none (issue 13, h13r; a null one: oauthlib will not send an answer without `sub`).
    {
        "username": "swapped",
        "email": "",
        "password": PASSWORD,
        "userinfo": {"sub": "OTHER", "email": "alice@acme.test", "email_verified": True},
    },
    {
        "username": "subjectless",
        "email": "",
        "password": PASSWORD,
        "userinfo": {"sub": None, "email": "alice@acme.test", "email_verified": True},
    },
    # Addresses that only fold into alice's (full-width letter, spaces around).
    {"username": "wide", "email": "ａlice@acme.test", "password": PASSWORD},
    {"username": "spaced", "email": " alice@acme.test ", "password": PASSWORD},
    {"username": "shouting", "email": "Alice@ACME.test", "password": PASSWORD},
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    """The issuer URL of a running provider; its one client redirects to acme's callback."""
    folder = tmp_path_factory.mktemp("oidc-provider")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    port = free_port()
    config = {
        "port": port,
        "folder": str(folder),
        "private_key": key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
        "client": {
            "id": CLIENT_ID,
            "secret": CLIENT_SECRET,
            "redirect_uris": [f"{live_server.url}/sso/acme/callback"],
        },
        "people": PEOPLE,
    }
    (folder / "config.json").write_text(json.dumps(config))
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, str(PROVIDER), str(folder / "config.json")], stdout=log, stderr=log
    )
    issuer = f"http://127.0.0.1:{port}/o"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(issuer + "/.well-known/openid-configuration", timeout=2).is_success:
                break
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the OIDC provider did not start: " + (folder / "provider.log").read_text())
        time.sleep(0.2)
    yield issuer
    process.terminate()
    process.wait(timeout=10)
    log.close()


def verified(provider):
    """The provider's claimed domains marked verified, as a published DNS record and Verify
    make them (tests/sso/test_domain_verification.py goes that way)."""
    from django.utils import timezone

    provider.domains.update(verified_at=timezone.now())
    return provider


def claim(organization, *domains, verified_now=True):
    """The organization claims these e-mail domains and (unless `verified_now` is false)
    verified them (Settings → Single sign-on; the provider may stay switched off): the only
    addresses its provider may sign in, and its provider and work app may add just in time."""
    from mubiao import vault
    from mubiao.sso.models import SECRET_PURPOSE, EmailDomain, IdentityProvider

    provider, _ = IdentityProvider.objects.get_or_create(
        organization=organization,
        defaults={
            "name": "Keycloak", "issuer": "https://id.example.test", "client_id": "mubiao",
            "client_secret": vault.encrypt("s", purpose=SECRET_PURPOSE), "enabled": False,
        },
    )  # fmt: skip
    EmailDomain.objects.bulk_create([EmailDomain(provider=provider, domain=d) for d in domains])
    return verified(provider) if verified_now else provider
