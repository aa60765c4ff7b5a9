"""Invitation e-mails are sent and recorded one by one (issue 13, probe13: one task for 300
invitations failed on a mail server error, was never retried, and every invitation said it
was sent): `sent_at` only once the mail server took the e-mail, a failure retried with the
outbox's back-off, the people page saying "not sent yet" / "failed", and "Send the unsent
invitations". Against a real SMTP server on loopback (tests/notify/conftest.py)."""

import datetime as dt
import socket
from urllib.parse import urlsplit

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.utils import timezone

from mubiao.accounts import services as accounts
from mubiao.accounts.models import Invitation, User
from mubiao.people.services import import_people
from tests.conftest import run_queued_tasks
from tests.notify.conftest import Inbox, serving, smtp  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

PEOPLE = b"name,email\nAn,an@acme.test\nBo,bo@acme.test\nCy,cy@acme.test\n"


class Refusing(Inbox):
    """A mail server that refuses one recipient (a full mailbox, a typo in the domain)."""

    refused = "bo@acme.test"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refused:
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def down(settings, smtp):  # noqa: F811
    """The mail server unreachable until `up()`."""
    working = settings.MAILERS
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    options = {**working["default"]["OPTIONS"], "port": closed}
    settings.MAILERS = {"default": {**working["default"], "OPTIONS": options}}

    def up():
        settings.MAILERS = working

    smtp.up = up
    return smtp


def invitations(org):
    return {
        i.membership.user.email: i
        for i in Invitation.objects.filter(membership__organization=org).select_related(
            "membership__user"
        )
    }


def imported(world, capture):
    with capture(execute=True):
        import_people(world.admin, file_name="people.csv", data=PEOPLE)
    run_queued_tasks()
    return invitations(world.org)


def test_a_mail_server_error_leaves_each_invitation_unsent_and_retried(
    world, down, client_for, django_capture_on_commit_callbacks
):
    rows = imported(world, django_capture_on_commit_callbacks)
    for address in ("an@acme.test", "bo@acme.test", "cy@acme.test"):
        invitation = rows[address]
        assert invitation.sent_at is None and invitation.mail_attempts == 1
        assert invitation.mail_error and invitation.mail_due_at > timezone.now()
    page = client_for(world.admin).get("/settings/people", HTTP_ACCEPT_LANGUAGE="en")
    assert page.content.decode().count('data-mail="retrying"') == 3
    down.up()
    later = max(i.mail_due_at for i in rows.values()) + dt.timedelta(seconds=1)
    assert accounts.mail_due_invitations(now=later) == 3
    assert accounts.mail_due_invitations(now=later) == 0  # each sent once
    assert all(i.sent_at and not i.mail_error for i in invitations(world.org).values())
    assert sorted(m["X-Envelope-To"] for m in down.messages) == [
        "an@acme.test",
        "bo@acme.test",
        "cy@acme.test",
    ]


def test_one_refused_address_does_not_lose_the_others(
    world, settings, django_capture_on_commit_callbacks
):
    with serving(Refusing(), settings) as inbox:
        rows = imported(world, django_capture_on_commit_callbacks)
    assert rows["an@acme.test"].sent_at and rows["cy@acme.test"].sent_at
    refused = rows["bo@acme.test"]
    assert refused.sent_at is None and "550" in refused.mail_error
    assert len(inbox.messages) == 2


def test_a_permanent_refusal_shows_the_servers_sentence_and_is_not_retried(
    world, settings, client_for
):
    """A 5xx answer is the same every time: the page shows the server's words (not Python's
    repr of the refused recipients) and says it will not be tried again."""
    with serving(Refusing(), settings):
        answer = client_for(world.admin).post(
            "/settings/people",
            {"email": "bo@acme.test", "role": "member"},
            HTTP_ACCEPT_LANGUAGE="en",
            follow=True,
        )
    said = answer.content.decode()
    assert "(550 mailbox unavailable)" in said and "will not take it if tried again" in said
    assert "will be tried again" not in said
    refused = invitations(world.org)["bo@acme.test"]
    assert refused.mail_error == "550 mailbox unavailable" and refused.mail_due_at is None
    page = client_for(world.admin).get("/settings/people", HTTP_ACCEPT_LANGUAGE="en")
    assert 'data-mail="failed"' in page.content.decode()


