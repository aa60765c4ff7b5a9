"""The worker's periodic pass over the closure tables (okrs.tasks.SCHEDULES enqueues it)."""

from django.tasks import task

from mubiao.orgs import closures


@task
def repair_closures() -> int:
    """Rebuild the closures that differ from their trees (each repair is logged as a warning:
    a write path that skipped the lock, or rows changed by hand). Returns how many
    organizations needed it."""
    return len(closures.examine(fix=True))
