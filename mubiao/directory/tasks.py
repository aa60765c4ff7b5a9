"""The worker's directory pass (okrs.tasks.SCHEDULES enqueues it; each organization's sync
is due once a night, services.SYNC_EVERY)."""

from django.tasks import task

from mubiao.directory import services


@task
def sync_due() -> int:
    return services.sync_due()


@task
def sync_again(membership_id: int) -> bool:
    return services.sync_again(membership_id)
