"""A team lead writes the week's report on a 390-px phone in Chinese: check in with a next step
and a blocker, generate the draft, edit it, share it; a member of the team opens it from the
bell. Nothing is wider than the phone."""

import pytest

from mubiao.notify.models import Notification
from mubiao.reports.models import WeeklyReport
from tests.conftest import make_objective, make_world
from tests.e2e.conftest import DESKTOP, PHONE, shoot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_write_edit_and_share_a_team_report_on_a_phone(open_page, live_server, settings):
    settings.SITE_URL = live_server.url  # the bell's links
    world = make_world("weekly")
    kr = make_objective(world.lead, world.cycle, "让新用户第一周就留下来",
                        team=world.product).key_results.get()  # fmt: skip

    desk = open_page(viewport=DESKTOP, locale="zh-CN")
    sign_in(desk, "lead@weekly.test")
    desk.goto(desk.base + "/")
    desk.click(f"[data-kr-row='{kr.pk}'] .value-button")
    desk.wait_for_selector(".checkin-form")
    desk.fill(".checkin-form input[name=value]", "35")
    desk.fill(".checkin-form input[name=note]", "供应商延期")
    desk.check(".checkin-form input[name=is_blocker]")
    desk.fill(".checkin-form input[name=next_step]", "周三前找供应商确认")
    shoot(desk, "check-in-with-next-step")
    desk.click(".checkin-form button[type=submit]")
    desk.wait_for_selector(f"[data-kr-row='{kr.pk}'] .flash")

    phone = open_page(viewport=PHONE, locale="zh-CN")
    sign_in(phone, "lead@weekly.test")
    phone.goto(phone.base + "/reports/")
    phone.select_option("#id_team", str(world.product.pk))
    phone.click("button.btn--primary")
    phone.wait_for_selector("textarea[name=body]")
    text = phone.input_value("textarea[name=body]")
    assert "## 计划" in text and "周三前找供应商确认" in text and "阻碍：供应商延期" in text
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.fill("textarea[name=body]", text + "\n下周重点：留存实验。\n")
    shoot(phone, "weekly-report-draft-390")
    phone.click("button[value=share]")
    phone.wait_for_selector("pre.okr-text")
    assert "下周重点：留存实验。" in phone.inner_text("pre.okr-text")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(phone, "weekly-report-shared-390")
    assert phone.errors == [] and desk.errors == []

    report = WeeklyReport.objects.get()
    assert report.state == "shared"
    assert Notification.objects.filter(recipient=world.alice, kind="weekly_report").exists()
    member = open_page(viewport=PHONE, locale="zh-CN")
    sign_in(member, "alice@weekly.test")
    member.goto(member.base + "/notifications")
    member.click(f"a[href$='/reports/{report.pk}']")
    member.wait_for_selector("pre.okr-text")
    assert "下周重点：留存实验。" in member.inner_text("pre.okr-text")
    assert member.errors == []
