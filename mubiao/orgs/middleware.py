"""Sets request.membership: the signed-in person's membership in the current organization.

A person may belong to several organizations; the current one is kept in the session
(switchable), else the first active membership. Everything downstream scopes by it.
"""

from django.utils.functional import SimpleLazyObject

SESSION_KEY = "mubiao_organization"


def current_membership(request):
    from mubiao.orgs.models import Membership

    if not request.user.is_authenticated:
        return None
    memberships = Membership.objects.select_related("organization", "user").filter(
        user=request.user, is_active=True
    )
    chosen = request.session.get(SESSION_KEY)
    if chosen:
        found = memberships.filter(organization_id=chosen).first()
        if found:
            return found
    return memberships.order_by("joined_at", "id").first()


class OrganizationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: current_membership(request))
        return self.get_response(request)
