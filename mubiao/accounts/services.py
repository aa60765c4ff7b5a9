"""Writes for people's accounts: new accounts, invitations and personal preferences (teams,
roles and managers are in orgs.services).

Like okrs.services, every function takes the acting Membership first (except create_user, whose
person belongs to no organization yet), checks permissions (orgs.permissions), raises
ValidationError with per-field messages in the person's language and writes the activity log.
Invitations (models.Invitation) are pending until accepted; their links are signed, work once
and expire (MUBIAO_INVITATION_DAYS).
"""

import datetime as dt
import hashlib
import logging
import secrets
import smtplib
import zoneinfo

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override, pgettext

from mubiao.accounts.models import Invitation, SpentResetLink, User, normalise_email
from mubiao.notify.vendors.rules import backoff
from mubiao.okrs import limits
from mubiao.okrs.services import log, log_all
from mubiao.orgs import closures, departures, permissions
from mubiao.orgs.models import Membership, Team, TeamMember
from mubiao.transactions import write_transaction

INVITATION_SALT = "mubiao.accounts.invitation"

logger = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------------
# Accounts


def create_user(
    *, email: str, name: str = "", password: str | None = None, language: str = ""
) -> User:
    """A new account for someone who is not (yet) in any organization: the first run's owner
    or `mubiao createorg --owner`. Without a password the account cannot sign in until its
    owner follows an invitation link."""
    email, name = normalise_email(email), limits.one_line(name)
    errors = {}
    if len(name) > User._meta.get_field("name").max_length:
        errors["name"] = pgettext("person", "This name is too long.")
    try:
        validate_email(email)
        if len(email) > User._meta.get_field("email").max_length:
            raise ValidationError("too long")
    except ValidationError:
        errors["email"] = _("Enter a valid email address.")
    else:
        if User.objects.filter(email=email).exists():
            errors["email"] = _("An account with this email address already exists.")
    if language and language not in dict(settings.LANGUAGES):
        errors["language"] = _("Select a valid choice.")
    if password is not None:
        try:
            password_validation.validate_password(password, User(email=email, name=name))
        except ValidationError as error:
            errors["password"] = error.messages
    if errors:
        raise ValidationError(errors)
    # No password (None) gives an unusable one.
    return User.objects.create_user(email=email, password=password, name=name, language=language)


# --------------------------------------------------------------------------------------------
# Invitations


def site_url(request=None) -> str:
    """The address links in emails start with, e.g. `https://okr.example.com` (no trailing
    slash): MUBIAO_SITE_URL when set, else the address the request came to (its host is one of
    ALLOWED_HOSTS), else the local default for the command line."""
    if settings.SITE_URL_CONFIGURED or request is None:
        return settings.SITE_URL
    return request.build_absolute_uri("/").rstrip("/")


def site_url_unset_note(count: int, request=None) -> str | None:
    """What to tell the person about to invite `count` people when MUBIAO_SITE_URL is unset:
    the links will start with this request's address (or, on the command line, the local
    default no one else can reach). None when it is set or no one is invited."""
    if settings.SITE_URL_CONFIGURED or not count:
        return None
    return ngettext(
        "MUBIAO_SITE_URL is not set: the invitation e-mail to %(count)s new person will "
        "link to %(address)s. If people reach Mubiao at another address, set MUBIAO_SITE_URL "
        "to it (e.g. https://okr.example.com) before importing.",
        "MUBIAO_SITE_URL is not set: the invitation e-mails to %(count)s new people will "
        "link to %(address)s. If people reach Mubiao at another address, set MUBIAO_SITE_URL "
        "to it (e.g. https://okr.example.com) before importing.",
        count,
    ) % {"count": count, "address": site_url(request)}


def _link_token(invitation: Invitation, *, mailbox: bool = False) -> str:
    # No time in the signature (the invitation row holds its expiry, and a new nonce ends every
    # earlier link): the same invitation gives the same link, so the people page always shows
    # the same one. The "m" flag marks the link e-mailed to the invited address: only a link
    # read in that mailbox may choose the account's password (accept_invitation).
    data = {"i": invitation.pk, "n": invitation.nonce, **({"m": 1} if mailbox else {})}
    return signing.Signer(salt=INVITATION_SALT).sign_object(data)


