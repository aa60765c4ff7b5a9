"""The team page's people table, read from the team's members first (people(of_team=True)),
lists the same people in the same order, page by page, as the same members sorted by the
organization's name index, for every sort."""

import pytest

from mubiao.insights import selectors as insights
from mubiao.okrs import selectors
from mubiao.orgs.models import TeamMember
from tests.conftest import make_member, make_objective

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

SORTS = [f"{sign}{key}" for key in insights.PEOPLE_SORTS for sign in ("", "-")]


@pytest.mark.parametrize("sort", SORTS)
def test_team_people_in_the_same_order(world, sort):
    # Names that tie, differ in case, or are blank: the order's every tie-break is exercised.
    for i, name in enumerate(["bob", "Bob", "", "Zoë", "alice", "Alice", "张三", "Bob"]):
        person = make_member(world.org, f"p{i}@acme.test", name, manager=world.lead)
        TeamMember.objects.create(team=world.docs, membership=person)
        if i % 2:
            make_objective(person, world.cycle, f"Mine {i}", krs=1)
    for reader in (world.lead, world.alice, world.admin):
        members = selectors.team_members(reader, world.product)
        expected = list(insights.people(reader, world.cycle, members, sort).values_list("pk"))
        found = insights.people(reader, world.cycle, members, sort, of_team=True)
        assert list(found.values_list("pk")) == expected, reader
        assert list(found[3:6].values_list("pk")) == expected[3:6], reader
