"""Invitations: pending until accepted, resend / copy link / withdraw in Settings › People, links
that work once and expire, that never change an existing account's password (a copied link
chooses none: tests/accounts/test_invitation_link_kinds.py), and that point where the site is
served; invited people are members unless someone picks another role."""

import datetime as dt
import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mubiao.accounts import services as people
from mubiao.accounts.models import Invitation, User
from mubiao.orgs.models import Membership
from tests.conftest import make_world

pytestmark = pytest.mark.django_db

NEW_PASSWORD = {"name": "Nina", "password1": "Ok-2026-passw", "password2": "Ok-2026-passw"}


def last_link() -> str:
    return re.search(r"https?://\S+", mail.outbox[-1].body).group(0)


def path_of(url: str) -> str:
    return urlsplit(url).path


def token_of(url: str) -> str:
    return path_of(url).rstrip("/").rsplit("/", 1)[1]


def people_page(client) -> str:
    return client.get(reverse("settings_people")).content.decode()


def row_of(page: str, email: str) -> str:
    return next(row for row in page.split("<tr>") if email in row)


def test_invite_form_chooses_member_and_offers_owner_only_to_owners(client_for, world):
    page = people_page(client_for(world.admin))
    form = page[page.index("Invite a person") :]
    assert re.search(r'<option value="member" selected>', form)
    assert 'value="owner"' not in form  # an admin cannot make owners
    world.admin.role = Membership.Role.OWNER
    world.admin.save()
    form = people_page(client_for(world.admin)).split("Invite a person")[1]
    assert re.search(r'<option value="member" selected>', form)
    assert 'value="owner"' in form


def test_invite_without_a_role_makes_a_member(world):
    member = people.invite_member(world.admin, email="plain@acme.test")
    assert member.role == Membership.Role.MEMBER


def test_pending_row_then_active_after_accepting(client, client_for, world):
    admin = client_for(world.admin)
    assert admin.post(
        reverse("settings_people"), {"email": "nina@acme.test", "role": "member"}
    ).status_code == 302  # fmt: skip
    row = row_of(people_page(admin), "nina@acme.test")
    assert 'data-state="pending"' in row and "Pending" in row
    assert "Active" not in row
    link = re.search(r'class="invite-link"[^>]*value="([^"]+)"', row).group(1)
    # The copied link is the e-mailed one's invitation, but the kind that cannot choose a
    # password (h13y): the invitee does that through the e-mail.
    assert link != last_link()
    assert people.invitation_for_link(token_of(link)) == people.invitation_for_link(
        token_of(last_link())
    )
    assert "Send again" in row and "Withdraw" in row
    assert 'type="password"' not in client.get(path_of(link)).content.decode()
    assert client.post(path_of(last_link()), NEW_PASSWORD).status_code == 302
    row = row_of(people_page(admin), "nina@acme.test")
    assert "Active" in row and "invite-link" not in row


def test_the_same_invitation_gives_the_same_link_a_minute_later(world, monkeypatch):
    # The people page and the e-mail make the link at different moments (a CI run found them a
    # second apart): the link must not carry the time it was made.
    membership = people.invite_member(world.admin, email="later@acme.test")
    copied = people.invitation_url(membership.invitation)
    mailed = people.invitation_url(membership.invitation, mailbox=True)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 61)
    assert people.invitation_url(membership.invitation) == copied
    assert people.invitation_url(membership.invitation, mailbox=True) == mailed == last_link()


def test_a_link_sent_before_links_lost_their_time_still_works(client, world):
    from django.core import signing

    member = people.invite_member(world.admin, email="older@acme.test")
    invitation = member.invitation
    old = signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=people.INVITATION_SALT)
    assert people.invitation_for_link(old) == invitation
    # It may have been copied from the people page too: it opens as a copied link, whose
    # "E-mail me the link" brings the link that chooses the password (h13y).
    path = reverse("accept_invitation", args=[old])
    assert client.post(path, NEW_PASSWORD).status_code == 403
    assert client.post(path, {"email_link": "1"}).status_code == 302
    assert mail.outbox[-1].to == ["older@acme.test"]
    assert client.post(path_of(last_link()), NEW_PASSWORD).status_code == 302


def test_a_damaged_link_is_explained_not_a_server_error(client, world):
    people.invite_member(world.admin, email="damaged@acme.test")
    answer = client.get(path_of(last_link())[:-5] + "xx/")
    assert answer.status_code in (400, 404, 410) and "not valid" in answer.content.decode()


def test_a_link_works_once(client, world):
    people.invite_member(world.admin, email="once@acme.test")
    path = path_of(last_link())
    assert client.post(path, NEW_PASSWORD).status_code == 302
    again = Client().post(path, {**NEW_PASSWORD, "password1": "Other-2026-pw"})
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert Client().login(
        request=HttpRequest(), username="once@acme.test", password="Ok-2026-passw"
    )


def test_an_expired_link_is_refused(client, world, settings):
    member = people.invite_member(world.admin, email="late@acme.test")
    path = path_of(last_link())
    Invitation.objects.filter(membership=member).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    answer = client.get(path)
    assert answer.status_code == 410
    assert "expired" in answer.content.decode()
    assert client.post(path, NEW_PASSWORD).status_code == 410
    member.user.refresh_from_db()
    assert not member.user.has_usable_password()


def test_links_expire_after_the_configured_days(world, settings):
    settings.MUBIAO_INVITATION_DAYS = 3
    member = people.invite_member(world.admin, email="soon@acme.test")
    invitation = member.invitation
    # sent_at: when the mail server took the e-mail, just after the link was made
    assert abs(invitation.expires_at - invitation.sent_at - dt.timedelta(days=3)).seconds < 5
    assert "for 3 days" in mail.outbox[-1].body


