"""A member known here by mobile number only, whom the directory now lists with an e-mail
address, gets that address on their account (previewed first); a member whose address differs
from the directory's keeps theirs and the sync names the difference; an address another
account has is not written, and the sync says so without saying why. Every vendor."""

import pytest

from mubiao.accounts.models import User
from mubiao.directory import services
from mubiao.orgs.models import Membership, Organization
from tests.conftest import make_member
from tests.directory.test_sync import connect

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(server):
    server.people["u-m1"] = {
        "name": "手机1", "email": "", "mobile": "+86 139 1234 5678", "title": "销售",
        "departments": ["13"], "manager": "u-han",
    }  # fmt: skip
    return server


def number_member(world):
    return Membership.objects.select_related("user").get(
        organization=world.org, user__mobile="+86 139 1234 5678"
    )


def notes(result):
    return [str(problem) for problem in result.problems]


def test_the_directorys_address_is_written_on_a_member_known_by_number(world, server):
    connect(world, server)
    services.sync(world.admin)
    assert number_member(world).user.email == ""
    server.people["u-m1"]["email"] = "Mobile.One@ACME.test"
    preview = services.sync(world.admin, dry_run=True)
    assert number_member(world).user.email == ""
    assert any(c.values.get("email") == ["", "mobile.one@acme.test"] for c in preview.changes)
    services.sync(world.admin)
    assert number_member(world).user.email == "mobile.one@acme.test"
    assert not services.sync(world.admin).changes


def test_a_different_address_is_kept_and_named(world, server):
    connect(world, server)
    services.sync(world.admin)
    server.people["u-wang"]["email"] = "fang.wang@acme.test"
    result = services.sync(world.admin)
    assert User.objects.filter(email="wang@acme.test").exists()
    assert not User.objects.filter(email="fang.wang@acme.test").exists()
    assert any("gives the e-mail address fang.wang@acme.test" in n for n in notes(result))


@pytest.mark.parametrize("where", ["another organization", "this organization"])
def test_an_address_another_account_has_is_not_written(world, server, where):
    org = (
        world.org
        if where == "this organization"
        else Organization.objects.create(name="Beta", slug="beta")
    )
    make_member(org, "taken@beta.test", "Someone")
    connect(world, server)
    services.sync(world.admin)
    server.people["u-m1"]["email"] = "taken@beta.test"
    result = services.sync(world.admin)
    assert number_member(world).user.email == ""
    assert any("taken@beta.test cannot be added" in n for n in notes(result))
