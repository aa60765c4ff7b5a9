"""Writes for people's accounts: new accounts, invitations and personal preferences (teams,
roles and managers are in orgs.services).

Like okrs.services, every function takes the acting Membership first (except create_user, whose
person belongs to no organization yet), checks permissions (orgs.permissions), raises
ValidationError with per-field messages in the person's language and writes the activity log.
Invitations are signed, expiring tokens (no table): the link carries
the membership id and a hash of the person's password state, so it stops working once used.
"""

import zoneinfo

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import override

from mubiao.accounts.models import User
from mubiao.okrs.services import log
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Team, TeamMember
from mubiao.transactions import write_transaction

INVITATION_SALT = "mubiao.accounts.invitation"
INVITATION_MAX_AGE = 14 * 24 * 3600  # two weeks, long enough for a holiday


# --------------------------------------------------------------------------------------------
# Accounts


def create_user(
    *, email: str, name: str = "", password: str | None = None, language: str = ""
) -> User:
    """A new account for someone who is not (yet) in any organization: the first run's owner
    or `mubiao createorg --owner`. Without a password the account cannot sign in until its
    owner follows an invitation link."""
    email, name = (email or "").strip().lower(), (name or "").strip()
    errors = {}
    if len(name) > User._meta.get_field("name").max_length:
        errors["name"] = _("This name is too long.")
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


def _password_state(user: User) -> str:
    # Changes as soon as the invited person sets a password, which voids the link.
    return salted_hmac(
        INVITATION_SALT, f"{user.pk}:{user.password}", algorithm="sha256"
    ).hexdigest()[:16]


def invitation_token(membership: Membership) -> str:
    return signing.dumps(
        {"m": membership.pk, "s": _password_state(membership.user)}, salt=INVITATION_SALT
    )


def membership_for_invitation(token: str) -> Membership:
    """The membership an invitation link is for; ValidationError when expired, used or forged."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("This invitation has expired. Ask for a new one.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This invitation link is not valid.")) from None
    membership = (
        Membership.objects.select_related("user", "organization")
        .filter(pk=data.get("m"), is_active=True)
        .first()
    )
    if membership is None or data.get("s") != _password_state(membership.user):
        raise ValidationError(_("This invitation has already been used."))
    return membership


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
) -> Membership:
    """Add a person to the organization (creating the account when new) and email them a link
    to set their password."""
    permissions.require(permissions.can_manage_organization(actor))
    permissions.same_organization(actor, manager, *teams)
    email = (email or "").strip().lower()
    errors = {}
    if not email or "@" not in email:
        errors["email"] = _("Enter a valid email address.")
    if role not in Membership.Role.values:
        errors["role"] = _("Select a valid choice.")
    if role == Membership.Role.OWNER and actor.role != Membership.Role.OWNER:
        errors["role"] = _("Only an owner can make someone an owner.")
    user = User.objects.filter(email=email).first() if email else None
    if user and Membership.objects.filter(organization_id=actor.organization_id, user=user):
        errors["email"] = _("This person is already a member.")
    if errors:
        raise ValidationError(errors)
    if user is None:
        user = User.objects.create_user(email=email, name=name.strip(), language=language)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership = Membership.objects.create(
        organization_id=actor.organization_id, user=user, role=role, title=title, manager=manager
    )
    TeamMember.objects.bulk_create(TeamMember(team=t, membership=membership) for t in teams)
    log(actor, "member.invited", membership, email=email)
    send_invitation(membership, invited_by=actor)
    return membership


def send_invitation(membership: Membership, *, invited_by: Membership) -> None:
    url = settings.SITE_URL + reverse("accept_invitation", args=[invitation_token(membership)])
    with override(membership.user.language or invited_by.user.language or None):
        subject = _("%(person)s invites you to %(org)s on Mubiao") % {
            "person": invited_by.user.display_name,
            "org": membership.organization.name,
        }
        body = _(
            "Hello,\n\n%(person)s invites you to set and track OKRs with %(org)s on Mubiao.\n"
            "Choose your password here (the link works for 14 days):\n\n%(url)s\n"
        ) % {
            "person": invited_by.user.display_name,
            "org": membership.organization.name,
            "url": url,
        }
    send_mail(subject, body, None, [membership.user.email])


@write_transaction
def accept_invitation(token: str, *, password: str, name: str = "") -> Membership:
    membership = membership_for_invitation(token)
    user = membership.user
    if name.strip():
        user.name = name.strip()
    user.password = make_password(password)
    user.save(update_fields=["password", "name"])
    log(membership, "member.joined", membership)
    return membership


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
    user.name, user.language, user.timezone = name.strip(), language, timezone
    user.save(update_fields=["name", "language", "timezone"])
    return user
