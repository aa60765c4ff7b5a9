"""The worker's notification pass (okrs.tasks.SCHEDULES enqueues it every few minutes)."""

from django.tasks import task

from mubiao.notify import services


@task
def run_due() -> int:
    return sum(services.run_due().values())
