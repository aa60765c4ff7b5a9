"""Background tasks (django.tasks on the database queue) and their schedule."""

import datetime as dt

from django.tasks import task
from django.utils import timezone

from mubiao.accounts import tasks as accounts_tasks
from mubiao.directory import tasks as directory_tasks
from mubiao.insights.tasks import write_snapshots
from mubiao.notify import tasks as notify_tasks
from mubiao.okrs import selectors, services
from mubiao.okrs.models import Schedule
from mubiao.orgs import tasks as orgs_tasks
from mubiao.sso import tasks as sso_tasks
from mubiao.web import tasks as web_tasks


@task
def refresh_statuses() -> int:
    """Pace status depends on the date, not only on writes: recompute every open cycle that
    contains today (or ended yesterday), each on its organization's date. Returns the number
    of objectives whose status changed."""
    refreshed = 0
    for cycle, today in selectors.running_cycles(timezone.now(), ended_days=1):
        refreshed += services.refresh_cycle(cycle, today=today)
    return refreshed


# name → (task, how often). Reminders are due on the hour in each person's zone: a pass every
# five minutes sends them a few minutes late at most.
SCHEDULES = {
    "refresh_statuses": (refresh_statuses, dt.timedelta(hours=6)),
    # Hourly: each day's snapshot row ends with that day's last figures.
    "write_snapshots": (write_snapshots, dt.timedelta(hours=1)),
    "notify_run_due": (notify_tasks.run_due, dt.timedelta(minutes=5)),
    # Invitation e-mails a mail server's error left unsent, when their back-off is over.
    "send_due_invitations": (accounts_tasks.send_due_invitations, dt.timedelta(minutes=5)),
    # Each organization's sync is due nightly (directory.services.SYNC_EVERY); hourly is late
    # by an hour at most.
    "directory_sync_due": (directory_tasks.sync_due, dt.timedelta(hours=1)),
    # The closures are kept on every write; the nightly pass finds and mends what slipped.
    "repair_closures": (orgs_tasks.repair_closures, dt.timedelta(days=1)),
    # Each verified e-mail domain's record is due daily (sso.services.RECHECK_EVERY).
    "sso_recheck_domains": (sso_tasks.recheck_domains, dt.timedelta(hours=1)),
    # One-time form tokens' claims outlive their tokens by a day (web.once.clear_claims).
    "clear_claims": (web_tasks.clear_claims, dt.timedelta(days=1)),
}


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
