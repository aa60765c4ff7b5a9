"""Sets request.membership: the signed-in person's membership in the current organization.

A person may belong to several organizations; the current one is kept in the session
(switchable), else the first active membership. Everything downstream scopes by it.
"""

from django.utils.functional import SimpleLazyObject

SESSION_KEY = "mubiao_organization"
# The organization whose identity provider or work app established the session (set by
# mubiao.sso.views): such a session uses that organization only, and may not change how the
# account itself signs in (password, two-factor) nor accept another organization's invitation.
SSO_SESSION_KEY = "mubiao_sso_organization"


def current_membership(request):
    """The membership the session chose (SESSION_KEY), else the first joined; it carries
    `usable`, every membership the session may switch to (the header's switcher), read in the
    same query."""
    if not request.user.is_authenticated:
        return None
    usable = list(usable_memberships(request).order_by("joined_at", "id"))
    chosen = request.session.get(SESSION_KEY)
    current = next(
        (m for m in usable if m.organization_id == chosen), usable[0] if usable else None
    )
    if current is not None:
        current.usable = usable
    return current


def usable_memberships(request):
    """The memberships this session may use: all the person's joined ones, or, for a session
    an organization's provider or app established, that organization's only."""
    from mubiao.okrs.selectors import JOINED
    from mubiao.orgs.models import Membership

    memberships = Membership.objects.select_related("organization", "user").filter(
        user=request.user, is_active=True
    )
    through_provider = request.session.get(SSO_SESSION_KEY)
    if through_provider:
        # The provider or app vouched for the person (sso.services._not_invited), pending
        # invitation or not.
        memberships = memberships.filter(organization_id=through_provider)
    else:
        # A pending invitation is not membership yet: the account enters that organization by
        # accepting it (with its own password), never by choosing it in the session.
        memberships = memberships.filter(JOINED).exclude(_requires_sso(request.user))
    return memberships


def _requires_sso(user):
    """Memberships a password session may not use: those the organization's provider or app
    signs in itself (invitation accepted, see mubiao.sso.selectors.vouches_for) while it
    requires single sign-on, unless the person is its break-glass owner. Someone who belongs
    to other organizations keeps signing in there with the password and enters this one
    through its provider (someone who belongs to no other is refused a password at sign-in)."""
    from django.db.models import Q

    sso = Q(
        organization__identity_provider__enabled=True,
        organization__identity_provider__require_sso=True,
    ) & ~Q(organization__identity_provider__break_glass__user=user)
    app = Q(
        organization__directory_source__sign_in=True,
        organization__directory_source__require_sign_in=True,
    ) & ~Q(organization__directory_source__break_glass__user=user)
    return Q(invitation__accepted_at__isnull=False) & (sso | app)


class OrganizationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: current_membership(request))
        return self.get_response(request)
