"""The worker's notification passes: run_due every few minutes (okrs.tasks.SCHEDULES), and
deliver as soon as a request has queued something (services.wake_worker)."""

from django.tasks import task

from mubiao.notify import services


@task
def run_due() -> int:
    return sum(services.run_due().values())


@task
def deliver() -> int:
    return services.deliver_due().total()
