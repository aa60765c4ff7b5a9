"""The weekly check-in: inline form, save, and the out-of-band updates of every ancestor."""

import re

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_inline_form_is_prefilled_and_focused(client_for, world):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.first()
    services.check_in(world.alice, kr, value=20, confidence=7)
    html = client_for(world.alice).get(reverse("check_in", args=[kr.pk]), **HTMX).content.decode()
    assert 'name="value" value="20"' in html
    assert "autofocus" in html
    assert '<option value="7" selected>7</option>' in html


def test_check_in_updates_row_objective_and_ancestors(client_for, world, aligned):
    team_obj, parent_kr, mine = aligned
    kr = mine.key_results.order_by("position").first()
    response = client_for(world.alice).post(
        reverse("check_in", args=[kr.pk]), {"value": "50", "confidence": "8", "note": "ok"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert CheckIn.objects.get(key_result=kr).value == 50
    # the row itself, with the new value and a confirmation
    assert f'data-kr-row="{kr.pk}"' in html and "Updated" in html
    # out-of-band: the objective's summary, the team objective's summary and its KR row
    assert f"outerHTML:[data-objective-summary='{mine.pk}']" in html
    assert f"outerHTML:[data-objective-summary='{team_obj.pk}']" in html
    assert f"outerHTML:[data-kr-row='{parent_kr.pk}']" in html
    mine.refresh_from_db()
    team_obj.refresh_from_db()
    assert mine.progress == pytest.approx(0.25)  # (50% + 0%) / 2
    assert team_obj.progress > 0


def test_bad_value_rerenders_the_form_with_the_error(client_for, world):
    kr = make_objective(world.alice, world.cycle).key_results.first()
    response = client_for(world.alice).post(
        reverse("check_in", args=[kr.pk]), {"value": "lots", "confidence": "5"}, **HTMX
    )
    assert response.status_code == 422
    assert "“lots” is not a number" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_error_is_in_the_persons_language(client_for, world):
    world.alice.user.language = "zh-hans"
    world.alice.user.save()
    kr = make_objective(world.alice, world.cycle).key_results.first()
    response = client_for(world.alice).post(
        reverse("check_in", args=[kr.pk]), {"value": "x"}, **HTMX
    )
    assert response.status_code == 422
    assert "请输入" in response.content.decode()


def test_someone_else_cannot_check_in(client_for, world):
    kr = make_objective(world.alice, world.cycle).key_results.first()
    response = client_for(world.bob).post(reverse("check_in", args=[kr.pk]), {"value": "5"})
    assert response.status_code == 404
    assert not CheckIn.objects.exists()


def test_boolean_toggle(client_for, world):
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Launch",
        key_results=[{"title": "Launched", "metric_type": "boolean"}],
    )  # fmt: skip
    kr = objective.key_results.first()
    client = client_for(world.alice)
    html = client.get(reverse("home")).content.decode()
    assert 'aria-pressed="false"' in html
    client.post(reverse("check_in", args=[kr.pk]), {"value": "1"}, **HTMX)
    kr.refresh_from_db()
    assert kr.progress == 1


def test_without_javascript_the_form_posts_and_redirects(client_for, world):
    kr = make_objective(world.alice, world.cycle).key_results.first()
    response = client_for(world.alice).post(reverse("check_in", args=[kr.pk]), {"value": "10"})
    assert response.status_code == 302
    assert response["Location"] == reverse("key_result", args=[kr.pk])


def test_csrf_is_enforced(world):
    from django.test import Client

    kr = make_objective(world.alice, world.cycle).key_results.first()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice.user)
    assert client.post(reverse("check_in", args=[kr.pk]), {"value": "10"}).status_code == 403


def test_inline_answer_shows_every_row_as_stored(client_for, world, aligned):
    """The answer's rows are the service's own (read under its locks, written by it), not read
    again: each shows the progress and the value stored, and the key result's row its new
    value, as the page read afresh shows them."""
    from mubiao.okrs.models import KeyResult
    from mubiao.web.templatetags.okr_ui import bar_value

    team_obj, parent_kr, mine = aligned
    kr = mine.key_results.order_by("position").first()
    client = client_for(world.alice)
    html = client.post(reverse("check_in", args=[kr.pk]), {"value": "50"}, **HTMX).content.decode()
    rows = {
        int(pk): row
        for pk, row in re.findall(r'data-kr-row="(\d+)"(.*?)(?=data-kr-row="|\Z)', html, re.S)
    }
    assert set(rows) == {kr.pk, *team_obj.key_results.values_list("pk", flat=True)}
    for pk, row in rows.items():
        stored = KeyResult.objects.get(pk=pk)
        assert f'aria-valuenow="{bar_value(stored.progress)}"' in row, (pk, row)
    assert bar_value(KeyResult.objects.get(pk=parent_kr.pk).progress) != "0"
    page = client.get(reverse("home")).content.decode()
    shown = page[page.index(f'data-kr-row="{kr.pk}"') :]
    value = re.search(r'class="value-button"[^>]*>(.*?)<', shown, re.S)
    answered = re.search(r'class="value-button"[^>]*>(.*?)<', rows[kr.pk], re.S)
    assert value and answered and value.group(1).strip() == answered.group(1).strip()
