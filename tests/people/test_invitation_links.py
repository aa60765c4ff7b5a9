"""Issue 13, tester's finding 9: reopening an invitation link that was used, replaced,
withdrawn or has expired shows a clear page and never counts as a failed sign-in (django-axes
counts per address: an office behind one NAT address reopening its invitation e-mails must not
lock itself out). A forged link still counts."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client

from mubiao.accounts import services as people
from mubiao.accounts.models import Invitation

pytestmark = pytest.mark.django_db
LIMIT = 3


@pytest.fixture(autouse=True)
def low_limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def invite(world, email):
    people.invite_member(world.admin, email=email)
    return urlsplit(re.search(r"https?://\S+", mail.outbox[-1].body).group(0)).path


def used(world):
    link = invite(world, "used@acme.test")
    token = link.rstrip("/").rsplit("/", 1)[1]
    people.accept_invitation(token, password="pw-Mubiao-2026", name="Used")
    return link, "This invitation has already been used. Sign in instead."


def replaced(world):
    link = invite(world, "twice@acme.test")
    member = world.org.memberships.get(user__email="twice@acme.test")
    people.resend_invitation(world.admin, member)
    return link, "A newer invitation replaced this link. Use the newest email."


def withdrawn(world):
    link = invite(world, "gone@acme.test")
    people.revoke_invitation(world.admin, world.org.memberships.get(user__email="gone@acme.test"))
    return link, "This invitation was withdrawn."


def expired(world):
    link = invite(world, "late@acme.test")
    Invitation.objects.filter(membership__user__email="late@acme.test").update(
        expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    return link, "This invitation has expired. Ask for a new one."


@pytest.mark.parametrize("spent", [used, replaced, withdrawn, expired])
def test_a_spent_link_reopened_many_times_never_locks_the_office_out(world, spent):
    link, message = spent(world)
    office = Client()  # every request from 127.0.0.1: one office behind one address
    for _ in range(LIMIT * 3):
        page = office.get(link)
        assert page.status_code == 410
        assert message in page.content.decode()
        assert "Too many failed attempts" not in page.content.decode()
    assert not AccessAttempt.objects.exists()
    signed_in = office.post(
        "/accounts/login/", {"username": "alice@acme.test", "password": "pw-Mubiao-2026"}
    )
    assert signed_in.status_code == 302


def test_the_spent_page_speaks_chinese(world):
    link, _message = used(world)
    page = Client().get(link, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 410
    assert "登录" in page.content.decode()


def test_a_forged_link_still_counts(world):
    link = invite(world, "real@acme.test")
    forged = link[:-3] + ("b" if link[-3] != "b" else "c") + link[-2:]
    office = Client()
    answers = [office.get(forged).status_code for _ in range(LIMIT)]
    assert answers == [410] * (LIMIT - 1) + [429]


def test_an_expired_password_reset_link_reopened_does_not_lock_the_office_out(world, settings):
    from django.contrib.auth.tokens import PasswordResetTokenGenerator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    class LastWeek(PasswordResetTokenGenerator):
        def _now(self):
            return dt.datetime.now() - dt.timedelta(days=7)

    bob = world.bob.user
    token = LastWeek().make_token(bob)
    link = f"/accounts/reset/{urlsafe_base64_encode(force_bytes(bob.pk))}/{token}/"
    office = Client()
    reopened_without_lockout(office, link)


def test_a_used_password_reset_link_reopened_does_not_lock_the_office_out(world):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    bob = world.bob.user
    token = default_token_generator.make_token(bob)
    link = f"/accounts/reset/{urlsafe_base64_encode(force_bytes(bob.pk))}/{token}/"
    office = Client()
    form_page = office.get(link, follow=True)
    assert form_page.status_code == 200
    password = "New-pass-Mubiao-2026"
    done = office.post(
        form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert done.status_code == 302
    reopened_without_lockout(office, link)


def reopened_without_lockout(office, link):
    """A spent link opened again and again counts no failed attempt, while a forged one
    (a letter of its token changed) is locked out after LIMIT tries."""
    for _ in range(LIMIT * 2):
        page = office.get(link)
        assert page.status_code == 200 and "Too many failed attempts" not in page.content.decode()
    assert not AccessAttempt.objects.exists()
    forged = link[:-3] + ("b" if link[-3] != "b" else "c") + link[-2:]
    assert [office.get(forged).status_code for _ in range(LIMIT)][-1] == 429
