"""Issue 12: whether aligning a team or private objective lets people who may not see it read
its progress in its parent's (rules.shares_progress_wider). The table runs every visibility of
child and parent × the ways a parent can take (or not take) its children's progress × a child
of the parent's own team or of another, and checks the rule against what the code does: the
parent's stored progress moving with the child's, and a member of the parent's audience (the
whole organization, or its team) who may not see the child."""

import itertools

import pytest

from mubiao.okrs import rules, selectors, services
from mubiao.okrs.models import KeyResult, Objective
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, TeamMember
from tests.conftest import make_member, make_objective

pytestmark = pytest.mark.django_db

VISIBILITIES = ("public", "team", "private")
# (parent's progress source, aligned to its key result?, that key result's progress source)
SOURCES = [
    ("key_results", False, "manual"),
    ("aligned", False, "manual"),
    ("mix", False, "manual"),
    ("key_results", True, "manual"),
    ("aligned", True, "manual"),
    ("key_results", True, "children"),
]


def test_the_rule_by_example():
    assert rules.shares_progress_wider("private", 1, "public", 1, True) == "organization"
    assert rules.shares_progress_wider("team", 1, "public", 1, True) == "organization"
    assert rules.shares_progress_wider("team", 1, "team", 1, True) is None
    assert rules.shares_progress_wider("team", 2, "team", 1, True) == "team"
    assert rules.shares_progress_wider("private", 1, "team", 1, True) == "team"
    assert rules.shares_progress_wider("private", 1, "private", 1, True) is None
    assert rules.shares_progress_wider("public", 1, "public", 1, True) is None
    assert rules.shares_progress_wider("private", 1, "public", 1, False) is None
    assert rules.counts_aligned("mix") and rules.counts_aligned("aligned")
    assert not rules.counts_aligned("key_results", "manual")
    assert rules.counts_aligned("key_results", "children")


def _blind_audience(parent: Objective, child: Objective) -> str | None:
    """Who sees the parent by its visibility but may not see the child, found by asking the
    permissions of every member of that audience."""
    if parent.visibility == "public":
        audience, kind = Membership.objects.filter(organization=parent.organization), "organization"
    elif parent.visibility == "team":
        members = TeamMember.objects.filter(team=parent.team).values("membership")
        audience, kind = Membership.objects.filter(pk__in=members), "team"
    else:
        return None
    blind = any(not permissions.can_see_objective(m, child) for m in audience)
    return kind if blind else None


def _counted(parent: Objective, child: Objective) -> bool:
    """Whether the parent's stored progress moves when the child reaches its target."""
    before = Objective.objects.get(pk=parent.pk).progress
    services.check_in(child.owner_member, child.key_results.get(), value=100)
    return Objective.objects.get(pk=parent.pk).progress != before


@pytest.mark.parametrize(
    ("child_visibility", "parent_visibility"), list(itertools.product(VISIBILITIES, VISIBILITIES))
)
def test_the_rule_against_what_people_see_and_what_is_counted(
    world, child_visibility, parent_visibility
):
    # Olga in the product team too: she sees its team objectives but no one's private ones.
    TeamMember.objects.create(team=world.product, membership=world.outsider)
    found = {}
    for (parent_source, to_key_result, kr_source), same_team in itertools.product(
        SOURCES, (True, False)
    ):
        # Li Lead's objective, filed under the product team; Alice is in it, Bob in Docs.
        parent = make_objective(world.lead, world.cycle, "Parent", visibility=parent_visibility,
                                progress_source=parent_source, team=world.product)  # fmt: skip
        kr = parent.key_results.get()
        KeyResult.objects.filter(pk=kr.pk).update(progress_source=kr_source)
        owner = world.alice if same_team else world.bob
        child = make_objective(owner, world.cycle, "Child", visibility=child_visibility)
        # Aligned by an admin: Bob may not see a team objective of the product team.
        services.align_objective(world.admin, child, **(
            {"parent_key_result": KeyResult.objects.get(pk=kr.pk)} if to_key_result
            else {"parent_objective": parent}))  # fmt: skip
        child.refresh_from_db()
        assert child.team_id == (world.product.pk if same_team else world.docs.pk)
        counted = rules.counts_aligned(parent_source, kr_source if to_key_result else None)
        assert counted == _counted(parent, child), (parent_source, to_key_result, kr_source)
        case = (parent_source, to_key_result, kr_source, same_team)
        found[case] = (
            rules.shares_progress_wider(
                child.visibility, child.team_id, parent.visibility, parent.team_id, counted
            ),
            _blind_audience(parent, child) if counted else None,
        )
    assert {case: rule for case, (rule, _) in found.items()} == {
        case: seen for case, (_, seen) in found.items()
    }


