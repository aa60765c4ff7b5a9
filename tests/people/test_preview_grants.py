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
    sep = "：" if language == "zh-hans" else ": "
    boss = rows["boss@acme.test"]
    assert boss.startswith('<mark class="grants-power">')
    for column, value in [
        ("role", admin),
        ("title", "CTO"),
        ("manager", "lead@acme.test"),
        ("team", "Company/产品部/文档组"),
        ("leads", "Company/产品部/文档组"),
    ]:
        assert f"{column}{sep}– → {value}" in boss

    plain = rows["plain@acme.test"]
    assert plain == f"role{sep}– → {member}"
    assert rows["bob@acme.test"].startswith('<mark class="grants-power">')
