"""Reads of single sign-on: which provider a person signing in goes to."""

from django.db.models import Q
from django.utils import timezone

from mubiao.accounts.models import normalise_email
from mubiao.directory.models import DirectorySource
from mubiao.okrs.selectors import JOINED
from mubiao.orgs.models import Membership
from mubiao.sso import rules
from mubiao.sso.models import EmailDomain, IdentityProvider


def provider_for_sign_in(typed: str) -> IdentityProvider | None:
    """The enabled provider for what the person typed on the sign-in page: an e-mail address
    (by its domain) or an organization's slug."""
    typed = normalise_email(typed)  # an organization's slug reads the same way
    if not typed or not typed.isprintable():
        return None
    providers = IdentityProvider.objects.select_related("organization").filter(enabled=True)
    if "@" in typed:
        # Only a domain whose owner proved it (a pending claim by anyone would send that
        # domain's people to the claimant's provider: phishing).
        return providers.filter(
            domains__in=EmailDomain.objects.filter(in_effect(), domain=rules.email_domain(typed))
        ).first()
    return providers.filter(organization__slug=typed).first()


def provider_of(slug: str) -> IdentityProvider | None:
    return (
        IdentityProvider.objects.select_related("organization")
        .filter(organization__slug=slug, enabled=True)
        .first()
    )


def app_sign_in_of(slug: str) -> DirectorySource | None:
    """The organization's directory when its members may sign in through the vendor's app."""
    if not slug or not slug.isprintable():
        return None
    return (
        DirectorySource.objects.select_related("organization")
        .filter(organization__slug=slug, sign_in=True)
        .first()
    )


def settings_for(actor: Membership) -> IdentityProvider | None:
    return (
        IdentityProvider.objects.select_related("break_glass__user")
        .prefetch_related("domains")
        .filter(organization=actor.organization_id)
        .first()
    )


def owners(actor: Membership):
    return (
        Membership.objects.select_related("user")
        .filter(organization=actor.organization_id, role=Membership.Role.OWNER, is_active=True)
        .order_by("user__name", "user__email")
    )


def in_effect() -> Q:
    """The claims that count: verified ones, and those made before verification existed while
    their grace lasts (sso migration 0003)."""
    return Q(verified_at__isnull=False) | Q(grace_until__gt=timezone.now())


def verified_domains(organization_id) -> set[str]:
    """The e-mail domains the organization verified (Settings → Single sign-on): the only
    addresses its identity provider may sign in, and the only ones where its provider or work
    app may make a new account just in time."""
    return set(
        EmailDomain.objects.filter(in_effect(), provider__organization=organization_id).values_list(
            "domain", flat=True
        )
    )


def vouches_for(organization_id, user) -> bool:
    """Whether the organization's provider, work app or directory may act on this account (sign
    it in, make it a member, require single sign-on of it). Accounts are shared by every
    organization a person belongs to, and an e-mail domain an organization lists is not proof
    that the addresses there are its people (nobody checks who owns a domain), so it acts only
    on an account that accepted this organization's invitation itself (the invitation link, with
    the account's own password: a new account chose it there; an existing one was signed in with
    it, never through a provider or app, see accounts.views), or on one this organization had
    first and that joined no other organization since. Only what the person did counts: another
    organization's pending invitation (a just-in-time sign-in, an import, a sync, an invitation
    it sent later) never changes how this organization's members sign in."""
    memberships = Membership.objects.filter(user=user)
    own = memberships.filter(organization=organization_id).select_related("invitation").first()
    if own is not None and getattr(own, "invitation", None) and own.invitation.accepted_at:
        return True
    others = memberships.exclude(organization=organization_id)
    if own is not None:
        # One the person accepted, or made before this organization's (another organization had
        # the account first); one made later without them (no invitation: a departed row of an
        # import) is no act of theirs.
        return not others.filter(
            Q(invitation__accepted_at__isnull=False) | Q(pk__lt=own.pk)
        ).exists()
    return not others.exists()


def _accepted_members(user):
    """The organization (id) where the user is an active member who accepted (or needed no)
    invitation, when it is their only one: requiring single sign-on concerns the use of that
    organization, so someone who belongs to others (even invited) keeps signing in with the
    password and enters this one through its provider (orgs.middleware); a pending invitation
    never changes how anyone signs in."""
    if Membership.objects.filter(user=user, is_active=True).count() != 1:
        return Membership.objects.none().values("organization_id")
    return Membership.objects.filter(JOINED, user=user, is_active=True).values("organization_id")


def password_refused_by(user) -> IdentityProvider | None:
    """The provider of an organization that requires single sign-on of this member (active,
    invitation accepted, vouched for by it, and with an address at one of its verified domains:
    the provider signs in no other), unless they are its break-glass owner: they may not sign in
    with a password."""
    candidates = (
        IdentityProvider.objects.select_related("organization")
        .filter(enabled=True, require_sso=True, organization__in=_accepted_members(user))
        .exclude(break_glass__user=user)
    )
    return next(
        (
            p
            for p in candidates
            if rules.within_domains(user.email, verified_domains(p.organization_id))
            and vouches_for(p.organization_id, user)
        ),
        None,
    )


def app_refuses_password(user) -> DirectorySource | None:
    """The directory of an organization that requires sign-in through its app of this member
    (as password_refused_by), unless they are its break-glass owner: they may not sign in with
    a password."""
    candidates = (
        DirectorySource.objects.select_related("organization")
        .filter(sign_in=True, require_sign_in=True, organization__in=_accepted_members(user))
        .exclude(break_glass__user=user)
    )
    return next((s for s in candidates if vouches_for(s.organization_id, user)), None)
