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
    return write_cycles()


def write_cycles(organization=None) -> int:
    """write_snapshots' work, for every organization or one (the demo writes its own at once,
    so that its dashboards show the cycle's line before the worker first runs). Past days of a
    cycle with no rows (before the worker first ran) are filled once from the value history
    (snapshots.backfill)."""
    written = 0
    for cycle, today in selectors.running_cycles(timezone.now(), organization=organization):
        written += snapshots.backfill(cycle, snapshots.missing_days(cycle, today))
        written += snapshots.write_day(cycle, today)
    return written
