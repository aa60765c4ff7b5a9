"""Issue 13, tester's finding 1: the import's confirm form carries a signed, expiring,
one-time preview token, and applying a preview the organization has moved away from, an
applied one, an expired one or a forged one says what and why, and changes nothing. The OKR
import's confirm form (playbook) uses the same tokens."""

import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mubiao.orgs.models import Membership
from mubiao.web import uploads

from .test_import import state

pytestmark = pytest.mark.django_db

CSV = "邮箱,角色,职位\nwang@acme.test,member,编辑\nalice@acme.test,admin,产品经理\n".encode()
CONFIRM = "/settings/people/import/confirm"


def preview(client, data=CSV, name="people.csv"):
    page = client.post("/settings/people/import", {"file": SimpleUploadedFile(name, data)})
    assert page.status_code == 200, page.content.decode()[:2000]
    return re.search(r'name="preview" value="([^"]+)"', page.content.decode()).group(1)


def confirm(client, token):
    page = client.post(CONFIRM, {"preview": token}, follow=True)
    assert page.status_code == 200
    return page.content.decode()


def test_a_token_is_hex_and_works_once(world, client_for):
    client = client_for(world.admin)
    token = preview(client)
    assert re.fullmatch(r"[0-9a-f]{104}", token)
    confirm(client, token)
    assert Membership.objects.get(user__email="wang@acme.test").title == "编辑"
    before = state(world.org)
    page = confirm(client, token)
    assert "This preview was already imported" in page
    assert state(world.org) == before


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"),  # the signature altered
        lambda t: t[:32] + f"{int(time.time()) + 3600:08x}" + t[40:],  # issued later
        lambda t: "f" * 32 + t[32:],  # another nonce
        lambda t: "x",
        lambda t: "'; drop table --",
    ],
)
def test_a_forged_token_is_refused_and_nothing_changes(world, client_for, tamper):
    client = client_for(world.admin)
    token = preview(client)
    before = state(world.org)
    page = confirm(client, tamper(token))
    assert "was not issued by this server for your session" in page
    assert state(world.org) == before
    # The genuine token still works afterwards.
    confirm(client, token)
    assert Membership.objects.filter(user__email="wang@acme.test").exists()


def test_another_persons_token_is_refused(world, client_for):
    token = preview(client_for(world.admin))
    world.lead.role = Membership.Role.ADMIN
    world.lead.save()
    before = state(world.org)
    page = confirm(client_for(world.lead), token)
    assert "was not issued by this server for your session" in page
    assert state(world.org) == before


def test_an_expired_preview_is_refused(world, client_for, monkeypatch):
    client = client_for(world.admin)
    token = preview(client)
    later = time.time() + uploads.PREVIEW_MAX_AGE + 5
    monkeypatch.setattr(uploads.time, "time", lambda: later)
    before = state(world.org)
    assert "more than 30 minutes old" in confirm(client, token)
    assert state(world.org) == before


def test_an_earlier_preview_is_refused_by_name(world, client_for):
    client = client_for(world.admin)
    first = preview(client)
    preview(client, "邮箱\nzhang@acme.test\n".encode())
    before = state(world.org)
    assert "You previewed another file since this one" in confirm(client, first)
    assert state(world.org) == before


def test_a_preview_the_organization_moved_away_from_is_refused_with_the_rows(world, client_for):
    client = client_for(world.admin)
    token = preview(client)
    # Meanwhile someone else makes alice an admin already and adds wang by hand.
    world.alice.role = Membership.Role.ADMIN
    world.alice.save()
    before = state(world.org)
    page = confirm(client, token)
    assert "nothing was imported: the organization" in page
    assert "row 3 (alice@acme.test): the preview said “Update: 角色”, now “Unchanged”" in (
        page.replace("&ldquo;", "“").replace("&rdquo;", "”").replace("&#x27;", "'")
    )
    assert state(world.org) == before
    # A new preview of the same file imports.
    confirm(client, preview(client))
    assert Membership.objects.filter(user__email="wang@acme.test").exists()


def test_the_refusals_speak_chinese(world, client_for):
    world.admin.user.language = "zh-hans"
    world.admin.user.save()
    client = client_for(world.admin)
    token = preview(client)
    confirm(client, token)
    page = client.post(CONFIRM, {"preview": token}, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "这次预览已经导入过" in page.content.decode()
