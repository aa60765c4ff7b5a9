"""An admin imports people from an .xlsx in Chinese, in a real browser: the preview lists each
row's action, the import creates the team tree and the managers, and the people page shows the
new people as pending invitations."""

import pytest
from playwright.sync_api import expect

from mubiao.orgs.models import Membership, Team
from tests.conftest import make_world
from tests.e2e.conftest import shoot, sign_in
from tests.people.test_import import xlsx_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_import_people_from_xlsx_in_chinese(open_page, tmp_path):
    make_world("acme")
    workbook = tmp_path / "人员.xlsx"
    workbook.write_bytes(
        xlsx_bytes([
            ["姓名", "邮箱", "团队", "上级邮箱", "角色"],
            ["王芳", "wang@acme.test", "市场部", "", "管理员"],
            ["赵强", "zhao@acme.test", "市场部/品牌组", "wang@acme.test", "成员"],
            ["Bob", "bob@acme.test", "产品部/Docs", "lead@acme.test", "管理员"],
        ])
    )  # fmt: skip
    page = open_page(locale="zh-CN")
    sign_in(page, "admin@acme.test")
    page.goto(page.base + "/settings/people")
    page.get_by_role("link", name="导入人员").click()
    page.set_input_files("#id_file", str(workbook))
    page.get_by_role("button", name="预览").click()
    preview = page.locator("[data-people-preview]")
    expect(preview.locator("[role=status]")).to_have_text("新增 2 人，更新 1 人；新建 2 个团队。")
    # Row, name, e-mail, action, changes (h13s put the name in the preview).
    expect(preview.locator("tr[data-action=update] td").nth(4)).to_have_text("角色：成员 → 管理员")
    assert not Membership.objects.filter(user__email="wang@acme.test").exists()
    shoot(page, "people-import-preview-zh-desktop")
    preview.get_by_role("button", name="导入").click()
    page.wait_for_url(page.base + "/settings/people")
    expect(page.locator(".notice--success").first).to_contain_text("新增 2 人")
    row = page.locator("tr", has_text="zhao@acme.test")
    expect(row.locator(".invite-state")).to_have_text("待接受")
    zhao = Membership.objects.get(user__email="zhao@acme.test")
    assert zhao.manager.user.email == "wang@acme.test"
    assert Team.objects.get(name="品牌组").parent.name == "市场部"
    assert not page.errors
