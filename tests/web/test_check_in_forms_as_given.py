"""Issue 9, probe 15 (brief h9h, D): the check-in forms (the KR page's and My OKRs' inline one)
never invent or silently re-read a value.

D1. A value typed on a form loaded before the key result's start, target, unit or type changed
    is not saved against the new numbers unseen: what changed is said beside the value, the
    value is kept, and saving again records it.
D2. The form starts at the confidence the person gave last, by whatever route (the API's
    PATCH too), as the header shows it.
D3. A done / not-done key result nobody answered starts with neither answer chosen; sent so,
    the answer is asked for beside it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, KeyResult
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.web.test_stale_check_ins import FORMS, form_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("how", FORMS)
def test_a_value_typed_against_a_changed_target_is_asked_about(client_for, world, how):
    load, headers = FORMS[how]
    kr = make_objective(world.alice, world.cycle).key_results.get()
    services.update_key_result(world.alice, kr, unit="人")
    kr.refresh_from_db()
    a = client_for(world.alice)
    form = load(a, kr)
    assert (
        Api(world.admin).patch(f"/key-results/{kr.pk}", {"target_value": 1000}).status_code == 200
    )
    response = a.post(reverse("check_in", args=[kr.pk]), {**form, "value": "50"}, **headers)
    html = response.content.decode()
    assert response.status_code == 409, html
    assert not CheckIn.objects.filter(key_result=kr).exists()
    assert "100 → 1,000" in html and 'value="50"' in html
    # Saving again (the form now carries the key result as it is) records the value.
    again = form_of(html, "stack" if how == "page" else "checkin-form")
    response = a.post(reverse("check_in", args=[kr.pk]), again, **headers)
    assert response.status_code in (200, 302), response.content.decode()
    kr.refresh_from_db()
    assert kr.current_value == 50 and kr.progress == Decimal("0.05")


@pytest.mark.parametrize("how", FORMS)
def test_a_value_change_by_someone_else_asks_nothing_of_the_measure(client_for, world, how):
    load, headers = FORMS[how]
    kr = make_objective(world.alice, world.cycle).key_results.get()
    a = client_for(world.alice)
    form = load(a, kr)
    services.update_key_result(world.admin, kr, title="Renamed")  # not how it is measured
    response = a.post(reverse("check_in", args=[kr.pk]), {**form, "value": "50"}, **headers)
    assert response.status_code in (200, 302)
    assert KeyResult.objects.get(pk=kr.pk).current_value == 50


@pytest.mark.parametrize("how", FORMS)
def test_the_form_starts_at_a_confidence_given_through_the_api(client_for, world, how):
    load, headers = FORMS[how]
    kr = make_objective(world.alice, world.cycle).key_results.get()
    assert Api(world.alice).patch(f"/key-results/{kr.pk}", {"confidence": 10}).status_code == 200
    a = client_for(world.alice)
    form = load(a, kr)
    assert form["confidence"] == "10"
    a.post(reverse("check_in", args=[kr.pk]), {**form, "value": "5"}, **headers)
    assert CheckIn.objects.get(key_result=kr).confidence == 10
    assert KeyResult.objects.get(pk=kr.pk).confidence == 10


@pytest.mark.parametrize("how", FORMS)
def test_a_done_or_not_answer_nobody_gave_is_not_preselected(client_for, world, how):
    load, headers = FORMS[how]
    kr = services.create_key_result(
        world.alice,
        make_objective(world.alice, world.cycle),
        title="Ship it",
        metric_type="boolean",
    )
    a = client_for(world.alice)
    form = load(a, kr)
    assert form.get("value", "") == ""
    response = a.post(reverse("check_in", args=[kr.pk]), form, **headers)
    assert response.status_code == 422
    assert not CheckIn.objects.filter(key_result=kr).exists()
    response = a.post(reverse("check_in", args=[kr.pk]), {**form, "value": "0"}, **headers)
    assert response.status_code in (200, 302)
    # Answered once, the form starts at that answer.
    assert load(a, kr)["value"] == "0"
