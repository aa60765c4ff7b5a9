"""The writing form's question about `1.200` (issue 9, h9f S1), in a browser: the page that asks
keeps the key result a number, its target field and the question beside it visible (the row's
fields are shown or hidden by its metric type), and the answer saves the 1,200 people meant,
never a milestone 0 → 100 %."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from mubiao.okrs.models import KeyResult
from tests.conftest import make_world
from tests.e2e.conftest import shoot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("title", "unit", "locale"),
    [("付费用户增长", "人", "zh-CN"), ("Reach more paying users", "users", "en-US")],
)
def test_the_question_about_1_200_keeps_the_target_in_view(
    open_page, transactional_db, title, unit, locale
):
    make_world("acme")
    page = open_page(locale=locale)
    sign_in(page, "alice@acme.test")
    page.goto(page.base + "/okrs/new")
    page.fill("#id_title", "Grow")
    row = page.locator(".kr-form").first
    row.locator("input[name$=-title]").fill(title)
    row.locator("input[name$=-unit]").fill(unit)
    target = row.locator("input[name$=-target_value]")
    target.fill("1.200")
    page.click("button.btn--primary[type=submit]:not([name])")

    # Asked, with everything as typed: still a number, the target and its question in view.
    row = page.locator(".kr-form").first
    target = row.locator("input[name$=-target_value]")
    expect(row.locator("select[name$=-metric_type]")).to_have_value("number")
    expect(target).to_be_visible()
    expect(target).to_have_value("1.200")
    expect(row.locator(".f-target .error")).to_be_visible()
    expect(row.locator(".f-target .error")).to_contain_text("1.2")
    expect(row.locator("input[name$=-unit]")).to_have_value(unit)
    assert not KeyResult.objects.exists()
    shoot(page, f"question-keeps-the-row-{locale}")

    target.fill("1,200")
    page.click("button.btn--primary[type=submit]:not([name])")
    expect(page.locator("h1")).to_have_text("Grow")
    kr = KeyResult.objects.get()
    assert (kr.metric_type, kr.start_value, kr.target_value, kr.unit) == (
        "number",
        Decimal(0),
        Decimal(1200),
        unit,
    )
    assert not page.errors, page.errors
