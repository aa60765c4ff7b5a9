"""Issue 13's acceptance run, in a real browser and in both languages: a new company set up as
an HR admin would. The first run makes the organization; 300 people come from an .xlsx (team
tree, leads, managers) through the people import's preview; the company's 飞书 directory
(the loopback fake of its contacts API) is previewed and synced, then moves two people, adds
one and loses one, which a second preview shows and a sync applies; a person signs in through
the loopback OpenID Connect provider; another opens their invitation at the configured site
address (MUBIAO_SITE_URL, not the address the admin works at); a year with four quarters is
made in one step. Outcomes are read from the database."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from mubiao.okrs.models import Cycle
from mubiao.orgs.models import Membership, Team, TeamMember
from tests.conftest import run_queued_tasks
from tests.directory.servers import APP_ID, APP_SECRET, SERVERS
from tests.dns_server import DnsServer
from tests.e2e.conftest import shoot
from tests.people.test_import import xlsx_bytes

# The provider fixture comes from the single sign-on tests (see test_sso_browser.py).
from tests.sso.conftest import CLIENT_ID, CLIENT_SECRET, PASSWORD, oidc_provider  # noqa: F401

pytestmark = pytest.mark.e2e

PEOPLE = 300
# Department ID of the directory → team path; the first eight people lead one each.
DEPARTMENTS = {
    "d1": ("研发部",),
    "d2": ("研发部", "后端组"),
    "d3": ("研发部", "前端组"),
    "d4": ("产品部",),
    "d5": ("产品部", "设计组"),
    "d6": ("市场部",),
    "d7": ("市场部", "品牌组"),
    "d8": ("销售部",),
}
IDS = list(DEPARTMENTS)
TEXT = {
    "en": {
        "locale": "en-US",
        "imported": "300 people added; 8 new teams.",
        "join": "Join Acme",
        "home": "My OKRs",
    },
    "zh-hans": {
        "locale": "zh-CN",
        "imported": "新增 300 人；新建 8 个团队。",
        "join": "加入Acme",
        "home": "我的 OKR",
    },
}


def email(i: int) -> str:
    # Person 0 is the one the OpenID Connect provider knows (tests/sso/conftest.py).
    return "alice@acme.test" if i == 0 else f"p{i:03d}@acme.test"


def department(i: int) -> str:
    return IDS[i % len(IDS)]


def manager(i: int) -> int | None:
    """A team's lead manages its people; a sub-team's lead reports to the parent's lead."""
    path = DEPARTMENTS[department(i)]
    if i >= len(IDS):
        return IDS.index(department(i))
    if len(path) == 1:
        return None
    return IDS.index(next(d for d, p in DEPARTMENTS.items() if p == path[:1]))


def workbook_rows() -> list[list]:
    rows = [["name", "email", "team", "leads", "manager"]]
    for i in range(PEOPLE):
        path = "/".join(DEPARTMENTS[department(i)])
        boss = manager(i)
        rows.append(
            [
                "Alice" if i == 0 else f"员工{i:03d}",
                email(i),
                path,
                path if i < len(IDS) else "",
                email(boss) if boss is not None else "",
            ]
        )
    return rows


def company_directory(server):
    """The same company in 飞书: the departments, their leads, the people and managers."""
    for external_id, path in DEPARTMENTS.items():
        parent = next((d for d, p in DEPARTMENTS.items() if p == path[:-1]), None)
        server.departments[external_id] = {
            "name": path[-1],
            "parent": parent,
            "leaders": [f"u{IDS.index(external_id)}"],
        }
    for i in range(PEOPLE):
        boss = manager(i)
        server.people[f"u{i}"] = {
            "name": "Alice" if i == 0 else f"员工{i:03d}",
            "email": email(i),
            "title": "",
            "departments": [department(i)],
            "manager": f"u{boss}" if boss is not None else None,
        }
    return server


