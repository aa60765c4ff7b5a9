"""Every write that changes a tree the closures mirror takes the organization's tree lock
first in its transaction, before it reads the tree (the races themselves are in
test_closure_races.py, on PostgreSQL); the check and repair of the closures; the command."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mubiao.accounts import services as accounts
from mubiao.directory import services as directory
from mubiao.orgs import closures, departures
from mubiao.orgs import services as organizations
from mubiao.orgs.models import ManagerChain, Team, TeamAncestry
from mubiao.orgs.tasks import repair_closures
from mubiao.people.services import import_people
from tests.directory.servers import APP_ID, APP_SECRET, SERVERS, acme_directory

pytestmark = pytest.mark.django_db

# What reading a tree looks like in SQL: the closures, or a walk of the parent links.
TREE_READS = (TeamAncestry._meta.db_table, ManagerChain._meta.db_table, "RECURSIVE")


def move_team(world):
    organizations.save_team(world.admin, world.docs, name="Docs", parent=world.extra["support"])


def new_team(world):
    organizations.save_team(world.admin, name="Sales", parent=world.company)


def set_manager(world):
    organizations.update_member(
        world.admin, world.bob, role="member", manager=world.outsider, teams=[world.docs]
    )


def deactivate(world):
    organizations.update_member(
        world.admin, world.lead, role="member", manager=world.admin, is_active=False
    )


def invite_a_manager(world):
    """Prepares revoke_invitation: an invitee who manages Bob."""
    invitee = accounts.invite_member(world.admin, email="new@acme.test", name="New")
    organizations.update_member(
        world.admin, world.bob, role="member", manager=invitee, teams=[world.docs]
    )
    world.extra["invitee"] = invitee


def revoke_invitation(world):
    accounts.revoke_invitation(world.admin, world.extra["invitee"])


def hand_over(world):
    departures.hand_over(world.admin, world.org.pk, {world.lead.pk})


def people_import(world):
    data = b"email,manager\nbob@acme.test,olga@acme.test\n"
    import_people(world.admin, file_name="people.csv", data=data)


def directory_sync(world):
    with acme_directory(SERVERS["feishu"]()) as server:
        directory.save_source(
            world.admin, vendor=server.vendor, app_id=APP_ID, app_secret=APP_SECRET,
            api_url=server.url,
        )  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            directory.sync(world.admin)
    return captured


def nothing(world):
    pass


@pytest.mark.parametrize(
    ("prepare", "write"),
    [(nothing, move_team), (nothing, new_team), (nothing, set_manager), (nothing, deactivate),
     (invite_a_manager, revoke_invitation), (nothing, hand_over), (nothing, people_import),
     (nothing, directory_sync)],
)  # fmt: skip
def test_every_tree_write_takes_the_lock_before_reading_a_tree(world, prepare, write):
    prepare(world)
    with CaptureQueriesContext(connection) as captured:
        inner = write(world)
    queries = [q["sql"] for q in (inner or captured).captured_queries]
    locks = [i for i, sql in enumerate(queries) if closures.LOCK_MARK in sql]
    reads = [i for i, sql in enumerate(queries) if any(t in sql for t in TREE_READS)]
    assert locks, "the tree lock was not taken"
    assert locks[0] < min(reads, default=len(queries)), "the tree was read before the lock"
    assert not any(closures.check(world.org.pk).values())


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_the_lock_is_a_row_lock_on_postgresql(world):
    with CaptureQueriesContext(connection) as captured:
        move_team(world)
    locks = [q["sql"] for q in captured.captured_queries if closures.LOCK_MARK in q["sql"]]
    assert locks
    assert all(sql.endswith("FOR NO KEY UPDATE") for sql in locks)


def corrupt(world):
    """What the races left: Docs still under Product in the closure once moved to Support,
    Bob's chain naming Olga, and a loop of two teams in the parent links."""
    Team.objects.filter(pk=world.docs.pk).update(parent=world.extra["support"])
    ManagerChain.objects.create(member=world.bob, manager=world.outsider, depth=3)
    a = Team.objects.create(organization=world.org, name="A", slug="a")
    b = Team.objects.create(organization=world.org, name="B", slug="b", parent=a)
    Team.objects.filter(pk=a.pk).update(parent=b)
    TeamAncestry.objects.create(team=a, ancestor=b, depth=1)
    return a, b


def test_check_finds_what_differs_and_repair_mends_it(world, other_world):
    a, b = corrupt(world)
    found = closures.check(world.org.pk)
    assert found["teams"].missing and found["teams"].extra
    assert found["teams"].loops == [[a.pk, b.pk]] or found["teams"].loops == [[b.pk, a.pk]]
    assert (found["managers"].missing, found["managers"].extra) == (0, 1)
    assert not any(closures.check(other_world.org.pk).values())

    assert closures.repair(world.org.pk) == found
    assert not any(closures.check(world.org.pk).values())
    # The loop is cut at its smallest id, which goes to the top; the rest is as the links say.
    assert Team.objects.get(pk=a.pk).parent_id is None
    assert Team.objects.get(pk=b.pk).parent_id == a.pk
    assert closures.stored_rows(world.org.pk) == closures.expected_rows(world.org.pk)


def test_the_command_checks_and_repairs(world, capsys):
    call_command("closures", "--check")
    assert "The closures match their trees." in capsys.readouterr().out
    corrupt(world)
    with pytest.raises(CommandError, match="run with --repair"):
        call_command("closures", "--check", "--org", "acme")
    out = capsys.readouterr().out
    assert "acme, team tree: " in out and "loop " in out
    assert "acme, manager chain: missing rows: 0, extra rows: 1" in out
    call_command("closures", "--repair")
    assert "Repaired." in capsys.readouterr().out
    call_command("closures")
    assert "The closures match their trees." in capsys.readouterr().out
    with pytest.raises(CommandError, match="No organization"):
        call_command("closures", "--org", "nope")


def test_the_worker_pass_repairs_and_logs(world, caplog):
    assert repair_closures.call() == 0
    corrupt(world)
    assert repair_closures.call() == 1
    assert "Repairing the teams closure of organization" in caplog.text
    assert not any(closures.check(world.org.pk).values())
