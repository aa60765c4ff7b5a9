"""One date reader for every date a person or a client writes (issue 9): the web forms read a
date as the imports do (okrs.transfer.columns.a_date: `12月31日` in the cycle, 元旦, `3/31`,
`2027年3月31日`, `2027-3-31`, full-width digits), and every refusal — web or API — quotes what
was typed and says why ("2027-02 has 28 days", no year). Django's DateField answered "Enter a
valid date." to all of them and the API "Enter a valid date (YYYY-MM-DD)."."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import Cycle
from mubiao.okrs.transfer.columns import a_date
from tests.api.conftest import field_errors
from tests.conftest import make_objective
from tests.web.test_date_fields import DATE_FIELDS, BrowserForm

# A cycle across the new year, so that a date without a year has to be placed in it.
FIRST, LAST = dt.date(2026, 11, 1), dt.date(2027, 3, 31)

# Typed → the day the imports read it as in that cycle.
IN_CYCLE = {
    "12月31日": dt.date(2026, 12, 31),
    "元旦": dt.date(2027, 1, 1),
    "3/31": dt.date(2027, 3, 31),
    "2027年3月31日": dt.date(2027, 3, 31),
    "2027-3-31": dt.date(2027, 3, 31),
    "２０２７－０３－３１": dt.date(2027, 3, 31),
    "2027/3/31": dt.date(2027, 3, 31),
}
WITH_YEAR = {
    typed: day for typed, day in IN_CYCLE.items() if "2027" in typed or "２０２７" in typed
}

# Typed → words the refusal must hold besides the quoted typing.
REFUSED = {
    "2027-02-30": "28 days",
    "2027-13-01": "12 months",
    "next week-ish": "2026-12-31",
}


def test_the_table_is_the_imports_reading():
    for typed, day in IN_CYCLE.items():
        assert a_date(typed, (FIRST, LAST)) == day


@pytest.mark.parametrize("typed", sorted(WITH_YEAR))
@pytest.mark.parametrize("field", DATE_FIELDS)
def test_every_date_field_reads_a_date_with_its_year_as_the_imports(field, typed):
    assert field.clean(typed) == WITH_YEAR[typed]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("typed", sorted(REFUSED))
@pytest.mark.parametrize("field", DATE_FIELDS)
def test_every_date_field_refuses_quoting_the_typing_and_saying_why(field, typed, language):
    with translation.override(language), pytest.raises(Exception) as refused:
        field.clean(typed)
    message = " ".join(refused.value.messages)
    assert f"“{typed}”" in message
    if language == "en":
        assert REFUSED[typed] in message


@pytest.mark.parametrize("field", DATE_FIELDS)
def test_a_day_without_a_year_outside_a_cycle_is_said_to_lack_the_year(field):
    with pytest.raises(Exception) as refused:
        field.clean("12月31日")
    assert "“12月31日” has no year" in " ".join(refused.value.messages)


@pytest.fixture
def across(world):
    """A cycle 2026-11-01 … 2027-03-31 and Alice's objective in it with one key result."""
    cycle = services.create_cycle(
        world.admin,
        name="Winter",
        kind=Cycle.Kind.CUSTOM,
        start_date=FIRST,
        end_date=LAST,
        state=Cycle.State.ACTIVE,
    )
    return make_objective(world.alice, cycle, "Ship the site")


def _edit_data(client, objective, due: str) -> dict:
    """The edit form as a browser submits it, its key result's due date typed over."""
    form = BrowserForm()
    form.feed(client.get(reverse("objective_edit", args=[objective.pk])).content.decode())
    return {**form.data, "kr-0-due_date": due}


@pytest.mark.django_db
@pytest.mark.parametrize("typed", sorted(IN_CYCLE))
def test_the_edit_form_reads_a_due_date_in_the_objectives_cycle(client_for, world, across, typed):
    client = client_for(world.alice)
    answer = client.post(
        reverse("objective_edit", args=[across.pk]), _edit_data(client, across, typed)
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    assert across.key_results.get().due_date == IN_CYCLE[typed]


@pytest.mark.django_db
def test_the_edit_form_refuses_an_impossible_due_date_beside_it(client_for, world, across):
    client = client_for(world.alice)
    answer = client.post(
        reverse("objective_edit", args=[across.pk]), _edit_data(client, across, "2027-02-30")
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "“2027-02-30” is not a date: February 2027 has 28 days; write 2027-02-28." in page
    assert 'value="2027-02-30"' in page  # what was typed is kept
    assert across.key_results.get().due_date is None


@pytest.mark.django_db
def test_the_cycle_form_reads_dates_as_the_imports(client_for, world):
    answer = client_for(world.admin).post(
        reverse("settings_cycles"),
        {
            "name": "H1",
            "kind": "half",
            "start_date": "2027年1月1日",
            "end_date": "２０２７－６－３０",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    cycle = Cycle.objects.get(name="H1")
    assert (cycle.start_date, cycle.end_date) == (dt.date(2027, 1, 1), dt.date(2027, 6, 30))


# The API takes YYYY-MM-DD only (its schema's `date`); every other typing is refused saying
# why, or naming the date to send for one the reader reads.
API_REFUSALS = {
    "2027-02-30": "“2027-02-30” is not a date: February 2027 has 28 days; write 2027-02-28.",
    # No cycle gives the year: the most days the month has, never a day of another month.
    "Feb 30": "“Feb 30” is not a date: February has at most 29 days.",
    "2月30日": "“2月30日” is not a date: February has at most 29 days.",
    "12月31日": "“12月31日” has no year: write it as 2026-12-31.",
    "2027年3月31日": "“2027年3月31日”: send the date as 2027-03-31.",
    "2027-3-31": "“2027-3-31”: send the date as 2027-03-31.",
    "soon": "“soon” is not a date: write it as 2026-12-31.",
    "": "“”: Enter a valid date (YYYY-MM-DD).",
}


def _api_paths(world, across):
    kr = across.key_results.get()
    return [
        ("patch", f"/key-results/{kr.pk}", world.alice, {}, "due_date"),
        (
            "post",
            "/key-results",
            world.alice,
            {"objective_id": across.pk, "title": "Second", "target_value": 5},
            "due_date",
        ),
        (
            "post",
            "/cycles",
            world.admin,
            {"name": "Later", "kind": "custom", "end_date": "2027-06-30"},
            "start_date",
        ),
        ("patch", f"/cycles/{across.cycle_id}", world.admin, {}, "end_date"),
        ("post", "/reports", world.alice, {}, "week"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("sent", sorted(API_REFUSALS))
def test_every_api_date_refusal_quotes_the_value_and_says_why(api, world, across, sent):
    for method, path, member, body, name in _api_paths(world, across):
        answer = getattr(api(member), method)(path, {**body, name: sent})
        assert answer.status_code == 422, (path, answer.content)
        assert field_errors(answer)[name] == API_REFUSALS[sent], path
    assert across.key_results.get().due_date is None
    assert across.cycle.end_date == LAST
