"""Issue 13 (h13r, finding 2): a sync reactivates only the members it deactivated itself (people
who left the directory and came back). Someone an admin deactivated, or whose invitation an
admin withdrew, stays as the admin left them while the directory lists them — the preview and
the run say "kept as the admin left them" — until an admin reactivates them."""

import pytest

from mubiao.accounts import services as accounts
from mubiao.accounts.models import Invitation
from mubiao.directory import services as directory
from mubiao.orgs import services as orgs

pytestmark = pytest.mark.django_db


def wang(world):
    return world.org.memberships.select_related("invitation").get(user__email="wang@acme.test")


def said_of(result) -> tuple[list, list]:
    """The status changes the run names, and its notes about Wang."""
    statuses = [c.values.get("status") for c in result.changes if "wang@acme.test" in c.subject]
    notes = [str(note) for note in result.problems if "wang@acme.test" in str(note)]
    return [s for s in statuses if s], notes


def withdraw(world, member):
    accounts.revoke_invitation(world.admin, member)


def deactivate(world, member):
    orgs.update_member(world.admin, member, role=member.role, is_active=False)


@pytest.mark.parametrize("decision", [withdraw, deactivate])
def test_a_sync_keeps_what_the_admin_decided(world, synced, decision):
    decision(world, wang(world))
    for dry_run in (True, False):
        statuses, notes = said_of(directory.sync(world.admin, dry_run=dry_run))
        assert statuses == [] and len(notes) == 1 and "kept as the admin left them" in notes[0]
    member = wang(world)
    assert not member.is_active
    assert member.invitation.state == Invitation.State.REVOKED
    orgs.update_member(world.admin, member, role=member.role, is_active=True)  # the admin's call
    statuses, notes = said_of(directory.sync(world.admin))
    assert wang(world).is_active and notes == []


def test_a_sync_brings_back_who_it_let_go(world, synced):
    synced.people["u-wang"]["active"] = False
    directory.sync(world.admin)
    assert not wang(world).is_active
    synced.people["u-wang"]["active"] = True
    statuses, notes = said_of(directory.sync(world.admin, dry_run=True))
    assert statuses == [["deactivated", "active"]] and notes == []
    directory.sync(world.admin)
    member = wang(world)
    assert member.is_active and member.invitation.state == Invitation.State.PENDING


def test_one_note_per_run_names_everyone_kept(world, synced):
    """Review (rvn): the run's notes said "kept as the admin left it" once per person; one
    line names them all."""
    kept = [wang(world), world.org.memberships.get(user__email="zhao@acme.test")]
    for member in kept:
        deactivate(world, member)
    for dry_run in (True, False):
        result = directory.sync(world.admin, dry_run=dry_run)
        notes = [str(note) for note in result.problems if "kept as the admin" in str(note)]
        assert len(notes) == 1 and "(2)" in notes[0]
        assert all(member.user.email in notes[0] for member in kept)
