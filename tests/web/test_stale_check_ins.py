"""A check-in form loaded before someone else's check-in (issue 9): sending back the value it
was prefilled with never puts theirs back silently; its confidence is the person's own."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, KeyResult
from tests.api.conftest import Api
from tests.conftest import make_objective
from tests.web.test_stale_edits import FormReader

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def form_of(html: str, form_class: str) -> dict:
    reader = FormReader(form_class)
    reader.feed(html)
    return dict(reader.fields)


def page_form(client, kr):
    """The KR page's check-in form as a browser would send it."""
    return form_of(client.get(reverse("key_result", args=[kr.pk])).content.decode(), "stack")


def inline_form(client, kr):
    """My OKRs' inline check-in form as a browser would send it."""
    html = client.get(reverse("check_in", args=[kr.pk]), **HTMX).content.decode()
    return form_of(html, "checkin-form")


FORMS = {"page": (page_form, {}), "inline": (inline_form, HTMX)}


@pytest.fixture
def kr(world):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    Api(world.alice).post(f"/key-results/{kr.pk}/check-ins", {"value": 1, "confidence": 6})
    return KeyResult.objects.get(pk=kr.pk)


@pytest.mark.parametrize("how", FORMS)
def test_a_note_on_a_stale_form_does_not_put_the_old_value_back(client_for, world, kr, how):
    load, headers = FORMS[how]
    a = client_for(world.alice)
    form = load(a, kr)
    assert form["value"] == "1" and form["initial-value"] == "1"
    assert form["version"] == str(kr.version)
    # Meanwhile the admin checks in 1.5 through the API.
    assert (
        Api(world.admin).post(f"/key-results/{kr.pk}/check-ins", {"value": 1.5}).status_code == 201
    )
    response = a.post(reverse("check_in", args=[kr.pk]), {**form, "note": "On track"}, **headers)
    html = response.content.decode()
    assert response.status_code == 409
    kr.refresh_from_db()
    assert kr.current_value == 1.5  # not put back
    assert CheckIn.objects.filter(key_result=kr).count() == 2
    assert "Ada Admin checked in 1.5 meanwhile" in html
    # Their value is now in the field, the note kept; saving again records 1.5 with the note.
    again = form_of(html, "stack" if how == "page" else "checkin-form")
    assert again["value"] == "1.5" and again["note"] == "On track"
    assert a.post(reverse("check_in", args=[kr.pk]), again, **headers).status_code in (200, 302)
    latest = CheckIn.objects.filter(key_result=kr).latest("created_at", "id")
    assert (latest.value, latest.note, latest.author_id) == (1.5, "On track", world.alice.pk)


@pytest.mark.parametrize("how", FORMS)
def test_a_value_typed_on_a_stale_form_is_asked_about_before_it_replaces_theirs(
    client_for, world, kr, how
):
    """probe9c finding 7: a new value typed on a form loaded before someone else's check-in
    was stored over theirs without a word. Now the save answers the conflict, naming who set
    what and when, with everything typed kept; saving again ("Save anyway") records it."""
    load, headers = FORMS[how]
    a = client_for(world.alice)
    form = load(a, kr)
    answer = Api(world.admin).post(
        f"/key-results/{kr.pk}/check-ins", {"value": 1.5, "note": "B's note"}
    )
    assert answer.status_code == 201
    typed = {**form, "value": "2", "note": "Mine", "confidence": "7", "next_step": "Ship"}
    response = a.post(reverse("check_in", args=[kr.pk]), typed, **headers)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Ada Admin checked in 1.5 meanwhile" in html and "your value is still" in html
    assert "Save anyway" in html
    # Its moment written as the key result's history writes it (issue 9: one format).
    theirs = CheckIn.objects.filter(key_result=kr).latest("created_at", "id")
    history = a.get(reverse("key_result", args=[kr.pk])).content.decode()
    written = re.search(rf'id="check-in-{theirs.pk}"><time datetime="[^"]*">([^<]+)<', history)
    assert written and f"meanwhile ({written.group(1)})" in html, (written, html)
    kr.refresh_from_db()
    assert kr.current_value == Decimal("1.5")
    assert CheckIn.objects.filter(key_result=kr).count() == 2
    again = form_of(html, "stack" if how == "page" else "checkin-form")
    assert (again["value"], again["note"], again["confidence"], again["next_step"]) == (
        "2",
        "Mine",
        "7",
        "Ship",
    )
    assert again["initial-value"] == "1.5" and again["version"] == str(kr.version)
    assert a.post(reverse("check_in", args=[kr.pk]), again, **headers).status_code in (200, 302)
    kr.refresh_from_db()
    latest = CheckIn.objects.filter(key_result=kr).latest("created_at", "id")
    assert (kr.current_value, latest.note, latest.confidence) == (2, "Mine", 7)


