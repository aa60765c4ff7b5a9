"""Two directory people whose e-mail addresses differ only in letter case map to one account:
the first is added, the second skipped with a note on the first sync and on every later one
(it was an IntegrityError on the second membership), and a sync with nothing new changes
nothing. Every vendor."""

import pytest

from mubiao.directory import services
from mubiao.orgs.models import Membership
from tests.directory.test_sync import connect, state

pytestmark = pytest.mark.django_db


def twins(server, ids):
    for pid, email in zip(ids, ("Dup6@fs.test", "dup6@FS.test"), strict=True):
        server.people[pid] = {
            "name": "Case Dup" if email[0] == "D" else "case dup",
            "email": email,
            "title": "",
            "departments": ["13"],
            "manager": None,
        }


def skipped(result):
    # The first run also says the world's 产品部 (made by hand) was matched: not about people.
    return [c.subject for c in result.changes if c.kind == "person.skip"], [
        str(p) for p in result.problems if not str(p).startswith("Team ")
    ]


# The one listed second may be the one added (its ID sorts first) or not.
@pytest.mark.parametrize("ids", [("u-dup-a", "u-dup-b"), ("u-dup-b", "u-dup-a")])
def test_the_second_address_is_skipped_on_every_run(world, server, ids):
    twins(server, ids)
    connect(world, server)
    first = services.sync(world.admin)
    names, notes = skipped(first)
    assert len(names) == 1 and names[0] in ("Case Dup", "case dup")
    assert any("dup6@fs.test" in note for note in notes)
    before = state(world.org)
    assert (
        Membership.objects.filter(organization=world.org, user__email="dup6@fs.test").count() == 1
    )
    for _run in range(2):
        preview = services.sync(world.admin, dry_run=True)
        assert skipped(preview) == (names, notes)
        again = services.sync(world.admin)
        assert skipped(again) == (names, notes)
        assert {c.kind for c in again.changes} == {"person.skip"}
        assert state(world.org) == before
