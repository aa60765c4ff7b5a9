"""A new user's tryout, automated: on the real demo organization, several people crawl every page
reachable from the rail and the top bar, in Chinese and in English, and every page must load
cleanly (no 4xx/5xx, no console error or CSP violation, no failed request), fit a 390-px phone
without sideways scrolling, and — in Chinese — show no English words left over from our
templates."""

import re
from collections import Counter, deque
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import available_timezones

import pytest
from django.apps import apps
from django.db import models
from playwright.sync_api import expect

from mubiao.accounts.models import User
from mubiao.okrs import demo
from mubiao.okrs.models import KeyResult
from mubiao.sso.models import EmailDomain, IdentityProvider
from tests.e2e.conftest import DESKTOP, PHONE, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES_PER_CRAWL = 45
# Pages of one kind (the same path once ids are blanked out) visited per crawl: breadth first.
SAME_KIND = 2
# Not pages a visitor reads: downloads, the API, Django's admin, and links that act.
SKIP = re.compile(
    r"^/(api/|admin/|static/|i18n/|accounts/logout/)|export|download|\.(xlsx|csv|json|md|ya?ml)$"
)
# English a Chinese page may rightly show besides what people typed (names, titles, ...): our
# brand and OKR terms, file formats, and words the Chinese catalogue keeps on purpose.
ALLOWED_ENGLISH = {
    *("okr", "okrs", "kr", "krs", "mubiao", "english", "q1", "q2", "q3", "q4"),
    *("csv", "excel", "json", "markdown", "txt", "xlsx", "sandbagging", "dau"),
    # Products and standards named as they are in Chinese too: chat apps, authenticator apps,
    # identity providers and OpenID Connect's own terms.
    *("slack", "lark", "webhook", "google", "microsoft", "authenticator", "password", "qr"),
    *("okta", "entra", "id", "keycloak", "authing", "openid", "connect", "issuer", "client"),
    *("secret", "redirect", "uri", "web"),
    # The API-token section of Preferences names the REST API as Chinese developers do.
    *("api", "rest"),
    # The credentials as the directories' consoles name them (飞书 App ID, 企业微信 CorpID,
    # 钉钉 AppKey) and Lark's API address in the directory sync help texts.
    *("app", "corpid", "appkey", "agentid", "https", "open", "larksuite", "url"),
    # The 飞书 app's card-button credentials, as its console names them.
    *("encrypt", "key", "verification", "token"),
    # Where a domain is verified (its TXT record), named so in Chinese too.
    *("dns", "txt"),
    # The group's chat_id, as Lark's message API names it (the 飞书 app bot's settings).
    *("chat",),
    # The discovery document's path and example domains in the single sign-on help texts.
    *("well", "known", "configuration", "example", "com", "cn"),
    # Time zones are named by their IANA identifiers (Asia/Shanghai, Etc/GMT+12 (UTC−12)) in
    # every language, as the tz database and every operating system write them.
    "utc",
    *(w.lower() for zone in available_timezones() for w in re.findall(r"[A-Za-z]+", zone)),
}
BUILT_IN_TEMPLATES = Path(__file__).resolve().parents[2] / "mubiao" / "playbook" / "data"
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


def user_words():
    """Every ASCII word stored in the database (names, titles, notes, emails, settings) or in the
    built-in OKR templates, and people's initials: text people wrote may be English on a Chinese
    page; text from our templates may not."""
    words = {user.initials.lower() for user in User.objects.all()}
    for data in BUILT_IN_TEMPLATES.iterdir():
        words.update(w.lower() for w in WORD.findall(data.read_text(encoding="utf-8")))
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields or model._meta.app_label in {"sessions", "admin", "contenttypes", "auth"}:
            continue
        for row in model.objects.values_list(*fields):
            for value in row:
                if value:
                    words.update(w.lower() for w in WORD.findall(str(value)))
    return words


