"""Writes of the bell (in-app notifications): the rows notify.services.notify adds for an
event, and marking them read. Reads are notify.selectors.notifications."""

from collections.abc import Iterable

from django.utils import timezone

from mubiao.notify.compose import Event
from mubiao.notify.models import Notification
from mubiao.orgs.models import Membership

# Rows per INSERT: a cycle starting reaches every member of a large organization.
BATCH = 500


def add(event: Event, members: Iterable[Membership], objective) -> int:
    """One unread row per member, in bulk (a mentioned team or a whole organization is one
    statement per BATCH rows, not one per person). `objective` is what the event is about
    (the caller has dropped the members who may not see it)."""
    return add_many([(event, members, objective)])


def add_many(told: Iterable[tuple[Event, Iterable[Membership], object]]) -> int:
    """add for several events at once ((event, members, objective) each), in one statement per
    BATCH rows whatever the number of events."""
    rows = [
        Notification(
            organization_id=event.organization_id,
            recipient=member,
            kind=event.kind,
            actor=event.actor,
            objective=objective,
            key_result=event.key_result,
            comment=event.comment,
            cycle=event.cycle,
            data=event.data,
        )
        for event, members, objective in told
        for member in members
    ]
    Notification.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def mark_read(actor: Membership, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own notifications read (all, or those of `ids`); others' never."""
    rows = Notification.objects.filter(
        organization_id=actor.organization_id, recipient=actor, read_at__isnull=True
    )
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())
