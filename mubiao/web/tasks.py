"""The worker's daily clearing of old one-time form claims (okrs.tasks.SCHEDULES enqueues it)."""

from django.tasks import task

from mubiao.web import once


@task
def clear_claims() -> int:
    return once.clear_claims()
