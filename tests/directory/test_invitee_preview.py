"""The directory-sync preview of a pending invitee is the same whether or not the address has
an account in another organization (only having joined THIS organization matters; the people
import's rule, tests/people/test_invitee_preview.py): same kind of change, same fields and
values, same problems, once the address is set aside. Table over the three vendors."""

import pytest

from mubiao.accounts.models import User
from mubiao.accounts.services import invite_member
from mubiao.directory import services
from tests.conftest import make_world
from tests.directory.test_sync import connect

pytestmark = pytest.mark.django_db


def seen(result, email):
    rows = [
        (c.kind, c.subject.replace(email, "X"), c.fields, str(c.values).replace(email, "X"))
        for c in result.changes
        if email in c.subject
    ]
    said = [
        str(problem).replace(email, "X") for problem in result.problems if email in str(problem)
    ]
    return rows, said


def test_an_invitee_is_previewed_alike_with_or_without_an_account_elsewhere(world, server):
    elsewhere = make_world("other").alice.user  # has a password and another organization
    before = User.objects.filter(pk=elsewhere.pk).values().get()
    invite_member(world.admin, email=elsewhere.email)
    invite_member(world.admin, email="fresh@acme.test")
    for pid, email in (("u-else", elsewhere.email), ("u-fresh", "fresh@acme.test")):
        server.people[pid] = {
            "name": "王芳芳",
            "email": email,
            "title": "编辑",
            "departments": ["12"],
            "manager": "u-li",
        }
    connect(world, server)
    preview = services.sync(world.admin, dry_run=True)
    assert seen(preview, elsewhere.email) == seen(preview, "fresh@acme.test")
    assert seen(preview, "fresh@acme.test")[0]  # the invitee is in the preview at all
    services.sync(world.admin)
    assert User.objects.filter(pk=elsewhere.pk).values().get() == before