# The page's text without options that show an identifier (time zones such as Asia/Shanghai).
# Codes, keys and addresses (<code>, or marked translate="no" as HTML provides) are no language.
VISIBLE_TEXT = """() => {
  const ids = [...document.querySelectorAll('option')].filter(o => o.value && o.text === o.value);
  ids.forEach(o => { o.dataset.text = o.text; o.text = ''; });
  const codes = [...document.querySelectorAll('code, [translate="no"]')];
  codes.forEach(c => { c.dataset.text = c.textContent; c.textContent = ''; });
  const text = document.body.innerText;
  ids.forEach(o => { o.text = o.dataset.text; });
  codes.forEach(c => { c.textContent = c.dataset.text; });
  return text;
}"""
# Table headings and short values whose Chinese broke one character a line (a squeezed column).
BROKEN_CELLS = """() => [...document.querySelectorAll(
    '.table th, .table--short-values td:not(:first-child)')].filter(cell => {
    const lines = new Map(), walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        if (!node.data[i].trim()) continue;
        range.setStart(node, i); range.setEnd(node, i + 1);
        const top = Math.round(range.getBoundingClientRect().top);
        lines.set(top, (lines.get(top) || '') + node.data[i]);
      }
    }
    return lines.size > 1 && [...lines.values()].some(t => /^[\u4e00-\u9fff]$/.test(t));
  }).map(cell => cell.innerText.trim())"""
# Key result and alignment-tree titles left less than a third of a phone's width.
SQUEEZED_TITLES = """() => [...document.querySelectorAll('.kr-title, .tree-label')]
  .filter(e => e.offsetWidth && e.offsetWidth < innerWidth * 0.3).map(e => e.innerText.trim())"""
# Pairs of chart labels printed over each other.
OVERLAPPING_LABELS = """() => {
  const boxes = [...document.querySelectorAll('.js-chart svg text')]
    .map(t => [t.textContent, t.getBoundingClientRect()]).filter(([, r]) => r.width);
  return boxes.flatMap(([a, r], i) => boxes.slice(i + 1)
    .filter(([, q]) => r.left < q.right && q.left < r.right && r.top < q.bottom && q.top < r.bottom)
    .map(([b]) => a + ' / ' + b));
}"""
NEXT_FRAME = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def kind(path):
    return re.sub(r"\d+", "N", path)