@pytest.mark.parametrize("how", FORMS)
def test_a_form_loaded_after_an_edit_without_a_new_value_is_no_conflict(client_for, world, kr, how):
    load, headers = FORMS[how]
    a = client_for(world.alice)
    form = load(a, kr)
    Api(world.admin).patch(f"/key-results/{kr.pk}", {"title": "Renamed"})
    response = a.post(reverse("check_in", args=[kr.pk]), {**form, "value": "2"}, **headers)
    assert response.status_code in (200, 302)
    kr.refresh_from_db()
    assert kr.current_value == 2


def test_the_api_without_if_match_records_the_value_as_before(world, kr):
    Api(world.admin).post(f"/key-results/{kr.pk}/check-ins", {"value": 1.5})
    assert Api(world.alice).post(f"/key-results/{kr.pk}/check-ins", {"value": 2}).status_code == 201
    kr.refresh_from_db()
    assert kr.current_value == 2


@pytest.mark.parametrize("how", FORMS)
def test_a_fresh_form_with_only_a_note_records_the_current_value(client_for, world, kr, how):
    load, headers = FORMS[how]
    a = client_for(world.alice)
    form = load(a, kr)
    response = a.post(reverse("check_in", args=[kr.pk]), {**form, "note": "Same"}, **headers)
    assert response.status_code in (200, 302)
    assert CheckIn.objects.filter(key_result=kr, note="Same", value=1).exists()


def test_the_api_refuses_a_check_in_with_a_stale_if_match(world, kr):
    alice = Api(world.alice)
    read = alice.get(f"/key-results/{kr.pk}").json()["version"]
    Api(world.admin).post(f"/key-results/{kr.pk}/check-ins", {"value": 1.5})
    response = alice.post(
        f"/key-results/{kr.pk}/check-ins", {"value": 1}, **{"If-Match": str(read)}
    )
    assert response.status_code == 409
    kr.refresh_from_db()
    assert kr.current_value == 1.5
    fresh = alice.get(f"/key-results/{kr.pk}").json()["version"]
    response = alice.post(
        f"/key-results/{kr.pk}/check-ins", {"value": 1}, **{"If-Match": str(fresh)}
    )
    assert response.status_code == 201


@pytest.mark.parametrize("how", FORMS)
def test_the_confidence_preselected_is_the_persons_own(client_for, world, kr, how):
    load, _headers = FORMS[how]
    Api(world.admin).post(f"/key-results/{kr.pk}/check-ins", {"value": 1.5, "confidence": 9})
    # Alice gave 6 earlier: her form starts at 6, not at the admin's 9.
    assert load(client_for(world.alice), kr)["confidence"] == "6"
    assert load(client_for(world.admin), kr)["confidence"] == "9"


@pytest.mark.parametrize("how", FORMS)
def test_no_confidence_of_ones_own_is_not_set(client_for, world, how):
    load, headers = FORMS[how]
    kr = make_objective(world.alice, world.cycle).key_results.get()
    Api(world.admin).post(f"/key-results/{kr.pk}/check-ins", {"value": 1.5, "confidence": 9})
    a = client_for(world.alice)
    form = load(a, kr)
    assert form.get("confidence", "") == ""
    a.post(reverse("check_in", args=[kr.pk]), {**form, "value": "2"}, **headers)
    assert CheckIn.objects.get(key_result=kr, author=world.alice).confidence is None


