"""Reads of single sign-on: which provider a person signing in goes to."""

from mubiao.directory.models import DirectorySource
from mubiao.orgs.models import Membership
from mubiao.sso import rules
from mubiao.sso.models import IdentityProvider


def provider_for_sign_in(typed: str) -> IdentityProvider | None:
    """The enabled provider for what the person typed on the sign-in page: an e-mail address
    (by its domain) or an organization's slug."""
    typed = (typed or "").strip().lower()
    if not typed or not typed.isprintable():
        return None
    providers = IdentityProvider.objects.select_related("organization").filter(enabled=True)
    if "@" in typed:
        return providers.filter(domains__domain=rules.email_domain(typed)).first()
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


def password_refused_by(user) -> IdentityProvider | None:
    """The provider of an organization that requires single sign-on of this active member,
    unless they are its break-glass owner: they may not sign in with a password."""
    return (
        IdentityProvider.objects.select_related("organization")
        .filter(
            enabled=True,
            require_sso=True,
            organization__memberships__user=user,
            organization__memberships__is_active=True,
        )
        .exclude(break_glass__user=user)
        .first()
    )


def app_refuses_password(user) -> DirectorySource | None:
    """The directory of an organization that requires sign-in through its app of this active
    member, unless they are its break-glass owner: they may not sign in with a password."""
    return (
        DirectorySource.objects.select_related("organization")
        .filter(
            sign_in=True,
            require_sign_in=True,
            organization__memberships__user=user,
            organization__memberships__is_active=True,
        )
        .exclude(break_glass__user=user)
        .first()
    )
