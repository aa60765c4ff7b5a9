"""The alignment map on a 390 × 844 phone (issue 12): the map was drawn 520 px and more wide
inside a panel of about 330 px, each label one long line cut at 190 px, so a phone showed
half a map and labels ran off its edge. Now the map fits its panel, its columns share the
width, and a label wraps to at most two lines inside its column, with an ellipsis past that;
the whole label (progress and title) stays the label's accessible name, so nothing typed is
lost. In English and in Chinese, four levels deep (the organization, the company's objective,
the team's, a person's)."""

import re

import pytest
from playwright.sync_api import expect

from mubiao.accounts.models import User
from mubiao.okrs import services
from tests.conftest import make_objective, make_world
from tests.e2e.conftest import PHONE, shoot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLES = {
    "en": [
        "Become the tool every mid-sized company in Asia plans its quarter with",
        "Ship the redesigned onboarding to every new workspace before the summer",
        "Cut the time a new customer waits for a first answer from support to under an hour",
        "Short",
    ],
    "zh-hans": [
        "成为亚洲每一家中型企业规划季度目标时首选的工具",
        "在夏季之前为每一个新工作区上线重新设计的新手引导流程",
        "让每一位新客户在提交第一个工单后的一个小时之内就能收到首次回复",
        "短目标",
    ],
}
LABELS = "#alignment-map svg text"


def tree(lang):
    """Company → team → two people's objectives, titled in `lang`."""
    world = make_world("acme")
    User.objects.filter(email="lead@acme.test").update(language=lang)
    company_title, team_title, long_title, short_title = TITLES[lang]
    company = make_objective(world.admin, world.cycle, company_title, owner_type="organization")
    team = make_objective(world.lead, world.cycle, team_title, owner_type="team",
                          owner_team=world.product)  # fmt: skip
    services.align_objective(world.lead, team, parent_objective=company)
    for title in (long_title, short_title):
        mine = make_objective(world.alice, world.cycle, title)
        services.align_objective(world.alice, mine, parent_objective=team)
    return world


def drawn_labels(page):
    """Each drawn line of a label: its text, its accessible name and its box."""
    return page.locator(LABELS).evaluate_all(
        """texts => texts.map(t => {
             const r = t.getBoundingClientRect();
             return {text: t.textContent, name: t.getAttribute("aria-label"),
                     x: r.x, y: r.y, right: r.right, bottom: r.bottom, width: r.width};
           })"""
    )


def overlaps(a, b) -> bool:
    across = a["x"] < b["right"] and b["x"] < a["right"]
    return across and a["y"] < b["bottom"] and b["y"] < a["bottom"]


def within(inner, outer) -> bool:
    return inner["x"] >= outer["x"] - 1 and inner["right"] <= outer["x"] + outer["width"] + 1


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_map_fits_a_phone_and_its_labels_their_nodes(open_page, lang):
    tree(lang)
    page = open_page(viewport=PHONE, locale="zh-CN" if lang == "zh-hans" else "en-US")
    sign_in(page, "lead@acme.test")
    page.goto(page.base + "/alignment")
    short_title = TITLES[lang][3]
    # The search opens the path to a person's objective: four columns.
    page.fill("#map-q", short_title)
    page.press("#map-q", "Enter")
    page.wait_for_selector(".map-paths li")
    # The path is opened a level at a time: the found objective is focused last.
    expect(page.locator("#alignment-focus a")).to_have_text(re.compile(f"{short_title}$"))
    shoot(page, f"alignment-map-fits-390-{lang}")

    # No horizontal scroll of the page (a function evaluated by Playwright, not by the page's
    # own script: the CSP does not stop it).
    scroll = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert scroll[0] <= scroll[1], scroll
    # The map fits its panel: nothing to scroll sideways inside it either.
    panel = page.locator(".map-scroll").bounding_box()
    svg = page.locator("#alignment-map svg").bounding_box()
    assert within(svg | {"right": svg["x"] + svg["width"]}, panel), (svg, panel)
    inner = page.locator(".map-scroll").evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert inner[0] <= inner[1], inner

    labels = sorted(drawn_labels(page), key=lambda line: line["y"])  # a label's lines in order
    names = {}
    for line in labels:
        # Every line inside the map and on the screen.
        assert within(line, svg), (line, svg)
        assert line["right"] <= PHONE["width"], line
        assert line["name"], line  # every line says whose label it is
        names.setdefault(line["name"], []).append(line)
    # No two labels overlap (a label wider than its column ran into the next column's).
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert a["name"] == b["name"] or not overlaps(a, b), (a, b)
    # Each label is at most two lines, a cut of its whole label: the whole, or its start with
    # an ellipsis.
    for name, lines in names.items():
        assert 1 <= len(lines) <= 2, lines
        shown = "".join(line["text"] for line in lines).replace(" ", "")
        whole = name.replace(" ", "")
        assert shown == whole or (shown.endswith("…") and whole.startswith(shown[:-1])), lines
    # Every title is named whole, its progress first and never the part cut off.
    for title in TITLES[lang]:
        named = [name for name in names if name.endswith(title)]
        assert len(named) == 1, (title, list(names))
        assert "%" in names[named[0]][0]["text"], names[named[0]]
    long_lines = names[next(name for name in names if name.endswith(TITLES[lang][2]))]
    assert len(long_lines) == 2 and long_lines[-1]["text"].endswith("…"), long_lines
    short_lines = names[next(name for name in names if name.endswith(short_title))]
    assert "".join(line["text"] for line in short_lines).endswith(short_title), short_lines
    # The tooltip says the whole title; the node drawn again for the hover keeps its name.
    long_name = next(name for name in names if name.endswith(TITLES[lang][2]))
    page.locator(f'{LABELS}[aria-label="{long_name}"]').first.hover()
    expect(page.locator("#alignment-map div", has_text=TITLES[lang][2]).last).to_be_visible()
    expect(page.locator(f'{LABELS}[aria-label="{long_name}"]')).to_have_count(2)
    assert page.errors == [], page.errors
