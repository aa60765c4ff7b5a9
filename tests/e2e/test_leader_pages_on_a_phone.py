"""The leader's pages on a 390-px phone in Chinese: the grading review, a person's calibration
and an objective's contributions (the weekly report has its own walk in test_weekly_report).
Nothing is wider than the phone, and each page's controls are on screen and answer a tap."""

import datetime as dt

import pytest
from django.utils import timezone

from mubiao.okrs import services
from mubiao.okrs.models import Cycle
from tests.conftest import custom_cycle, make_objective, make_world
from tests.e2e.conftest import PHONE, shoot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG = "让每一位新用户在注册后的第一周内完成三次以上的核心操作并且愿意推荐给同事"


def fits(page) -> None:
    """No horizontal overflow of the page body (wide tables scroll in their own box), and the
    main tabs one line tall (issue 12: on a short page "My OKRs" stretched ~380 px tall)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("document.body.scrollWidth") <= PHONE["width"]
    heights = page.eval_on_selector_all(".rail a", "tabs => tabs.map(t => t.offsetHeight)")
    assert heights and max(heights) <= 48, heights


def on_screen(page, selector) -> None:
    """A control a thumb can reach: inside the phone's width, at least 24 px tall (WCAG 2.5.8)."""
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (selector, box)
    assert box["height"] >= 24, (selector, box)


@pytest.fixture
def graded_world():
    """A company objective whose progress is a mix, with Alice's and Bob's aligned to it; the
    cycle ended yesterday and is being graded: a committed miss with a long retrospective, an
    aspirational moonshot; Alice gave confidences before the end."""
    world = make_world("phone")
    company = make_objective(world.admin, world.cycle, LONG, owner_type="organization",
                             progress_source="mix", aligned_share=60)  # fmt: skip
    alice = make_objective(world.alice, world.cycle, "把新用户次周留存从 35% 提升到 45%", krs=2)
    bob = make_objective(world.bob, world.cycle, LONG + "（文档）", kind="aspirational")
    services.align_objective(world.alice, alice, parent_objective=company)
    services.align_objective(world.bob, bob, parent_key_result=company.key_results.first())
    two_days_ago = timezone.now() - dt.timedelta(days=2)
    for kr, confidence in zip(alice.key_results.order_by("position"), (7, 4), strict=True):
        services.check_in(world.alice, kr, value=40, confidence=confidence, at=two_days_ago)
    custom_cycle(world)  # ended yesterday: no longer a quarter
    services.update_cycle(
        world.admin, world.cycle, end_date=timezone.localdate() - dt.timedelta(days=1)
    )
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    krs = list(alice.key_results.order_by("position"))
    services.grade_objective(
        world.alice, alice, scores={krs[0].pk: ("0.4", "供应商延期" * 8), krs[1].pk: ("0.6", "")},
        retrospective="渠道投放晚了两周，" * 12,
    )  # fmt: skip
    services.grade_objective(world.bob, bob, scores={bob.key_results.get().pk: ("0.1", "")})
    world.extra.update(company=company, alice_objective=alice)
    return world


def test_grading_review_calibration_and_contributions_fit_a_phone(open_page, graded_world):
    world = graded_world
    lead = open_page(viewport=PHONE, locale="zh-CN")
    sign_in(lead, "lead@phone.test")

    lead.goto(lead.base + "/grading/review")
    assert "未达 1.0 的承诺型 OKR" in lead.inner_text("main")
    assert "渠道投放晚了两周" in lead.inner_text("main")
    fits(lead)
    on_screen(lead, "a[href*='review.xlsx']")
    with lead.expect_download() as download:
        lead.click("a[href*='review.xlsx']")
    assert download.value.suggested_filename == "grading-review.xlsx"
    shoot(lead, "grading-review-390")

    # The lead manages Alice: her calibration, a table per graded cycle.
    lead.goto(lead.base + f"/people/{world.alice.pk}/calibration")
    assert "7/10" in lead.inner_text("main") or "7" in lead.inner_text("table")
    fits(lead)
    # Every column, the sentence in words last, within the phone: none clipped (issue 12).
    wrap = lead.locator(".table-wrap").first
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth"), wrap.evaluate("w => w.scrollWidth")
    shoot(lead, "calibration-390")

    admin = open_page(viewport=PHONE, locale="zh-CN")
    sign_in(admin, "admin@phone.test")
    admin.goto(admin.base + f"/okrs/{world.extra['company'].pk}")
    rollup = admin.locator("#rollup")
    rollup.scroll_into_view_if_needed()
    assert "权重" in rollup.inner_text()
    fits(admin)
    link = f"#rollup a[href='/okrs/{world.extra['alice_objective'].pk}']"
    on_screen(admin, link)
    shoot(admin, "contributions-390")
    admin.click(link)
    admin.wait_for_url(f"**/okrs/{world.extra['alice_objective'].pk}")
    fits(admin)
    assert lead.errors == [] and admin.errors == []


def test_the_team_dashboard_on_a_phone_sorts_people_and_drills_into_a_sub_team(open_page):
    """The 产品总监's glance at 390 px: the people table sorts by progress (the order
    recomputed here from the rows), the at-risk list says where each ends at this rate, and
    a tap on the sub-team's tile (coloured and labelled by status) opens that team."""
    from mubiao.okrs.models import Objective

    world = make_world("glance")
    for member, value in ((world.alice, 60), (world.bob, 5), (world.lead, 30)):
        objective = make_objective(member, world.cycle, f"{member.user.name} 的目标")
        kr = objective.key_results.get()
        services.check_in(member, kr, value=value / 2, at=timezone.now() - dt.timedelta(days=6))
        services.check_in(member, kr, value=value)
    phone = open_page(viewport=PHONE, locale="zh-CN")
    sign_in(phone, "lead@glance.test")
    phone.goto(phone.base + "/teams/product")
    fits(phone)
    assert "照此速度：" in phone.inner_text(".at-risk")
    phone.locator(".people-table th a", has_text="进度").click()
    phone.wait_for_url("**sort=progress**")
    assert phone.locator(".people-table th[aria-sort='ascending']").inner_text().startswith("进度")
    # Each member's average progress from the rows; people without objectives come last.
    progress = {}
    for o in Objective.objects.filter(cycle=world.cycle, owner_member__isnull=False):
        progress.setdefault(o.owner_member.user.name, []).append(o.progress)
    expected = sorted(progress, key=lambda name: sum(progress[name]) / len(progress[name]))
    shown = phone.locator(".people-table tbody tr td:first-child").all_inner_texts()
    assert [next(n for n in progress if n in text) for text in shown[: len(expected)]] == expected
    fits(phone)
    chart = phone.locator("[data-chart='treemap']")
    chart.scroll_into_view_if_needed()
    phone.wait_for_selector("[data-chart='treemap'][data-ready] svg")
    tiles = phone.evaluate("JSON.parse(document.getElementById('subteam-map').textContent)")
    docs = tiles[0]
    assert docs["name"] == "Docs" and docs["status_label"] in chart.inner_text()
    shoot(phone, "team-dashboard-390")
    box = chart.bounding_box()
    phone.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    phone.wait_for_url("**/teams/docs")
    fits(phone)
    assert phone.errors == []
