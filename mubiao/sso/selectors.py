"""Reads of single sign-on: which provider a person signing in goes to."""

from django.db.models import Exists, OuterRef, Q
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


def vouched() -> Q:
    """Memberships (a Q on Membership) on whose account the organization's provider, work app
    or directory may act: the account accepted this organization's invitation itself (the
    invitation link, with the account's own password: a new account chose it there; an existing
    one was signed in with it, never through a provider or app, see accounts.views), or this
    organization had it first and it joined no other organization since. Accounts are shared by
    every organization a person belongs to, and an e-mail domain is not proof that the addresses
    there are the organization's people. Only what the person did counts: another
    organization's later invitation (an import, a sync, an invitation it sent, even one whose
    link it copied) counts for nothing; a membership made later without an invitation (a departed
    row of an import) is no act of theirs either."""
    accepted = Q(invitation__accepted_at__isnull=False)
    before = Membership.objects.filter(user=OuterRef("user")).exclude(
        organization=OuterRef("organization")
    )
    first = accepted | Q(pk__lt=OuterRef("pk"))
    # An invitee's account another organization had first (even by a pending invitation: it
    # made the account) is that organization's; a member who joined without an invitation (the
    # creator, just in time) gives way only to organizations the person joined.
    invited, uninvited = Q(invitation__isnull=False), Q(invitation__isnull=True)
    return (
        accepted
        | (invited & ~Exists(before.filter(first)))
        | (uninvited & ~Exists(before.filter(JOINED).filter(first)))
    )


def vouches_for(organization_id, user) -> bool:
    """Whether the organization's provider, work app or directory may act on this account (sign
    it in, make it a member, require single sign-on of it): see `vouched`; for an account that
    is not a member yet, one that joined no organization (pending invitations count for
    nothing)."""
    own = Membership.objects.filter(user=user, organization=organization_id)
    if own.exists():
        return own.filter(vouched()).exists()
    return not Membership.objects.filter(JOINED, user=user).exists()


# Memberships whose organization's provider requires single sign-on, or whose work app requires
# signing in with it, of its people (before who they are: _sso_required, _app_required).
PROVIDER_REQUIRES_SSO = Q(
    organization__identity_provider__enabled=True,
    organization__identity_provider__require_sso=True,
)
APP_REQUIRES_SIGN_IN = Q(
    organization__directory_source__sign_in=True,
    organization__directory_source__require_sign_in=True,
)


def _sso_required(user) -> Q:
    """Memberships whose organization's provider requires single sign-on of this person: their
    address is at one of its verified domains (the provider signs in no other) and they are not
    its break-glass owner."""
    return (
        PROVIDER_REQUIRES_SSO
        & ~Q(organization__identity_provider__break_glass__user=user)
        & Exists(
            EmailDomain.objects.filter(
                in_effect(),
                provider__organization=OuterRef("organization"),
                domain=rules.email_domain(user.email) if user.email else "",
            )
        )
    )


def _app_required(user) -> Q:
    """Memberships whose organization requires sign-in through its work app, unless the person
    is its break-glass owner."""
    return APP_REQUIRES_SIGN_IN & ~Q(organization__directory_source__break_glass__user=user)


def password_barred(user) -> Q:
    """The one rule of which organizations a password session of this person may not enter
    (a Q on Membership): those whose provider or app requires signing in through it, acts on
    this account (`vouched`) and whose member the person is (joined: a pending invitation is not
    membership). Used by the sign-in form (`password_refused_by`) and by every request's choice
    of organization (orgs.middleware), so switching organizations never reaches one either."""
    return JOINED & vouched() & (_sso_required(user) | _app_required(user))


def door_after_joining(membership: Membership) -> str | None:
    """Where someone who just accepted the organization's invitation signs in to it: the URL
    name of its provider's ("sso_start") or app's ("sso_app_start") sign-in when it requires
    that of them (`password_barred`: their password session never enters it), else None."""
    user, own = (
        membership.user,
        Membership.objects.filter(pk=membership.pk).filter(JOINED, vouched()),
    )
    if own.filter(_sso_required(user)).exists():
        return "sso_start"
    if own.filter(_app_required(user)).exists():
        return "sso_app_start"
    return None


def barred_door(user) -> tuple[Membership, str] | None:
    """For a password session that may enter none of the person's organizations: one they
    joined that requires its provider or app (`password_barred`, e.g. an admin who just
    switched "require single sign-on" on), with the URL name of where to sign in to it."""
    membership = (
        Membership.objects.select_related("organization", "user")
        .filter(password_barred(user), user=user, is_active=True)
        .first()
    )
    if membership is None:
        return None
    return membership, door_after_joining(membership) or "sso_start"


def _refused_everywhere(user, required: Q):
    """The organizations (ids) requiring `required` of this person when a password session
    could enter none of their joined organizations: then the password is refused. Other
    organizations' pending invitations count for nothing."""
    joined = Membership.objects.filter(JOINED, user=user, is_active=True)
    if joined.exclude(password_barred(user)).exists():
        return Membership.objects.none().values("organization_id")
    return joined.filter(vouched(), required).values("organization_id")


def password_refused_by(user) -> IdentityProvider | None:
    """The provider of an organization that requires single sign-on of this person, when no
    organization they joined may be entered with a password (`password_barred`): they may not
    sign in with a password."""
    return (
        IdentityProvider.objects.select_related("organization")
        .filter(organization__in=_refused_everywhere(user, _sso_required(user)))
        .first()
    )


def app_refuses_password(user) -> DirectorySource | None:
    """The directory of an organization that requires sign-in through its app of this person
    (as password_refused_by): they may not sign in with a password."""
    return (
        DirectorySource.objects.select_related("organization")
        .filter(organization__in=_refused_everywhere(user, _app_required(user)))
        .first()
    )
