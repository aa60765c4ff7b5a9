"""The channels page on a 390-px phone: each channel and each delivery-log row is a card, its
state and its buttons on screen, not off the right edge of a table scrolled sideways."""

import pytest

from mubiao.notify import services
from mubiao.notify.models import Delivery
from tests.conftest import make_world
from tests.e2e.conftest import PHONE, shoot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_channel_rows_stack_on_a_phone(open_page):
    world = make_world("chan")
    channel = services.add_channel(
        world.admin, kind="slack", name="产品部 Slack 群（所有人都在这里讨论 OKR）",
        url="https://hooks.slack.com/services/T0ACME/B0ACME/abcdefghijklmnopqrstuvwx",
        events=["comment"],
    )  # fmt: skip
    Delivery.objects.create(organization=world.org, channel=channel, channel_kind="slack",
                            kind="test", status="failed", error="invalid_config",
                            detail="secret")  # fmt: skip
    page = open_page(viewport=PHONE, locale="zh-CN")
    sign_in(page, "admin@chan.test")
    page.goto(page.base + "/settings/channels")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for selector in ("button[value=test]", "button[value=pause]", "button[value=delete]"):
        box = page.locator(selector).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], selector
    state = page.locator("td[data-label='状态']").first
    box = state.bounding_box()
    assert box and box["x"] + box["width"] <= PHONE["width"]
    assert "进行中" in state.inner_text()
    assert "渠道设置无效：缺少签名密钥" in page.inner_text("main")
    # No table wider than its box, scrolled sideways.
    widths = page.evaluate(
        "[...document.querySelectorAll('.table-wrap')].map(w => w.scrollWidth - w.clientWidth)"
    )
    assert max(widths) <= 0, widths
    shoot(page, "channels-390")
    assert page.errors == []
