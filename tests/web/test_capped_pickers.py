"""h14z: a team picker lists at most MAX_TEAM_OPTIONS teams. At 20,000 people (2,386 teams) a
team whose parent was past the cap was shown "(top level)" and saving a rename moved it there;
the teams past the cap could not be picked at all. Whatever the cap, every capped picker
(a) lists the current value, selected; (b) keeps a value left out of the post; (c) takes a
team past the cap, checked against what the actor may see, not against the list."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from mubiao.notify.models import Channel
from mubiao.okrs.models import Objective
from mubiao.orgs import closures
from mubiao.orgs import services as organizations
from mubiao.orgs.models import Team, TeamMember
from mubiao.orgs.selectors import MAX_TEAM_OPTIONS
from tests.api.conftest import Api
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def far(world) -> Team:
    """More teams than the cap; returns one the capped list leaves out."""
    Team.objects.bulk_create(
        Team(organization=world.org, name=f"组{i}", slug=f"g{i}", parent=world.company)
        for i in range(MAX_TEAM_OPTIONS + 3)
    )
    closures.rebuild(world.org.pk)
    listed = set(
        Team.objects.filter(organization=world.org)
        .order_by()
        .values_list("id", flat=True)[:MAX_TEAM_OPTIONS]
    )
    return Team.objects.filter(organization=world.org).exclude(id__in=listed).first()


def selected(html: str, name: str, value) -> bool:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, name
    return bool(re.search(rf'<option value="{value}"[^>]*\bselected\b', select.group(0)))


def test_a_parent_past_the_cap_is_shown_selected_and_kept_by_a_rename(world, client_for, far):
    Team.objects.filter(pk=world.extra["support"].pk).update(parent=far)
    closures.rebuild(world.org.pk)
    client = client_for(world.admin)
    url = reverse("settings_team", args=[world.extra["support"].pk])
    assert selected(client.get(url).content.decode(), "parent", far.pk)
    form = load(client, url, "panel")
    assert form["parent"] == str(far.pk)
    assert client.post(url, {**form, "name": "Customer support"}).status_code == 302
    support = Team.objects.get(pk=world.extra["support"].pk)
    assert (support.name, support.parent_id) == ("Customer support", far.pk)


def test_a_parent_left_out_of_the_post_stays(world, client_for, far):
    Team.objects.filter(pk=world.extra["support"].pk).update(parent=far)
    closures.rebuild(world.org.pk)
    client = client_for(world.admin)
    url = reverse("settings_team", args=[world.extra["support"].pk])
    form = {k: v for k, v in load(client, url, "panel").items() if k != "parent"}
    assert client.post(url, {**form, "name": "Help"}).status_code == 302
    assert Team.objects.get(pk=world.extra["support"].pk).parent_id == far.pk


def test_an_unknown_parent_is_refused_not_taken_as_top_level(world, client_for, far):
    client = client_for(world.admin)
    url = reverse("settings_team", args=[world.extra["support"].pk])
    form = load(client, url, "panel")
    for wrong in ("999999999", "x"):
        response = client.post(url, {**form, "parent": wrong})
        assert response.status_code == 200 and "Choose a team from the list." in (
            response.content.decode()
        )
    assert Team.objects.get(pk=world.extra["support"].pk).parent_id == world.company.pk


# Every capped team picker of the web: (name, how to post `far` through it, what was saved).
def _parent_new(world, client, far):
    client.post(reverse("settings_teams"), {"name": "New team", "parent": far.pk, "leads": ""})
    return Team.objects.get(organization=world.org, name="New team").parent_id


def _parent_edit(world, client, far):
    url = reverse("settings_team", args=[world.extra["support"].pk])
    client.post(url, {**load(client, url, "panel"), "parent": far.pk})
    return Team.objects.get(pk=world.extra["support"].pk).parent_id


def _member_teams(world, client, far):
    url = reverse("settings_member", args=[world.bob.pk])
    form = {k: v for k, v in load(client, url, "panel").items() if k != "is_active"}
    client.post(url, {**form, "is_active": "on", "teams": [far.pk]})
    return TeamMember.objects.get(membership=world.bob, team=far).team_id


def _invitation_teams(world, client, far):
    client.post(
        reverse("settings_people"),
        {"email": "new@acme.test", "name": "New", "role": "member", "teams": [far.pk]},
    )
    return TeamMember.objects.get(membership__user__email="new@acme.test").team_id


def _objective_owner(world, client, far):
    form = load(client, reverse("objective_create"))
    form = {k: v for k, v in form.items() if not k.startswith("kr-")}
    client.post(
        reverse("objective_create"),
        {**form, "title": "Grow past the cap", "owner": f"team:{far.pk}", "kr-TOTAL_FORMS": "0",
         "kr-INITIAL_FORMS": "0"},
    )  # fmt: skip
    return Objective.objects.get(title="Grow past the cap").owner_team_id


def _channel_team(world, client, far):
    client.post(
        reverse("notify_channels"),
        {"action": "add", "kind": "email", "name": "Far", "address": "far@acme.test",
         "team": far.pk, "events": []},
    )  # fmt: skip
    return Channel.objects.get(name="Far").team_id


CAPPED = [_parent_new, _parent_edit, _member_teams, _invitation_teams, _objective_owner,
          _channel_team]  # fmt: skip


@pytest.mark.parametrize("post", CAPPED, ids=[p.__name__.strip("_") for p in CAPPED])
def test_a_team_past_the_cap_can_be_chosen(world, client_for, far, post):
    assert post(world, client_for(world.admin), far) == far.pk


def test_current_teams_past_the_cap_are_listed_selected(world, client_for, far):
    TeamMember.objects.create(team=far, membership=world.bob)
    client = client_for(world.admin)
    html = client.get(reverse("settings_member", args=[world.bob.pk])).content.decode()
    assert selected(html, "teams", far.pk)
    board = client.get(f"/company?view=list&team={far.slug}").content.decode()
    assert f'value="{far.slug}"' in board


def test_a_loop_is_refused_naming_the_team(world, client_for):
    """Two admins nesting two teams in each other: the later is refused by the team's name."""
    organizations.save_team(
        world.admin, world.extra["support"], name="Support", parent=world.product
    )
    url = reverse("settings_team", args=[world.product.pk])
    html = (
        client_for(world.admin)
        .post(url, {"name": world.product.name, "parent": world.extra["support"].pk, "leads": ""})
        .content.decode()
    )
    assert "“Support”: a team cannot sit inside itself or one of its sub-teams." in html
    answer = Api(world.admin).patch(
        f"/teams/{world.product.pk}", {"parent_id": world.extra["support"].pk}
    )
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "Support" in text and f"“{world.extra['support'].pk}”" not in text
    with translation.override("zh-hans"):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as refused:
            organizations.save_team(
                world.admin, world.product, name=world.product.name, parent=world.extra["support"]
            )
    assert "“Support”：团队不能位于自身或其下级团队之下。" in str(refused.value)
