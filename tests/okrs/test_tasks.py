import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mubiao.okrs import services
from mubiao.okrs.models import Objective, Schedule
from mubiao.okrs.tasks import enqueue_due
from tests.conftest import make_objective


def test_due_task_is_enqueued_once_per_interval(db):
    now = timezone.now()
    assert enqueue_due(now) == [
        "refresh_statuses",
        "write_snapshots",
        "notify_run_due",
        "send_due_invitations",
        "directory_sync_due",
        "repair_closures",
        "sso_recheck_domains",
        "clear_claims",
    ]
    assert enqueue_due(now) == []  # a second worker at the same moment gets nothing
    assert enqueue_due(now + dt.timedelta(minutes=4)) == []
    assert enqueue_due(now + dt.timedelta(minutes=59)) == ["notify_run_due", "send_due_invitations"]
    assert enqueue_due(now + dt.timedelta(hours=1)) == [
        "write_snapshots",
        "directory_sync_due",
        "sso_recheck_domains",
    ]
    assert enqueue_due(now + dt.timedelta(hours=6)) == [
        "refresh_statuses",
        "write_snapshots",
        "notify_run_due",
        "send_due_invitations",
        "directory_sync_due",
        "sso_recheck_domains",
    ]
    assert DBTaskResult.objects.count() == 19
    assert Schedule.objects.get(name="refresh_statuses").next_due_at == now + dt.timedelta(hours=12)


# The worker closes its database connection when it finishes, as a long-lived process should;
# only a test outside a wrapping transaction survives that.
@pytest.mark.django_db(transaction=True)
def test_worker_batch_refreshes_statuses(world):
    objective = make_objective(world.alice, world.cycle)
    services.check_in(world.alice, objective.key_results.get(), value=35)
    # Pretend the status was computed long ago, when 35% was ahead of pace.
    Objective.objects.filter(pk=objective.pk).update(status="done")
    call_command("worker", batch=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    objective.refresh_from_db()
    assert objective.status == "on_track"
    assert {r.status for r in DBTaskResult.objects.all()} == {"SUCCESSFUL"}
