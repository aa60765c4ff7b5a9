"""The sync log is kept as message ids and parameters: each reader sees every run (applied,
failed, held, with its problems) in their own language, whoever ran it and in whichever
language; the first-sync notice is gone once a sync ran."""

import pytest
from django.utils import translation

from mubiao.directory import services
from mubiao.directory.models import DirectorySource, SyncRun
from mubiao.directory.vendors import DirectoryError, SyncHeld
from tests.directory.test_pages_and_cli import form
from tests.directory.test_sync import connect

pytestmark = pytest.mark.django_db


def log_of(client, language):
    page = client.get("/settings/directory/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return page[page.index("data-directory-log") :]


def test_each_reader_sees_the_log_in_their_language(world, client_for, server):
    connect(world, server)
    server.people["u-nobody"] = {
        "name": "无名", "email": "", "mobile": "", "title": "", "departments": ["11"],
        "manager": None,
    }  # fmt: skip
    with translation.override("zh-hans"):
        services.sync(world.admin)  # applied, with a problem
        server.people.clear()
        with pytest.raises(SyncHeld):
            services.sync(world.admin)  # held
        DirectorySource.objects.update(app_id="wrong")
        with pytest.raises(DirectoryError):
            services.sync(world.admin)  # failed
    assert SyncRun.objects.count() == 3
    admin = client_for(world.admin)
    english = log_of(admin, "en")
    for words in ("4 people added", "Held:", "would deactivate", "Failed:", "answered error"):
        assert words in english
    assert not any(chinese in english for chinese in ("已暂停", "人", "返回错误"))
    chinese = log_of(admin, "zh-hans")
    for words in ("已暂停：", "失败："):
        assert words in chinese
    assert "people added" not in chinese and "would deactivate" not in chinese


def test_the_first_sync_notice_goes_once_a_sync_ran(world, client_for, server):
    admin = client_for(world.admin)
    first = admin.post("/settings/directory/", form(server, vendor=server.vendor), follow=True)
    assert "Preview the changes before the first sync" in first.content.decode()
    services.sync(world.admin)
    again = admin.post(
        "/settings/directory/", form(server, vendor=server.vendor, app_secret=""), follow=True
    )
    text = again.content.decode()
    assert "Directory settings saved." in text and "before the first sync" not in text
