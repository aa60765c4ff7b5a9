"""Managers follow the directory the same way whatever the vendor: the direct manager it
names (飞书, 企业微信), else the leader of the person's department or of one above it, up to
the top department's leader, whom the heads of the departments report to (钉钉 names only
leaders). One table, run against the loopback 飞书 / 企业微信 / 钉钉 servers."""

import pytest

from mubiao.directory import services
from mubiao.directory.rules import Department, Person, Snapshot, managers_from_leaders
from mubiao.orgs.models import Membership
from tests.directory.test_sync import connect

# person → the manager's e-mail address (None: nobody), the same for every vendor.
EXPECTED = {
    "ceo@acme.test": None,
    "lilei@acme.test": "ceo@acme.test",  # heads of departments: the top department's leader
    "hanmeimei@acme.test": "ceo@acme.test",
    "wang@acme.test": "lilei@acme.test",
    "zhao@acme.test": "hanmeimei@acme.test",
    "pa@acme.test": "ceo@acme.test",  # directly in the top department
    "new@acme.test": "lilei@acme.test",  # no manager named, 文档组 has no leader: 产品部's
}


@pytest.fixture
def server(server):
    server.root_leaders = ["u-ceo"]
    server.people["u-ceo"] = {
        "name": "总经理",
        "email": "ceo@acme.test",
        "title": "CEO",
        "departments": [],
        "manager": None,
    }
    server.people["u-pa"] = {
        "name": "助理",
        "email": "pa@acme.test",
        "title": "助理",
        "departments": [],
        "manager": "u-ceo",
    }
    server.people["u-new"] = {
        "name": "新人",
        "email": "new@acme.test",
        "title": "",
        "departments": ["12"],
        "manager": None,
    }
    for head in ("u-li", "u-han"):
        server.people[head]["manager"] = "u-ceo"
    return server


@pytest.mark.django_db
def test_managers_are_the_same_from_every_vendor(world, server):
    connect(world, server)
    services.sync(world.admin)
    managers = {
        m.user.email: m.manager and m.manager.user.email
        for m in Membership.objects.filter(
            organization=world.org, user__email__in=list(EXPECTED)
        ).select_related("user", "manager__user")
    }
    assert managers == EXPECTED
    assert services.sync(world.admin).changes == []  # and stay so


@pytest.mark.parametrize(
    "person, top, expected",
    [
        (Person("p", "", "", department_ids=["b"]), ["ceo"], "a-lead"),
        (Person("a-lead", "", "", department_ids=["a"]), ["ceo"], "ceo"),
        (Person("ceo", "", "", department_ids=[]), ["ceo"], None),
        (Person("x", "", "", department_ids=[]), ["ceo"], "ceo"),
        (Person("x", "", "", department_ids=[]), [], None),
        (Person("p", "", "", department_ids=["b"], manager_id="m"), ["ceo"], "m"),
        (Person("p", "", "", department_ids=["gone"]), ["ceo"], "ceo"),  # read as under the top
    ],
)
def test_the_rule(person, top, expected):
    departments = [
        Department("a", "A", None, ["a-lead"]),
        Department("b", "B", "a", []),
    ]
    snapshot = managers_from_leaders(Snapshot(departments, [person], top))
    assert snapshot.people[0].manager_id == expected
