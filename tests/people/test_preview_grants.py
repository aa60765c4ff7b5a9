"""The import preview shows what each new row grants (role always, title, manager, teams,
leads), highlighted when it makes an admin or owner; the same for an update to admin."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

CSV = (
    "email,role,title,manager,team,leads\n"
    "boss@acme.test,admin,CTO,lead@acme.test,产品部/文档组,产品部/文档组\n"
    "plain@acme.test,,,,,\n"
    "bob@acme.test,admin,,,,\n"
).encode()


def rows_of(html: str) -> dict[str, str]:
    """email → the Changes cell, as shown."""
    found = re.findall(
        r"<tr data-action=\"\w+\"><td>\d+</td><td>[^<]*</td><td>([^<]+)</td><td>[^<]*</td>"
        r"<td>(.*?)</td></tr>",
        html,
    )
    return dict(found)


@pytest.mark.parametrize(
    "language, admin, member",
    [("en", "Admin", "Member"), ("zh-hans", "管理员", "成员")],
)
def test_new_rows_show_what_they_grant_and_power_is_highlighted(
    world, client_for, language, admin, member
):
    page = client_for(world.admin).post(
        "/settings/people/import",
        {"file": SimpleUploadedFile("p.csv", CSV)},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    rows = rows_of(page.content.decode())
    zh = language == "zh-hans"
    sep = "：" if zh else ": "
    boss = rows["boss@acme.test"]
    assert boss.startswith('<mark class="grants-power">')
    # Each change names its column in the reader's language, not by the file's English header
    # (issue 13, h13q: "title：" inside Chinese text).
    for (column, zh_column), value in [
        (("role", "角色"), admin),
        (("title", "职位"), "CTO"),
        (("manager", "上级邮箱"), "lead@acme.test"),
        (("team", "团队"), "Company/产品部/文档组"),
        (("leads", "负责的团队"), "Company/产品部/文档组"),
    ]:
        assert f"{zh_column if zh else column}{sep}– → {value}" in boss

    plain = rows["plain@acme.test"]
    assert plain == f"{'角色' if zh else 'role'}{sep}– → {member}"
    assert rows["bob@acme.test"].startswith('<mark class="grants-power">')
