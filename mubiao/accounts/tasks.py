"""Invitation e-mails sent by the worker (django.tasks on the database queue): a people import
or a directory sync inviting hundreds of people must not wait for one SMTP exchange each
inside the request (services.invite_in_bulk enqueues them once the transaction commits), and
one mail server error must not lose the others: each is sent and recorded on its own, and the
scheduled pass (okrs.tasks.SCHEDULES) sends again what failed, backing off."""

from django.tasks import task

from mubiao.accounts import services


@task
def send_invitations(invitation_ids: list[int]) -> int:
    """The e-mails of these invitations that are due. Returns how many were sent."""
    return services.mail_due_invitations(invitation_ids)


@task
def send_due_invitations() -> int:
    return services.mail_due_invitations()
