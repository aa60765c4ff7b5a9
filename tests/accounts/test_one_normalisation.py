"""One reading of an e-mail address (accounts.addresses.normalise_email) and of a mobile number
(accounts.phones.phone_key) wherever a person is looked up: directory sync per vendor, sign-in
through an identity provider or the directory's app (and just-in-time membership), the API's
member search, the commands' --as and the OKR import's owners. Each way
people really type them finds the one member, never a second one. An address an identity
provider or a directory app *vouches for* is not typed: it is matched ignoring letter case only
(a full-width or spaced one is another address; tests/sso/test_claims_exactly.py)."""

import httpx
import pytest
from django.db.models import Q

from mubiao import vault
from mubiao.accounts.models import User
from mubiao.directory import services as directory
from mubiao.directory.models import LinkedPerson
from mubiao.okrs.transfer.owners import OwnerDirectory
from mubiao.orgs.cli import actor_for
from mubiao.orgs.models import Membership
from mubiao.sso import selectors as sso_selectors
from mubiao.sso import services as sso
from mubiao.sso.models import SECRET_PURPOSE, IdentityProvider
from tests.api.conftest import Api
from tests.directory.servers import AGENT_ID, APP_ID, APP_SECRET
from tests.sso.conftest import claim

pytestmark = pytest.mark.django_db

# How people type alice@acme.test: capitals, a Chinese input method left on, spaces around
# and inside (pasted from a chat), an invisible character copied from a web page.
ADDRESSES = [
    "Alice@ACME.test",
    "ａｌｉｃｅ＠acme.test",
    "ＡＬＩＣＥ＠ＡＣＭＥ．ｔｅｓｔ",
    "  alice@acme.test ",
    "alice @ acme.test",
    "\u3000alice@acme.test\u200b",
]
NEWCOMERS = [
    "Newbie@ACME.test",
    "ｎｅｗｂｉｅ＠acme.test",
    "ＮＥＷＢＩＥ＠ＡＣＭＥ．ｔｅｓｔ",
    "  newbie@acme.test ",
    "newbie @ acme.test",
    "\u3000newbie@acme.test\u200b",
]
# How people type 13800138000.
NUMBERS = [
    "+86 138-0013-8000",
    "13800138000",
    "0086 138 0013 8000",
    "(+86)13800138000",
    "１３８ ００１３ ８０００",
    "+86 138.0013.8000",
]
STORED_NUMBER = "138 0013 8000"  # as the people import kept what was typed


@pytest.fixture
def numbered(world):
    """Someone acme knows by mobile number only (an import, another directory)."""
    user = User.objects.create_user(
        email="", username="import:138", name="手机用户", mobile=STORED_NUMBER
    )
    return Membership.objects.create(organization=world.org, user=user)


def members(world):
    return Membership.objects.filter(organization=world.org).count()


def connect(world, server, **options):
    directory.save_source(
        world.admin, vendor=server.vendor, app_id=APP_ID, app_secret=APP_SECRET,
        api_url=server.url, sign_in=True, agent_id=AGENT_ID, **options,
    )  # fmt: skip


@pytest.mark.parametrize(("address", "number"), list(zip(ADDRESSES, NUMBERS, strict=True)))
def test_directory_sync_finds_the_member_by_address_and_by_number(
    world, numbered, server, address, number
):
    server.people["u-alice"] = {"name": "Alice", "email": address, "title": "",
                                "departments": ["11"], "manager": None}  # fmt: skip
    server.people["u-phone"] = {"name": "手机用户", "email": "", "mobile": number,
                                "title": "", "departments": ["13"], "manager": None}  # fmt: skip
    connect(world, server)
    before = members(world)
    result = directory.sync(world.admin)
    assert members(world) == before + 4  # the four acme_directory people, nobody else
    assert LinkedPerson.objects.get(external_id="u-alice").membership == world.alice
    assert LinkedPerson.objects.get(external_id="u-phone").membership == numbered
    assert result.count("person.create") == 4
    # A second sync changes nothing.
    assert directory.sync(world.admin).count("person.create") == 0
    assert members(world) == before + 4


