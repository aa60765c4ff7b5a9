"""Background tasks (django.tasks on the database queue) and their schedule."""

import datetime as dt

from django.tasks import task
from django.utils import timezone

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, Schedule


@task
def refresh_statuses() -> int:
    """Pace status depends on the date, not only on writes: recompute every open cycle that
    contains today. Returns the number of objectives whose status changed."""
    today = timezone.localdate()
    cycles = Cycle.objects.exclude(state=Cycle.State.CLOSED).filter(
        start_date__lte=today, end_date__gte=today - dt.timedelta(days=1)
    )
    return sum(services.refresh_cycle(cycle, today=today) for cycle in cycles)


# name → (task, how often)
SCHEDULES = {"refresh_statuses": (refresh_statuses, dt.timedelta(hours=6))}


def enqueue_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue the scheduled tasks that are due; safe to call from many workers at once."""
    now = now or timezone.now()
    enqueued = []
    for name, (job, every) in SCHEDULES.items():
        Schedule.objects.get_or_create(name=name, defaults={"next_due_at": now})
        claimed = Schedule.objects.filter(name=name, next_due_at__lte=now).update(
            next_due_at=now + every, last_enqueued_at=now
        )
        if claimed:
            job.enqueue()
            enqueued.append(name)
    return enqueued
