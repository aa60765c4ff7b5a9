"""Every e-mail is in its recipient's language, whoever's browser or command sends it: the
password reset (asked from a page in any language), the invitation (the invitee's language,
else the inviter's)."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mubiao.accounts import services as accounts

pytestmark = pytest.mark.django_db

SUBJECTS = {"en": "Choose a new Mubiao password", "zh-hans": "设置新的 Mubiao 密码"}


@pytest.mark.parametrize(("theirs", "browser"), [("zh-hans", "en"), ("en", "zh-hans")])
def test_the_password_reset_email_is_in_the_accounts_language(world, theirs, browser):
    world.alice.user.language = theirs
    world.alice.user.save()
    client = Client(headers={"accept-language": browser})
    client.post(reverse("password_reset"), {"email": "alice@acme.test"})
    (sent,) = mail.outbox
    assert sent.subject == SUBJECTS[theirs]


def test_without_a_language_the_reset_email_follows_the_page(world):
    Client(headers={"accept-language": "zh-hans"}).post(
        reverse("password_reset"), {"email": "bob@acme.test"}
    )
    assert mail.outbox[0].subject == SUBJECTS["zh-hans"]


@pytest.mark.parametrize(
    ("invitee", "inviter", "subject"),
    [
        ("zh-hans", "en", "Ada Admin邀请你在 Mubiao 上加入“Acme Inc”"),
        ("en", "zh-hans", "Ada Admin invites you to Acme Inc on Mubiao"),
        ("", "zh-hans", "Ada Admin邀请你在 Mubiao 上加入“Acme Inc”"),
    ],
)
def test_the_invitation_is_in_the_invitees_language_else_the_inviters(
    world, other_world, invitee, inviter, subject
):
    world.admin.user.language = inviter
    world.admin.user.save()
    person = other_world.alice.user
    person.language = invitee
    person.save()
    with translation.override("en" if inviter == "zh-hans" else "zh-hans"):  # the request's
        accounts.invite_member(world.admin, email=person.email, name="Alice")
    assert mail.outbox[-1].subject == subject
    if "邀请" in subject:
        # The organization is quoted, so a Latin name ends where the Chinese starts (probe
        # 15: "源目标科技 Mubiao Demo一起").
        assert "Ada Admin邀请你在 Mubiao 上加入“Acme Inc”，一起" in mail.outbox[-1].body
