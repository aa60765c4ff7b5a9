"""Settings → Directory sync (admins only; secret never shown; preview, sync, log), the
`mubiao directory sync` command, the worker's nightly pass, and bounded queries."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from mubiao.directory import services
from mubiao.directory.models import DirectorySource, SyncRun
from mubiao.orgs.models import Membership
from tests.directory.servers import APP_ID, APP_SECRET, Feishu, acme_directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def feishu():
    with acme_directory(Feishu()) as running:
        yield running


def form(server, **changes):
    return {
        "vendor": "feishu",
        "app_id": APP_ID,
        "app_secret": APP_SECRET,
        "api_url": server.url,
        "scheduled": "on",
        **changes,
    }


def test_only_admins_see_the_page(world, client_for):
    assert client_for(world.admin).get("/settings/directory/").status_code == 200
    assert client_for(world.alice).get("/settings/directory/").status_code == 404
    assert client_for(world.alice).post("/settings/directory/sync").status_code == 404


def test_settings_preview_then_sync_then_the_log(world, client_for, feishu):
    admin = client_for(world.admin)
    assert admin.post("/settings/directory/", form(feishu)).status_code == 302
    source = DirectorySource.objects.get(organization=world.org)
    page = admin.get("/settings/directory/").content.decode()
    assert APP_SECRET not in page and source.app_secret not in page
    preview = admin.post("/settings/directory/sync", {"preview": "1"})
    text = preview.content.decode()
    assert preview.status_code == 200 and "data-directory-preview" in text
    assert "王芳 &lt;wang@acme.test&gt;" in text
    assert not Membership.objects.filter(user__email="wang@acme.test").exists()
    assert admin.post("/settings/directory/sync", {"apply": "1"}).status_code == 302
    assert Membership.objects.filter(organization=world.org, user__email="wang@acme.test").exists()
    assert "data-directory-log" in admin.get("/settings/directory/").content.decode()
    assert SyncRun.objects.get().ok


def test_bad_input_is_named_in_chinese_and_changes_nothing(world, client_for, feishu):
    admin = client_for(world.admin)
    answer = admin.post(
        "/settings/directory/",
        form(feishu, vendor="wecom", app_secret="", root_department="root"),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "这个字段是必填项" in text or "此字段" in text
    assert "企业微信或钉钉的部门 ID 是数字" in text
    assert not DirectorySource.objects.exists()


def test_a_directory_that_cannot_be_read_is_shown_not_a_500(world, client_for, feishu):
    admin = client_for(world.admin)
    admin.post("/settings/directory/", form(feishu, app_secret="wrong"))
    answer = admin.post("/settings/directory/sync", {"apply": "1"})
    assert answer.status_code == 502 and "data-directory-error" in answer.content.decode()


def test_the_command_previews_and_syncs(world, feishu):
    services.save_source(
        world.admin, vendor="feishu", app_id=APP_ID, app_secret=APP_SECRET, api_url=feishu.url
    )
    out = io.StringIO()
    call_command("directory", "sync", "--org", "acme", "--dry-run", stdout=out)
    assert "wang@acme.test" in out.getvalue() and "Dry run" in out.getvalue()
    assert not Membership.objects.filter(user__email="wang@acme.test").exists()
    call_command("directory", "sync", "--org", "acme", stdout=io.StringIO())
    assert Membership.objects.filter(user__email="wang@acme.test").exists()


def test_the_command_without_a_directory_says_so(world):
    with pytest.raises(CommandError, match="no directory"):
        call_command("directory", "sync", "--org", "acme")


def test_the_worker_syncs_each_organization_once_a_night(world, feishu):
    services.save_source(
        world.admin, vendor="feishu", app_id=APP_ID, app_secret=APP_SECRET, api_url=feishu.url
    )
    now = timezone.now()
    assert services.sync_due(now) == 1
    assert services.sync_due(now + dt.timedelta(hours=23)) == 0
    assert services.sync_due(now + dt.timedelta(hours=24)) == 1
    assert list(SyncRun.objects.values_list("scheduled", "ok")) == [(True, True), (True, True)]


def grow(server, people: int):
    for n in range(people):
        server.people[f"u-{n}"] = {
            "name": f"员工{n}",
            "email": f"p{n}@acme.test",
            "title": "工程师",
            "departments": [["11", "12", "13"][n % 3]],
            "manager": "u-li",
        }


def test_queries_do_not_grow_with_the_directory(world, feishu, django_assert_max_num_queries):
    services.save_source(
        world.admin, vendor="feishu", app_id=APP_ID, app_secret=APP_SECRET, api_url=feishu.url
    )
    grow(feishu, 4)
    with django_assert_max_num_queries(40) as few:
        services.sync(world.admin)
    grow(feishu, 40)
    feishu.people["u-0"]["title"] = "主任"
    del feishu.people["u-1"]
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        services.sync(world.admin)
    assert (
        Membership.objects.filter(organization=world.org, user__email__startswith="p").count() == 40
    )


def test_the_worker_prunes_the_sync_log_in_one_statement(
    world, other_world, django_assert_num_queries
):
    now = timezone.now()

    def runs(org, count, *, days_ago=0):
        SyncRun.objects.bulk_create(
            SyncRun(
                organization=org,
                started_at=now - dt.timedelta(days=days_ago, minutes=n),
                ok=True,
            )
            for n in range(count)
        )

    runs(world.org, services.KEEP_RUNS + 5)
    runs(world.org, 3, days_ago=services.KEEP_DAYS + 1)
    runs(other_world.org, 7)
    runs(other_world.org, 2, days_ago=services.KEEP_DAYS + 1)
    newest = list(SyncRun.objects.filter(organization=world.org)[: services.KEEP_RUNS])
    with django_assert_num_queries(1):
        assert services.prune_runs(now) == 5 + 3 + 2
    assert list(SyncRun.objects.filter(organization=world.org)) == newest
    assert SyncRun.objects.filter(organization=other_world.org).count() == 7
    assert services.prune_runs(now) == 0


def test_the_worker_pass_prunes_the_log(world):
    old = timezone.now() - dt.timedelta(days=services.KEEP_DAYS + 1)
    SyncRun.objects.create(organization=world.org, started_at=old, ok=True)
    assert services.sync_due() == 0
    assert not SyncRun.objects.exists()
