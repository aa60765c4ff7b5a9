"""Names of rows are on one line and compared whole.

Every one-line name (a team's, a cycle's, an organization's, a person's, an API token's, a
member's job title) goes through limits.one_line on every route: line breaks and tabs are one
space, as titles are. A team's uniqueness is its whole name (case and runs of spaces aside),
never a key cut shorter than the field (the slug: 80 characters, punctuation dropped), on
SQLite and PostgreSQL alike."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from mubiao.accounts import services as accounts
from mubiao.accounts.tokens import create_token
from mubiao.okrs import services
from mubiao.okrs.models import Cycle
from mubiao.orgs import services as organizations
from mubiao.orgs.models import Membership, Organization, Team

pytestmark = pytest.mark.django_db

TYPED = "A\tB\n C\r\n\tD"
STORED = "A B C D"


def _team(world, name):
    return organizations.save_team(world.admin, name=name).name


def _renamed_team(world, name):
    return organizations.save_team(world.admin, world.docs, name=name).name


def _cycle(world, name):
    return services.create_cycle(
        world.admin, name=name, kind="custom", start_date=world.cycle.start_date,
        end_date=world.cycle.start_date,
    ).name  # fmt: skip


def _renamed_cycle(world, name):
    return services.update_cycle(world.admin, world.cycle, name=name).name


def _organization(world, name):
    organizations.update_organization(world.admin, world.org, name=name, weights=False)
    return Organization.objects.get(pk=world.org.pk).name


def _token(world, name):
    return create_token(world.alice, name=name)[0].name


def _preferences(world, name):
    user = world.alice.user
    accounts.update_preferences(user, name=name, language="", timezone="")
    return user.__class__.objects.get(pk=user.pk).name


def _invitee(world, name):
    member = accounts.invite_member(world.admin, email="new@acme.test", name=name)
    return Membership.objects.get(pk=member.pk).name


def _job_title(world, name):
    organizations.update_member(
        world.admin, world.bob, role=world.bob.role, title=name, manager=world.bob.manager,
        teams=[world.docs],
    )  # fmt: skip
    return Membership.objects.get(pk=world.bob.pk).title


@pytest.mark.parametrize(
    "write",
    [_team, _renamed_team, _cycle, _renamed_cycle, _organization, _token, _preferences,
     _invitee, _job_title],
)  # fmt: skip
def test_every_one_line_name_is_stored_on_one_line(world, write):
    assert write(world, TYPED) == STORED


@pytest.mark.postgres
@pytest.mark.parametrize(
    "first, second",
    [
        ("A" * 101, "A" * 101 + "B"),
        ("A" * 199, "A" * 198 + "B"),
        ("研" * 150, "研" * 149 + "发"),
        ("Sales east", "Sales-east"),
        ("R&D", "R D"),
    ],
)
def test_team_names_differing_anywhere_are_two_teams(world, first, second):
    one = organizations.save_team(world.admin, name=first)
    two = organizations.save_team(world.admin, name=second)
    assert (one.name, two.name) == (first, second) and one.slug != two.slug
    # Renaming to a name only a long key shared is fine too.
    organizations.save_team(world.admin, world.docs, name=first + "C")


@pytest.mark.postgres
@pytest.mark.parametrize("again", ["Docs", "docs", " DOCS ", "Docs\t", "DOCS"])
def test_the_same_team_name_is_refused(world, again):
    with pytest.raises(ValidationError) as refused:
        organizations.save_team(world.admin, name=again)
    assert "name" in refused.value.message_dict
    assert Team.objects.filter(organization=world.org).count() == 4


@pytest.mark.postgres
def test_cycle_names_are_compared_whole(world):
    start = world.cycle.start_date
    for day, name in enumerate(("C" * 100, "C" * 99 + "D")):
        services.create_cycle(world.admin, name=name, kind=Cycle.Kind.CUSTOM,
                              start_date=start + dt.timedelta(days=day),
                              end_date=start + dt.timedelta(days=day))  # fmt: skip