def invitation_url(
    invitation: Invitation, request=None, site: str | None = None, *, mailbox: bool = False
) -> str:
    """The link that accepts the invitation (it works while the invitation is pending), on
    `site` when given (the worker has no request), else site_url(request).

    Two kinds: the copied link (Settings › People, pasted into chat; the default) joins an
    account that signs in with its password and otherwise only offers to e-mail the invited
    address; the `mailbox` link, sent to that address only, may also choose a password."""
    return (site or site_url(request)) + reverse(
        "accept_invitation", args=[_link_token(invitation, mailbox=mailbox)]
    )


def open_invitation(
    membership: Membership, *, invited_by: Membership | None = None, name: str | None = None
) -> Invitation:
    """A fresh pending invitation for the membership: a new link (earlier ones stop working)
    that works for MUBIAO_INVITATION_DAYS days; `name` is what the inviter typed (a new link
    for the same invitation keeps it)."""
    invitation, _created = Invitation.objects.update_or_create(
        membership=membership,
        defaults={
            **_fresh_invitation(),
            "accepted_at": None,
            "revoked_at": None,
            **({"invited_by": invited_by} if invited_by else {}),
            **({"name": name[:150]} if name is not None else {}),
        },
    )
    membership.invitation = invitation
    return invitation


def reopen_invitations(membership_ids) -> None:
    """Members back after a deactivation, which withdrew the invitations they had not accepted
    (orgs.departures): those open again with a new nonce, for the admin to send or copy (nothing
    is sent here). The links from before stay dead: the deactivation was meant to end them."""
    invitations = list(
        Invitation.objects.filter(membership_id__in=membership_ids, accepted_at__isnull=True)
    )
    for invitation in invitations:
        for field, value in _fresh_invitation().items():
            setattr(invitation, field, value)
        invitation.revoked_at = None
    Invitation.objects.bulk_update(invitations, [*_fresh_invitation(), "revoked_at"])


def _fresh_invitation() -> dict:
    """A new link, its e-mail not sent yet (nor due: the caller sends it or queues it)."""
    now = timezone.now()
    return {
        "nonce": secrets.token_urlsafe(16),
        "sent_at": None,
        "mail_due_at": None,
        "mail_attempts": 0,
        "mail_error": "",
        "expires_at": now + dt.timedelta(days=settings.MUBIAO_INVITATION_DAYS),
    }


def invite_in_bulk(
    invited_by: Membership, memberships: list[Membership], names: dict, *, request=None
) -> None:
    """Invitations for people just added in bulk (a people import, a directory sync), in one
    statement, each with the name the source gives them (`names`: membership → name); the
    e-mails are queued for the worker once the transaction commits (a rolled-back import sends
    none, a request with hundreds of them does not wait for the mail server). The caller
    has checked the permissions; the memberships hold their user and organization.
    Each e-mail is sent and recorded on its own (mail_due_invitations)."""
    now, site = timezone.now(), site_url(request)
    invitations = Invitation.objects.bulk_create(
        Invitation(
            membership=membership,
            invited_by=invited_by,
            name=(names.get(membership) or "")[:150],
            **{
                **_fresh_invitation(),
                "mail_due_at": now if membership.user.email else None,
                "mail_site": site,
            },
        )
        for membership in memberships
    )
    for membership, invitation in zip(memberships, invitations, strict=True):
        membership.invitation = invitation  # what display_name reads, without a query
    _mail_in_background([invitation.pk for invitation in invitations if invitation.mail_due_at])
    _announce_invitations(invited_by, memberships)


def _mail_in_background(ids: list[int]) -> None:
    """Wake the worker for these invitations' e-mails once the transaction commits (the
    worker's scheduled pass sends whatever is due anyway, retries included)."""
    from mubiao.accounts.tasks import send_invitations  # the task module imports this one

    if ids:
        transaction.on_commit(lambda: send_invitations.enqueue(ids))


# An invitation e-mail the mail server refused, or that could not reach it, is due again after
# the notification outbox's back-off (notify.vendors.rules.backoff), this many times in all;
# then it shows as failed on the people page, for an admin to send again.
MAIL_ATTEMPTS = 8
# How long a worker's claim on an invitation's e-mail holds (longer than the mail server's
# timeout): only a worker that died mid-send lets the next pass send it again.
MAIL_LEASE = dt.timedelta(minutes=2)


