"""A person the directory marks as gone (飞书 `is_resigned`, 企业微信 status 5, 钉钉 no longer
listed) who is an owner here is rightly not deactivated — but gains nothing either: no place
in their department's team, no lead, no title or manager from the directory. The places they
already have are theirs to keep (the owner decides). Table over the three vendors."""

import pytest

from mubiao.directory import services
from mubiao.orgs.models import Membership, TeamMember
from tests.conftest import make_member
from tests.directory.test_sync import connect

pytestmark = pytest.mark.django_db


def places(member):
    return sorted(TeamMember.objects.filter(membership=member).values_list("team__name", "is_lead"))


@pytest.mark.parametrize("first_sync", [True, False], ids=["first-sync", "after-leaving"])
def test_a_resigned_owner_gains_no_team_and_no_lead(world, server, first_sync):
    owner = make_member(world.org, "owner@acme.test", "Olivia Owner", role="owner")
    server.people["u-owner"] = {
        "name": "Olivia Owner",
        "email": "owner@acme.test",
        "title": "CEO",
        "departments": ["11"] if first_sync else ["13"],
        "manager": None,
        "active": not first_sync,
    }
    connect(world, server)
    if not first_sync:
        services.sync(world.admin)  # a member of 市场部 while in the company
        server.people["u-owner"].update(active=False, departments=["11"])
    server.departments["11"]["leaders"].append("u-owner")
    before = places(owner)
    preview = services.sync(world.admin, dry_run=True)
    about_owner = [c for c in preview.changes if "owner@acme.test" in c.subject]
    assert about_owner == [], [c.details for c in about_owner]
    services.sync(world.admin)
    owner = Membership.objects.get(pk=owner.pk)
    assert owner.is_active and owner.title == ("" if first_sync else "CEO")
    assert places(owner) == before
    assert ("产品部", True) not in places(owner)
