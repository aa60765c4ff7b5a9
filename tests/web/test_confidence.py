"""Confidence is the owner's answer, never a default (issue 9): nobody's confidence is stored or
shown unless they gave one, and the form starts from the last one given."""

import re

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, KeyResult
from tests.conftest import make_objective
from tests.web.test_writing import form_data

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_new_key_result_shows_no_confidence(client_for, world):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    client = client_for(world.alice)
    row = client.get(reverse("home")).content.decode()
    # A row names a confidence only where someone gave one (issue 9, item 18: no repeats).
    assert not re.search(r"Confidence\s*\d", row)
    form = client.get(reverse("check_in", args=[kr.pk]), **HTMX).content.decode()
    assert '<option value="" selected>Not given</option>' in form
    assert 'type="range"' not in form


@pytest.mark.parametrize("how", ["inline", "page"])
def test_a_check_in_without_confidence_stores_none(client_for, world, how):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    headers = HTMX if how == "inline" else {}
    client_for(world.alice).post(
        reverse("check_in", args=[kr.pk]), {"value": "10", "confidence": ""}, **headers
    )
    entry = CheckIn.objects.get(key_result=kr)
    kr.refresh_from_db()
    assert entry.confidence is None and kr.confidence is None


def test_the_form_starts_from_the_last_confidence_given(client_for, world):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    client = client_for(world.alice)
    client.post(reverse("check_in", args=[kr.pk]), {"value": "10", "confidence": "7"}, **HTMX)
    # A later check-in that gives none keeps the last answer on the key result.
    client.post(reverse("check_in", args=[kr.pk]), {"value": "20", "confidence": ""}, **HTMX)
    kr.refresh_from_db()
    assert kr.confidence == 7
    assert list(
        CheckIn.objects.order_by("created_at", "id").values_list("confidence", flat=True)
    ) == [7, None]
    form = client.get(reverse("check_in", args=[kr.pk]), **HTMX).content.decode()
    assert '<option value="7" selected>7</option>' in form


def test_the_done_toggle_does_not_repeat_a_confidence(client_for, world):
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Launch",
        key_results=[{"title": "Launched", "metric_type": "boolean", "confidence": 4}],
    )  # fmt: skip
    kr = objective.key_results.get()
    home = client_for(world.alice).get(reverse("home")).content.decode()
    toggle = home[home.index('class="toggle') - 400 : home.index('class="toggle')]
    assert 'name="confidence"' not in toggle
    client_for(world.alice).post(reverse("check_in", args=[kr.pk]), {"value": "1"}, **HTMX)
    assert CheckIn.objects.get(key_result=kr).confidence is None
    kr.refresh_from_db()
    assert kr.confidence == 4


def test_a_new_key_result_row_has_no_target_filled_in(client_for, world):
    """Of the same kind: a target nobody typed (the form used to start at 100) is asked for."""
    client = client_for(world.alice)
    page = client.get(reverse("objective_create")).content.decode()
    assert 'name="kr-0-target_value" value=' not in page
    # A type chosen (with none, a title without a number is a milestone: issue 9).
    row = {"title": "KR", "metric_type": "percent", "target_value": ""}
    data = form_data(owner=f"person:{world.alice.pk}", krs=[row])
    response = client.post(reverse("objective_create"), data)
    assert response.status_code == 200
    assert "Enter the target." in response.content.decode()
    assert not KeyResult.objects.exists()


@pytest.mark.parametrize("cleared_by", ["api", "service"])
@pytest.mark.parametrize("page", ["key_result", "check_in"])
def test_a_cleared_confidence_is_not_brought_back(client_for, world, cleared_by, page):
    """Issue 9 (m7): after the key result's confidence was cleared (PATCH null), the KR page's
    check-in form still preselected the person's last one (7), so the next check-in stored 7
    again. The form keeps the last value given for the key result as it is now."""
    from tests.api.conftest import Api

    kr = make_objective(world.alice, world.cycle).key_results.get()
    client = client_for(world.alice)
    client.post(reverse("check_in", args=[kr.pk]), {"value": "10", "confidence": "7"}, **HTMX)
    if cleared_by == "api":
        response = Api(world.alice).patch(f"/key-results/{kr.pk}", {"confidence": None})
        assert response.status_code == 200
    else:
        services.update_key_result(world.alice, kr, confidence=None)
    assert KeyResult.objects.get(pk=kr.pk).confidence is None
    headers = HTMX if page == "check_in" else {}
    html = client.get(reverse(page, args=[kr.pk]), **headers).content.decode()
    assert '<option value="" selected>Not given</option>' in html
    assert '<option value="7" selected>' not in html
    # A later answer is kept again.
    client.post(reverse("check_in", args=[kr.pk]), {"value": "20", "confidence": "4"}, **HTMX)
    form = client.get(reverse("check_in", args=[kr.pk]), **HTMX).content.decode()
    assert '<option value="4" selected>4</option>' in form
