"""A check-in on an OKR aligned to another reaches whoever answers for that other one: its
owner for a person's, its team's lead(s) for a team's, the owners and admins for the
organization's; only those who may see the aligned OKR."""

import pytest

from mubiao.notify.models import Notification
from mubiao.okrs import services as okrs
from tests.conftest import make_objective


@pytest.mark.parametrize(
    ("owner", "fields", "told"),
    [
        ("alice", {}, {"alice"}),
        ("lead", {"owner_type": "team", "owner_team": "product", "team": "product"}, {"lead"}),
        ("admin", {"owner_type": "organization"}, {"admin"}),
    ],
)
def test_a_check_in_on_an_aligned_okr_reaches_who_answers_for_its_parent(
    world, owner, fields, told
):
    fields = {k: getattr(world, v) if k in ("owner_team", "team") else v for k, v in fields.items()}
    parent = make_objective(getattr(world, owner), world.cycle, "Parent", **fields)
    child = make_objective(world.bob, world.cycle, "Child", parent_objective=parent)
    okrs.check_in(world.bob, child.key_results.get(), value=20)
    rows = Notification.objects.filter(kind="aligned_checkin")
    names = {
        n for n in ("alice", "lead", "admin", "bob") if rows.filter(recipient=getattr(world, n))
    }
    assert names == told


def test_a_team_lead_who_may_not_see_the_aligned_okr_is_not_told(world):
    parent = make_objective(world.lead, world.cycle, "Parent", owner_type="team",
                            owner_team=world.product, team=world.product)  # fmt: skip
    child = make_objective(world.outsider, world.cycle, "Hidden",
                           parent_objective=parent, visibility="private")  # fmt: skip
    okrs.check_in(world.outsider, child.key_results.get(), value=20)
    assert not Notification.objects.filter(kind="aligned_checkin").exists()
