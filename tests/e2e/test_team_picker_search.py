"""h14t: a team past a picker's cap (orgs.selectors.MAX_TEAM_OPTIONS) is found by typing a
part of its name in the search box above the picker, picked and saved, in a real browser."""

import pytest
from playwright.sync_api import expect

from mubiao.orgs import closures
from mubiao.orgs.models import Team
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
