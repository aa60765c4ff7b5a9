"""Team and person names in the leader pages' tables at 390 px, in a real browser, in English
and Chinese (issue 12): a name like 文档组 stood one character a line in the sub-team table,
squeezed by the columns beside it. Every table's first-column name on the dashboards, adoption
and the grading review keeps to one line, a long one cut with an ellipsis and whole in its
title; the treemap's labels are never a column of single characters."""

import re

import pytest

from mubiao.accounts.models import User
from mubiao.insights import snapshots
from mubiao.okrs import demo
from mubiao.okrs.selectors import current_cycle
from mubiao.orgs.models import Membership, Team
from mubiao.orgs.rules import today_for
from tests.e2e.conftest import PHONE, shoot
from tests.e2e.test_crawl import sign_in_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = ("/company", "/teams/product", "/adoption", "/grading/review")
LONG = "客户成功与增长运营支持中心华东区域第二小组"
CJK = re.compile(r"^[\u4e00-\u9fff]$")


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_names_keep_to_one_line_at_390(open_page, lang):
    org = demo.create_demo()
    product = Team.objects.get(organization=org, slug="product")
    Team.objects.create(organization=org, name=LONG, slug="long-name", parent=product)
    ceo = Membership.objects.get(organization=org, user__email=f"chen.ming@{demo.DOMAIN}")
    snapshots.write_day(current_cycle(ceo), today_for(org))
    User.objects.filter(email=f"chen.ming@{demo.DOMAIN}").update(language=lang)
    page = open_page(viewport=PHONE, locale="zh-CN" if lang == "zh-hans" else "en-US")
    sign_in_demo(page, f"chen.ming@{demo.DOMAIN}")
    seen = set()
    for path in PAGES:
        page.goto(page.base + path)
        names = page.locator("table tbody tr td:first-child :is(a[href^='/teams/'], .cell-name)")
        assert names.count(), path
        for i in range(names.count()):
            name = names.nth(i)
            shape = name.evaluate(
                """el => ({h: el.getBoundingClientRect().height,
                           line: parseFloat(getComputedStyle(el).lineHeight)
                                 || parseFloat(getComputedStyle(el).fontSize) * 1.6,
                           cut: el.scrollWidth > el.clientWidth, title: el.title,
                           text: el.textContent.trim()})"""
            )
            assert shape["h"] < 1.5 * shape["line"], (path, shape)
            if shape["cut"]:
                assert shape["title"] and shape["title"] in shape["text"], (path, shape)
            seen.add(shape["text"])
        if path == "/teams/product":
            page.wait_for_selector("[data-chart=treemap] svg text")
            labels = page.locator("[data-chart=treemap] svg text").all_text_contents()
            singles = [t for t in labels if CJK.match(t.strip())]
            assert not singles, labels
        shoot(page, f"names-390-{lang}{path.replace('/', '-')}")
    assert any("文档组" in text for text in seen), seen
    assert any(LONG in text for text in seen), seen
    assert page.errors == [], page.errors
