"""Issue 10 §6 on a 390-px phone in Chinese: pasted OKR text previews each key result's reading
(start → target, unit, direction) and the linter's advice before anything is saved, and the
write form's advice answers a key result typed as text. Nothing is wider than the phone."""

import pytest
from playwright.sync_api import expect

from mubiao.okrs.models import Objective
from tests.conftest import make_world
from tests.e2e.conftest import PHONE, shoot, sign_in
from tests.e2e.test_leader_pages_on_a_phone import fits, on_screen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASTED = (
    "客服部 OKR\n"
    "O1：提升客户满意度\n"
    "KR1：客诉率从 8% 降低到 3%\n"
    "KR2：12 月底前上线新手引导 2.0\n"
    "KR3：组织 5 场客户沙龙\n"
)


def test_pasted_text_previews_readings_and_advice_on_a_phone(open_page):
    make_world("paste")
    phone = open_page(viewport=PHONE, locale="zh-CN")
    sign_in(phone, "alice@paste.test")
    phone.goto(phone.base + "/transfer/")
    fits(phone)
    phone.fill("textarea[name=text]", PASTED)
    on_screen(phone, "form[action$='/transfer/preview'] button[type=submit]")
    phone.click("form[action$='/transfer/preview'] button[type=submit]")
    preview = phone.locator(".import-preview")
    preview.wait_for()
    text = preview.inner_text()
    shoot(phone, "paste-preview-390-zh")
    # Each key result shows what will be created: 8 → 3 %, decreasing; a dated milestone.
    readings = [li.inner_text() for li in preview.locator("li").all()]
    assert any("客诉率" in r and "8" in r and "3" in r and "%" in r for r in readings), readings
    assert any("新手引导" in r and "12" in r for r in readings), readings
    assert "确认导入" in text  # the page speaks Chinese, and nothing is saved yet
    assert preview.locator(".finding").count() >= 1  # the linter's advice on the activity KR
    assert not Objective.objects.filter(title="提升客户满意度").exists()
    fits(phone)
    on_screen(phone, "form[action$='/transfer/confirm'] button[type=submit]")
    assert not phone.errors


def test_a_key_result_typed_as_text_is_read_on_a_phone(open_page):
    make_world("typed")
    phone = open_page(viewport=PHONE, locale="zh-CN")
    sign_in(phone, "alice@typed.test")
    phone.goto(phone.base + "/okrs/new")
    fits(phone)
    phone.fill("#id_title", "让客户少投诉")
    with phone.expect_response(lambda r: "/okrs/lint" in r.url):
        phone.locator(".kr-form").first.locator("input[name$=-title]").fill("客诉率从 8% 降低到 3%")
    on_screen(phone, "button[type=submit].btn--primary")
    phone.locator("button[type=submit].btn--primary").first.click()
    # Read from the title and shown, editable, before anything is saved.
    row = phone.locator(".kr-form").first
    expect(row.locator("select[name$=-metric_type]")).to_have_value("percent")
    expect(row.locator("select[name$=-direction]")).to_have_value("decrease")
    expect(row.locator("input[name$=-start_value]")).to_have_value("8")
    expect(row.locator("input[name$=-target_value]")).to_have_value("3")
    shoot(phone, "typed-kr-390-zh")
    fits(phone)
    assert not Objective.objects.filter(title="让客户少投诉").exists()
    phone.locator("button[type=submit].btn--primary").first.click()
    expect(phone.locator("h1")).to_have_text("让客户少投诉")
    objective = Objective.objects.get(title="让客户少投诉")
    kr = objective.key_results.get()
    assert (kr.metric_type, kr.start_value, kr.target_value, kr.unit, kr.direction) == (
        "percent",
        8,
        3,
        "%",
        "decrease",
    )
    fits(phone)
    assert not phone.errors