def mail_invitation(invitation: Invitation, *, request=None, now=None) -> str:
    """Send the invitation's e-mail now and record what came of it on the invitation alone:
    `sent_at` once the mail server accepted it; else its error, and due again after a
    back-off until MAIL_ATTEMPTS. Returns what came of it, for a page to say: "sent" (the
    mail server took it this time), "retrying" (it did not, and it is due again), "later" (it
    did not for now, and is not due again: attempts spent, or delivered before, see _failed),
    "failed" (refused for good) or "" (no address to send to). The invitation holds its
    membership's user and organization, and its inviter's user."""
    if not invitation.membership.user.email:
        return ""
    now = now or timezone.now()
    site = invitation.mail_site or site_url(request)
    try:
        send_invitation(invitation, site=site)
    except (OSError, smtplib.SMTPException) as failure:
        said, permanent = mail_server_answer(failure)
    except Exception as failure:
        # Not a mail server's answer: a fault of ours or of this invitation's data (an address
        # stored long ago that the mail library cannot parse, a ValueError). Recorded and
        # backed off like one, so that neither the page that sent it (an invite, a resend,
        # "E-mail me the link") fails nor the worker's pass stops or tries it again at once.
        logger.exception("Invitation %s: its e-mail could not be sent", invitation.pk)
        said, permanent = f"{type(failure).__name__}: {failure}", False
    else:
        _record_mail(
            invitation,
            site,
            {
                "sent_at": timezone.now(),
                "mail_attempts": invitation.mail_attempts + 1,
                "mail_error": "",
                "mail_due_at": None,
            },
        )
        return "sent"
    _record_mail(invitation, site, _failed(invitation, said, permanent, now))
    if permanent:
        return "failed"
    return "retrying" if invitation.mail_due_at else "later"


def _failed(invitation: Invitation, said: str, permanent: bool, now) -> dict:
    """What a failed e-mail leaves on its invitation: the error, and due again after the
    back-off unless the failure is permanent, the attempts are spent or the same link's
    e-mail was delivered before (an "E-mail me the link" again: the invitee has it)."""
    attempts = invitation.mail_attempts + 1
    again = attempts < MAIL_ATTEMPTS and not permanent and invitation.sent_at is None
    return {
        "mail_attempts": attempts,
        "mail_error": said[:500],
        "mail_due_at": now + dt.timedelta(seconds=backoff(attempts - 1)) if again else None,
    }


def _record_mail(invitation: Invitation, site: str, fields: dict) -> None:
    # The e-mail is done with, sent or not: the lease (mail_due_invitations) ends with it.
    fields = {**fields, "mail_site": site, "mail_leased_until": None}
    for name, value in fields.items():
        setattr(invitation, name, value)
    Invitation.objects.filter(pk=invitation.pk).update(**fields)


def mail_server_answer(failure: Exception) -> tuple[str, bool]:
    """The mail server's own sentence for a failed e-mail (its code and text, not Python's
    repr of them), and whether the failure is permanent (a 5xx answer: sending the same
    e-mail again gets the same answer, so it is not retried)."""
    if isinstance(failure, smtplib.SMTPRecipientsRefused) and failure.recipients:
        code, text = next(iter(failure.recipients.values()))
    elif isinstance(failure, smtplib.SMTPResponseException):
        code, text = failure.smtp_code, failure.smtp_error
    else:
        return str(failure) or type(failure).__name__, False
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}", 500 <= code < 600


