"""The team dashboard in a real browser: its charts' tooltips break no Content-Security-Policy
rule and write dates as the language does, and at 390 px the at-risk list is a stack of cards
whose titles keep the width of the phone."""

import datetime as dt

import pytest

from mubiao.insights.tasks import write_cycles
from mubiao.okrs import services
from tests.conftest import make_objective, make_world
from tests.e2e.conftest import PHONE, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Ship the new onboarding flow to every enterprise customer before the quarter ends"


@pytest.fixture
def dashboard(transactional_db):
    world = make_world("acme")
    behind = make_objective(world.alice, world.cycle, TITLE)
    services.check_in(world.alice, behind.key_results.get(), value=2, confidence=4,
                      at=dt.datetime.now(dt.UTC) - dt.timedelta(days=12))  # fmt: skip
    make_objective(world.bob, world.cycle, "Write the handbook")
    write_cycles(world.org)
    return world


def tooltip_text(page, selector):
    box = page.locator(f"{selector} svg").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    page.wait_for_timeout(400)
    return page.evaluate(
        "[...document.querySelectorAll('div')].filter(d => d.style.position === 'absolute'"
        " && d.style.display !== 'none' && d.textContent).map(d => d.textContent).join('|')"
    )


def test_chart_tooltips_are_plain_text_with_written_dates(open_page, dashboard):
    page = open_page()
    sign_in(page, "lead@acme.test")
    page.goto(page.base + "/teams/product")
    page.wait_for_selector("[data-chart=progress] svg")
    text = tooltip_text(page, "[data-chart=progress]")
    assert "Average progress" in text and "00:00:00" not in text
    assert "histogram" in page.content()
    tooltip_text(page, "[data-chart=histogram]")
    assert page.errors == []


def test_the_at_risk_list_is_cards_on_a_phone(open_page, dashboard):
    page = open_page(viewport=PHONE)
    sign_in(page, "lead@acme.test")
    page.goto(page.base + "/teams/product")
    cell = page.locator("table.at-risk tr", has_text=TITLE).locator("td").first
    assert cell.bounding_box()["width"] > 250
    width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]
    assert page.errors == []
