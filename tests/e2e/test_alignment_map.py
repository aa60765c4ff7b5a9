"""The alignment map in a real browser: the ECharts tree opens level by level on click, a level
past the fan-out limit ends with "and N more" which reads the rest, the search focuses an
objective and opens the path to it (through "a private objective" when a parent is hidden from
the reader), in English on a desktop and in Chinese on a 390-px phone."""

import pytest
from playwright.sync_api import expect

from mubiao.insights import alignment
from mubiao.okrs import services
from mubiao.okrs.models import KeyResult, Objective
from tests.conftest import make_objective, make_world
from tests.e2e.conftest import PHONE, shoot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH = "[document.scrollingElement.scrollWidth, window.innerWidth]"


@pytest.fixture
def tree(transactional_db):
    world = make_world("acme")
    company = make_objective(world.admin, world.cycle, "Company: grow", owner_type="organization")
    team = make_objective(world.lead, world.cycle, "Product: ship", owner_type="team",
                          owner_team=world.product)  # fmt: skip
    services.align_objective(world.lead, team, parent_objective=company)
    secret = make_objective(world.bob, world.cycle, "Bob secret plan", visibility="private")
    services.align_objective(world.bob, secret, parent_objective=company)
    under = make_objective(world.alice, world.cycle, "Alice under the secret")
    services.align_objective(world.admin, under, parent_objective=secret)
    rows = Objective.objects.bulk_create(
        Objective(organization=world.org, cycle=world.cycle, owner_type="person",
                  owner_member=world.alice, team=world.product, title=f"Goal {i}", position=i,
                  parent_objective=team)
        for i in range(alignment.FANOUT + 6)
    )  # fmt: skip
    KeyResult.objects.bulk_create(
        KeyResult(organization=world.org, objective=o, title="KR", owner=world.alice) for o in rows
    )
    return world


def label(page, text):
    """The drawn label of the node titled `text`, by its whole label (its accessible name:
    "N% · title", or the title alone where there is no progress), not by the drawn lines,
    which wrap and cut a title to its column's width."""
    name = text.replace('"', '\\"')
    return page.locator(
        f'#alignment-map svg text:is([aria-label="{name}"], [aria-label$=" · {name}"])'
    ).first


def test_the_map_opens_level_by_level_and_finds_through_a_hidden_parent(open_page, tree):
    page = open_page()
    sign_in(page, "olga@acme.test")
    page.goto(page.base + "/alignment")
    expect(label(page, "Company: grow")).to_be_visible()
    expect(label(page, "a private objective")).to_be_visible()
    label(page, "Company: grow").click()
    expect(label(page, "Product: ship")).to_be_visible()
    # The focused node is named below the map, with a link to its page.
    expect(page.locator("#alignment-focus a")).to_have_text("Open the objective: Company: grow")
    label(page, "Product: ship").click()
    expect(label(page, "and 6 more")).to_be_visible()
    expect(label(page, "Goal 49")).to_be_attached()
    assert not label(page, "Goal 50").count()
    label(page, "and 6 more").click()
    expect(label(page, "Goal 55")).to_be_attached()
    expect(page.locator("#alignment-map svg text", has_text="more")).to_have_count(0)
    shoot(page, "alignment-map-desktop")

    page.fill("#map-q", "under")
    page.press("#map-q", "Enter")
    expect(page.locator(".map-paths li").first).to_have_text(
        "a private objective › Alice under the secret"
    )
    expect(label(page, "Alice under the secret")).to_be_visible()
    expect(page.locator("#alignment-focus a")).to_have_text(
        "Open the objective: Alice under the secret"
    )
    expect(page.locator("main")).not_to_contain_text("Bob secret plan")
    assert "Bob secret plan" not in page.content()
    assert not page.errors, page.errors


def test_the_map_in_chinese_on_a_phone(open_page, tree):
    page = open_page(viewport=PHONE, locale="zh-CN")
    sign_in(page, "lead@acme.test")
    page.goto(page.base + "/alignment")
    expect(page.locator("h1")).to_have_text("对齐")
    expect(label(page, "Company: grow")).to_be_visible()
    # The lead manages Bob: his private objective is in its place, no placeholder.
    assert not label(page, "一个非公开目标").count()
    page.fill("#map-q", "Goal 53")
    page.press("#map-q", "Enter")
    # Past the fan-out limit, the found objective is added to its level.
    expect(page.locator(".map-paths li").first).to_have_text(
        "Company: grow › Product: ship › Goal 53"
    )
    expect(label(page, "Goal 53")).to_be_attached()
    expect(page.locator("#alignment-focus a")).to_have_text("打开目标: Goal 53")
    # Four levels share the phone's width: the company's label is still drawn, its lines a
    # cut of its whole label.
    expect(label(page, "Company: grow")).to_be_visible()
    name = label(page, "Company: grow").get_attribute("aria-label")
    lines = page.locator(f'#alignment-map svg text[aria-label="{name}"]').all_text_contents()
    assert 1 <= len(lines) <= 2, lines
    drawn = "".join(lines).removesuffix("…").replace(" ", "")
    assert name.replace(" ", "").startswith(drawn), (name, lines)
    # The found objective is on the phone's screen (the map fits its panel).
    box = label(page, "Goal 53").bounding_box()
    assert box["x"] >= 0 and box["x"] + 20 <= PHONE["width"], box
    width = page.evaluate(WIDTH)
    assert width[0] <= width[1] + 1, width  # the tree scrolls inside its panel, not the page
    shoot(page, "alignment-map-phone-zh")
    page.fill("#map-q", "不存在的目标")
    page.press("#map-q", "Enter")
    expect(page.locator(".map-results")).to_have_text("本周期没有标题包含这些文字的目标。")
    assert not page.errors, page.errors
