"""Two people edit the same objective in two browsers (issue 9): A renames it and saves, B
changes a target and saves. B's save stores nothing, shows what A changed, keeps B's target and
takes A's title; B's second Save keeps both changes."""

import pytest
from playwright.sync_api import expect

from mubiao.okrs.models import KeyResult, Objective
from tests.conftest import make_objective, make_world
from tests.e2e.conftest import shoot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_stale_edit_never_overwrites_the_other_persons_change(open_page, transactional_db):
    world = make_world("acme")
    objective = make_objective(world.alice, world.cycle, "Delight customers")
    kr = objective.key_results.get()
    edit = f"/okrs/{objective.pk}/edit"
    a, b = open_page(), open_page()
    sign_in(a, "alice@acme.test")
    sign_in(b, "admin@acme.test")
    a.goto(a.base + edit)
    b.goto(b.base + edit)

    a.fill("#id_title", "Delight every customer")
    a.click("button:has-text('Save')")
    expect(a.locator("h1")).to_have_text("Delight every customer")

    target = b.locator("input[name='kr-0-target_value']")
    target.fill("250")
    b.click("button:has-text('Save')")
    expect(b.locator("[data-conflict]")).to_contain_text(
        "Someone else saved this after you opened it"
    )
    # Nothing was saved: A's title stands, the target is unchanged.
    assert Objective.objects.get(pk=objective.pk).title == "Delight every customer"
    assert KeyResult.objects.get(pk=kr.pk).target_value == 100
    # B had not touched the title: A's is now in the field; B's target is kept as typed.
    expect(b.locator("#id_title")).to_have_value("Delight every customer")
    expect(b.locator(".field", has=b.locator("#id_title"))).to_contain_text(
        "their value is now in the field"
    )
    expect(target).to_have_value("250")
    shoot(b, "stale-edit-desktop")

    b.click("button:has-text('Save')")
    expect(b.locator("h1")).to_have_text("Delight every customer")
    assert KeyResult.objects.get(pk=kr.pk).target_value == 250
    assert a.errors == [] and b.errors == []
