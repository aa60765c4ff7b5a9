"""A directory sync that fails or is held tells the organization's owners and admins, in each
one's language, on the channels they chose for "sync_failed"; whoever ran it by hand saw it
on screen and is not told again."""

import pytest
from django.conf import settings

from mubiao.directory import services as directory
from mubiao.directory.models import DirectorySource
from mubiao.directory.vendors import DirectoryError, SyncHeld
from mubiao.notify import services
from mubiao.notify.models import Notification
from mubiao.orgs.models import Membership
from tests.directory.servers import SERVERS, acme_directory
from tests.directory.test_sync import connect
from tests.notify.conftest import parts


@pytest.mark.parametrize(
    "outcome, error, english, chinese",
    [
        ("held", SyncHeld, "The directory sync was held", "目录同步已暂停"),
        ("failed", DirectoryError, "The directory sync failed", "目录同步失败"),
    ],
)
def test_a_failed_or_held_sync_reaches_the_other_admins(
    world, smtp, client_for, outcome, error, english, chinese
):
    Membership.objects.filter(pk=world.lead.pk).update(role=Membership.Role.OWNER)
    world.lead.refresh_from_db()
    world.lead.user.language = "zh-hans"
    world.lead.user.save(update_fields=["language"])
    services.save_preferences(world.lead, channels={"sync_failed": ["inapp", "email"]},
                              reminders=True, digests=True, weekday=0, hour=10)  # fmt: skip
    with acme_directory(SERVERS["feishu"]()) as server:
        connect(world, server)
        directory.sync(world.admin)
        if outcome == "held":
            server.people.clear()
        else:
            DirectorySource.objects.update(app_id="wrong")
        with pytest.raises(error):
            directory.sync(world.admin)
    services.deliver_due(drain_seconds=0)
    assert not Notification.objects.filter(recipient=world.admin, kind="sync_failed").exists()
    assert not Notification.objects.filter(recipient=world.alice, kind="sync_failed").exists()
    (mail,) = smtp.to("lead@acme.test")
    text, _html = parts(mail)
    assert chinese in mail["Subject"]
    assert settings.SITE_URL + "/settings/directory/" in text
    # The reason in the reader's language, not the runner's.
    reason = text.splitlines()[2]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in reason), reason
    bell = client_for(world.lead).get("/notifications", HTTP_ACCEPT_LANGUAGE="en")
    assert bell.status_code == 200