def test_giving_up_shows_failed_and_resend_unsent_sends_again(
    world, down, client_for, django_capture_on_commit_callbacks
):
    rows = imported(world, django_capture_on_commit_callbacks)
    when = timezone.now()
    for _attempt in range(accounts.MAIL_ATTEMPTS):
        when += dt.timedelta(days=1)
        accounts.mail_due_invitations(now=when)
    assert all(i.mail_due_at is None for i in invitations(world.org).values())
    admin = client_for(world.admin)
    page = admin.get("/settings/people", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert page.count('data-mail="failed"') == 3 and "邮件发送失败" in page
    down.up()
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin.post("/settings/people/invitations/resend-unsent", follow=True)
    assert "3 unsent invitations will be e-mailed again" in answer.content.decode()
    assert run_queued_tasks() == 1
    assert all(i.sent_at for i in invitations(world.org).values()) and len(down.messages) == 3
    assert rows["an@acme.test"].nonce == invitations(world.org)["an@acme.test"].nonce
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin.post("/settings/people/invitations/resend-unsent", follow=True)
    assert "has been sent" in answer.content.decode()


def test_inviting_one_person_says_when_the_mail_server_did_not_take_it(world, down, client_for):
    admin = client_for(world.admin)
    answer = admin.post(
        "/settings/people", {"email": "dee@acme.test", "role": "member"}, follow=True
    )
    text = answer.content.decode()
    assert "did not take its e-mail" in text and 'data-mail="retrying"' in text
    invitation = invitations(world.org)["dee@acme.test"]
    assert invitation.sent_at is None
    down.up()
    assert accounts.mail_due_invitations(now=invitation.mail_due_at) == 1
    (message,) = down.messages
    assert "dee@acme.test" in message["X-Envelope-To"]


# --------------------------------------------------------------------------------------------
# Review (rvn)


def _copied_link(world):
    member = accounts.invite_member(world.admin, email="dee@acme.test", name="Dee")
    invitation = Invitation.objects.get(membership=member)
    return urlsplit(accounts.invitation_url(invitation)).path


@pytest.mark.parametrize(
    ("server", "said"),
    [
        ("down", "did not take the invitation e-mail just now. It will be tried again"),
        ("refusing", "could not be sent to the invited address"),
        ("up", "is on its way to the invited address"),
    ],
)
def test_e_mail_me_the_link_says_what_the_mail_server_did(world, settings, server, said):
    """A copied link's "E-mail me the link" said "on its way" whatever the mail server
    answered: it says what happened (never the server's words, which may name the address)."""
    inbox = Refusing() if server == "refusing" else Inbox()
    inbox.refused = "dee@acme.test"
    with serving(inbox, settings):
        if server == "down":  # since the invitation: its e-mail was never sent, and is due again
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                closed = probe.getsockname()[1]
            options = {**settings.MAILERS["default"]["OPTIONS"], "port": closed}
            settings.MAILERS = {"default": {**settings.MAILERS["default"], "OPTIONS": options}}
        path = _copied_link(world)
        page = Client().post(path, {"email_link": "1"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    text = page.content.decode()
    assert page.status_code == 200 and said in text
    assert ("on its way" in text) == (server == "up")
    assert "dee@acme.test" not in text and "550" not in text


def test_one_bad_invitation_does_not_stop_the_pass_and_is_backed_off(
    world,
    smtp,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """An error other than the mail server's (here: an address stored long ago that the mail
    library cannot parse, a ValueError) ended the worker's pass, and the same invitation was
    tried again on every pass: the others are sent, it is backed off with its error recorded,
    and given up after MAIL_ATTEMPTS like a mail server's failure."""
    with django_capture_on_commit_callbacks(execute=False):
        import_people(world.admin, file_name="people.csv", data=PEOPLE)
    bad = invitations(world.org)["an@acme.test"]
    User.objects.filter(email="an@acme.test").update(email="an@")
    when = timezone.now() + dt.timedelta(seconds=1)
    assert accounts.mail_due_invitations(now=when) == 2
    assert sorted(m["X-Envelope-To"] for m in smtp.messages) == ["bo@acme.test", "cy@acme.test"]
    bad.refresh_from_db()
    assert bad.sent_at is None and bad.mail_attempts == 1 and "Invalid address" in bad.mail_error
    assert bad.mail_due_at > when and bad.mail_leased_until is None
    for _attempt in range(accounts.MAIL_ATTEMPTS):
        when += dt.timedelta(days=1)
        accounts.mail_due_invitations(now=when)
    bad.refresh_from_db()
    assert bad.mail_due_at is None and bad.mail_attempts == accounts.MAIL_ATTEMPTS
    assert bad.mail_state == "failed" and len(smtp.messages) == 2


# --------------------------------------------------------------------------------------------
# Review (hr3)


class Unparseable(BaseEmailBackend):
    """A mail backend that cannot parse the recipient's address, as Django's SMTP backend
    raises for one stored long ago (sanitize_address: a ValueError, not a mail server's
    answer)."""

    def send_messages(self, email_messages):
        address = email_messages[0].recipients()[0]
        raise ValueError(f'Invalid address "{address}"')


def _invite_by_hand(world, client_for):
    return client_for(world.admin).post(
        "/settings/people", {"email": "dee@acme.test", "role": "member"}
    )


def _resend(world, client_for):
    member = accounts.invite_member(world.admin, email="dee@acme.test", name="Dee")
    return client_for(world.admin).post(f"/settings/people/{member.pk}/invitation/resend")


def _email_me_the_link(world, client_for):
    return Client().post(_copied_link(world), {"email_link": "1"})


@pytest.mark.parametrize("entry", [_invite_by_hand, _resend, _email_me_the_link])
def test_an_address_the_mail_library_refuses_is_recorded_not_a_500(
    world, settings, client_for, entry
):
    """Only the worker's pass caught an error other than the mail server's: an address the
    mail library cannot parse (a ValueError) was a 500 on every page that sends the e-mail at
    once. Each says it will be tried again, the error recorded on the invitation."""
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.Unparseable"}}
    answer = entry(world, client_for)
    assert answer.status_code == 302
    if entry is _email_me_the_link:
        assert answer["Location"].endswith("?sent=retrying")
    invitation = invitations(world.org)["dee@acme.test"]
    assert invitation.sent_at is None and invitation.mail_leased_until is None
    assert invitation.mail_error.startswith("ValueError: Invalid address")
    assert invitation.mail_state == "retrying"


@pytest.mark.parametrize(
    ("server", "sent", "said"),
    [
        ("down", "later", "Try “E-mail me the link” again in a few minutes"),
        ("refusing", "failed", "Ask your admin to check the address"),
    ],
)
def test_e_mail_me_the_link_again_blames_the_address_only_for_a_refusal(
    world, settings, server, sent, said
):
    """Once the invitation's e-mail was delivered, any failure of "E-mail me the link" said
    "failed" ("ask your admin to check the address"), a mail server down for a moment too:
    the address is blamed only for the server's refusal for good. The e-mail is not due again
    either way (the invitee has it), so the page does not promise it will be tried again."""
    with serving(Inbox(), settings):
        path = _copied_link(world)  # delivered
    inbox = Refusing()
    inbox.refused = "dee@acme.test"
    with serving(inbox, settings):
        if server == "down":
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                closed = probe.getsockname()[1]
            options = {**settings.MAILERS["default"]["OPTIONS"], "port": closed}
            settings.MAILERS = {"default": {**settings.MAILERS["default"], "OPTIONS": options}}
        answer = Client().post(path, {"email_link": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert answer["Location"].endswith(f"?sent={sent}")
    page = Client().get(answer["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert said in page and "It will be tried again" not in page
    invitation = invitations(world.org)["dee@acme.test"]
    assert invitation.sent_at and invitation.mail_error and invitation.mail_due_at is None
