"""A sync or preview started from the web whose vendor keeps answering "too many requests"
answers the admin within seconds (vendors.WAIT_BUDGET), not after minutes of waiting out the
limit; an applied sync is queued again for the worker, which may wait as long as the vendor
asks, and its result reaches the sync log. Nothing changes meanwhile."""

import time

import pytest
from django_tasks_db.models import DBTaskResult

from mubiao.directory import services, tasks, vendors
from mubiao.directory.models import SyncRun
from mubiao.orgs.models import Membership
from tests.directory.servers import Feishu, WeCom, acme_directory
from tests.directory.test_sync import connect

pytestmark = pytest.mark.django_db


class SlowFeishu(Feishu):
    """飞书 asking to wait two minutes (x-ogw-ratelimit-reset) before the next request."""

    def rate_answer(self):
        status, headers, body = super().rate_answer()
        return status, {**headers, "x-ogw-ratelimit-reset": "120"}, body


def members(world):
    return set(Membership.objects.filter(organization=world.org).values_list("pk", "is_active"))


@pytest.mark.parametrize("server_class", [WeCom, SlowFeishu])
def test_a_rate_limited_sync_from_the_web_answers_quickly_and_is_tried_again(
    world, client_for, server_class, django_capture_on_commit_callbacks
):
    with acme_directory(server_class()) as server:
        connect(world, server)
        before = members(world)
        server.rate_limited = 1000
        admin = client_for(world.admin)
        admin.get("/settings/directory/")  # the first request's imports are not the sync's
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            answer = admin.post("/settings/directory/sync", {"apply": "1"})
        took = time.monotonic() - started
        assert took < vendors.WAIT_BUDGET + 2, f"the page took {took:.1f} s"
        assert answer.status_code == 503
        text = answer.content.decode()
        assert "nothing was changed" in text and "tried again in the background" in text
        assert members(world) == before
        queued = DBTaskResult.objects.get(task_path__endswith="sync_again")
        assert queued.run_after > queued.enqueued_at
        assert queued.args_kwargs["args"] == [world.admin.pk]
        # The worker's run, once the vendor answers again.
        server.rate_limited = 0
        assert tasks.sync_again.call(world.admin.pk) is True
    assert members(world) != before
    # issue 13, probe13: logged as the admin's run, not "· nightly"
    assert SyncRun.objects.filter(ok=True, scheduled=False, retried=True).count() == 1
    page = client_for(world.admin).get("/settings/directory/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    log = page.content.decode().split("data-directory-log")[1]
    assert "每晚自动" not in log and "手动发起，限流后重新运行" in log


def test_a_rate_limited_preview_answers_quickly_and_queues_nothing(world, client_for):
    with acme_directory(SlowFeishu()) as server:
        connect(world, server)
        server.rate_limited = 1000
        admin = client_for(world.admin)
        admin.get("/settings/directory/")
        started = time.monotonic()
        answer = admin.post("/settings/directory/sync", {"preview": "1"})
    assert time.monotonic() - started < vendors.WAIT_BUDGET + 2
    assert answer.status_code == 503
    assert "too many requests" in answer.content.decode()
    assert not DBTaskResult.objects.exists()


def test_the_worker_waits_out_the_limit(world):
    waits = []
    with acme_directory(SlowFeishu()) as server:
        connect(world, server)
        server.rate_limited = 3
        services.sync(world.admin, scheduled=True, sleep=waits.append)
    assert len(waits) == 3 and min(waits) >= vendors.WAIT_BUDGET  # beyond what a page waits
    assert SyncRun.objects.get().ok


def test_a_retry_for_someone_who_is_no_longer_an_admin_does_nothing(world):
    assert services.sync_again(world.alice.pk) is False
    assert not SyncRun.objects.exists()
