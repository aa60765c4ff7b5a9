"""Team paths in people files: a short path is read below the organization's top team even
once other top-level teams exist (or refused when it could mean another), and team names
holding the path or list separators (or looking like formulas) survive export → import."""

import pytest
from django.utils import translation

from mubiao.okrs.transfer import ImportFailed
from mubiao.orgs.models import Team, TeamMember
from mubiao.people.exporter import export_people
from mubiao.people.services import import_people
from tests.people.test_import import csv_bytes, state

pytestmark = pytest.mark.django_db(transaction=False)


def teams_of(email):
    return sorted(
        TeamMember.objects.filter(membership__user__email=email).values_list(
            "team__parent__name", "team__name"
        )
    )


def test_a_short_path_stays_below_the_top_team_beside_a_second_top_level_team(world):
    Team.objects.create(organization=world.org, name="Holding", slug="holding")
    before = Team.objects.count()
    result = import_people(
        world.admin, file_name="p.csv", data=csv_bytes("email,team", "alice@acme.test,产品部")
    )
    assert result.new_teams == []
    assert Team.objects.count() == before
    assert teams_of("alice@acme.test") == [("Company", "产品部")]


@pytest.mark.parametrize(
    "language, said",
    [
        ("en", "“Sales” is not below the top team “Company” but below another top-level team"),
        ("zh-hans", "“Sales”不在顶层团队“Company”之下"),
    ],
)
def test_a_short_path_found_only_below_another_top_level_team_is_refused(
    world, settings, language, said
):
    holding = Team.objects.create(organization=world.org, name="Holding", slug="holding")
    Team.objects.create(organization=world.org, name="Sales", slug="sales", parent=holding)
    before = state(world.org)
    with translation.override(language), pytest.raises(ImportFailed) as failed:
        import_people(
            world.admin, file_name="p.csv", data=csv_bytes("email,team", "alice@acme.test,Sales")
        )
    assert said in str(failed.value)
    assert "Holding/Sales" in str(failed.value) and "Company/Sales" in str(failed.value)
    assert state(world.org) == before


HOSTILE = ["EMEA/APAC", "Ops; Infra", "=1+1", "R\\D", "全角／斜杠", "a；b"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_hostile_team_names_survive_export_and_import(world, fmt):
    for n, name in enumerate(HOSTILE):
        team = Team.objects.create(
            organization=world.org, name=name, slug=f"hostile-{n}", parent=world.product
        )
        TeamMember.objects.create(team=team, membership=world.bob, is_lead=n % 2 == 0)
    before = state(world.org)
    exported = export_people(world.admin, fmt=fmt)
    result = import_people(world.admin, file_name=f"people.{fmt}", data=exported)
    assert result.new_teams == []
    assert {row.action for row in result.rows} == {"unchanged"}, [
        (row.email, row.changes) for row in result.rows if row.changes
    ]
    assert state(world.org) == before
