"""Issue 13's security review, A1: accounts are shared by organizations, so one organization's
identity provider, work app or require-SSO setting must never reach the account of a person
another organization invited. The takeover sequence, end to end: evil invites acme's admin,
requires its own provider, and its provider claims the admin's address."""

import pytest
from django.test import Client
from django.utils import timezone

from mubiao import vault
from mubiao.accounts import services as accounts
from mubiao.orgs.models import Membership
from mubiao.sso import services as sso
from mubiao.sso.models import SECRET_PURPOSE, EmailDomain, IdentityProvider
from tests.conftest import make_world

# Every case in the PostgreSQL pass too (tests/conftest.py): each role and visibility has
# its own query shape.
pytestmark = [pytest.mark.django_db, pytest.mark.every_case]

PASSWORD = "pw-Mubiao-2026"


@pytest.fixture
def evil(world):
    return make_world("evil")


def require_own_provider(evil, *, create_members=False):
    provider = IdentityProvider.objects.create(
        organization=evil.org, name="EvilIdP", issuer="https://idp.evil.test", client_id="m",
        client_secret=vault.encrypt("s", purpose=SECRET_PURPOSE), require_sso=True,
        break_glass=evil.admin, create_members=create_members,
    )  # fmt: skip
    EmailDomain.objects.create(provider=provider, domain="evil.test", verified_at=timezone.now())
    return provider


def password_sign_in(email):
    client = Client()
    answer = client.post("/accounts/login/", {"username": email, "password": PASSWORD})
    return client, answer


def test_the_takeover_sequence_fails_end_to_end(world, evil):
    victim = world.admin.user
    invited = accounts.invite_member(evil.admin, email=victim.email)
    provider = require_own_provider(evil)
    # (a) A pending invitation changes nothing about how the victim signs in to acme.
    client, answer = password_sign_in(victim.email)
    assert answer.status_code == 302 and client.session["_auth_user_id"] == str(victim.pk)
    # (b) Evil's provider cannot vouch for an address outside evil's domains: no session, and
    # the invitation stays pending.
    with pytest.raises(sso.NotAMember) as refused:
        sso.member_for_claims(provider, {"email": victim.email, "email_verified": True})
    assert "EvilIdP cannot sign in" in refused.value.message
    invited.invitation.refresh_from_db()
    assert invited.invitation.accepted_at is None
    # Nor in other letter cases.
    with pytest.raises(sso.NotAMember):
        sso.member_for_claims(provider, {"email": victim.email.upper(), "email_verified": True})


def test_require_sso_applies_only_to_accepted_members_within_the_domains(world, evil):
    provider = require_own_provider(evil)
    invited = accounts.invite_member(evil.admin, email=world.alice.user.email)
    # Even after accepting, alice's address is acme's: evil's setting does not lock her out.
    invited.invitation.accepted_at = invited.invitation.sent_at
    invited.invitation.save()
    assert password_sign_in(world.alice.user.email)[1].status_code == 302
    # Evil's own people (its domain) are sent to its provider.
    client, answer = password_sign_in(evil.alice.user.email)
    assert answer.status_code == 200 and "_auth_user_id" not in client.session
    assert "signs in through EvilIdP only" in answer.content.decode()
    # A pending invitation of evil's own domain does not yet either.
    pending = accounts.invite_member(evil.admin, email="new@evil.test")
    pending.user.set_password(PASSWORD)
    pending.user.save()
    assert password_sign_in("new@evil.test")[1].status_code == 302
    assert provider.require_sso


def test_just_in_time_members_only_come_from_the_organizations_domains(world, evil):
    provider = require_own_provider(evil, create_members=True)
    for email in ("jit2@gmail.com", world.bob.user.email):
        with pytest.raises(sso.NotAMember):
            sso.member_for_claims(provider, {"email": email, "email_verified": True})
    assert not Membership.objects.filter(organization=evil.org, user__email="jit2@gmail.com")
    # Acme's bob is not even invited (h13n): another organization's provider writes nothing for
    # an account it did not have first, and answers as for an unknown address.
    assert not Membership.objects.filter(organization=evil.org, user=world.bob.user).exists()
    joined = sso.member_for_claims(provider, {"email": "Jit@Evil.test", "email_verified": True})
    assert joined.organization == evil.org and joined.user.email == "jit@evil.test"


@pytest.mark.parametrize("verified", [False, "false", "False", 0, None, "no"])
def test_an_address_the_provider_does_not_verify_is_refused_as_unverified(evil, verified):
    provider = require_own_provider(evil)
    claims = {"email": evil.alice.user.email, "email_verified": verified}
    with pytest.raises(sso.NotAMember) as refused:
        sso.member_for_claims(provider, claims)
    assert "is not verified" in refused.value.message


@pytest.mark.parametrize("verified", [True, "true"])
def test_a_verified_address_signs_in(evil, verified):
    provider = require_own_provider(evil)
    claims = {"email": evil.alice.user.email, "email_verified": verified}
    assert sso.member_for_claims(provider, claims) == evil.alice