def test_a_number_two_members_share_or_two_addresses_tell_apart_matches_nobody(world, server):
    for name in ("A", "B"):
        user = User.objects.create_user(email="", username=name, name=name, mobile="13800138000")
        Membership.objects.create(organization=world.org, user=user)
    server.people["u-phone"] = {"name": "Shared", "email": "", "mobile": "+86 13800138000",
                                "title": "", "departments": ["13"], "manager": None}  # fmt: skip
    server.people["u-bob2"] = {"name": "Bob Two", "email": "bob2@acme.test",
                               "mobile": "13800138000", "title": "", "departments": ["13"],
                               "manager": None}  # fmt: skip
    connect(world, server)
    directory.sync(world.admin)
    linked = LinkedPerson.objects.select_related("membership__user")
    assert linked.get(external_id="u-phone").membership.user.name == "Shared"
    assert linked.get(external_id="u-bob2").membership.user.email == "bob2@acme.test"


@pytest.mark.parametrize("address", ADDRESSES[:1])
def test_sign_in_through_a_provider_finds_the_member(world, address):
    provider = IdentityProvider.objects.create(
        organization=world.org, name="Keycloak", issuer="https://id.acme.test",
        client_id="mubiao", client_secret=vault.encrypt("s", purpose=SECRET_PURPOSE),
        create_members=True,
    )  # fmt: skip
    claim(world.org, "acme.test")
    before = members(world)
    assert sso.member_for_claims(provider, {"email": address}) == world.alice
    # Just in time: a newcomer typed either way is one new member, found again.
    newcomer = NEWCOMERS[ADDRESSES.index(address)]
    first = sso.member_for_claims(provider, {"email": newcomer})
    assert first.user.email == "newbie@acme.test"
    assert sso.member_for_claims(provider, {"email": "NEWBIE@acme.test"}) == first
    assert members(world) == before + 1
    assert sso_selectors.provider_for_sign_in(address) == provider


@pytest.mark.parametrize(("address", "number"), [(ADDRESSES[0], number) for number in NUMBERS])
def test_sign_in_through_the_directory_app_finds_the_member(
    client, world, numbered, server, address, number
):
    if server.vendor == "wecom":
        pytest.skip("企业微信 names someone outside its directory by nothing we could use")
    connect(world, server)
    directory.sync(world.admin)
    server.outsiders["u-alice"] = {"name": "Alice", "email": address, "mobile": ""}
    server.outsiders["u-phone"] = {"name": "手机用户", "email": "", "mobile": number}
    for who, member in (("u-alice", world.alice), ("u-phone", numbered)):
        client.logout()
        server.signed_in_as = who
        start = client.get("/sso/acme/app/?next=/okrs/")
        back = httpx.get(start.url, follow_redirects=False).headers["location"]
        answer = client.get(back)
        assert answer.status_code == 302, answer.content.decode()
        assert client.session["_auth_user_id"] == str(member.user_id)


@pytest.mark.parametrize(("address", "number"), list(zip(ADDRESSES, NUMBERS, strict=True)))
def test_the_api_member_search_reads_addresses_and_numbers(
    world, numbered, settings, address, number
):
    settings.API_RATE_LIMIT_PER_MINUTE = 0
    api = Api(world.admin)
    found = api.get("/members", {"q": address.strip()})
    assert [m["id"] for m in found.json()["items"]] == [world.alice.pk], address
    found = api.get("/members", {"q": number})
    assert [m["id"] for m in found.json()["items"]] == [numbered.pk], number


@pytest.mark.parametrize("address", ADDRESSES)
def test_commands_and_okr_import_owners_read_the_address_alike(world, address):
    assert actor_for("acme", address) == world.alice
    owners = OwnerDirectory(world.admin)
    assert owners.resolve(f"Alice <{address.strip()}>").member == world.alice
    assert owners.member_by_email(address) == world.alice
    assert owners.member_by_email("") is None  # nobody, not a member without an address
    assert not Membership.objects.filter(~Q(pk=world.alice.pk), user__email="alice@acme.test")
