"""Someone who leaves stops leading teams, and their reports move up to the departed person's
own manager (the first one above who stays), logged: whether an admin deactivates them, a
people import or a directory sync does, or their invitation is withdrawn."""

import pytest

from mubiao.accounts import services as accounts
from mubiao.directory import services as directory
from mubiao.okrs.models import Activity
from mubiao.orgs import services as orgs
from mubiao.orgs.models import ManagerChain, Membership, TeamMember
from mubiao.people.services import import_people
from tests.directory.servers import SERVERS, acme_directory
from tests.directory.test_sync import connect, member

pytestmark = pytest.mark.django_db


def assert_handed_over(
    world, departed, *, reports, to, logged=("member.manager_moved", "member.lead_removed")
):
    for report in reports:
        report.refresh_from_db()
        assert report.manager_id == (to.pk if to else None), report
        # The manager chain (closure) follows: the departed person is no longer above them.
        assert not ManagerChain.objects.filter(member=report, manager=departed).exists()
    assert not TeamMember.objects.filter(membership=departed, is_lead=True).exists()
    assert TeamMember.objects.filter(membership=departed).exists()  # still listed in the team
    verbs = set(
        Activity.objects.filter(organization=world.org, target_type="membership").values_list(
            "verb", flat=True
        )
    )
    assert set(logged) <= verbs


def test_an_admin_deactivating_a_lead(world):
    lead = world.lead
    orgs.update_member(
        world.admin, lead, role=lead.role, title=lead.title, manager=lead.manager,
        teams=[world.product], is_active=False,
    )  # fmt: skip
    assert_handed_over(world, lead, reports=[world.alice, world.bob], to=world.admin)


def test_a_people_import_deactivating_a_lead_and_their_manager(world):
    data = b"email,status\nlead@acme.test,deactivated\nadmin@acme.test,active\n"
    import_people(world.admin, file_name="people.csv", data=data)
    assert_handed_over(world, world.lead, reports=[world.alice, world.bob], to=world.admin)
    # Two levels leaving at once: their reports go to the first manager above who stays.
    world.admin.role = Membership.Role.OWNER
    world.admin.save()
    world.extra["boss"] = boss = Membership.objects.get(pk=world.admin.pk)
    orgs.update_member(boss, world.alice, role="member", manager=world.outsider, is_active=True)
    orgs.update_member(boss, world.outsider, role="member", manager=None, is_active=True)
    data = b"email,status\nolga@acme.test,deactivated\n"
    import_people(boss, file_name="people.csv", data=data)
    world.alice.refresh_from_db()
    assert world.alice.manager_id is None


def test_a_withdrawn_invitation(world):
    invitee = accounts.invite_member(world.admin, email="new@acme.test", name="New Lead")
    orgs.update_member(world.admin, world.bob, role="member", manager=invitee, is_active=True)
    TeamMember.objects.create(team=world.docs, membership=invitee, is_lead=True)
    accounts.revoke_invitation(world.admin, invitee)
    world.bob.refresh_from_db()
    assert world.bob.manager_id is None  # the invitee had no manager
    assert not TeamMember.objects.filter(membership=invitee, is_lead=True).exists()


def test_a_directory_sync_and_the_next_one_keeps_it(world):
    with acme_directory(SERVERS["feishu"]()) as server:
        server.people["u-han"]["manager"] = "u-li"
        connect(world, server)
        directory.sync(world.admin)
        han, li = member(world.org, "hanmeimei@acme.test"), member(world.org, "lilei@acme.test")
        zhao = member(world.org, "zhao@acme.test")
        assert zhao.manager == han and TeamMember.objects.filter(membership=han, is_lead=True)
        del server.people["u-han"]  # left; the directory still names her as 赵强's manager
        directory.sync(world.admin)
        # The sync itself gives 赵强 the manager above (logged as its change of manager).
        assert_handed_over(
            world, han, reports=[zhao], to=li, logged=("member.lead_removed", "member.updated")
        )
        again = directory.sync(world.admin)
        assert again.changes == []
        zhao.refresh_from_db()
        assert zhao.manager == li
