"""The people-import preview of a pending invitation is the same whether or not the address has
an account in another organization (only having joined THIS organization matters): no
"has joined" note that would tell an admin about other organizations, nothing written to
someone else's account."""

import pytest

from mubiao.accounts.models import User
from mubiao.accounts.services import invite_member
from mubiao.people.services import import_people
from tests.conftest import make_world
from tests.people.test_import import csv_bytes

pytestmark = pytest.mark.django_db(transaction=False)


def preview(world, email, **cells):
    header = ",".join(["email", *cells])
    line = ",".join([email, *cells.values()])
    result = import_people(
        world.admin, file_name="p.csv", data=csv_bytes(header, line), dry_run=True
    )
    (row,) = result.rows
    said = [problem.replace(email, "X") for problem in result.problems]
    return row.action, row.changes, said


@pytest.mark.parametrize(
    "cells",
    [
        {"time zone": "Europe/Berlin"},
        {"language": "en"},
        {"name": "Wang Fang", "time zone": "Europe/Berlin", "language": "en"},
    ],
)
def test_an_invitee_is_previewed_alike_with_or_without_an_account_elsewhere(world, cells):
    elsewhere = make_world("other").alice.user  # has a password and another organization
    elsewhere_before = User.objects.filter(pk=elsewhere.pk).values().get()
    invite_member(world.admin, email=elsewhere.email)
    invite_member(world.admin, email="fresh@acme.test")
    seen = preview(world, elsewhere.email, **cells)
    assert seen == preview(world, "fresh@acme.test", **cells)
    assert not any("has joined" in note for note in seen[2])
    import_people(
        world.admin,
        file_name="p.csv",
        data=csv_bytes(",".join(["email", *cells]), ",".join([elsewhere.email, *cells.values()])),
    )
    assert User.objects.filter(pk=elsewhere.pk).values().get() == elsewhere_before
