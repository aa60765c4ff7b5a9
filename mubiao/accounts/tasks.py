"""Invitation e-mails sent by the worker (django.tasks on the database queue): a people import
or a directory sync inviting hundreds of people must not wait for one SMTP exchange each
inside the request (services.invite_in_bulk enqueues them once the transaction commits)."""

from django.tasks import task

from mubiao.accounts import services
from mubiao.accounts.models import Invitation


@task
def send_invitations(invitation_ids: list[int], site: str) -> int:
    """E-mail each invitation still pending, with links starting with `site` (the address the
    inviting request came to, or MUBIAO_SITE_URL); an invitation withdrawn or accepted
    meanwhile gets none. Returns how many were sent."""
    pending = Invitation.objects.filter(
        pk__in=invitation_ids, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("membership__user", "membership__organization", "invited_by__user")
    sent = 0
    for invitation in pending:
        services.send_invitation(invitation, site=site)
        sent += 1
    return sent
