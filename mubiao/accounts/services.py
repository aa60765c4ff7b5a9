"""Writes for people and teams: invitations, roles, managers, team tree, preferences.

Like okrs.services, every function takes the acting Membership first, checks permissions
(orgs.permissions), raises ValidationError with per-field messages in the person's language and
writes the activity log. Invitations are signed, expiring tokens (no table): the link carries
the membership id and a hash of the person's password state, so it stops working once used.
"""

import zoneinfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from mubiao.accounts.models import User
from mubiao.okrs.models import Activity
from mubiao.okrs.services import log
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Organization, Team, TeamMember

INVITATION_SALT = "mubiao.accounts.invitation"
INVITATION_MAX_AGE = 14 * 24 * 3600  # two weeks, long enough for a holiday


def _require_admin(actor: Membership) -> None:
    if not permissions.can_manage_organization(actor):
        raise PermissionDenied(_("You are not allowed to do this."))


def _same_org(actor: Membership, *rows) -> None:
    for row in rows:
        if row is not None and row.organization_id != actor.organization_id:
            raise row.__class__.DoesNotExist


# --------------------------------------------------------------------------------------------
# Invitations


def _password_state(user: User) -> str:
    # Changes as soon as the invited person sets a password, which voids the link.
    return salted_hmac(INVITATION_SALT, f"{user.pk}:{user.password}").hexdigest()[:16]


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


@transaction.atomic
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
    _require_admin(actor)
    _same_org(actor, manager, *teams)
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


@transaction.atomic
def accept_invitation(token: str, *, password: str, name: str = "") -> Membership:
    membership = membership_for_invitation(token)
    user = membership.user
    if name.strip():
        user.name = name.strip()
    user.password = make_password(password)
    user.save(update_fields=["password", "name"])
    log(membership, "member.joined", membership)
    return membership


# --------------------------------------------------------------------------------------------
# Members


@transaction.atomic
def update_member(
    actor: Membership,
    member: Membership,
    *,
    role: str,
    title: str = "",
    manager: Membership | None = None,
    teams: list[Team] = (),
    is_active: bool = True,
) -> Membership:
    _require_admin(actor)
    _same_org(actor, member, manager, *teams)
    errors = {}
    if role not in Membership.Role.values:
        errors["role"] = _("Select a valid choice.")
    elif (
        Membership.Role.OWNER in (role, member.role)
        and role != member.role
        and actor.role != Membership.Role.OWNER
    ):
        errors["role"] = _("Only an owner can make someone an owner.")
    if manager is not None and _manages(member, manager):
        errors["manager"] = _("A person cannot report to themselves or to their own reports.")
    if (not is_active or role != Membership.Role.OWNER) and member.role == Membership.Role.OWNER:
        owners = Membership.objects.filter(
            organization_id=actor.organization_id, role=Membership.Role.OWNER, is_active=True
        )
        if not owners.exclude(pk=member.pk).exists():
            errors["role"] = _("The organization needs at least one active owner.")
    if errors:
        raise ValidationError(errors)
    member.role, member.title, member.manager, member.is_active = role, title, manager, is_active
    member.save(update_fields=["role", "title", "manager", "is_active"])
    wanted = {t.pk for t in teams}
    member.team_memberships.exclude(team_id__in=wanted).delete()
    existing = set(member.team_memberships.values_list("team_id", flat=True))
    TeamMember.objects.bulk_create(
        TeamMember(team_id=pk, membership=member) for pk in wanted - existing
    )
    log(actor, "member.updated", member, role=role, active=is_active)
    return member


def _manages(member: Membership, manager: Membership) -> bool:
    """Would `manager` managing `member` close a loop in the manager chain?"""
    if manager.pk == member.pk:
        return True
    return manager.pk in set(
        Membership.objects.filter(id__in=permissions.reports_subquery(member)).values_list(
            "pk", flat=True
        )
    )


# --------------------------------------------------------------------------------------------
# Teams


def _validate_team(actor: Membership, team: Team) -> None:
    errors = {}
    if not team.name.strip():
        errors["name"] = _("This field is required.")
    if Team.objects.filter(organization_id=actor.organization_id, slug=team.slug).exclude(
        pk=team.pk
    ):
        errors["name"] = _("A team with this name already exists.")
    if team.parent_id and team.pk:
        subtree = Team.objects.filter(id__in=permissions.team_subtree_subquery(team.pk))
        if subtree.filter(pk=team.parent_id).exists():
            errors["parent"] = _("A team cannot sit inside itself or one of its sub-teams.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_team(
    actor: Membership,
    team: Team | None = None,
    *,
    name: str,
    parent: Team | None = None,
    leads: list[Membership] = (),
) -> Team:
    """Create a team (team=None) or rename/move it and set its leads."""
    _require_admin(actor)
    _same_org(actor, team, parent, *leads)
    team = team or Team(organization_id=actor.organization_id)
    creating = team.pk is None
    team.name = (name or "").strip()
    team.parent = parent
    if creating:
        team.slug = slugify(team.name, allow_unicode=True)[:80] or "team"
    _validate_team(actor, team)
    team.save()
    lead_ids = {m.pk for m in leads}
    team.team_members.filter(is_lead=True).exclude(membership_id__in=lead_ids).update(is_lead=False)
    for member_id in lead_ids:
        TeamMember.objects.update_or_create(
            team=team, membership_id=member_id, defaults={"is_lead": True}
        )
    log(actor, "team.created" if creating else "team.updated", team, name=team.name)
    return team


# --------------------------------------------------------------------------------------------
# Organization and personal settings


@transaction.atomic
def update_organization(
    actor: Membership, organization: Organization, *, name: str, weights: bool
) -> Organization:
    _require_admin(actor)
    if organization.pk != actor.organization_id:
        raise Organization.DoesNotExist
    if not (name or "").strip():
        raise ValidationError({"name": _("This field is required.")})
    organization.name = name.strip()
    organization.settings = {**organization.settings, "weights": bool(weights)}
    organization.save(update_fields=["name", "settings"])
    Activity.objects.create(
        organization=organization,
        actor=actor,
        verb="organization.updated",
        target_type="organization",
        target_id=organization.pk,
        data={"name": organization.name},
    )
    return organization


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
