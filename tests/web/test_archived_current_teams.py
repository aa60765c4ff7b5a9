"""h14u: a team archived by the directory sync (its department gone) that a form holds now is
listed in the picker, selected and marked archived, and an untouched save keeps it; before, the
picker left it out and saving a person's edit form silently took them out of it. Un-choosing
it still removes it. Every team picker with a current value: (name, set-up making `archived`
the current value, the form's url and field, what the database holds now, the post without it)."""

import pytest
from django.urls import reverse

from mubiao.okrs.models import Objective
from mubiao.orgs.models import Team, TeamMember
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.web.test_capped_pickers import selected
from tests.web.test_query_counts import count
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db


def _member_teams(world, archived):
    TeamMember.objects.create(team=archived, membership=world.bob)
    url = reverse("settings_member", args=[world.bob.pk])

    def saved():
        return set(TeamMember.objects.filter(membership=world.bob).values_list("team", flat=True))

    return url, "panel", "teams", saved, lambda form: [world.docs.pk]


def _team_parent(world, archived):
    support = world.extra["support"]
    Team.objects.filter(pk=support.pk).update(parent=archived)
    url = reverse("settings_team", args=[support.pk])

    def saved():
        return {Team.objects.get(pk=support.pk).parent_id}

    return url, "panel", "parent", saved, lambda form: world.company.pk


def _objective_owner(world, archived):
    objective = make_objective(world.admin, world.cycle, "Ship the archive")
    Objective.objects.filter(pk=objective.pk).update(
        owner_type="team", owner_team=archived, team=archived, owner_member=None
    )
    url = reverse("objective_edit", args=[objective.pk])

    def saved():
        return {Objective.objects.get(pk=objective.pk).owner_team_id}

    return url, "okr-form", "owner", saved, lambda form: f"team:{world.product.pk}"


PICKERS = [_member_teams, _team_parent, _objective_owner]


@pytest.fixture
def archived(world) -> Team:
    return Team.objects.create(
        organization=world.org, name="Old department", slug="old", parent=world.company,
        is_archived=True,
    )  # fmt: skip


@pytest.mark.parametrize("picker", PICKERS, ids=[p.__name__.strip("_") for p in PICKERS])
def test_an_archived_current_team_is_listed_marked_and_kept(world, client_for, archived, picker):
    url, form_class, field, saved, _other = picker(world, archived)
    before = saved()
    assert archived.pk in before
    client = client_for(world.admin)
    html = client.get(url).content.decode()
    value = f"team:{archived.pk}" if field == "owner" else archived.pk
    assert selected(html, field, value)
    assert "Old department (archived)" in html
    form = load(client, url, form_class)
    assert client.post(url, form).status_code == 302
    assert saved() == before


@pytest.mark.parametrize("picker", PICKERS, ids=[p.__name__.strip("_") for p in PICKERS])
def test_an_archived_current_team_unchosen_goes(world, client_for, archived, picker):
    url, form_class, field, saved, other = picker(world, archived)
    client = client_for(world.admin)
    form = load(client, url, form_class)
    assert client.post(url, {**form, field: other(form)}).status_code == 302
    assert archived.pk not in saved()


def test_an_archived_team_not_held_is_refused(world, client_for, archived):
    client = client_for(world.admin)
    url = reverse("settings_member", args=[world.bob.pk])
    form = load(client, url, "panel")
    response = client.post(url, {**form, "teams": [archived.pk]})
    assert "Choose a team from the list." in response.content.decode()
    assert not TeamMember.objects.filter(membership=world.bob, team=archived).exists()


def test_the_api_keeps_an_archived_membership_it_does_not_list(world, archived):
    """The API lists the member's teams without the archived ones: a client sending back what
    it read, or another list, must not take the person out of a team it could not see."""
    TeamMember.objects.create(team=archived, membership=world.bob)
    api = Api(world.admin)
    read = api.get(f"/members/{world.bob.pk}").json()
    assert archived.pk not in read["team_ids"]
    for team_ids in (read["team_ids"], [world.product.pk]):
        assert api.patch(f"/members/{world.bob.pk}", {"team_ids": team_ids}).status_code == 200
        assert TeamMember.objects.filter(membership=world.bob, team=archived).exists()
    assert api.patch(f"/members/{world.bob.pk}", {"team_ids": [archived.pk]}).status_code == 422


def test_the_queries_do_not_grow_with_the_archived_teams_held(world, client_for, archived):
    client = client_for(world.admin)
    url = reverse("settings_member", args=[world.bob.pk])
    TeamMember.objects.create(team=archived, membership=world.bob)
    one = count(client, url)
    for i in range(5):
        team = Team.objects.create(
            organization=world.org, name=f"Gone {i}", slug=f"gone{i}", is_archived=True
        )
        TeamMember.objects.create(team=team, membership=world.bob)
    html = client.get(url).content.decode()
    assert all(f"Gone {i} (archived)" in html for i in range(5))
    assert count(client, url) == one
