"""hr1 (review): the team an objective is filed under when none is given was worked out in three
places, create_objective, update_objective on a new owner and the objective form's preview of
who will see its progress (web writing._as_saved): copies that could drift apart. One rule,
services.filing_team; every path files as it says, for every kind of owner."""

from types import SimpleNamespace

import pytest

from mubiao.okrs import services
from mubiao.okrs.models import Objective
from mubiao.web.views.writing import _as_saved

pytestmark = pytest.mark.django_db

# The owner as the form's clean_owner gives it, and the team it is filed under.
OWNERS = {
    "member": (lambda w: {"owner_type": "person", "owner_member": w.alice}, "product"),
    "lead": (lambda w: {"owner_type": "person", "owner_member": w.lead}, "product"),
    "member of a sub-team": (lambda w: {"owner_type": "person", "owner_member": w.bob}, "docs"),
    "person in no team": (lambda w: {"owner_type": "person", "owner_member": w.admin}, None),
    "team": (lambda w: {"owner_type": "team", "owner_team": w.docs}, "docs"),
    "organization": (lambda w: {"owner_type": "organization"}, None),
}


def _owner(world, kind):
    given, team = OWNERS[kind]
    owner = {"owner_member": None, "owner_team": None, **given(world)}
    return owner, team and getattr(world, team)


@pytest.mark.parametrize("kind", OWNERS)
def test_every_path_files_as_the_rule_says(world, kind):
    owner, team = _owner(world, kind)
    assert services.filing_team(world.admin, **owner) == team
    created = services.create_objective(world.admin, cycle=world.cycle, title="Grow", **owner)
    assert created.team == team
    handed = services.create_objective(
        world.admin, cycle=world.cycle, title="Hand over", owner_type="organization"
    )
    assert services.update_objective(world.admin, handed, **owner).team == team
    form = SimpleNamespace(cleaned_data={
        "owner": owner, "visibility": "public", "progress_source": "key_results",
        "parent": {"parent_objective": None, "parent_key_result": None},
    })  # fmt: skip
    assert _as_saved(world.admin, None, form).team == team


def test_a_person_not_named_is_the_one_writing(world):
    """create_objective's owner when none is named; the form's preview takes it alike."""
    owner = {"owner_type": Objective.OwnerType.PERSON, "owner_member": None, "owner_team": None}
    assert services.filing_team(world.alice, **owner) == world.product
    created = services.create_objective(world.alice, cycle=world.cycle, title="Mine", **owner)
    assert (created.owner_member, created.team) == (world.alice, world.product)
