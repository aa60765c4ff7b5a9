"""Issue 13, probe13d findings 2 and 3 (h13y): an invitation has two links. The copied one
(Settings › People, pasted into chats) shows one page, byte for byte, whatever account the
address has, in the browser's language: sign in with your password to join, or "E-mail me the
link", which sends the other link to the invited address. Only that e-mailed (mailbox) link
chooses a password, for an account that has none; a link never changes an existing password.

The table: link kind × account state × actor (the invitee, a rival holding the link)."""

import re
from urllib.parse import quote, urlsplit

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mubiao.accounts import services as accounts
from mubiao.accounts.models import Invitation, User
from mubiao.orgs import services as orgs
from mubiao.orgs.middleware import SSO_SESSION_KEY
from mubiao.orgs.models import Membership, Organization
from mubiao.sso import services as sso
from tests.conftest import make_member
from tests.sso.test_cross_organization import sign_in_doors

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Mubiao-2026"  # make_member's
CHOSEN = {"name": "Nina", "password1": "Ok-2026-passw", "password2": "Ok-2026-passw"}
HIJACK = {"name": "Rival", "password1": "Hijack-2026-pw", "password2": "Hijack-2026-pw"}
SECRET = "Secret Codename"  # what other organizations call the person: never on a page


class Scene:
    """Four organizations: acme invites; beta has people of its own; demo requires single
    sign-on (its provider adds people just in time); rival's admin gets hold of links."""

    def __init__(self):
        self.acme, self.beta, self.demo, self.rival = map(
            self._admin_of, ("acme", "beta", "demo", "rival")
        )
        self.provider, _source = sign_in_doors(self.demo.organization)
        self.provider.require_sso, self.provider.break_glass = True, self.demo
        self.provider.save()

    @staticmethod
    def _admin_of(slug):
        organization = Organization.objects.create(name=f"{slug.title()} Org", slug=slug)
        return make_member(organization, f"admin@{slug}.test", f"{slug} admin", role="admin")


def invite(admin, email, **fields):
    return accounts.invite_member(admin, email=email, name="Typed Name", **fields)


def _no_account(s):
    return invite(s.acme, "nina@acme.test", language="zh-hans")


def _account_with_password(s):
    User.objects.create_user(
        email="solo@example.test", password=PASSWORD, name=SECRET, language="zh-hans"
    )
    return invite(s.acme, "solo@example.test")


def _account_without_password(s):
    invite(s.beta, "pending@beta.test")  # beta's pending invitee: an account, no password yet
    return invite(s.acme, "pending@beta.test")


def _deactivated_member(s):
    gone = make_member(s.beta.organization, "gone@beta.test", SECRET)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    return invite(s.acme, "gone@beta.test")


def _member_of_another_organization(s):
    # demo's provider added them just in time: demo's member, with no password (finding 2).
    sso.member_for_claims(s.provider, {"email": "jit@demo.test", "name": SECRET})
    return invite(s.acme, "jit@demo.test")


def _sso_required_organization(s):
    return invite(s.demo, "newbie@demo.test")


def _invited_again_after_withdrawal(s):
    invited = invite(s.acme, "back@acme.test")
    accounts.revoke_invitation(s.acme, invited)
    invited.refresh_from_db()
    orgs.update_member(s.acme, invited, role=invited.role, is_active=True)  # reopens it
    accounts.resend_invitation(s.acme, invited)
    return Membership.objects.select_related("invitation", "user").get(pk=invited.pk)


STATES = {
    "no account": _no_account,
    "account with password": _account_with_password,
    "account without password": _account_without_password,
    "deactivated member elsewhere": _deactivated_member,
    "member of another organization": _member_of_another_organization,
    "invited by an SSO-required organization": _sso_required_organization,
    "invited again after withdrawal": _invited_again_after_withdrawal,
}
WITH_PASSWORD = {"account with password", "deactivated member elsewhere"}
# Where the invitee lands on joining: demo requires its provider (sso.selectors).
LANDING = {"invited by an SSO-required organization": "/sso/demo/"}


@pytest.fixture
def scene():
    return Scene()


