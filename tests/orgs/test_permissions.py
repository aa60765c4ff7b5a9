"""Visibility and edit rights (DESIGN.md §4 Permissions), as a matrix over the world fixture.

world: admin; lead (leads 产品部, manages alice and bob); alice (产品部, reports to lead);
bob (Docs, a sub-team of 产品部, reports to lead); outsider (Support).
"""

import pytest

from mubiao.okrs import selectors, services
from mubiao.orgs import permissions
from mubiao.orgs.models import TeamMember
from tests.conftest import make_objective

# Every case in the PostgreSQL pass too (tests/conftest.py): each role and visibility has
# its own query shape.
pytestmark = pytest.mark.every_case

PEOPLE = ("admin", "lead", "alice", "bob", "outsider")


def who_sees(world, objective) -> set[str]:
    return {
        name
        for name in PEOPLE
        if selectors.visible_objectives(getattr(world, name)).filter(pk=objective.pk).exists()
    }


@pytest.mark.parametrize(
    ("owner", "visibility", "expected"),
    [
        ("alice", "public", set(PEOPLE)),
        # team: members of the objective's team (产品部: lead, alice), leads of it and its
        # ancestors, the owner's manager chain (lead, admin? no: admin is lead's manager).
        ("alice", "team", {"admin", "lead", "alice"}),
        ("alice", "private", {"admin", "lead", "alice"}),
        # bob's team is Docs; lead leads 产品部, an ancestor of Docs, and manages bob.
        ("bob", "team", {"admin", "lead", "bob"}),
        ("bob", "private", {"admin", "lead", "bob"}),
    ],
)
def test_visibility_matrix(world, owner, visibility, expected):
    objective = make_objective(getattr(world, owner), world.cycle, visibility=visibility)
    assert who_sees(world, objective) == expected


def test_collaborators_see_private_objectives(world):
    objective = make_objective(
        world.alice, world.cycle, visibility="private", collaborators=[world.outsider]
    )
    assert "outsider" in who_sees(world, objective)


def test_manager_chain_reaches_up_several_levels(world):
    world.admin.role = "member"  # the admin is also the lead's manager: see through the chain
    world.admin.save()
    objective = make_objective(world.bob, world.cycle, visibility="private")
    assert "admin" in who_sees(world, objective)


def test_team_objective_team_visibility(world):
    objective = services.create_objective(
        world.lead, cycle=world.cycle, title="Team only", owner_type="team",
        owner_team=world.docs, visibility="team",
    )  # fmt: skip
    assert who_sees(world, objective) == {"admin", "lead", "bob"}


def test_edit_rights(world):
    mine = make_objective(world.alice, world.cycle)
    key_result = mine.key_results.get()
    assert permissions.can_edit_objective(world.alice, mine)
    assert permissions.can_edit_objective(world.admin, mine)
    assert not permissions.can_edit_objective(world.bob, mine)
    assert not permissions.can_edit_objective(world.lead, mine)  # a manager reads, not edits
    assert permissions.can_check_in(world.alice, key_result)
    assert not permissions.can_check_in(world.outsider, key_result)
    assert permissions.can_manage_organization(world.admin)
    assert not permissions.can_manage_organization(world.lead)


def test_selector_query_count_does_not_grow(world, django_assert_num_queries):
    for i in range(3):
        make_objective(world.alice, world.cycle, title=f"small {i}", krs=2)

    def run():
        rows = list(selectors.objective_list(world.bob, cycle=world.cycle))
        for row in rows:
            list(row.key_results.all())
            _ = (row.owner_member and row.owner_member.user.display_name, row.cycle.name)
        return rows

    with django_assert_num_queries(2):
        assert len(run()) == 3
    for i in range(30):
        make_objective(world.alice, world.cycle, title=f"large {i}", krs=3)
    with django_assert_num_queries(2):
        assert len(run()) == 33


def test_visibility_condition_built_once_per_membership(world):
    """A page asks the reader's condition for every list, parent flag and count: one build."""
    first = permissions.objective_visibility_q(world.alice)
    assert permissions.objective_visibility_q(world.alice) is first
    parent = permissions.objective_visibility_q(world.alice, prefix="parent_objective__")
    assert parent is not first
    assert permissions.objective_visibility_q(world.alice, prefix="parent_objective__") is parent


def test_kept_visibility_condition_holds_no_answers(world):
    """The condition kept on a membership says who may see, never what was seen: the same
    membership object reads each change of teams, collaborations and key results at once."""
    objective = make_objective(world.alice, world.cycle, visibility="team")
    reader = world.outsider
    seen = selectors.visible_objectives(reader).filter(pk=objective.pk)
    assert not seen.exists()
    membership = TeamMember.objects.create(team=world.product, membership=reader)
    assert seen.exists()
    membership.delete()
    assert not seen.exists()
    objective.collaborators.add(reader)
    assert seen.exists()
    objective.collaborators.remove(reader)
    assert not seen.exists()
    objective.key_results.update(owner=reader)
    assert seen.exists()