def mail_due_invitations(ids: list[int] | None = None, now=None) -> int:
    """The worker's pass over the invitation e-mails that are due (of `ids` only, when
    given): each still-open, unsent invitation's e-mail claimed (its lease, apart from when it
    is due: "Send the unsent" making it due again while a worker sends it must not let another
    send it too), sent and recorded on its own. Returns how many were sent."""
    now = now or timezone.now()
    due = Invitation.objects.filter(
        mail_due_at__lte=now,
        sent_at__isnull=True,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
        membership__is_active=True,
    ).select_related("membership__user", "membership__organization", "invited_by__user")
    if ids is not None:
        due = due.filter(pk__in=ids)
    free = Q(mail_leased_until__isnull=True) | Q(mail_leased_until__lte=now)
    sent = 0
    for invitation in due.filter(free).order_by("mail_due_at", "pk"):
        # Claimed by one conditional UPDATE: of two workers (or passes) only one gets it.
        # Conditions on the row alone, which PostgreSQL checks again once a concurrent claim
        # of the row commits.
        claim = Invitation.objects.filter(free, pk=invitation.pk, sent_at__isnull=True)
        if not claim.filter(mail_due_at__lte=now).update(mail_leased_until=now + MAIL_LEASE):
            continue
        sent += mail_invitation(invitation, now=now) == "sent"  # records any failure itself
    return sent


@write_transaction
def resend_unsent_invitations(actor: Membership, *, request=None) -> int:
    """Settings › People's "Send the unsent invitations": every open invitation of the
    organization whose e-mail was never accepted by the mail server (failed, or not sent
    yet) is due again now, with the same link, for the worker. Returns how many."""
    permissions.require(permissions.can_manage_organization(actor))
    now = timezone.now()
    unsent = Invitation.objects.filter(
        membership__organization_id=actor.organization_id,
        membership__is_active=True,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        sent_at__isnull=True,
        expires_at__gt=now,
    ).exclude(membership__user__email="")
    if actor.role != Membership.Role.OWNER:
        unsent = unsent.exclude(membership__role=Membership.Role.OWNER)  # as one by one
    rows = list(unsent.select_related("membership"))
    # Those still unsent only: one a worker sent since it was read is not due again.
    unsent.filter(pk__in=[row.pk for row in rows]).update(
        mail_due_at=now, mail_attempts=0, mail_error="", mail_site=site_url(request)
    )
    log_all(actor, [("member.invitation_resent", row.membership, {}) for row in rows])
    _mail_in_background([row.pk for row in rows])
    return len(rows)


def _announce_invitations(actor: Membership, memberships: list[Membership]) -> None:
    """The `invitation` event (notify): in the bell each invitee finds on joining, and to the
    chat groups and webhooks that subscribed to it (the e-mail with the link is sent above)."""
    from mubiao.notify import messages as kinds
    from mubiao.notify.services import Event, notify

    # One event for a whole import (a fixed number of queries however many were invited); a
    # chat group reads the first few names.
    names = [m.display_name for m in memberships[:NAMES_SHOWN]]
    person = ", ".join(names) + (", …" if len(memberships) > NAMES_SHOWN else "")
    notify(Event(kinds.INVITATION, actor.organization_id, actor=actor,
                 recipients=list(memberships), data={"person": person}))  # fmt: skip


NAMES_SHOWN = 5


