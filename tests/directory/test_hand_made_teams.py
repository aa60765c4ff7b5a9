"""Issue 13 (h13r, finding 3): a team made by hand that a sync matched by name (the world's
产品部) has its members follow the department, but is never renamed, moved or archived by a
sync, and the preview says so; a team the sync made follows its department in everything."""

import pytest

from mubiao.directory import services as directory
from mubiao.directory.models import LinkedTeam
from mubiao.orgs.models import Team

pytestmark = pytest.mark.django_db


def notes(result) -> str:
    return " ".join(str(note) for note in result.problems)


def test_the_first_sync_says_a_hand_made_team_is_matched_and_left_alone(world, synced):
    assert "产品部, made here by hand, is matched" in notes(synced.first)
    link = LinkedTeam.objects.get(team=world.product)
    assert not link.made_by_sync
    assert LinkedTeam.objects.get(external_id="13").made_by_sync  # 市场部: the sync made it


def test_a_renamed_or_gone_department_leaves_the_hand_made_team_as_it_was(world, synced):
    synced.departments["11"]["name"] = "产品中心"
    synced.departments["13"]["name"] = "市场中心"
    for dry_run in (True, False):
        result = directory.sync(world.admin, dry_run=dry_run)
        assert "产品部 was made here by hand: not renamed" in notes(result)
        updated = [c.subject for c in result.changes if c.kind == "team.update"]
        assert updated == ["Company/市场中心"]
    world.product.refresh_from_db()
    assert world.product.name == "产品部"
    assert Team.objects.filter(organization=world.org, name="市场中心").exists()
    synced.departments.pop("12")  # 文档组 (made by the sync) goes with it
    synced.departments.pop("11")
    for person in synced.people.values():
        person["departments"] = [d for d in person["departments"] if d == "13"]
    members = sorted(world.product.team_members.values_list("membership_id", flat=True))
    result = directory.sync(world.admin)
    assert "产品部 was made here by hand: not archived" in notes(result)
    assert [c.subject for c in result.changes if c.kind == "team.archive"] == ["文档组"]
    world.product.refresh_from_db()
    assert not world.product.is_archived
    # Its own again: its people stay, and the next sync neither takes them out nor repeats it.
    assert not LinkedTeam.objects.filter(team=world.product).exists()
    again = directory.sync(world.admin)
    assert "产品部 was made here by hand" not in notes(again)
    kept = sorted(world.product.team_members.values_list("membership_id", flat=True))
    assert kept == members
