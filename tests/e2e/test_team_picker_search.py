"""h14t: a team past a picker's cap (orgs.selectors.MAX_TEAM_OPTIONS) is found by typing a
part of its name in the search box above the picker, picked and saved, in a real browser."""

import pytest
from playwright.sync_api import expect

from mubiao.orgs import closures
from mubiao.orgs.models import Team, TeamMember
from mubiao.orgs.selectors import MAX_TEAM_OPTIONS
from tests.conftest import make_world
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_parent_past_the_cap_is_searched_picked_and_saved(open_page, transactional_db):
    world = make_world("acme")
    Team.objects.bulk_create(
        Team(organization=world.org, name=f"组{i}", slug=f"g{i}", parent=world.company)
        for i in range(MAX_TEAM_OPTIONS + 3)
    )
    closures.rebuild(world.org.pk)
    page = open_page()
    sign_in(page, "admin@acme.test")
    page.goto(page.base + "/settings/teams")
    listed = page.eval_on_selector_all("#id_parent option", "all => all.map(o => o.value)")
    listed = [int(value) for value in listed if value]  # not "(top level)"
    far = Team.objects.filter(organization=world.org).exclude(id__in=listed).first()
    assert far is not None  # the list is capped: this team cannot be picked from it

    page.fill("#id_name", "Night shift")
    page.fill(".team-search[aria-controls=id_parent]", far.name)
    found = page.locator(f"#id_parent-found option[value='{far.pk}']")
    expect(found).to_have_count(1)
    expect(found).to_have_text(f"Company / {far.name}")
    page.select_option("#id_parent", str(far.pk))
    page.click("button:has-text('Create team')")
    page.wait_for_load_state()
    assert Team.objects.get(organization=world.org, name="Night shift").parent_id == far.pk
    assert page.errors == []


def test_a_search_never_doubles_a_chosen_team_and_an_untick_is_saved(open_page, transactional_db):
    """A 20,000-person tester's finding: the found group held a second option for each team the
    person was already in; un-ticking that copy left the original ticked, and the save kept the
    team the admin had taken the person out of."""
    world = make_world("acme")
    first, second = (
        Team.objects.create(organization=world.org, name=f"Team 5-238{i}", slug=f"t5-238{i}",
                            parent=world.company)
        for i in (3, 4)
    )  # fmt: skip
    for team in (first, second):
        TeamMember.objects.create(team=team, membership=world.bob)
    page = open_page()
    sign_in(page, "admin@acme.test")
    page.goto(page.base + f"/settings/people/{world.bob.pk}")
    search = page.locator(".team-search[aria-controls=id_teams]")
    for query in ("5-238", "Doc", "5-2383"):  # each search puts the last one's moved teams back
        with page.expect_response(lambda response: "/team-options" in response.url):
            search.fill(query)
        for team in (world.docs, first, second):
            expect(page.locator(f"#id_teams option[value='{team.pk}']")).to_have_count(1)
            expect(page.locator(f"#id_teams-found option[value='{team.pk}']")).to_have_count(1)
    found = page.locator(f"#id_teams-found option[value='{first.pk}']")
    expect(found).to_have_count(1)
    assert found.evaluate("o => o.selected")
    found.evaluate("o => { o.selected = false; o.parentNode.parentNode.dispatchEvent("
                   "new Event('change', {bubbles: true})); }")  # fmt: skip
    page.click("button:has-text('Save')")
    page.wait_for_load_state()
    kept = set(TeamMember.objects.filter(membership=world.bob).values_list("team_id", flat=True))
    assert kept == {world.docs.pk, second.pk}
    assert page.errors == []


def test_a_search_keeps_a_single_pickers_value_once_and_selected(open_page, transactional_db):
    world = make_world("acme")
    support = world.extra["support"]
    page = open_page()
    sign_in(page, "admin@acme.test")
    page.goto(page.base + f"/settings/teams/{support.pk}")
    with page.expect_response(lambda response: "/team-options" in response.url):
        page.fill(".team-search[aria-controls=id_parent]", world.company.name)
    expect(page.locator(f"#id_parent-found option[value='{world.company.pk}']")).to_have_count(1)
    expect(page.locator(f"#id_parent option[value='{world.company.pk}']")).to_have_count(1)
    assert page.eval_on_selector("#id_parent", "s => s.value") == str(world.company.pk)
    page.fill("#id_name", "Help desk")
    page.click("button:has-text('Save')")
    page.wait_for_load_state()
    support.refresh_from_db()
    assert (support.name, support.parent_id) == ("Help desk", world.company.pk)
    assert page.errors == []
