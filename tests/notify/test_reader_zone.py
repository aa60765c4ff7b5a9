"""Times on /notifications and the delivery log are in the reader's zone (their own, else the
one their language implies, as their reminders are timed, else the organization's)."""

import pytest
from django.utils import timezone

from mubiao.notify import services
from mubiao.notify.compose import Event
from mubiao.orgs.models import Organization

NOW = timezone.now()


@pytest.mark.parametrize(
    "user_zone, language, org_zone, shown_zone",
    [
        ("America/New_York", "en", "Europe/Berlin", "America/New_York"),
        ("America/New_York", "zh-hans", "UTC", "America/New_York"),
        ("", "zh-hans", "UTC", "Asia/Shanghai"),
        ("", "en", "Europe/Berlin", "Europe/Berlin"),
    ],
)
def test_bell_and_delivery_log_times_are_the_readers(
    world, client_for, user_zone, language, org_zone, shown_zone
):
    from zoneinfo import ZoneInfo

    Organization.objects.filter(pk=world.org.pk).update(settings={"time_zone": org_zone})
    for member in (world.alice, world.admin):
        member.user.timezone, member.user.language = user_zone, language
        member.user.save(update_fields=["timezone", "language"])
    services.notify(Event("grading_open", world.org.pk, cycle=world.cycle,
                          recipients=[world.alice]))  # fmt: skip
    services.save_preferences(world.admin, channels={"grading_open": ["email"]}, reminders=True,
                              digests=True, weekday=0, hour=10)  # fmt: skip
    services.notify(Event("grading_open", world.org.pk, cycle=world.cycle,
                          recipients=[world.admin]))  # fmt: skip
    from mubiao.notify.models import Delivery, Notification

    bell_at = Notification.objects.get(recipient=world.alice).created_at
    wanted = bell_at.astimezone(ZoneInfo(shown_zone)).strftime("%H:%M")
    html = client_for(world.alice).get("/notifications").content.decode()
    assert wanted in html, (wanted, shown_zone)
    log_at = Delivery.objects.get(recipient=world.admin).created_at
    log = client_for(world.admin).get("/settings/channels").content.decode()
    assert log_at.astimezone(ZoneInfo(shown_zone)).strftime("%Y-%m-%d %H:%M") in log