def _link_data(token: str):
    try:
        return signing.Signer(salt=INVITATION_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        # A link e-mailed before links stopped carrying a time (signing.dumps) still works:
        # the invitation row decides whether it is current.
        return signing.loads(token, salt=INVITATION_SALT)


# The code of invitation_for_link's ValidationError for a link this server never signed; a
# link it did sign but that is spent (used, replaced, withdrawn, expired) has LINK_SPENT.
LINK_FORGED, LINK_SPENT = "forged", "spent"


def _expired() -> ValidationError:
    # An expired invitation, whether its link is opened or its invitee signs in (accept_by_sign_in).
    return ValidationError(_("This invitation has expired. Ask for a new one."), code=LINK_SPENT)


def invitation_for_link(token: str) -> Invitation:
    """The pending invitation a link is for, with its membership, person and organization, and
    `from_mailbox`: whether the link is the one e-mailed to the invited address (links made
    before the two kinds existed count as copied ones: the people page showed them too).

    ValidationError with a message for the person holding the link when the link is forged
    (code LINK_FORGED), or used, withdrawn (the invitee deactivated too), replaced by a newer
    one or expired (LINK_SPENT: a genuine link someone reopened, which is no attempt to break
    in). The message says what is true of the invitation, never of the account: the link
    already tells its holder that someone was invited.
    """
    try:
        data = _link_data(token)
    except (signing.BadSignature, ValueError):
        raise ValidationError(_("This invitation link is not valid."), code=LINK_FORGED) from None
    if not isinstance(data, dict):
        data = {}
    invitation = (
        Invitation.objects.select_related("membership__user", "membership__organization")
        .filter(pk=data.get("i"))
        .first()
    )
    state = invitation.state if invitation is not None else Invitation.State.REVOKED
    from_mailbox = data.get("m") == 1
    if state == Invitation.State.ACCEPTED:
        raise ValidationError(
            _("This invitation has already been used. Sign in instead."), code=LINK_SPENT
        )
    if state == Invitation.State.REVOKED or not invitation.membership.is_active:
        raise ValidationError(
            _("This invitation was withdrawn. Ask your admin for a new one."), code=LINK_SPENT
        )
    if not constant_time_compare(str(data.get("n")), invitation.nonce):
        # A copied link came from an admin (a chat, a message), not from an e-mail.
        replaced = (
            _("A newer invitation replaced this link. Use the newest email.")
            if from_mailbox
            else _("A newer link replaced this one. Ask your admin for the new link.")
        )
        raise ValidationError(replaced, code=LINK_SPENT)
    if state == Invitation.State.EXPIRED:
        raise _expired()
    invitation.from_mailbox = from_mailbox
    return invitation


def _require_invitation_admin(actor: Membership, membership: Membership) -> None:
    permissions.require(permissions.can_manage_organization(actor))
    permissions.same_organization(actor, membership)
    if membership.role == Membership.Role.OWNER and actor.role != Membership.Role.OWNER:
        raise PermissionDenied(_("Only an owner can invite an owner."))


@write_transaction
def invite_member(
    actor: Membership,
    *,
    email: str,
    name: str = "",
    role: str = Membership.Role.MEMBER,
    title: str = "",
    manager: Membership | None = None,
    teams: list[Team] = (),
    language: str = "",
    request=None,
) -> Membership:
    """Add a person to the organization (creating the account when new) as a member (the
    default role) and email them a link to join; the membership shows as pending until they
    follow it. `request` gives the links their address when MUBIAO_SITE_URL is unset."""
    permissions.require(permissions.can_manage_organization(actor))
    permissions.same_organization(actor, manager, *teams)
    email = normalise_email(email)
    name, title = limits.one_line(name), limits.one_line(title)
    errors = {}
    if not email or "@" not in email:
        errors["email"] = _("Enter a valid email address.")
    if role not in Membership.Role.values:
        errors["role"] = _("Select a valid choice.")
    if role == Membership.Role.OWNER and actor.role != Membership.Role.OWNER:
        errors["role"] = _("Only an owner can make someone an owner.")
    if manager is not None and not manager.is_active:
        errors["manager"] = departures.departed_refused(manager.display_name)
    user = User.objects.filter(email=email).first() if email else None
    if user and Membership.objects.filter(organization_id=actor.organization_id, user=user):
        errors["email"] = _("This person is already a member.")
    if errors:
        raise ValidationError(errors)
    if user is None:
        user = User.objects.create_user(email=email, name=limits.one_line(name), language=language)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership = Membership.objects.create(
        organization_id=actor.organization_id, user=user, role=role, title=title, manager=manager
    )
    TeamMember.objects.bulk_create(TeamMember(team=t, membership=membership) for t in teams)
    log(actor, "member.invited", membership, email=email)
    invitation = open_invitation(membership, invited_by=actor, name=limits.one_line(name))
    mail_invitation(invitation, request=request)
    _announce_invitations(actor, [membership])
    return membership


@write_transaction
def resend_invitation(actor: Membership, membership: Membership, *, request=None) -> Invitation:
    """Email a new link (the old one stops working) that works for another
    MUBIAO_INVITATION_DAYS days. Never for a deactivated membership (withdrawn by an admin,
    departed in a directory sync or a people file): sending would let them join an
    organization that let them go; reactivating them (orgs.services.update_member) is the one
    way back, and it reopens the invitation on purpose."""
    _require_invitation_admin(actor, membership)
    current = Invitation.objects.filter(membership=membership).first()
    if current is None or current.accepted_at:
        raise ValidationError(_("This person has already joined."))
    if not membership.is_active:
        raise ValidationError(
            _("This person is deactivated. Reactivate them first; that reopens the invitation.")
        )
    invitation = open_invitation(membership, invited_by=actor)
    log(actor, "member.invitation_resent", membership)
    mail_invitation(invitation, request=request)
    return invitation


@write_transaction
def revoke_invitation(actor: Membership, membership: Membership) -> Invitation:
    """Withdraw a pending invitation: its link stops working and the membership is
    deactivated (nothing is deleted; reactivating the member undoes this)."""
    _require_invitation_admin(actor, membership)
    closures.lock(actor.organization_id)  # the reports move (departures), first in the order
    invitation = Invitation.objects.select_for_update().filter(membership=membership).first()
    if invitation is None or invitation.accepted_at:
        raise ValidationError(_("This person has already joined."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    membership.is_active, membership.left_directory = False, False  # a sync leaves it so
    membership.save(update_fields=["is_active", "left_directory"])
    log(actor, "member.invitation_withdrawn", membership)
    # An invitee may already have been named someone's manager or a team's lead.
    departures.hand_over(actor, actor.organization_id, {membership.pk})
    return invitation


def send_invitation(invitation: Invitation, *, site: str) -> None:
    """E-mail the invitation, with its mailbox link on `site`, to the invited address (none
    for someone known by mobile number only: they sign in through their work app); the mail
    server's error is raised (mail_invitation records it)."""
    membership, invited_by = invitation.membership, invitation.invited_by
    if not membership.user.email:
        return
    inviter = invited_by.user if invited_by else None
    with override(membership.user.email_language(inviter and inviter.language)):
        subject = _("%(person)s invites you to %(org)s on Mubiao") % {
            "person": inviter.display_name if inviter else "Mubiao",
            "org": membership.organization.name,
        }
        body = _(
            "Hello,\n\n%(person)s invites you to set and track OKRs with %(org)s on Mubiao.\n"
            "Join here (the link works once, for %(days)s days):\n\n%(url)s\n"
        ) % {
            "person": inviter.display_name if inviter else "Mubiao",
            "org": membership.organization.name,
            "days": settings.MUBIAO_INVITATION_DAYS,
            "url": invitation_url(invitation, site=site, mailbox=True),
        }
    send_mail(subject, body, None, [membership.user.email])


def email_invitation_link(token: str, *, request=None) -> str:
    """What a copied link's "E-mail me the link" does: the invitation e-mail again (the same
    invitation, so the copied link keeps working), to the invited address only, whoever asks.
    Whoever holds a copied link learns nothing and can take nothing: the e-mail's link, which
    may choose a password, reaches the invitee's mailbox alone. Returns what came of it, for
    the page to say (mail_invitation): "failed" only when the mail server refused it for good
    or there is no address to send it to; a failure that may pass is never blamed on the
    address, also when the e-mail is not due again (delivered before: the invitee has it)."""
    return mail_invitation(invitation_for_link(token), request=request) or "failed"


def accept_by_sign_in(user: User, organization_id: int) -> Membership | None:
    """A sign-in through the organization's identity provider or work app (飞书 / 钉钉 /
    企业微信), the one place every such path ends (twofactor.views.sign_in), accepts the
    invitation the person has not opened yet: the provider or app vouched for them as the
    link would have. Returns the membership that joined (None: nothing was pending).
    ValidationError (LINK_SPENT) for an invitation that expired, as its link says: the
    sign-in is refused, for an admin to invite them again. Not for a member the organization's
    directory brought in (or linked) by a sync: it lists them still (a sync deactivates whom
    it no longer lists), which vouches for them as a fresh invitation would, and an
    organization that requires sign-in with the app gives them no link or password to join
    by instead."""
    membership = (
        Membership.objects.filter(
            organization_id=organization_id,
            user=user,
            is_active=True,
            invitation__isnull=False,
            invitation__accepted_at__isnull=True,
            invitation__revoked_at__isnull=True,
        )
        .select_related("invitation")
        .first()
    )
    # One query for the many sign-ins of members who joined long ago; the write for the first.
    if membership is None:
        return None
    expired = membership.invitation.state == Invitation.State.EXPIRED
    if expired and not _listed_by_directory(membership):
        raise _expired()
    return _accept_by_sign_in(membership, expired=expired)


def _listed_by_directory(membership: Membership) -> bool:
    from mubiao.directory.models import LinkedPerson  # directory builds on accounts

    # Only a sync's link (by_sync): a member added by hand whom an app sign-in linked is not
    # the directory's (directory.models.LinkedPerson).
    return LinkedPerson.objects.filter(membership=membership, by_sync=True).exists()


@write_transaction
def _accept_by_sign_in(membership: Membership, *, expired: bool) -> Membership | None:
    open_ = Invitation.objects.filter(pk=membership.invitation.pk, accepted_at__isnull=True)
    if not expired:  # as read: an unlisted member's invitation must still be open
        open_ = open_.filter(expires_at__gt=timezone.now())
    claimed = open_.update(accepted_at=timezone.now(), mail_due_at=None)
    if not claimed:  # another sign-in accepted it a moment earlier
        return None
    log(membership, "member.joined", membership, via="sso")
    return membership


@write_transaction
def accept_invitation(
    token: str, *, password: str | None = None, name: str = "", user: User | None = None
) -> Membership:
    """Join through an invitation link, once.

    An account that has a password must be signed in with it (`user`): a link never changes an
    existing password. An account without one (new, or made by another organization or its
    provider) chooses its `password` here, through the link e-mailed to its address only
    (from_mailbox): a copied link is refused whatever the account, saying nothing about it, so
    that whoever it was pasted to can neither take the account nor learn of it.
    """
    invitation = invitation_for_link(token)
    membership = invitation.membership
    person = membership.user
    if user is not None:
        # A password session of the invitee (accounts.views): never one of a provider or app.
        if user.pk != person.pk or not person.has_usable_password():
            raise PermissionDenied(_("Sign in as %(email)s to join.") % {"email": person.email})
    elif not invitation.from_mailbox:
        raise PermissionDenied(
            _(
                "To choose a password, open the link in the invitation e-mail. “E-mail me the "
                "link” sends it to the invited address."
            )
        )
    elif person.has_usable_password():
        raise PermissionDenied(_("Sign in as %(email)s to join.") % {"email": person.email})
    elif not password:
        raise ValidationError({"password1": _("Choose a password.")})
    claimed = Invitation.objects.filter(
        pk=invitation.pk, nonce=invitation.nonce, accepted_at__isnull=True
    ).update(accepted_at=timezone.now())
    if not claimed:  # someone used the same link a moment earlier
        raise ValidationError(_("This invitation has already been used. Sign in instead."))
    if user is None:
        if limits.one_line(name):
            person.name = limits.one_line(name)
        person.password = make_password(password)
        person.save(update_fields=["password", "name"])
    log(membership, "member.joined", membership)
    return membership


@write_transaction
def update_preferences(user: User, *, name: str, language: str, timezone: str) -> User:
    errors = {}
    if language and language not in dict(settings.LANGUAGES):
        errors["language"] = _("Select a valid choice.")
    if timezone:
        try:
            zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            errors["timezone"] = _("Unknown time zone.")
    if errors:
        raise ValidationError(errors)
    moved = (user.language, user.timezone) != (language, timezone)
    user.name, user.language, user.timezone = limits.one_line(name), language, timezone
    user.save(update_fields=["name", "language", "timezone"])
    if moved:
        # Their reminders are read on their own clock (notify.rules.reminder_zone).
        from mubiao.notify import services as notify  # notify builds on accounts

        notify.reschedule(user.memberships.all())
    return user


# A used reset link is remembered this long: reopened later, it counts as a failed attempt
# again (as a forged one does), which a year-old e-mail hardly ever is.
SPENT_RESET_LINKS_KEPT = dt.timedelta(days=365)


def _reset_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@write_transaction
def spend_reset_link(user: User, token: str) -> None:
    """Remember that `token` (a password-reset link's) was used, and forget those used more
    than SPENT_RESET_LINKS_KEPT ago."""
    SpentResetLink.objects.filter(spent_at__lt=timezone.now() - SPENT_RESET_LINKS_KEPT).delete()
    SpentResetLink.objects.get_or_create(digest=_reset_digest(token), defaults={"user": user})


def reset_link_spent(user: User | None, token: str) -> bool:
    """Whether `token` is a password-reset link of `user` that was used already."""
    return (
        user is not None
        and SpentResetLink.objects.filter(user=user, digest=_reset_digest(token)).exists()
    )
