"""Sets request.membership: the signed-in person's membership in the current organization.

A person may belong to several organizations; the current one is kept in the session
(switchable), else the first active membership. Everything downstream scopes by it.
"""

from django.db.models import Case, Value, When
from django.utils.functional import SimpleLazyObject

SESSION_KEY = "mubiao_organization"
# The organization whose identity provider or work app established the session (set by
# mubiao.sso.views): such a session uses that organization only, and may not change how the
# account itself signs in (password, two-factor) nor accept another organization's invitation.
SSO_SESSION_KEY = "mubiao_sso_organization"


def current_membership(request):
    """The membership the session chose (SESSION_KEY), else the first joined; it carries
    `usable`, every membership the session may switch to (the header's switcher)."""
    if not request.user.is_authenticated:
        return None
    usable = usable_memberships(request)
    chosen = request.session.get(SESSION_KEY)
    current = next(
        (m for m in usable if m.organization_id == chosen), usable[0] if usable else None
    )
    if current is not None:
        current.usable = usable
    return current


def usable_memberships(request) -> list:
    """The memberships this session may use, in the order joined: all the person's joined
    ones, or, for a session an organization's provider or app established, that
    organization's only. One query for a person none of whose organizations requires its
    provider or app; a second, applying the whole rule (sso.selectors.password_barred), for
    one some of whose do: compiling that rule was a fifth of every page's time."""
    from mubiao.okrs.selectors import JOINED
    from mubiao.orgs.models import Membership
    from mubiao.sso.selectors import APP_REQUIRES_SIGN_IN, PROVIDER_REQUIRES_SSO, password_barred

    memberships = (
        Membership.objects.select_related("organization", "user")
        .filter(user=request.user, is_active=True)
        .order_by("joined_at", "id")
    )
    through_provider = request.session.get(SSO_SESSION_KEY)
    if through_provider:
        # The provider or app vouched for the person (sso.services._not_invited), pending
        # invitation or not.
        return list(memberships.filter(organization_id=through_provider))
    # A pending invitation is not membership yet: the account enters that organization by
    # accepting it (with its own password), never by choosing it in the session; nor does a
    # password session enter an organization that requires its provider or app.
    joined = memberships.filter(JOINED)
    # Whether the organization may bar a password session at all (what password_barred
    # requires first), read with the memberships.
    door = PROVIDER_REQUIRES_SSO | APP_REQUIRES_SIGN_IN
    found = list(
        joined.annotate(door_required=Case(When(door, then=Value(True)), default=Value(False)))
    )
    if any(m.door_required for m in found):
        return list(joined.exclude(password_barred(request.user)))
    return found


class OrganizationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: current_membership(request))
        return self.get_response(request)
