"""Issue 13 (h13r, finding 1): someone invited who then left the directory is deactivated, and no
path hands them the invitation again — Settings › People shows "Deactivated" with no link to copy
and no "Send again", sending it is refused (page and service), "Send the unsent" and the
worker's mail pass skip it, the old link and a sign-in through the organization's app join
nobody. Reactivating them is the one way back, and it reopens the invitation on purpose."""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mubiao.accounts import services as accounts
from mubiao.accounts.models import Invitation
from mubiao.directory import services as directory
from mubiao.orgs import services as orgs

pytestmark = pytest.mark.django_db


@pytest.fixture
def departed(world, synced):
    """Wang, invited by a sync, then gone from the directory: deactivated by the next one."""
    member = world.org.memberships.get(user__email="wang@acme.test")
    link = urlsplit(accounts.invitation_url(member.invitation)).path
    synced.people["u-wang"]["active"] = False
    directory.sync(world.admin)
    member.refresh_from_db()
    assert not member.is_active
    member.old_link = link
    mail.outbox.clear()
    return member


def row_of(page: str, email: str) -> str:
    return next(row for row in page.split("<tr>") if email in row)


def test_the_people_page_shows_them_deactivated_with_nothing_to_send_or_copy(
    client_for, world, departed
):
    admin = client_for(world.admin)
    row = row_of(admin.get(reverse("settings_people")).content.decode(), "wang@acme.test")
    assert 'data-state="deactivated"' in row and "data-reactivate" in row
    for offered in ("Invitation withdrawn", "Send again", "invite-link", "Copy link"):
        assert offered not in row
    answer = admin.post(reverse("settings_invitation_resend", args=[departed.pk]))
    assert answer.status_code == 400 and "Reactivate them first" in answer.content.decode()
    departed.refresh_from_db()
    assert not departed.is_active and mail.outbox == []


def test_sending_again_is_refused_and_reopens_nothing(world, departed):
    with pytest.raises(ValidationError, match="deactivated"):
        accounts.resend_invitation(world.admin, departed)
    departed.refresh_from_db()
    assert not departed.is_active
    assert Invitation.objects.get(membership=departed).state == Invitation.State.REVOKED


def test_the_unsent_and_the_workers_pass_skip_them(world, departed):
    # Even an invitation that somehow stayed open and due is not mailed to someone who left.
    Invitation.objects.filter(membership=departed).update(
        revoked_at=None, sent_at=None, mail_due_at=timezone.now()
    )
    Invitation.objects.exclude(membership=departed).update(sent_at=timezone.now(), mail_due_at=None)
    assert accounts.resend_unsent_invitations(world.admin) == 0
    assert accounts.mail_due_invitations() == 0
    assert mail.outbox == []


def test_neither_the_old_link_nor_a_sign_in_joins_them(world, departed):
    assert Client().get(departed.old_link).status_code == 410
    assert accounts.accept_by_sign_in(departed.user, world.org.pk) is None


def test_reactivating_them_reopens_the_invitation_to_send(world, departed):
    orgs.update_member(world.admin, departed, role=departed.role, is_active=True)
    assert Invitation.objects.get(membership=departed).state == Invitation.State.PENDING
    accounts.resend_invitation(world.admin, departed)
    (message,) = mail.outbox
    assert "wang@acme.test" in message.to