def _blind(objective: Objective, child: Objective) -> set[int]:
    """The members who read `objective` by its visibility but may not see `child` (a private
    objective's readers are few and named: none, as the rule has it)."""
    if objective.visibility == "public":
        audience = Membership.objects.filter(organization=objective.organization)
    elif objective.visibility == "team":
        members = TeamMember.objects.filter(team=objective.team).values("membership")
        audience = Membership.objects.filter(pk__in=members)
    else:
        return set()
    return {m.pk for m in audience if not permissions.can_see_objective(m, child)}


@pytest.mark.parametrize(
    ("child_visibility", "parent_visibility"),
    list(itertools.product(("team", "private"), VISIBILITIES)),
)
def test_a_grandparent_that_shows_the_child_to_more_people_is_told_too(
    world, child_visibility, parent_visibility
):
    """Issue 12: a rollup carries a child's progress past its parent; aligning it tells about
    each objective further up that counts it (the grandparent's stored progress moves with the
    child's) and is read by people who may not see the child and could not read its progress
    in the parent. Every parent and grandparent source, visibility and team, checked against
    the stored rollup and every member's permissions."""
    TeamMember.objects.create(team=world.product, membership=world.outsider)
    # Each audience holds someone the others do not: a second member of Docs, one of no team.
    dora = make_member(world.org, "dora@acme.test", "Dora")
    TeamMember.objects.create(team=world.docs, membership=dora)
    make_member(world.org, "nemo@acme.test", "Nemo")
    told, seen = {}, {}
    for owner, parent_source, grand_visibility, grand_team, grand_source in itertools.product(
        (world.alice, world.bob),
        ("aligned", "key_results"),
        ("public", "team"),
        (world.product, world.docs),
        ("mix", "key_results"),
    ):
        grand = make_objective(
            world.admin, world.cycle, "Company goal", team=grand_team,
            visibility=grand_visibility, progress_source=grand_source,
        )  # fmt: skip
        parent = make_objective(
            world.lead, world.cycle, "Team goal", team=world.product,
            visibility=parent_visibility, progress_source=parent_source,
        )  # fmt: skip
        services.align_objective(world.admin, parent, parent_objective=grand)
        child = make_objective(owner, world.cycle, "Child", visibility=child_visibility)
        before = Objective.objects.get(pk=child.pk)
        services.align_objective(world.admin, child, parent_objective=parent)
        after = Objective.objects.get(pk=child.pk)
        notice = selectors.progress_notice(world.admin, before, after) or ""
        case = (owner.pk, parent_source, grand_visibility, grand_team.pk, grand_source)
        told[case] = "“Company goal”" in notice
        before_grand = Objective.objects.get(pk=grand.pk).progress
        services.check_in(owner, child.key_results.get(), value=100)
        counted = Objective.objects.get(pk=grand.pk).progress != before_grand
        parent.refresh_from_db()
        seen[case] = counted and bool(_blind(grand, after) - _blind(parent, after))
    assert told == seen
    # The table holds cases that must be told (none under a public parent: it shows everyone).
    assert any(seen.values()) == (parent_visibility != "public")
