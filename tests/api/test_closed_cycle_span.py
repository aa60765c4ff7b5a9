"""A closed cycle keeps its span: its start date, end date and kind are refused on every route
that changes a cycle (the service, which the API's PATCH and the year form go through), with one
sentence naming the cycle and what no longer changes, at each field sent; the cycle and its key
results' due dates (a key result without its own follows the cycle's end) stay as they were.

Decided (DESIGN.md §3, closed cycles are read-only): a closed cycle's name and parent cycle are
labels, not results, and stay changeable (a closed 2031 Q1 may be renamed, or put inside a year
made later); reopening it (a state change) stays an admin's way to move its days.

It used to be: PATCH /cycles/{id} moved a closed cycle's dates, and its key results' due dates
and pace with them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils import translation

from mubiao.okrs import rules, services
from mubiao.okrs.models import Cycle, KeyResult
from tests.api.conftest import Api
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)
SAID = {
    "en": "The cycle “acme quarter” is closed: its dates and its kind no longer change.",
    "zh-hans": "周期“acme quarter”已关闭：其日期和类型不再修改。",
}
# What is sent, given the cycle: a changed start, a changed end, a changed kind, all three.
CHANGES = {
    "start": lambda c: {"start_date": c.start_date + DAY},
    "end": lambda c: {"end_date": c.end_date - DAY},
    "kind": lambda c: {"kind": "custom"},
    "all": lambda c: {"start_date": c.start_date + DAY, "end_date": c.end_date - DAY,
                      "kind": "custom"},
}  # fmt: skip


def closed(world) -> Cycle:
    objective = make_objective(world.alice, world.cycle, krs=2)
    first = objective.key_results.order_by("position").first()
    services.update_key_result(world.alice, first, due_date=world.cycle.end_date - 10 * DAY)
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.CLOSED)
    world.cycle.refresh_from_db()
    return world.cycle


def rows(world) -> dict:
    return {
        "cycle": model_to_dict(Cycle.objects.get(pk=world.cycle.pk)),
        "due": [
            (kr.due_date, kr.effective_due_date, kr.version)
            for kr in KeyResult.objects.filter(organization=world.org).order_by("pk")
        ],
    }


def by_service(world, cycle, sent, language) -> dict[str, str]:
    with translation.override(language):
        try:
            services.update_cycle(world.admin, cycle, **sent)
        except ValidationError as error:
            return {field: " ".join(said) for field, said in error.message_dict.items()}
    return {}


def by_api(world, cycle, sent, language) -> dict[str, str]:
    client = Api(world.admin, **{"accept-language": language})
    # Sent as a client that read the cycle first would (If-Match where the API gives an ETag).
    etag = client.get(f"/cycles/{cycle.pk}").headers.get("ETag")
    body = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in sent.items()}
    response = client.patch(f"/cycles/{cycle.pk}", body, **({"if_match": etag} if etag else {}))
    if response.status_code == 200:
        return {}
    assert response.status_code == 422, response.content[:300]
    return {e["field"]: e["message"] for e in response.json()["errors"]}


ROUTES = {"service": by_service, "api": by_api}


@pytest.mark.every_case
@pytest.mark.parametrize("language", sorted(SAID))
@pytest.mark.parametrize("change", sorted(CHANGES))
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_a_closed_cycles_dates_and_kind_are_refused_and_nothing_moves(
    world, route, change, language
):
    cycle = closed(world)
    before = rows(world)
    sent = CHANGES[change](cycle)
    refused = ROUTES[route](world, cycle, sent, language)
    assert sorted(refused) == sorted(sent)
    assert all(SAID[language] in said for said in refused.values()), refused
    assert rows(world) == before


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_a_closed_cycle_is_renamed_and_reopened_and_then_moved(world, route):
    cycle = closed(world)
    assert ROUTES[route](world, cycle, {"name": "2031 Q1 (old)"}, "en") == {}
    # The same days and kind sent again are no change: taken with the rename.
    same = {"name": "Old Q1", "start_date": cycle.start_date, "kind": cycle.kind}
    assert ROUTES[route](world, cycle, same, "en") == {}
    assert Cycle.objects.get(pk=cycle.pk).name == "Old Q1"
    services.set_cycle_state(world.admin, cycle, Cycle.State.GRADING)
    cycle.refresh_from_db()
    later = cycle.end_date + DAY
    assert ROUTES[route](world, cycle, {"end_date": later}, "en") == {}
    assert Cycle.objects.get(pk=cycle.pk).end_date == later


def test_a_closed_cycle_is_put_inside_a_year_made_later(world):
    """The year in one step reuses a closed quarter of that year: its parent changes, its span
    does not."""
    start = dt.date(2031, 1, 1)
    quarter = services.create_cycle(world.admin, name="Q1 31", kind="quarter",
                                    start_date=start, end_date=dt.date(2031, 3, 31))  # fmt: skip
    services.set_cycle_state(world.admin, quarter, Cycle.State.ACTIVE)
    services.set_cycle_state(world.admin, quarter, Cycle.State.GRADING)
    services.set_cycle_state(world.admin, quarter, Cycle.State.CLOSED)
    year, *parts = services.create_year(world.admin, year=2031, parts=["quarter"])
    quarter.refresh_from_db()
    assert quarter.parent_id == year.pk and quarter in parts and quarter.is_closed


@pytest.mark.parametrize(
    ("state", "changed", "refused"),
    [
        (state, changed, state == "closed" and changed in rules.CYCLE_SPAN_FIELDS)
        for state in ("planning", "active", "grading", "closed")
        for changed in ("name", "parent", *rules.CYCLE_SPAN_FIELDS)
    ],
)
def test_one_rule_for_a_cycles_span(state, changed, refused):
    assert bool(rules.cycle_span_refusal(state, [changed])) is refused
