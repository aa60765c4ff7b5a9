"""probe13d findings 1 and 4: organization A requires single sign-on (and lets its provider
add people just in time); organization B ("evil") invites A's people or addresses at A's
domain. B's pending invitation changes nothing: A's members are still refused a password (and
a password session never enters A, switching included), and A's provider still adds people
just in time."""

import pytest
from django.test import Client

from mubiao.accounts import services as accounts
from mubiao.orgs.middleware import SESSION_KEY
from mubiao.orgs.models import Membership
from mubiao.orgs.services import create_organization
from mubiao.sso import services
from tests.conftest import make_world
from tests.sso.test_cross_organization import sign_in_doors
from tests.sso.test_foreign_accounts import organization_of

PASSWORD = "pw-Mubiao-2026"  # tests.conftest.make_member's


@pytest.fixture
def worlds(transactional_db):
    demo, evil = make_world("demo"), make_world("evil")
    for world in (demo, evil):
        world.provider, world.source = sign_in_doors(world.org)
    demo.provider.require_sso, demo.provider.break_glass = True, demo.admin
    demo.provider.save()
    return demo, evil


def password_sign_in(email):
    client = Client()
    answer = client.post("/accounts/login/", {"username": email, "password": PASSWORD})
    return client, answer


def invite(world, email):
    return accounts.invite_member(world.admin, email=email, role="member")


def withdraw(world, email):
    invited = Membership.objects.get(organization=world.org, user__email__iexact=email)
    accounts.revoke_invitation(world.admin, invited)


@pytest.mark.parametrize("evil_does", [invite, lambda w, e: (invite(w, e), withdraw(w, e))])
@pytest.mark.parametrize("email", ["alice@demo.test", "ALICE@DEMO.TEST"])
def test_another_organizations_invitation_keeps_require_sso(worlds, evil_does, email):
    demo, evil = worlds
    assert "_auth_user_id" not in password_sign_in("alice@demo.test")[0].session
    evil_does(evil, email)
    client, answer = password_sign_in("alice@demo.test")
    assert "_auth_user_id" not in client.session, answer.status_code
    assert "signs in through demo-idp only" in answer.content.decode()
    # The break-glass owner still signs in.
    assert password_sign_in(demo.admin.user.email)[1].status_code == 302


def test_a_password_session_never_enters_an_organization_requiring_sso(worlds):
    """Alice joined another organization (she created it): the password lets her into that one,
    never into demo, even when the session names demo (the organization switcher)."""
    demo, _evil = worlds
    alice = demo.alice.user
    create_organization(alice, name="Alice's side project", slug="side")
    client, answer = password_sign_in(alice.email)
    assert answer.status_code == 302
    assert organization_of(client, alice) == "side"
    stored = client.session
    stored[SESSION_KEY] = demo.org.pk
    stored.save()
    assert organization_of(client, alice) == "side"
    assert client.post("/accounts/organization/", {"organization": demo.org.pk}).status_code == 404
    assert organization_of(client, alice) == "side"


def test_another_organizations_invitation_does_not_block_just_in_time_joining(worlds):
    demo, evil = worlds
    invite(evil, "nobody77@demo.test")
    joined = services.member_for_claims(demo.provider, {"email": "nobody77@demo.test"})
    assert joined.organization == demo.org and not joined.is_pending
    # and the next sign-in finds the same member
    assert services.member_for_claims(demo.provider, {"email": "nobody77@demo.test"}) == joined
    # Evil's provider still refuses it (it speaks for evil.test only).
    with pytest.raises(services.NotAMember):
        services.member_for_claims(evil.provider, {"email": "nobody77@demo.test"})


def link_path(membership):
    from urllib.parse import urlsplit

    # The e-mailed link: the one that may choose a new account's password.
    return urlsplit(accounts.invitation_url(membership.invitation, mailbox=True)).path


def test_accepting_an_invitation_leads_to_the_provider(worlds):
    """probe13d finding 5: a new account that accepts demo's invitation is sent to demo's
    provider, not to "not a member of any organization yet"."""
    demo, _evil = worlds
    invited = invite(demo, "newbie@demo.test")
    client = Client()
    answer = client.post(
        link_path(invited),
        {"name": "New", "password1": "pw-Newbie-2026", "password2": "pw-Newbie-2026"},
    )
    assert answer.status_code == 302 and answer.url == "/sso/demo/", answer


def test_an_existing_account_accepting_is_sent_to_the_provider(worlds):
    """Someone who joined evil first (password) accepts demo's invitation: the password session
    keeps to evil, and the page sends them to demo's provider."""
    demo, evil = worlds
    from tests.conftest import make_member

    person = make_member(evil.org, "both@demo.test", "Both")
    invited = invite(demo, "both@demo.test")
    client, answer = password_sign_in("both@demo.test")
    assert answer.status_code == 302
    answer = client.post(link_path(invited))
    assert answer.status_code == 302 and answer.url == "/sso/demo/", answer
    assert organization_of(client, person.user) == "evil"
