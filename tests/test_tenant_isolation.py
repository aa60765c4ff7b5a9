"""Two organizations of identical shape: nothing of one is ever read or touched by the other."""

import pytest
from django.core.exceptions import ObjectDoesNotExist

from mubiao.okrs import selectors, services
from mubiao.okrs.models import Activity, CheckIn, Comment, Cycle, KeyResult, Objective
from tests.conftest import make_objective

# Every case in the PostgreSQL pass too (tests/conftest.py): each role and visibility has
# its own query shape.
pytestmark = pytest.mark.every_case


@pytest.fixture
def twins(world, other_world):
    mine = make_objective(world.alice, world.cycle, krs=2)
    theirs = make_objective(other_world.alice, other_world.cycle, krs=2)
    services.check_in(other_world.alice, theirs.key_results.first(), value=10)
    services.add_comment(other_world.alice, objective=theirs, body="hello")
    return world, other_world, mine, theirs


def test_every_selector_stays_in_its_organization(twins):
    world, other, mine, theirs = twins
    me = world.admin  # an admin sees everything of their own organization
    assert set(selectors.cycles(me)) == {world.cycle}
    assert set(selectors.teams(me)) == set(world.org.teams.all())
    assert {m.organization_id for m in selectors.members(me)} == {world.org.pk}
    assert list(selectors.visible_objectives(me)) == [mine]
    assert list(selectors.objective_list(me)) == [mine]
    assert list(selectors.objective_list(me, cycle=other.cycle)) == []
    assert set(selectors.visible_key_results(me)) == set(mine.key_results.all())
    assert list(selectors.unaligned_objectives(me, other.cycle)) == []
    assert list(selectors.aligned_children(me, theirs)) == []
    assert selectors.current_cycle(me) == world.cycle
    their_kr = theirs.key_results.first()
    assert list(selectors.check_ins(me, their_kr)) == []
    assert list(selectors.comments(me, objective=theirs)) == []
    for lookup in (
        lambda: selectors.get_objective(me, theirs.pk),
        lambda: selectors.get_key_result(me, their_kr.pk),
        lambda: selectors.get_cycle(me, other.cycle.pk),
    ):
        with pytest.raises(ObjectDoesNotExist):
            lookup()


def test_every_service_refuses_the_other_organization(twins):
    world, other, mine, theirs = twins
    me = world.admin
    their_kr = theirs.key_results.first()
    before = (
        Objective.objects.filter(organization=other.org).values_list("title", "version").first(),
        KeyResult.objects.filter(organization=other.org).count(),
        CheckIn.objects.filter(organization=other.org).count(),
        Comment.objects.filter(organization=other.org).count(),
    )
    activity = Activity.objects.filter(organization=other.org).count()
    writes = [
        lambda: services.update_objective(me, theirs, title="mine now"),
        lambda: services.archive_objective(me, theirs),
        lambda: services.align_objective(me, theirs, parent_objective=mine),
        lambda: services.align_objective(me, mine, parent_objective=theirs),
        lambda: services.create_key_result(me, theirs, title="x"),
        lambda: services.update_key_result(me, their_kr, title="x"),
        lambda: services.archive_key_result(me, their_kr),
        lambda: services.check_in(me, their_kr, value=99),
        lambda: services.add_comment(me, objective=theirs, body="hi"),
        lambda: services.grade_key_result(me, their_kr, score="0.5"),
        lambda: services.copy_objective(me, theirs),
        lambda: services.move_objective(me, mine, other.cycle),
        lambda: services.create_objective(me, cycle=other.cycle, title="x"),
        lambda: services.create_objective(
            me, cycle=world.cycle, title="x", owner_member=other.alice
        ),
        lambda: services.update_cycle(me, other.cycle, name="x"),
        lambda: services.set_cycle_state(me, other.cycle, Cycle.State.GRADING),
        lambda: services.delete_cycle(me, other.cycle),
    ]
    for write in writes:
        with pytest.raises(ObjectDoesNotExist):
            write()
    after = (
        Objective.objects.filter(organization=other.org).values_list("title", "version").first(),
        KeyResult.objects.filter(organization=other.org).count(),
        CheckIn.objects.filter(organization=other.org).count(),
        Comment.objects.filter(organization=other.org).count(),
    )
    assert before == after
    assert Activity.objects.filter(organization=other.org).count() == activity


def test_mentions_never_reach_another_organization(twins):
    world, _other, mine, _theirs = twins
    comment = services.add_comment(world.alice, objective=mine, body="@Bob @产品部 look")
    assert {m.organization_id for m in comment.mentioned_members.all()} == {world.org.pk}
    assert {t.organization_id for t in comment.mentioned_teams.all()} == {world.org.pk}
