"""Issue 13 (h13n): nothing another organization does to an address (just-in-time sign-in
through its provider or its app, a people import, an invitation) changes how a member of this
organization signs in (password, provider, app), and what it is answered is the same whether
or not the address has an account elsewhere. The table crosses every way organization B can
touch an address with every way a member of organization A signs in."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from mubiao.accounts import services as accounts
from mubiao.directory import services as directory
from mubiao.directory.models import DirectorySource
from mubiao.directory.vendors import Identity
from mubiao.orgs.models import Membership
from mubiao.people.services import import_people
from mubiao.sso import services
from mubiao.sso.models import EmailDomain, IdentityProvider
from tests.conftest import make_world
from tests.directory.servers import APP_ID, APP_SECRET, Feishu, acme_directory

pytestmark = pytest.mark.django_db
PASSWORD = "pw-Mubiao-2026"  # tests.conftest.make_member's


def sign_in_doors(organization):
    """The organization's provider and app, both letting unknown people join just in time."""
    provider = IdentityProvider.objects.create(
        organization=organization, name=f"{organization.slug}-idp", issuer="https://idp.invalid",
        client_id="c", client_secret="", create_members=True,
    )  # fmt: skip
    EmailDomain.objects.create(
        provider=provider, domain=f"{organization.slug}.test", verified_at=timezone.now()
    )
    source = DirectorySource.objects.create(
        organization=organization, vendor="feishu", app_id="a", app_secret="",
        api_url="http://127.0.0.1:9", root_department="0", sign_in=True, create_members=True,
    )  # fmt: skip
    return provider, source


def answer(call):
    """What the other side is told: the refusal's words (the address masked), or "accepted"."""
    try:
        call()
    except services.NotAMember as refusal:
        return refusal.message
    return "accepted"


def by_provider(world, email):
    return answer(lambda: services.member_for_claims(world.provider, {"email": email}))


def by_app(world, email):
    return answer(lambda: services.member_for_identity(world.source, Identity(id="", email=email)))


def by_import(world, email):
    data = f"email,name\n{email},Hua\n".encode()
    return answer(lambda: import_people(world.admin, file_name="people.csv", data=data))


def by_invitation(world, email):
    return answer(lambda: accounts.invite_member(world.admin, email=email, name="Hua"))


def by_directory_sync(world, email):
    """Evil's 飞书 directory lists the address (and invites by e-mail)."""
    with acme_directory(Feishu()) as server:
        server.people["u-target"] = {
            "name": "Hua", "email": email, "title": "", "departments": [], "manager": None,
            "active": True,
        }  # fmt: skip
        directory.save_source(
            world.admin, vendor="feishu", app_id=APP_ID, app_secret=APP_SECRET,
            api_url=server.url, sign_in=True, create_members=True, invite=True,
        )  # fmt: skip
        directory.sync(world.admin)
    assert Membership.objects.filter(organization=world.org, user__email=email).exists()
    return "accepted"


TOUCHES = [by_provider, by_app, by_import, by_invitation, by_directory_sync]


@pytest.fixture
def worlds(transactional_db):
    demo, evil = make_world("demo"), make_world("evil")
    for world in (demo, evil):
        world.provider, world.source = sign_in_doors(world.org)
    # A password-less member the directory brought in (invitation never opened): the tester's.
    demo.hua = accounts.invite_member(demo.admin, email="hua@demo.test", name="Hua")
    mail.outbox.clear()
    return demo, evil


def signs_in_with_password(email):
    client = Client()
    return client.post("/accounts/login/", {"username": email, "password": PASSWORD})


@pytest.mark.parametrize("touch", TOUCHES, ids=lambda t: t.__name__)
@pytest.mark.parametrize("email", ["alice@demo.test", "hua@demo.test"])
def test_another_organization_cannot_change_how_a_member_signs_in(worlds, touch, email):
    demo, evil = worlds
    touch(evil, email)
    member = Membership.objects.get(organization=demo.org, user__email=email)
    assert services.member_for_claims(demo.provider, {"email": email}) == member
    identity = Identity(id=f"ou_{email}", email=email)
    assert services.member_for_identity(demo.source, identity) == member
    if member.user.has_usable_password():
        assert signs_in_with_password(email).status_code == 302
    # Evil's own doors still refuse the account it never had first.
    assert by_provider(evil, email) != "accepted"
    assert by_app(evil, email) != "accepted"


@pytest.mark.parametrize("touch", [by_provider, by_app], ids=lambda t: t.__name__)
def test_just_in_time_answers_say_nothing_of_other_organizations(worlds, touch):
    _demo, evil = worlds
    told = {
        email: touch(evil, email).replace(email, "EMAIL")
        for email in ("alice@demo.test", "hua@demo.test", "nobody@demo.test")
    }
    assert len(set(told.values())) == 1, told
    assert "another organization" not in next(iter(told.values()))
    assert not mail.outbox  # nothing e-mailed on evil's behalf
    assert not Membership.objects.filter(organization=evil.org, user__email__endswith="@demo.test")
