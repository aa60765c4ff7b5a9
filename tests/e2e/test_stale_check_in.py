"""Two people check in on the same key result in two browsers (issue 9, probe9c finding 7): A
opens the key result's page, B checks in 80 with a note, A types 75 and saves. A's save stores
nothing and names B's check-in, keeping A's value, note and confidence; A's "Save anyway"
records 75."""

import pytest
from playwright.sync_api import expect

from mubiao.okrs.models import CheckIn, KeyResult
from tests.conftest import make_objective, make_world
from tests.e2e.conftest import shoot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _check_in(page, value, note, confidence=None):
    form = page.locator("#check-in form")
    form.locator("input[name='value']").fill(value)
    form.locator("input[name='note']").fill(note)
    if confidence is not None:
        form.locator("select[name='confidence']").select_option(confidence)
    form.locator("button[type='submit']").click()


def test_a_stale_check_in_form_shows_the_other_check_in_first(open_page, transactional_db):
    world = make_world("acme")
    kr = make_objective(world.alice, world.cycle, "Delight customers").key_results.get()
    url = f"/krs/{kr.pk}"
    a, b = open_page(), open_page()
    sign_in(a, "alice@acme.test")
    sign_in(b, "admin@acme.test")
    a.goto(a.base + url)
    b.goto(b.base + url)

    _check_in(b, "80", "B's note")
    expect(b.locator(".history")).to_contain_text("B's note")

    _check_in(a, "75", "A's note", "7")
    conflict = a.locator("#check-in .conflict")
    expect(conflict).to_contain_text("Ada Admin checked in 80")
    expect(conflict).to_contain_text("your value is still in the field")
    assert KeyResult.objects.get(pk=kr.pk).current_value == 80
    form = a.locator("#check-in form")
    expect(form.locator("input[name='value']")).to_have_value("75")
    expect(form.locator("input[name='note']")).to_have_value("A's note")
    expect(form.locator("select[name='confidence']")).to_have_value("7")
    shoot(a, "stale-check-in-desktop")

    form.locator("button:has-text('Save anyway')").click()
    expect(a.locator(".history")).to_contain_text("A's note")
    assert KeyResult.objects.get(pk=kr.pk).current_value == 75
    latest = CheckIn.objects.filter(key_result=kr).latest("created_at", "id")
    assert (latest.note, latest.confidence) == ("A's note", 7)
    assert a.errors == [] and b.errors == []