def test_send_again_replaces_the_link_and_withdraw_stops_it(client, client_for, world):
    admin = client_for(world.admin)
    member = people.invite_member(world.admin, email="again@acme.test")
    first = path_of(last_link())
    resend = reverse("settings_invitation_resend", args=[member.pk])
    assert admin.post(resend).status_code == 302
    second = path_of(last_link())
    assert first != second
    assert "newer invitation" in client.get(first).content.decode()
    assert admin.post(reverse("settings_invitation_revoke", args=[member.pk])).status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert "withdrawn" in client.get(second).content.decode()
    row = row_of(people_page(admin), "again@acme.test")
    # Withdrawing deactivated them: reactivating is the way back, never "Send again".
    assert 'data-state="deactivated"' in row and "data-reactivate" in row
    assert "invite-link" not in row and "Send again" not in row
    assert admin.post(resend).status_code == 400
    member.refresh_from_db()
    assert not member.is_active


def test_joined_people_have_no_invitation_to_resend_or_withdraw(client_for, world):
    member = people.invite_member(world.admin, email="done@acme.test")
    Client().post(path_of(last_link()), NEW_PASSWORD)
    admin = client_for(world.admin)
    for name in ("settings_invitation_resend", "settings_invitation_revoke"):
        answer = admin.post(reverse(name, args=[member.pk]))
        assert answer.status_code == 400
        assert "already joined" in answer.content.decode()


def test_only_admins_of_the_same_organization_manage_invitations(client_for, world, other_world):
    member = people.invite_member(world.admin, email="guarded@acme.test")
    for name in ("settings_invitation_resend", "settings_invitation_revoke"):
        url = reverse(name, args=[member.pk])
        assert client_for(world.alice).post(url).status_code in (403, 404)
        assert client_for(other_world.admin).post(url).status_code == 404
        assert client_for(world.admin).get(url).status_code == 405
    member.refresh_from_db()
    assert member.is_active and member.invitation.revoked_at is None


def test_an_admin_cannot_withdraw_or_resend_an_owners_invitation(world):
    boss = User.objects.create_user(email="boss@acme.test")
    owner = Membership.objects.create(organization=world.org, user=boss, role="owner")
    people.open_invitation(owner)
    with pytest.raises(PermissionDenied):
        people.revoke_invitation(world.admin, owner)
    with pytest.raises(PermissionDenied):
        people.resend_invitation(world.admin, owner)


def test_a_link_never_changes_an_existing_accounts_password(client, world):
    """An admin who copies the link of someone who already has an account (in another
    organization) must not be able to choose that person's password."""
    people.invite_member(world.admin, email="nina@acme.test")
    Client().post(path_of(last_link()), NEW_PASSWORD)  # Nina has an account now
    other = Membership.objects.get(user__email="nina@acme.test")
    elsewhere = make_world("beta")
    people.invite_member(elsewhere.admin, email="nina@acme.test")
    path = path_of(last_link())
    page = client.get(path).content.decode()
    assert 'type="password"' not in page and "Sign in" in page
    hijack = client.post(path, {**NEW_PASSWORD, "password1": "Hijack-2026", "password2": "x"})
    assert hijack.status_code == 200
    other.user.refresh_from_db()
    assert other.user.check_password("Ok-2026-passw")
    invitation = Invitation.objects.get(membership__organization=elsewhere.org)
    assert invitation.accepted_at is None
    # Nina herself, signed in, joins with one click
    nina = Client()
    nina.force_login(other.user)
    assert nina.post(path).status_code == 302
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_links_use_the_site_url_or_the_address_the_admin_used(client_for, world, settings):
    settings.ALLOWED_HOSTS = ["okr.example.com", "testserver"]
    admin = client_for(world.admin)
    admin.post(
        reverse("settings_people"), {"email": "a@acme.test", "role": "member"},
        headers={"host": "okr.example.com"},
    )  # fmt: skip
    assert last_link().startswith("http://okr.example.com/accounts/invitation/")
    admin.post(
        reverse("password_reset"), {"email": "bob@acme.test"}, headers={"host": "okr.example.com"}
    )
    assert last_link().startswith("http://okr.example.com/accounts/reset/")
    settings.SITE_URL_CONFIGURED, settings.SITE_URL = True, "https://okr.example.com"
    admin.post(reverse("settings_people"), {"email": "b@acme.test", "role": "member"})
    assert last_link().startswith("https://okr.example.com/accounts/invitation/")
    Client().post(reverse("password_reset"), {"email": "bob@acme.test"})
    assert last_link().startswith("https://okr.example.com/accounts/reset/")
    assert not any("127.0.0.1" in message.body for message in mail.outbox)


def test_setup_page_warns_when_the_site_url_is_unset(client, settings, db):
    settings.ALLOWED_HOSTS = ["okr.example.com"]
    page = client.get(reverse("setup"), headers={"host": "okr.example.com"}).content.decode()
    assert "MUBIAO_SITE_URL is not set" in page and "http://okr.example.com" in page
    settings.SITE_URL_CONFIGURED, settings.SITE_URL = True, "http://okr.example.com"
    page = client.get(reverse("setup"), headers={"host": "okr.example.com"}).content.decode()
    assert "MUBIAO_SITE_URL is not set" not in page


def test_a_reset_link_works_once(client, world):
    client.post(reverse("password_reset"), {"email": "bob@acme.test"})
    path = path_of(last_link())
    form = client.get(path, follow=True)
    new = {"new_password1": "Fresh-2026-pass", "new_password2": "Fresh-2026-pass"}
    assert client.post(form.redirect_chain[-1][0], new).status_code == 302
    again = Client().get(path, follow=True).content.decode()
    assert "no longer valid" in again and 'type="password"' not in again