def links(invited) -> dict[str, str]:
    invitation = Invitation.objects.get(membership=invited)
    return {
        kind: urlsplit(accounts.invitation_url(invitation, mailbox=kind == "mailbox")).path
        for kind in ("copied", "mailbox")
    }


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


def same_bytes(html: str, path: str) -> str:
    """The page with what differs per request (CSRF token, CSP nonce) and the link's own token
    (its holder has it) masked."""
    html = re.sub(r'(name="csrfmiddlewaretoken" value=)"[^"]+"', r'\1"*"', html)
    html = re.sub(r'nonce="[^"]+"', 'nonce="*"', html)
    token = token_of(path)
    return html.replace(quote(token, safe=""), "TOKEN").replace(token, "TOKEN")


def mailbox_link_in(message) -> str:
    return urlsplit(re.search(r"https?://\S+", message.body).group(0)).path


def rival_browser(scene, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(scene.rival.user)
    return client


ACTORS = {
    # Someone the link was forwarded to, whose browser asks for English, or Chinese.
    "anonymous, English": lambda scene: Client(HTTP_ACCEPT_LANGUAGE="en"),
    "anonymous, Chinese": lambda scene: Client(HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9"),
    # The admin of another organization, signed in (finding 2's rival).
    "rival admin": rival_browser,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_a_copied_link_shows_the_same_bytes_for_every_account(scene, settings, actor):
    settings.MUBIAO_RESET_EMAILS_PER_HOUR = 100  # every state e-mailed from one address
    client = ACTORS[actor](scene)
    pages, queries = {}, {}
    for state, make in STATES.items():
        invited = make(scene)
        path = links(invited)["copied"]
        with CaptureQueriesContext(connection) as counted:
            page = client.get(path)
        assert page.status_code == 200, (state, page.status_code)
        queries[state] = len(counted)
        refused = client.post(path, HIJACK)
        assert refused.status_code == 403, state
        sent = client.post(path, {"email_link": "1"}, follow=True)
        assert sent.status_code == 200, state
        pages[state] = [
            (same_bytes(answer.content.decode(), path), answer["Content-Language"])
            for answer in (page, refused, sent)
        ]
        text = page.content.decode()
        for secret in (invited.user.email, invited.organization.name, SECRET, "Typed Name"):
            assert secret not in text, (state, secret)
        assert 'type="password"' not in text
    first = next(iter(pages.values()))
    assert all(shown == first for shown in pages.values()), {
        state: shown[0][0] for state, shown in pages.items() if shown != first
    }
    # No work that depends on the account either: as many queries for every one of them.
    assert len(set(queries.values())) == 1, queries
    words, language = first[0]
    if actor == "anonymous, Chinese":
        assert language == "zh-hans" and "把链接发到我的邮箱" in words and "还没有密码" in words
    else:
        assert language == "en" and "E-mail me the link" in words
        assert "Sign in with your Mubiao password to join." in words
    assert "The invitation e-mail is on its way" in first[2][0] or "邀请邮件已发往" in first[2][0]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("actor", ["anonymous, English", "rival admin"])
def test_a_rival_holding_the_copied_link_takes_nothing(scene, state, actor):
    invited = STATES[state](scene)
    person, path = invited.user, links(invited)["copied"]
    had_password = person.has_usable_password()
    client = ACTORS[actor](scene)
    assert client.post(path, HIJACK).status_code == 403
    assert client.post(path, {}).status_code == 403  # a join, not signed in as the invitee
    mail.outbox.clear()
    assert client.post(path, {"email_link": "1"}).status_code == 302
    # The e-mail goes to the invited address alone, with the other link.
    (message,) = mail.outbox
    assert message.to == [person.email]
    assert mailbox_link_in(message) == links(invited)["mailbox"] != path
    person.refresh_from_db()
    assert person.has_usable_password() == had_password
    assert not person.check_password(HIJACK["password1"])
    assert Invitation.objects.get(membership=invited).accepted_at is None
    # And the service itself refuses a password through a copied link, the same words for all.
    with pytest.raises(PermissionDenied) as refused:
        accounts.accept_invitation(token_of(path), password=HIJACK["password1"])
    assert "open the link in the invitation e-mail" in str(refused.value)


@pytest.mark.parametrize("state", STATES)
def test_the_invitee_joins_through_the_copied_link(scene, state):
    invited = STATES[state](scene)
    person, path = invited.user, links(invited)["copied"]
    client = Client()
    if state in WITH_PASSWORD:
        # Sign in with the password, come back, join with one click.
        signed_in = client.post(
            "/accounts/login/", {"username": person.email, "password": PASSWORD}
        )
        assert signed_in.status_code == 302
        page = client.get(path).content.decode()
        # "Join Acme Org", in the account's language (Chinese here, or English).
        assert invited.organization.name in page and 'type="password"' not in page
        joined = client.post(path)
    else:
        # No password yet: the page e-mails the link that chooses one to their mailbox.
        assert client.post(path, {"email_link": "1"}).status_code == 302
        mailbox = mailbox_link_in(mail.outbox[-1])
        assert 'type="password"' in Client().get(mailbox).content.decode()
        joined = client.post(mailbox, CHOSEN)
        person.refresh_from_db()
        assert person.check_password(CHOSEN["password1"])
    assert joined.status_code == 302 and joined.url == LANDING.get(state, "/"), joined
    assert Invitation.objects.get(membership=invited).accepted_at is not None
    # Used: the copied link now says so, and joins no one again.
    assert client.get(path).status_code == 410


@pytest.mark.parametrize("state", STATES)
def test_the_mailbox_link_chooses_a_password_only_where_there_is_none(scene, state):
    """The e-mailed link is proof of the mailbox: through it a password is chosen for an
    account without one (whoever reads that mailbox is the person), never changed."""
    invited = STATES[state](scene)
    person, path = invited.user, links(invited)["mailbox"]
    page = Client().get(path).content.decode()
    if state in WITH_PASSWORD:
        # Someone who got hold of it (a forwarded e-mail) changes nothing.
        assert 'type="password"' not in page and 'href="/accounts/login/?next=' in page
        answer = Client().post(path, HIJACK)
        person.refresh_from_db()
        assert person.check_password(PASSWORD) and not person.check_password(HIJACK["password1"])
        assert Invitation.objects.get(membership=invited).accepted_at is None, answer
        with pytest.raises(PermissionDenied):
            accounts.accept_invitation(token_of(path), password=HIJACK["password1"])
    else:
        assert 'type="password"' in page and invited.organization.name in page
        joined = Client().post(path, CHOSEN)
        assert joined.status_code == 302 and joined.url == LANDING.get(state, "/")
        person.refresh_from_db()
        assert person.check_password(CHOSEN["password1"])


def test_e_mailing_the_link_is_limited(scene, settings):
    settings.MUBIAO_RESET_EMAILS_PER_HOUR = 2
    path = links(_no_account(scene))["copied"]
    mail.outbox.clear()
    client = Client()
    answers = [client.post(path, {"email_link": "1"}).status_code for _ in range(3)]
    assert answers == [302, 302, 429]
    assert len(mail.outbox) == 2
    refused = client.post(path, {"email_link": "1"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "此邀请邮件的请求次数过多" in refused.content.decode()


def test_people_page_copies_the_copied_link(scene):
    invited = _no_account(scene)
    client = Client()
    client.force_login(scene.acme.user)
    page = client.get(reverse("settings_people")).content.decode()
    assert f'value="http://testserver{links(invited)["copied"]}"' in page
    assert links(invited)["mailbox"] not in page


def test_a_provider_session_of_the_invitee_does_not_join_through_the_copied_link(scene):
    """demo's provider signed the just-in-time member in: that session reaches demo only
    (sso.selectors.vouches_for), so acme's copied link treats it as anyone else."""
    invited = _member_of_another_organization(scene)
    path = links(invited)["copied"]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(invited.user)
    session = client.session
    session[SSO_SESSION_KEY] = scene.demo.organization_id
    session.save()
    anyone = Client(HTTP_ACCEPT_LANGUAGE="en").get(path).content.decode()
    assert same_bytes(client.get(path).content.decode(), path) == same_bytes(anyone, path)
    assert client.post(path).status_code == 403
    assert Invitation.objects.get(membership=invited).accepted_at is None