def team_of(address: str) -> set[str]:
    return set(
        TeamMember.objects.filter(membership__user__email=address).values_list(
            "team__name", flat=True
        )
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_new_company_is_set_up_in_minutes(
    transactional_db,
    oidc_provider,  # noqa: F811
    open_page,
    live_server,
    settings,
    tmp_path,
    language,
):
    text = TEXT[language]
    # People reach Mubiao at its configured address; the HR admin works at another one of
    # the server's addresses, and the links Mubiao writes must still be the configured one.
    settings.SITE_URL, settings.SITE_URL_CONFIGURED = live_server.url, True
    other_address = live_server.url.replace("localhost", "127.0.0.1")
    assert other_address != live_server.url

    # The first run: the HR admin's account and the organization.
    admin = open_page(locale=text["locale"])
    admin.set_default_timeout(30_000)
    admin.base = other_address
    admin.goto(admin.base + "/setup")
    admin.fill("#id_name", "Hu Rong")
    admin.fill("#id_email", "hr@acme.test")
    admin.fill("#id_password1", "Mubiao-2026-ok")
    admin.fill("#id_password2", "Mubiao-2026-ok")
    admin.fill("#id_organization_name", "Acme")
    admin.select_option("#id_cycle_kind", "quarter")
    admin.click("form:has(#id_password1) button[type=submit]")
    admin.wait_for_url(admin.base + "/")
    expect(admin.locator("h1")).to_have_text(text["home"])
    organization = Membership.objects.get(user__email="hr@acme.test").organization
    assert organization.slug == "acme"  # the provider's registered redirect URI names it

    # 300 people from an .xlsx: preview, then import.
    workbook = tmp_path / "people.xlsx"
    workbook.write_bytes(xlsx_bytes(workbook_rows()))
    admin.goto(admin.base + "/settings/people/import")
    admin.set_input_files("#id_file", str(workbook))
    admin.click("form[enctype] button[type=submit]")
    preview = admin.locator("[data-people-preview]")
    expect(preview.locator("[role=status]")).to_have_text(text["imported"])
    expect(preview.locator("tr[data-action=create]")).to_have_count(PEOPLE)
    assert Membership.objects.filter(organization=organization).count() == 1  # a preview
    preview.locator("button[type=submit]").click()
    admin.wait_for_url(admin.base + "/settings/people")
    members = Membership.objects.filter(organization=organization)
    assert members.count() == PEOPLE + 1
    assert Team.objects.get(organization=organization, name="后端组").parent.name == "研发部"
    assert members.get(user__email="p010@acme.test").manager.user.email == "p002@acme.test"
    assert members.get(user__email="p001@acme.test").manager.user.email == "alice@acme.test"
    assert TeamMember.objects.get(membership__user__email="p001@acme.test").is_lead

    # The company's 飞书 directory: the first sync finds the organization as the directory
    # has it and links everyone; then two people move, one joins and one leaves.
    with company_directory(SERVERS["feishu"]()) as feishu:
        admin.goto(admin.base + "/settings/directory/")
        admin.select_option("#id_vendor", "feishu")
        admin.fill("#id_app_id", APP_ID)
        admin.fill("#id_app_secret", APP_SECRET)
        admin.fill("#id_api_url", feishu.base)
        admin.click("form:has(#id_app_id) button[type=submit]")
        sync = admin.locator("[data-directory-sync]")
        sync.locator("button[name=preview]").click()
        expect(sync.locator("[role=status]")).to_be_visible()
        expect(sync.locator("[data-directory-preview]")).to_have_count(0)  # nothing to change
        sync.locator("button[name=apply]").click()
        expect(admin.locator("[data-directory-log] tr[data-ok='1']")).to_have_count(1)

        feishu.people["u10"]["departments"] = ["d2"]  # 前端组 → 后端组
        feishu.people["u20"]["departments"] = ["d7"]  # 设计组 → 品牌组
        feishu.people["u-new"] = {"name": "新同事", "email": "newcomer@acme.test", "title": "销售",
                                  "departments": ["d8"], "manager": "u7"}  # fmt: skip
        del feishu.people["u299"]
        admin.locator("[data-directory-sync] button[name=preview]").click()
        table = admin.locator("[data-directory-preview]")
        expect(table.locator("tr[data-kind='person.update']")).to_have_count(2)
        expect(table.locator("tr[data-kind='person.create']")).to_have_count(1)
        expect(table.locator("tr[data-kind='person.deactivate']")).to_have_count(1)
        expect(table.locator("tbody tr")).to_have_count(4)
        assert team_of("p010@acme.test") == {"前端组"}  # a preview changes nothing
        shoot(admin, f"company-setup-directory-preview-{language}")
        admin.locator("[data-directory-sync] button[name=apply]").click()
        expect(admin.locator("[data-directory-log] tr[data-ok='1']")).to_have_count(2)
    assert team_of("p010@acme.test") == {"后端组"}
    assert team_of("p020@acme.test") == {"品牌组"}
    newcomer = members.get(user__email="newcomer@acme.test")
    assert newcomer.is_active and newcomer.manager.user.email == "p007@acme.test"
    assert team_of("newcomer@acme.test") == {"销售部"}
    gone = members.get(user__email="p299@acme.test")  # deactivated, not deleted
    assert not gone.is_active
    assert members.count() == PEOPLE + 2 and members.filter(is_active=True).count() == PEOPLE + 1

    # Sign-in through the company's OpenID Connect provider, set up in Settings.
    admin.goto(admin.base + "/settings/sso")
    admin.fill("#id_name", "Keycloak")
    admin.fill("#id_issuer", oidc_provider)
    admin.fill("#id_client_id", CLIENT_ID)
    admin.fill("#id_client_secret", CLIENT_SECRET)
    admin.fill("#id_domains", "acme.test")
    admin.check("#id_enabled")
    admin.click("form:has(#id_issuer) button[type=submit]")
    expect(admin.locator(".notice--success")).to_be_visible()
    # The domain works once verified: its record published (in a DNS server on loopback).
    record = admin.locator("#domains code", has_text="mubiao-verification=").inner_text()
    with DnsServer() as dns_server:
        settings.MUBIAO_DNS_RESOLVER = dns_server.address
        dns_server.txt["acme.test"] = [[record]]
        admin.click("#domains button[type=submit]")
        expect(admin.locator(".notice--success")).to_contain_text("acme.test")
    alice = open_page(locale=text["locale"])
    alice.goto(alice.base + "/accounts/login/")
    alice.fill("#id_who", "alice@acme.test")
    alice.click("form:has(#id_who) button[type=submit]")
    alice.click("a[href^='/sso/acme/']")
    alice.wait_for_selector("text=Identity provider")
    alice.fill("input[name=username]", "alice")
    alice.fill("input[name=password]", PASSWORD)
    alice.get_by_role("button", name="Sign in").click()
    alice.wait_for_url(alice.base + "/")
    expect(alice.locator("h1")).to_have_text(text["home"])

    # An invitation e-mailed by the import (the worker sends it), opened at the configured
    # address.
    run_queued_tasks()
    (message,) = [m for m in mail.outbox if m.to == ["p042@acme.test"]]
    link = re.search(r"https?://\S+/accounts/invitation/\S+", message.body).group(0)
    assert link.startswith(live_server.url + "/")
    invitee = open_page(locale=text["locale"])
    invitee.goto(link)
    expect(invitee.locator("h1")).to_have_text(text["join"])
    invitee.fill("#id_password1", "P042-Mubiao-2026")
    invitee.fill("#id_password2", "P042-Mubiao-2026")
    invitee.click("form:has(#id_password1) button[type=submit]")
    invitee.wait_for_url(live_server.url + "/")
    assert members.get(user__email="p042@acme.test").invitation.accepted_at

    # A year with its four quarters, in one step.
    admin.goto(admin.base + "/settings/cycles")
    year_form = admin.locator("form[data-year-form]")
    year_form.locator("#id_year-year").fill("2027")
    year_form.locator("input[name=year-parts][value=quarter]").check()
    year_form.locator("button[type=submit]").click()
    expect(admin.locator(".notice--success")).to_contain_text("2027")
    year = Cycle.objects.get(organization=organization, kind=Cycle.Kind.YEAR, name__contains="2027")
    assert year.children.filter(kind=Cycle.Kind.QUARTER).count() == 4
    shoot(admin, f"company-setup-cycles-{language}")
    assert not admin.errors and not alice.errors and not invitee.errors