# ---- The objective edit form's current value box ------------------------------------------


def edit_form(client, objective):
    from tests.web.test_stale_edits import load

    return load(client, reverse("objective_edit", args=[objective.pk]))


def test_the_edit_form_left_as_loaded_keeps_a_check_in_made_meanwhile(client_for, world, kr):
    a = client_for(world.alice)
    form = edit_form(a, kr.objective)
    assert form["kr-0-current_value"] == "1" == form["initial-kr-0-current_value"]
    Api(world.admin).post(f"/key-results/{kr.pk}/check-ins", {"value": 1.5})
    url = reverse("objective_edit", args=[kr.objective_id])
    assert a.post(url, {**form, "kr-0-title": "KR renamed"}).status_code == 302
    kr.refresh_from_db()
    assert (kr.title, kr.current_value) == ("KR renamed", 1.5)
    assert CheckIn.objects.filter(key_result=kr).count() == 2  # nothing re-recorded


def test_a_current_value_typed_over_a_check_in_made_meanwhile_is_a_conflict(client_for, world, kr):
    a = client_for(world.alice)
    form = edit_form(a, kr.objective)
    Api(world.admin).post(f"/key-results/{kr.pk}/check-ins", {"value": 1.5})
    url = reverse("objective_edit", args=[kr.objective_id])
    response = a.post(url, {**form, "kr-0-current_value": "3"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Saved meanwhile by someone else: 1.5 (checked in by Ada Admin)" in html
    kr.refresh_from_db()
    assert kr.current_value == 1.5
    again = form_of(html, "okr-form")
    assert again["kr-0-current_value"] == "3"  # what was typed is kept
    again["kr-0-ORDER"] = "1"
    assert a.post(url, again).status_code == 302  # saving again is the confirmation
    kr.refresh_from_db()
    assert kr.current_value == 3


@pytest.fixture
def revenue(world):
    """Alice's revenue key result in 万元 with her check-in of 1 万元."""
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Grow",
        key_results=[{"title": "Revenue", "metric_type": "currency", "unit": "万元",
                      "start_value": 0, "target_value": 100}],
    )  # fmt: skip
    kr = objective.key_results.get()
    Api(world.alice).post(f"/key-results/{kr.pk}/check-ins", {"value": 1})
    return KeyResult.objects.get(pk=kr.pk)


def _conflict_note(html: str) -> str:
    return re.search(r'<small class="conflict[^"]*">(.*?)</small>', html, re.S).group(1)


@pytest.mark.parametrize("how", FORMS)
def test_a_conflict_names_who_wrote_the_value_not_the_converted_check_ins_author(
    client_for, world, revenue, how
):
    """h9p (issue 9): after the admin put the key result in 元 (Alice's check-in converted to
    10000 元), a form loaded before named Alice, the author of the converted check-in, as
    having checked in the new value. It names the admin, who changed it."""
    load, headers = FORMS[how]
    a = client_for(world.alice)
    form = load(a, revenue)
    assert Api(world.admin).patch(f"/key-results/{revenue.pk}", {"unit": "元"}).status_code == 200
    response = a.post(reverse("check_in", args=[revenue.pk]), {**form, "value": "2"}, **headers)
    assert response.status_code == 409
    note = _conflict_note(response.content.decode())
    assert note.startswith("Ada Admin changed the value to ¥10,000 meanwhile"), note
    assert "Alice" not in note


def test_the_edit_form_names_who_wrote_the_value_not_the_converted_check_ins_author(
    client_for, world, revenue
):
    a = client_for(world.alice)
    form = edit_form(a, revenue.objective)
    assert Api(world.admin).patch(f"/key-results/{revenue.pk}", {"unit": "元"}).status_code == 200
    url = reverse("objective_edit", args=[revenue.objective_id])
    response = a.post(url, {**form, "kr-0-current_value": "3"})
    assert response.status_code == 409
    assert "Saved meanwhile by someone else: 10000 (changed by Ada Admin)" in (
        response.content.decode()
    )
