"""The insights worker task: today's team snapshots of every open cycle."""

from django.tasks import task
from django.utils import timezone

from mubiao.insights import snapshots
from mubiao.okrs import selectors


@task
def write_snapshots() -> int:
    """Rewrite today's snapshot rows (each organization's today) of every cycle that is not
    closed and contains today; run hourly, so a day's row ends with the day's last figures.
    Returns how many rows were written."""
    written = 0
    for cycle, today in selectors.running_cycles(timezone.now()):
        written += snapshots.write_day(cycle, today)
    return written
