"""An admin invites a person in Chinese, in a real browser: the row is pending (待接受) with its
link, "copy link" puts that link on the clipboard. The copied link (h13y) asks to sign in or
to e-mail the link: the invitee presses "E-mail me the link", the loopback SMTP server receives
the e-mail at the invited address, its link chooses the password, and the row becomes active
(在职)."""

import re

import pytest
from playwright.sync_api import expect

from mubiao.orgs.models import Membership
from tests.conftest import make_world
from tests.e2e.conftest import shoot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_invite_copy_link_and_join_in_chinese(open_page, smtp):
    make_world("acme")
    admin = open_page(locale="zh-CN")
    admin.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(admin, "admin@acme.test")
    admin.goto(admin.base + "/settings/people")
    invite = admin.locator("form", has=admin.locator("#id_email"))
    expect(invite.locator("#id_role")).to_have_value("member")  # 成员, not 所有者
    expect(invite.locator("#id_role option[value=owner]")).to_have_count(0)  # admins: no owners
    invite.locator("#id_email").fill("xiaoming@acme.test")
    invite.locator("#id_name").fill("王小明")
    invite.locator("button[type=submit]").click()
    expect(admin.locator(".notice--success")).to_have_text("邀请已发送。")

    row = admin.locator("tr", has_text="xiaoming@acme.test")
    expect(row.locator(".invite-state")).to_have_text("待接受")
    link = row.locator(".invite-link").input_value()
    assert link.startswith(admin.base + "/accounts/invitation/")
    row.locator(".js-copy").click()
    expect(row.locator(".js-copy")).to_have_text("已复制")
    assert admin.evaluate("navigator.clipboard.readText()") == link
    shoot(admin, "people-pending-invitation-zh-desktop")

    # The copied link, opened by whoever it was pasted to: nothing about the person or the
    # organization, no password to choose; it e-mails the invited address.
    invitee = open_page(locale="zh-CN")
    invitee.goto(link)
    expect(invitee.locator("h1")).to_have_text("加入你的团队")
    expect(invitee.locator("main")).not_to_contain_text("Acme")
    expect(invitee.locator("main")).not_to_contain_text("xiaoming")
    expect(invitee.locator("input[type=password]")).to_have_count(0)
    expect(invitee.locator("main")).to_contain_text("请用你的 Mubiao 密码登录后加入。")
    shoot(invitee, "invitation-copied-link-zh-desktop")
    invitee.get_by_role("button", name="把链接发到我的邮箱").click()
    expect(invitee.locator(".notice--success")).to_contain_text("邀请邮件已发往受邀的邮箱地址")
    # The invitation e-mail, then the one asked for: the same link, that chooses a password.
    first, again = smtp.to("xiaoming@acme.test")
    mailed = re.search(r"https?://\S+", again.get_body(("plain",)).get_content()).group(0)
    assert mailed != link and mailed in first.get_body(("plain",)).get_content()
    invitee.goto(mailed)
    expect(invitee.locator("h1")).to_have_text("加入Acme Inc")
    invitee.fill("#id_password1", "Xiaoming-2026-ok")
    invitee.fill("#id_password2", "Xiaoming-2026-ok")
    invitee.click("button[type=submit]")
    invitee.wait_for_url(invitee.base + "/")
    expect(invitee.locator("h1")).to_have_text("我的 OKR")

    admin.reload()
    row = admin.locator("tr", has_text="xiaoming@acme.test")
    expect(row.locator("td").nth(3)).to_have_text("在职")
    expect(row.locator(".invite-link")).to_have_count(0)
    member = Membership.objects.get(user__email="xiaoming@acme.test")
    assert member.role == Membership.Role.MEMBER and member.invitation.accepted_at
    assert not admin.errors and not invitee.errors

    # The same link a second time: refused with a clear page, not a password form.
    again = open_page(locale="zh-CN")
    again.goto(link)
    expect(again.locator(".error")).to_have_text("此邀请已被使用，请直接登录。")
    expect(again.locator("input[type=password]")).to_have_count(0)
