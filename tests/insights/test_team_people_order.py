"""The team page's people table, read from the team's members first (people(of_team=team)),
lists the same people in the same order, page by page, as the same members sorted by the
organization's name index, for every sort; sorted by name with the page given, only the page's
candidates are read (off each subtree team's name index, orgs.TeamMember.name_key), and the
page is the same."""

import pytest
from django.urls import reverse

from mubiao.accounts.models import User
from mubiao.insights import selectors as insights
from mubiao.okrs import selectors
from mubiao.orgs.models import Membership, Team, TeamMember
from tests.conftest import make_member, make_objective

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

SORTS = [f"{sign}{key}" for key in insights.PEOPLE_SORTS for sign in ("", "-")]
# Names that tie, differ in case, are blank, Chinese, or sort before and after one another
# only by a later character: the order's every tie-break is exercised.
NAMES = ["bob", "Bob", "", "Zoë", "alice", "Alice", "张三", "Bob", "李四", "", "张三丰", "bob "]


def _people(world) -> list[Membership]:
    """NAMES in the product department, spread over it and its Docs team (the last one in both),
    one deactivated (in the team still, listed nowhere), one renamed after joining."""
    people = []
    for i, name in enumerate(NAMES):
        person = make_member(world.org, f"p{i}@acme.test", name, manager=world.lead)
        TeamMember.objects.create(team=world.docs if i % 3 else world.product, membership=person)
        if i % 2:
            make_objective(person, world.cycle, f"Mine {i}", krs=1)
        people.append(person)
    TeamMember.objects.create(team=world.docs, membership=people[0])
    people[4].is_active = False
    people[4].save()
    User.objects.filter(pk=people[5].user_id).update(name="aaron")
    return people


@pytest.mark.parametrize("sort", SORTS)
def test_team_people_in_the_same_order(world, sort):
    _people(world)
    for reader in (world.lead, world.alice, world.admin):
        members = selectors.team_members(reader, world.product)
        expected = list(insights.people(reader, world.cycle, members, sort).values_list("pk"))
        assert len(expected) == len(NAMES) - 1 + 3, reader  # lead, alice, bob; one departed
        found = insights.people(reader, world.cycle, members, sort, of_team=world.product)
        assert list(found.values_list("pk")) == expected, reader
        assert list(found[3:6].values_list("pk")) == expected[3:6], reader
        # Every page of every size, read with the page given.
        for size in (1, 2, 3, 5, 50):
            for offset in range(0, len(expected) + size, size):
                page = insights.people(
                    reader, world.cycle, members, sort, of_team=world.product, page=(offset, size)
                )
                window = list(page[offset : offset + size].values_list("pk"))
                assert window == expected[offset : offset + size], (reader, size, offset)


def test_the_team_pages_people_table_pages_alike(world, client_for):
    """The team page's table, page by page (50 a page), in both name orders: the department's
    people once each, in the order of the same members sorted by the organization's index."""
    users = User.objects.bulk_create(
        User(username=f"m{i}", email=f"m{i}@acme.test", name=f"{'Mm'[i % 2]}{i * 37 % 11}")
        for i in range(120)
    )
    squad = Team.objects.create(
        organization=world.org, name="Squad", slug="squad", parent=world.docs
    )
    people = Membership.objects.bulk_create(
        Membership(organization=world.org, user=user, manager=world.lead) for user in users
    )
    TeamMember.objects.bulk_create(
        TeamMember(team=(world.docs, squad, world.product)[i % 3], membership=person)
        for i, person in enumerate(people)
    )
    client = client_for(world.lead)
    members = selectors.team_members(world.lead, world.product)
    for sort in ("name", "-name"):
        expected = list(insights.people(world.lead, world.cycle, members, sort).values_list("pk"))
        listed, number = [], 1
        while True:
            context = client.get(
                reverse("team", args=["product"]), {"sort": sort, "ppage": number}
            ).context
            listed += [(person.pk,) for person in context["people"]]
            if not context["people"].has_next():
                break
            number += 1
        assert number == 3, sort
        assert listed == expected, sort
