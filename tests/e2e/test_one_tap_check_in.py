"""Set a reminder, receive it (in-app preferences page, e-mail over loopback SMTP), open the
one-tap link on a 390-px phone without signing in, and check in."""

import re

import pytest
from django.utils import timezone

from mubiao.notify import services
from mubiao.notify.models import NextDue
from mubiao.okrs.models import Activity, CheckIn
from tests.conftest import make_objective, make_world
from tests.e2e.conftest import PHONE, shoot, sign_in
from tests.notify.conftest import parts

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reminder_link_checks_in_on_a_phone(open_page, live_server, settings, smtp):
    settings.SITE_URL = live_server.url
    world = make_world("phone")
    kr = make_objective(world.alice, world.cycle, "让新用户第一周就留下来").key_results.get()
    # Alice chose no language: the link's page is in her organization's.
    world.org.settings = {**world.org.settings, "language": "zh-hans"}
    world.org.save(update_fields=["settings"])

    desk = open_page(viewport=PHONE)
    sign_in(desk, "alice@phone.test")
    desk.goto(desk.base + "/settings/notifications")
    desk.select_option("#id_reminder_weekday", "3")
    desk.select_option("#id_reminder_hour", "9")
    desk.select_option("#id_time_zone", "America/New_York")
    desk.click("button.btn--primary")
    desk.wait_for_url(desk.base + "/settings/notifications")

    services.run_due(timezone.now())
    due = NextDue.objects.get(kind="reminder", membership=world.alice).due_at
    services.run_due(due)
    (mail,) = smtp.to("alice@phone.test")
    text, _html = parts(mail)
    link = re.search(r"http://\S+/c/\S+", text).group(0)

    phone = open_page(viewport=PHONE, locale="zh-CN")
    phone.goto(link)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.fill(f"#value-{kr.pk}", "35")
    phone.fill(f"#confidence-{kr.pk}", "8")
    phone.fill(f"#note-{kr.pk}", "在地铁上更新")
    phone.click("button.btn--primary")
    phone.wait_for_selector("[role=status]")
    assert "当前 35" in phone.inner_text("main")
    shoot(phone, "one-tap-check-in-390")
    assert phone.errors == []
    check_in = CheckIn.objects.get(key_result=kr)
    assert (check_in.value, check_in.confidence, check_in.note) == (35, 8, "在地铁上更新")
    assert Activity.objects.get(verb="key_result.checked_in").data["via"] == "link"
