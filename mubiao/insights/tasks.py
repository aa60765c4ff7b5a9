"""The insights worker task: today's team snapshots of every open cycle."""

import datetime as dt

from django.tasks import task
from django.utils import timezone

from mubiao.insights import snapshots
from mubiao.okrs.models import Cycle
from mubiao.orgs.rules import today_for


@task
def write_snapshots() -> int:
    """Rewrite today's snapshot rows (each organization's today) of every cycle that is not
    closed and contains today; run hourly, so a day's row ends with the day's last figures.
    Returns how many rows were written."""
    now = timezone.now()
    utc_today = now.date()
    candidates = (
        Cycle.objects.exclude(state=Cycle.State.CLOSED)
        .filter(
            start_date__lte=utc_today + dt.timedelta(days=1),
            end_date__gte=utc_today - dt.timedelta(days=1),
        )
        .select_related("organization")
    )
    written = 0
    for cycle in candidates:
        today = today_for(cycle.organization, now)
        if cycle.start_date <= today <= cycle.end_date:
            written += snapshots.write_day(cycle, today)
    return written
