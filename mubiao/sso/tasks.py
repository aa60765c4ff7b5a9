"""The worker's daily re-check of verified e-mail domains (okrs.tasks.SCHEDULES enqueues it)."""

from django.tasks import task

from mubiao.sso import services


@task
def recheck_domains() -> int:
    return services.recheck_domains()
