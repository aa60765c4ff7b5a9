"""A directory answer that would deactivate many people (an empty answer after a typo in the
top department, a partial listing, everyone gone) is held: nothing changes, the run is logged
as held with a message in the reader's language, and only an admin's confirmation applies it.
Against loopback 飞书 / 企业微信 / 钉钉 servers."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation

from mubiao.directory import services
from mubiao.directory.models import DirectorySource, SyncRun
from mubiao.directory.rules import hold_reason
from mubiao.directory.selectors import run_text
from mubiao.directory.vendors import SyncHeld
from tests.directory.test_pages_and_cli import grow
from tests.directory.test_sync import connect, state
from tests.sso.test_settings import NotAnIssuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(server):
    grow(server, 30)
    return server


def synced(world, server):
    connect(world, server)
    services.sync(world.admin)
    return state(world.org)


@pytest.mark.parametrize(
    "listed, following, leaving, expected",
    [
        (30, 30, 0, None),
        (0, 0, 0, None),  # nothing linked yet: nothing to lose
        (0, 30, 30, "empty"),
        (1, 1, 1, "everyone"),
        (5, 30, 30, "everyone"),
        (28, 30, 2, None),  # a couple of departures are ordinary
        (27, 30, 3, None),  # 10 % of 30
        (26, 30, 4, "many"),
        (970, 1000, 26, "many"),  # more than 25 people, though under 10 %
        (975, 1000, 25, None),
    ],
)
def test_the_rule(listed, following, leaving, expected):
    assert (
        hold_reason(listed=listed, following=following, leaving=leaving, percent=10, most=25)
        == expected
    )


def test_a_typo_in_the_top_department_deactivates_nobody(world, server):
    before = synced(world, server)
    source = DirectorySource.objects.get(organization=world.org)
    source.root_department = "99"  # the vendor answers with nobody under it
    source.save()
    with pytest.raises(SyncHeld, match="lists nobody under the top department \\(ID 99\\)"):
        services.sync(world.admin)
    assert state(world.org) == before
    run = SyncRun.objects.filter(organization=world.org).first()
    assert (run.ok, run.held) == (False, True) and "Held" in run_text(run)
    preview = services.sync(world.admin, dry_run=True)
    assert preview.count("person.deactivate") == 34 and "nothing changed" in preview.held
    assert state(world.org) == before
    services.sync(world.admin, confirmation=preview.confirmation)
    assert not world.org.memberships.filter(user__email="wang@acme.test", is_active=True).exists()


def active(org):
    return set(org.memberships.filter(is_active=True).values_list("user__email", flat=True))


def test_a_confirmation_applies_only_the_departures_previewed(world, server):
    """probe13: a held preview listed 5 departures; 12 more people left the directory before
    the admin confirmed, and 17 were deactivated. The confirmation names the previewed set:
    another set is held again, with the code of the new one."""
    before = synced(world, server)
    for gone in [f"u-{n}" for n in range(5)]:
        del server.people[gone]
    preview = services.sync(world.admin, dry_run=True)
    assert preview.count("person.deactivate") == 5 and preview.held and preview.confirmation
    for gone in [f"u-{n}" for n in range(5, 17)]:
        del server.people[gone]
    with pytest.raises(SyncHeld, match="changed since the preview you confirmed") as held:
        services.sync(world.admin, confirmation=preview.confirmation)
    assert state(world.org) == before
    assert held.value.confirmation != preview.confirmation
    again = services.sync(world.admin, dry_run=True)
    assert again.count("person.deactivate") == 17 and again.confirmation == held.value.confirmation
    with pytest.raises(SyncHeld):
        services.sync(world.admin, confirmation="not-a-code")
    assert state(world.org) == before
    services.sync(world.admin, confirmation=again.confirmation)
    assert len(active(world.org)) == len({row[0] for row in before[0] if row[3]}) - 17


def test_the_page_shows_the_new_preview_when_the_directory_changed(world, client_for, server):
    before = synced(world, server)
    for gone in [f"u-{n}" for n in range(5)]:
        del server.people[gone]
    admin = client_for(world.admin)
    preview = admin.post("/settings/directory/sync", {"preview": "1"}).content.decode()
    code = services.sync(world.admin, dry_run=True).confirmation
    assert f'name="confirm" value="{code}"' in preview
    for gone in [f"u-{n}" for n in range(5, 17)]:
        del server.people[gone]
    held = admin.post(
        "/settings/directory/sync", {"apply": "1", "confirm": code}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    text = held.content.decode()
    assert held.status_code == 409 and "data-directory-preview" in text
    assert text.count('data-kind="person.deactivate"') == 17
    assert state(world.org) == before
    new_code = services.sync(world.admin, dry_run=True).confirmation
    assert f'name="confirm" value="{new_code}"' in text
    confirmed = admin.post("/settings/directory/sync", {"apply": "1", "confirm": new_code})
    assert confirmed.status_code == 302
    assert not world.org.memberships.filter(user__email="p16@acme.test", is_active=True).exists()


def test_a_partial_listing_is_held_and_a_few_departures_are_not(world, server):
    before = synced(world, server)
    server.listing_limit = 3  # the last pages of each department missing
    with pytest.raises(SyncHeld, match="more than the safe limit"):
        services.sync(world.admin)
    assert state(world.org) == before
    server.listing_limit = None
    for gone in ("u-1", "u-2"):
        del server.people[gone]
    result = services.sync(world.admin)
    assert result.count("person.deactivate") == 2 and not result.held


@override_settings(DIRECTORY_HOLD_PERCENT=50, DIRECTORY_HOLD_COUNT=100)
def test_the_limits_are_configurable(world, server):
    synced(world, server)
    for gone in [f"u-{n}" for n in range(10)]:
        del server.people[gone]
    assert services.sync(world.admin).count("person.deactivate") == 10


def test_the_worker_never_confirms(world, server):
    before = synced(world, server)
    server.people.clear()
    server.departments.clear()
    DirectorySource.objects.filter(organization=world.org).update(next_sync_at="2000-01-01T00:00Z")
    assert services.sync_due() == 1
    assert state(world.org) == before
    assert SyncRun.objects.filter(organization=world.org, held=True, scheduled=True).exists()


def test_the_page_holds_then_confirms(world, client_for, server):
    before = synced(world, server)
    server.people.clear()
    admin = client_for(world.admin)
    held = admin.post("/settings/directory/sync", {"apply": "1"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert held.status_code == 409 and "暂停" in held.content.decode()
    assert state(world.org) == before
    preview = admin.post("/settings/directory/sync", {"preview": "1"})
    assert "data-directory-held" in preview.content.decode()
    log = admin.get("/settings/directory/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "已暂停" in log
    code = services.sync(world.admin, dry_run=True).confirmation
    confirmed = admin.post("/settings/directory/sync", {"apply": "1", "confirm": code})
    assert confirmed.status_code == 302
    assert not world.org.memberships.filter(user__email="wang@acme.test", is_active=True).exists()


def test_the_command_holds_then_confirms(world, server):
    before = synced(world, server)
    server.people.clear()
    with translation.override("en"), pytest.raises(CommandError, match="Held"):
        call_command("directory", "sync", "--org", "acme", stdout=io.StringIO())
    assert state(world.org) == before
    out = io.StringIO()
    with translation.override("en"):
        call_command("directory", "sync", "--org", "acme", "--dry-run", stdout=out)
    code = out.getvalue().rsplit("--confirm-deactivations ", 1)[1].split()[0]
    server.people["u-late"] = {"name": "迟到", "email": "late@acme.test", "departments": ["11"]}
    call_command("directory", "sync", "--org", "acme", "--dry-run", stdout=io.StringIO())
    del server.people["u-late"]  # the same departures as previewed
    call_command("directory", "sync", "--org", "acme", "--confirm-deactivations", code, stdout=out)
    assert not world.org.memberships.filter(user__email="wang@acme.test", is_active=True).exists()


@pytest.mark.parametrize("data", [{}, {"sync": "1"}, {"action": "apply"}, {"Apply": "1"}])
def test_a_post_without_an_action_changes_nothing(world, client_for, server, data):
    connect(world, server)
    answer = client_for(world.admin).post(
        "/settings/directory/sync", data, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert answer.status_code == 400 and "没有做任何更改" in answer.content.decode()
    assert not SyncRun.objects.exists()
    assert not world.org.memberships.filter(user__email="wang@acme.test").exists()


def test_a_wrong_api_address_is_named(world, client_for, server):
    with NotAnIssuer() as web_page:
        web_page.answer = (200, "text/html", "<html>公司主页</html>")
        connect(world, server)
        DirectorySource.objects.filter(organization=world.org).update(api_url=web_page.base)
        answer = client_for(world.admin).post(
            "/settings/directory/sync", {"preview": "1"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    text = answer.content.decode()
    assert answer.status_code == 502 and f"{web_page.base}/" in text and "请检查 API 地址" in text


def test_a_replayed_code_or_a_second_admin_has_nothing_to_confirm(world, client_for, server):
    """issue 13, h13r: confirming departures already applied said "the directory changed" and
    logged a held run; with nobody left to confirm, the sync runs as usual and says so."""
    synced(world, server)
    server.people.clear()
    code = services.sync(world.admin, dry_run=True).confirmation
    services.sync(world.admin, confirmation=code)
    runs = SyncRun.objects.filter(organization=world.org).count()
    again = services.sync(world.admin, confirmation=code)  # replayed
    assert "Nothing to confirm" in " ".join(str(p) for p in again.problems)
    # A second admin who read the same preview confirms after the first: the same code.
    second = client_for(world.admin).post(
        "/settings/directory/sync", {"apply": "1", "confirm": code}, follow=True
    )
    said = second.content.decode()
    assert second.status_code == 200 and "Nothing to confirm" in said
    assert "changed since the preview" not in said
    latest = SyncRun.objects.filter(organization=world.org).order_by("-pk")
    assert latest.count() == runs + 2 and not any(run.held for run in latest[:2])