def check_page(page, url, problems, lang, allowed):
    """Load one page and note everything wrong with it; returns the same-origin links on it."""
    page.errors.clear()
    page.failed.clear()
    response = page.goto(url)
    where = f"{lang} {urlsplit(url).path}{'?' + urlsplit(url).query if urlsplit(url).query else ''}"
    if response is None or response.status >= 400:
        problems.append(f"{where}: status {response.status if response else 'none'}")
    for error in page.errors:
        problems.append(f"{where}: console: {error}")
    for failed in page.failed:
        problems.append(f"{where}: request: {failed}")
    page.set_viewport_size(PHONE)
    page.evaluate(NEXT_FRAME)  # charts redraw on `resize`
    width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    if width[0] > width[1] + 1:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
              .slice(0, 3).map(e => e.tagName + '.' + e.className)"""
        )
        problems.append(f"{where}: {width[0]}px wide at 390px ({wide})")
    if squeezed := page.evaluate(SQUEEZED_TITLES):
        problems.append(f"{where}: titles squeezed at 390px: {squeezed}")
    if broken := page.evaluate(BROKEN_CELLS):
        problems.append(f"{where}: table cells broken a character a line at 390px: {broken}")
    page.set_viewport_size(DESKTOP)
    if lang == "zh-hans":
        text = page.evaluate(VISIBLE_TEXT)
        leftover = {w for w in WORD.findall(text) if w.lower() not in allowed}
        if leftover:
            problems.append(f"{where}: English on a Chinese page: {sorted(leftover)}")
    return page.evaluate(
        """() => [...document.querySelectorAll('a[href]')].map(a => a.href)
              .filter(h => h.startsWith(location.origin))"""
    )


def crawl(page, lang, problems, allowed, shots):
    seen, per_kind = set(), Counter()
    queue = deque([page.base + "/"])
    visited = 0
    while queue and visited < PAGES_PER_CRAWL:
        url = queue.popleft().split("#")[0]
        parts = urlsplit(url)
        if url in seen or SKIP.search(parts.path) or per_kind[kind(parts.path)] >= SAME_KIND:
            continue
        seen.add(url)
        per_kind[kind(parts.path)] += 1
        visited += 1
        queue.extend(check_page(page, url, problems, lang, allowed))
        name = kind(parts.path).strip("/").replace("/", "-") or "home"
        if per_kind[kind(parts.path)] == 1 and name in shots:
            shoot(page, f"crawl-{name}-{lang}")
    return visited


# Each person's crawl a test of its own, so that the two browser processes share them.
@pytest.mark.parametrize(
    ("email", "lang"),
    [
        ("wang.fang", "zh-hans"),
        ("zhou.jie", "en"),
        ("lin.xiao", "zh-hans"),
        ("emma.clarke", "en"),
        ("zhou.jie", "zh-hans"),
    ],
)
def test_crawl_demo_in_both_languages(open_page, email, lang):
    demo.create_demo()
    allowed = ALLOWED_ENGLISH | user_words()
    problems = []
    shots = {"home", "teams-N", "company", "alignment", "settings", "search", "notifications"}
    User.objects.filter(email=f"{email}@{demo.DOMAIN}").update(language=lang)
    page = open_page()
    watch_requests(page)
    sign_in_demo(page, f"{email}@{demo.DOMAIN}")
    visited = crawl(page, lang, problems, allowed, shots if email != "zhou.jie" else set())
    assert visited > 15, (email, visited)
    page.context.close()
    assert not problems, "\n".join(problems)


def test_crawl_a_fresh_organization_in_both_languages(open_page):
    """A brand-new organization from /setup: every page in its empty state, in both languages."""
    page = open_page(locale="zh-CN")
    watch_requests(page)
    page.goto(page.base + "/setup")
    page.fill("#id_name", "新用户")
    page.fill("#id_email", "new@example.cn")
    page.fill("#id_password1", "Mubiao-2026-ok")
    page.fill("#id_password2", "Mubiao-2026-ok")
    page.fill("#id_organization_name", "新公司")
    page.click("button[type=submit]")
    page.wait_for_url(page.base + "/")
    allowed = ALLOWED_ENGLISH | user_words()
    problems = []
    for lang in ["zh-hans", "en"]:
        User.objects.update(language=lang)
        assert crawl(page, lang, problems, allowed, {"home", "company", "alignment"}) > 10
    assert not problems, "\n".join(problems)


def watch_requests(page):
    """Collect failed requests and error answers to anything but the page itself."""
    page.failed = []
    # A request the next navigation cancels (the alignment map's fetch when the crawl moves on)
    # is aborted by the browser, not failed by the server.
    page.on(
        "requestfailed",
        lambda r: (
            page.failed.append(f"{r.url} {r.failure}")
            if "ERR_ABORTED" not in (r.failure or "")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            page.failed.append(f"{r.url} {r.status}")
            if r.status >= 400 and r.request.resource_type != "document"
            else None
        ),
    )


def sign_in_demo(page, email):
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", demo.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base + "/")


def within_screen(page, selector):
    box = page.locator(selector).bounding_box()
    return box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 1


def test_a_new_users_tryout_in_chinese(open_page):
    """The flows a newcomer tries first, in Chinese: cycle switcher, search, notifications, team
    filters and pages, the alignment tree, preferences, grading, signing out, a new password."""
    demo.create_demo()
    User.objects.filter(email__endswith=demo.DOMAIN).update(language="zh-hans")
    page = open_page(locale="zh-CN")
    sign_in_demo(page, f"lin.xiao@{demo.DOMAIN}")

    # The cycle switcher applies at once and keeps the page.
    page.goto(page.base + "/company")
    q3 = page.locator("#cycle-select option", has_text="Q3").get_attribute("value")
    page.select_option("#cycle-select", q3)
    page.wait_for_url(re.compile(r"/company\?cycle=\d+$"))
    expect(page.locator(".page-head .muted").first).to_contain_text("Q3")
    q4 = page.locator("#cycle-select option", has_text="Q4").get_attribute("value")
    page.select_option("#cycle-select", q4)
    page.wait_for_url(re.compile(rf"/company\?cycle={q4}$"))

    # Search from the top bar finds objectives, people and teams.
    page.goto(page.base + "/")
    page.fill("#top-search", "续费")
    page.press("#top-search", "Enter")
    expect(page.locator("main a[href^='/okrs/']").first).to_contain_text("续费")
    shoot(page, "crawl-flow-search-zh")

    # Notifications: the bell's count goes once everything is read.
    page.click(".bell")
    expect(page.locator("h1")).to_have_text("通知")
    page.click("button:has-text('全部标为已读')")
    expect(page.locator(".badge-count")).to_have_count(0)

    # Team filters keep their values; the company board pages.
    page.goto(page.base + "/teams/company?view=list")  # the dashboard is the default view
    everyone = page.locator(".objective").count()
    page.select_option(".filters select[name=status]", "on_track")
    page.click(".filters button[type=submit]")
    expect(page.locator(".filters select[name=status]")).to_have_value("on_track")
    assert 0 < page.locator(".objective").count() < everyone
    page.goto(page.base + "/company?view=list")
    page.click(".pagination a:has-text('下一页')")
    expect(page).to_have_url(re.compile(r"page=2"))

    # Preferences: a time zone is kept.
    page.goto(page.base + "/accounts/preferences/")
    page.select_option("#id_timezone", "America/New_York")
    page.click("main button[type=submit]")
    expect(page.locator(".notice")).to_have_text("偏好设置已保存。")
    expect(page.locator("#id_timezone")).to_have_value("America/New_York")

    # Signing out leads to the sign-in page.
    page.click(".person-menu summary")
    page.click("button:has-text('退出登录')")
    expect(page.locator("h1")).to_have_text("登录")

    # Grading: the administrator starts it and grades her own objective.
    sign_in_demo(page, f"wang.fang@{demo.DOMAIN}")
    page.goto(page.base + "/settings/cycles")
    page.locator("tr", has_text="Q4").locator("button:has-text('评分中')").click()
    page.goto(page.base + "/")
    page.click("a:has-text('为我的 OKR 评分')")
    page.locator(".tree-row a:has-text('评分')").first.click()
    for score in page.locator("input[name^=score_]").all():
        score.fill("0.7")
    for note in page.locator("input[name^=note_]").all():
        note.fill("差一点")
    page.fill("#retro", "渠道选对了，节奏慢了。")
    page.click("button:has-text('保存评分')")
    expect(page.locator(".score").first).to_contain_text("0.7")
    shoot(page, "crawl-flow-graded-zh")

    # On a phone: the person menu stays on screen, the alignment tree keeps titles readable.
    page.set_viewport_size(PHONE)
    page.goto(page.base + "/alignment")
    page.locator("details.tree-node > summary").first.click()
    expect(page.locator(".tree-children .tree-label").first).to_be_visible()
    widths = page.locator(".tree-label").evaluate_all("els => els.map(e => e.offsetWidth)")
    assert min(widths) > 200, widths
    page.click(".person-menu summary")
    assert within_screen(page, ".person-menu .menu")
    shoot(page, "crawl-flow-menu-zh-phone")

    # Progress charts keep their labels apart on a phone, over a quarter and over a year.
    for kind in ["quarter", "year"]:
        kr = KeyResult.objects.filter(check_ins__isnull=False, objective__cycle__kind=kind)
        page.goto(page.base + f"/krs/{kr.first().pk}")
        expect(page.locator(".js-chart svg text").first).to_be_visible()
        assert not page.evaluate(OVERLAPPING_LABELS), kind

    # Asking for a new password.
    page.click(".person-menu summary")
    page.click("button:has-text('退出登录')")
    page.goto(page.base + "/accounts/password-reset/")
    page.fill("input[name=email]", f"lin.xiao@{demo.DOMAIN}")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("请查收邮件")
    assert not page.errors, page.errors


def test_every_settings_tab_fits_a_phone_in_both_languages(open_page):
    """The crawl stops after PAGES_PER_CRAWL pages, before it reaches some of Settings: each
    tab an owner sees (single sign-on, directory sync and people import included) is checked
    here as the crawl checks a page."""
    org = demo.create_demo()
    # Single sign-on set up as a company would: its domains listed with their records.
    provider = IdentityProvider.objects.create(
        organization=org, name="DemoIdP", issuer="https://login.microsoftonline.com/" + "0" * 36
        + "/v2.0", client_id="0" * 36, client_secret="",
    )  # fmt: skip
    for domain in (demo.DOMAIN, "subsidiary-with-a-long-name.mubiao.demo"):
        EmailDomain.objects.create(provider=provider, domain=domain)
    allowed = ALLOWED_ENGLISH | user_words()
    problems = []
    for lang in ["zh-hans", "en"]:
        User.objects.filter(email=f"chen.ming@{demo.DOMAIN}").update(language=lang)
        page = open_page()
        watch_requests(page)
        sign_in_demo(page, f"chen.ming@{demo.DOMAIN}")
        page.goto(page.base + "/settings/")
        links = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        tabs = sorted(
            {url.split("#")[0] for url in links if urlsplit(url).path.startswith("/settings/")}
        )
        assert page.base + "/settings/sso" in tabs, tabs
        page.goto(page.base + "/")  # each tab loaded afresh, /settings/ too
        for url in tabs:
            check_page(page, url, problems, lang, allowed)
        page.context.close()
    assert not problems, "\n".join(problems)
