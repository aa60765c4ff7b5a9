"""An invitee, until they accept, is known by the name typed on the invitation (never by the
name their account holds from another organization) and is listed as invited, not active: in
Settings › People, search, mentions, the API and the people export, whichever path invited
them (the form, an import)."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from mubiao.accounts import services as accounts
from mubiao.people.exporter import export_people
from mubiao.people.services import import_people
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db

ELSEWHERE = "Secret Codename"  # what the other organization calls the person


@pytest.fixture
def invitee(world, other_world):
    """other_world's Alice, invited to acme as "Alice Typed"."""
    person = other_world.alice.user
    person.name = ELSEWHERE
    person.save()
    return accounts.invite_member(world.admin, email=person.email, name="Alice Typed")


def export_rows(world, language: str) -> list[list[str]]:
    with translation.override(language):
        data = export_people(world.admin, fmt="csv")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_people_page_and_search_show_the_typed_name(world, invitee, client_for):
    client = client_for(world.admin)
    page = client.get(reverse("settings_people")).content.decode()
    assert "Alice Typed" in page and ELSEWHERE not in page
    assert (
        ELSEWHERE not in client.get(reverse("settings_member", args=[invitee.pk])).content.decode()
    )
    # Their other organization's name does not find them; the typed one does.
    assert (
        "alice@other.test"
        not in client.get(reverse("settings_people"), {"q": "Codename"}).content.decode()
    )
    assert (
        "alice@other.test"
        in client.get(reverse("settings_people"), {"q": "Typed"}).content.decode()
    )
    search = client.get(reverse("search"), {"q": "Codename"}).content.decode()
    assert ELSEWHERE not in search and "alice@other.test" not in search


@pytest.mark.parametrize(
    ("language", "invited", "active"), [("en", "Invited", "Active"), ("zh-hans", "已邀请", "在职")]
)
def test_the_export_names_and_marks_invitees(world, invitee, language, invited, active):
    rows = {row[1]: row for row in export_rows(world, language)[1:]}
    assert rows["alice@other.test"][0] == "Alice Typed"
    assert rows["alice@other.test"][-1] == invited
    assert rows["alice@acme.test"][-1] == active
    assert ELSEWHERE not in str(rows)


def test_importing_the_export_back_changes_nothing(world, invitee):
    data = export_people(world.admin, fmt="csv")
    result = import_people(world.admin, file_name="people.csv", data=data, dry_run=True)
    assert result.counts["update"] == result.counts["create"] == 0, [
        (row.email, row.changes) for row in result.rows if row.action != "unchanged"
    ]


def test_the_api_names_and_marks_invitees(world, invitee):
    client = Api(world.admin)
    listed = {m["email"]: m for m in client.get("/members").json()["items"]}
    assert listed["alice@other.test"]["name"] == "Alice Typed"
    assert listed["alice@other.test"]["display_name"] == "Alice Typed"
    assert listed["alice@other.test"]["status"] == "invited"
    assert listed["alice@acme.test"]["status"] == "active"
    assert ELSEWHERE not in client.get(f"/members/{invitee.pk}").content.decode()
    assert client.get("/members", {"q": "Codename"}).json()["items"] == []


def test_an_import_invites_an_existing_account_under_the_files_name(world, other_world):
    person = other_world.bob.user
    person.name, person.password = ELSEWHERE, "!"  # not signed in anywhere yet
    person.save()
    data = b"name,email\nBob From File,bob@other.test\n"
    import_people(world.admin, file_name="people.csv", data=data)
    person.refresh_from_db()
    assert person.name == ELSEWHERE  # the other organization's name for them is untouched
    rows = {row[1]: row for row in export_rows(world, "en")[1:]}
    assert rows["bob@other.test"][0] == "Bob From File"


def test_after_accepting_the_accounts_own_name_is_shown(world, invitee, client_for):
    person = invitee.user
    person.set_password("pw-Mubiao-2026")
    person.save()
    token = accounts._link_token(invitee.invitation)
    accounts.accept_invitation(token, user=person)
    page = client_for(world.admin).get(reverse("settings_people")).content.decode()
    assert ELSEWHERE in page


@pytest.mark.parametrize(("language", "invited"), [("en", "Invited"), ("zh-hans", "已邀请")])
def test_adoption_lists_invitees_as_invited_under_the_typed_name(
    world, invitee, client_for, language, invited
):
    world.admin.user.language = language
    world.admin.user.save()
    client = client_for(world.admin)
    page = client.get(reverse("adoption")).content.decode()
    pill = next(p for p in page.split('class="person-pill"') if "Alice Typed" in p)
    assert invited in pill.split("</li>")[0]
    assert ELSEWHERE not in page
    assert ELSEWHERE not in client.get(reverse("adoption_csv")).getvalue().decode()


def test_a_directory_sync_names_its_invitees_and_leaves_other_organizations_names(
    world, other_world
):
    from mubiao.directory import services as directory

    # 王芳's account exists already, in the other organization, under its own name and
    # without a password (that organization signs in through its work app).
    from tests.conftest import make_member
    from tests.directory.servers import SERVERS, acme_directory
    from tests.directory.test_sync import connect

    wang = make_member(other_world.org, "wang@acme.test", ELSEWHERE)
    wang.user.set_unusable_password()
    wang.user.save()
    with acme_directory(SERVERS["feishu"]()) as server:
        connect(world, server, invite=True)
        directory.sync(world.admin)
        server.people["u-wang"]["name"] = "王芳芳"
        directory.sync(world.admin)
    wang.user.refresh_from_db()
    assert wang.user.name == ELSEWHERE  # the other organization's name for her stays
    listed = {m["email"]: m for m in Api(world.admin).get("/members").json()["items"]}
    assert listed["wang@acme.test"]["name"] == "王芳芳"
    assert listed["wang@acme.test"]["status"] == "invited"


def test_mentions_and_okr_import_owners_know_only_the_typed_name(world, invitee):
    from mubiao.okrs.services.comments import find_mentions
    from mubiao.okrs.transfer.owners import OwnerDirectory

    assert find_mentions(world.admin, f"@{ELSEWHERE} please").members == []
    assert find_mentions(world.admin, "@Alice Typed please").members == [invitee]
    owners = OwnerDirectory(world.admin)
    assert owners.resolve(ELSEWHERE) is None
    assert owners.resolve("Alice Typed").member == invitee


@pytest.mark.parametrize("header", ["name,email,time zone,language", "姓名,邮箱,时区,语言"])
def test_an_import_never_writes_another_organizations_account(world, other_world, header):
    """A password-less account another organization has (its directory or provider made it):
    a file here may invite it, never set its time zone or language."""
    person = other_world.bob.user
    person.name, person.password, person.timezone, person.language = ELSEWHERE, "!", "UTC", "en"
    person.save()
    data = f"{header}\nBob From File,bob@other.test,Asia/Shanghai,zh-hans\n".encode()
    import_people(world.admin, file_name="people.csv", data=data)
    import_people(world.admin, file_name="people.csv", data=data)
    person.refresh_from_db()
    assert (person.name, person.timezone, person.language) == (ELSEWHERE, "UTC", "en")
