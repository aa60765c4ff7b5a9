"""A key result's status reads its due date (issue 9, brief h9s2, fresh tester):

1. KR 0 → 100 due 2026-12-06 with check-ins 90 / 96 / 99, on 2026-12-07 in the organization's
   time zone (Asia/Shanghai): `on_track`. Past its due date short of its target, nothing is on
   track: `off_track`, on the day of the organization whatever the server's zone.
2. A new done / not done (milestone) key result in a running cycle, nobody checked in yet:
   `off_track` the minute it was created. A done / not done key result is judged by its due date
   (not started before a check-in, then on track, off track once past due and not done), and any
   key result's not-started window runs from the day it was created, not from the cycle's start.

The rule is okrs.rules.key_result_status; every path that stores or shows a status uses it:
the services (create, check-in), the API, the key result page, and the worker's set-based
refresh (okrs.pace), which must agree with it row for row.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs import rules, services
from mubiao.okrs.models import Cycle, KeyResult
from mubiao.orgs import services as org_services
from tests.api.conftest import Api
from tests.conftest import freeze_clock, make_objective
from tests.web.test_writing import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

D = dt.date
START, END = D(2026, 10, 1), D(2026, 12, 31)


# (progress, due, today, checked in, created, done or not) → status
TABLE = [
    # 1. past due short of the target: off track, however close
    (Decimal("0.99"), D(2026, 12, 6), D(2026, 12, 7), True, None, False, "off_track"),
    (Decimal("0.99"), D(2026, 12, 6), D(2026, 12, 6), True, None, False, "on_track"),  # due day
    (Decimal("0.5"), D(2026, 12, 6), D(2027, 1, 5), True, None, False, "off_track"),
    (Decimal("0"), D(2026, 12, 6), D(2026, 12, 7), False, None, False, "off_track"),
    (Decimal("1"), D(2026, 12, 6), D(2026, 12, 7), True, None, False, "done"),
    (Decimal("1.2"), D(2026, 12, 6), D(2027, 1, 7), True, None, False, "done"),
    # 2. done / not done: by the due date alone
    (Decimal("0"), END, D(2026, 11, 20), False, D(2026, 11, 20), True, "not_started"),
    (Decimal("0"), END, D(2026, 11, 20), False, None, True, "not_started"),
    (Decimal("0"), END, D(2026, 12, 30), True, None, True, "on_track"),
    (Decimal("0.4"), END, D(2026, 12, 31), True, None, True, "on_track"),
    (Decimal("0"), END, D(2027, 1, 1), True, None, True, "off_track"),
    (Decimal("0"), END, D(2027, 1, 1), False, None, True, "off_track"),
    (Decimal("1"), END, D(2027, 1, 1), True, None, True, "done"),
    # a numeric key result: the not-started window from the day it was created
    (Decimal("0"), END, D(2026, 11, 20), False, D(2026, 11, 20), False, "not_started"),
    (Decimal("0"), END, D(2026, 11, 23), False, D(2026, 11, 20), False, "not_started"),
    (Decimal("0"), END, D(2026, 11, 25), False, D(2026, 11, 20), False, "off_track"),
    (Decimal("0"), END, D(2026, 11, 20), False, D(2026, 9, 1), False, "off_track"),
    (Decimal("0"), END, D(2026, 10, 5), False, None, False, "not_started"),
    # created on its due day (a not-started window with no length, issue 9 h9u): not started
    # until checked in or past due, as a done / not done key result created so is
    (Decimal("0"), D(2026, 11, 20), D(2026, 11, 20), False, D(2026, 11, 20), False, "not_started"),
    (Decimal("0"), D(2026, 11, 20), D(2026, 11, 20), False, D(2026, 11, 20), True, "not_started"),
    (Decimal("0"), D(2026, 11, 20), D(2026, 11, 21), False, D(2026, 11, 20), False, "off_track"),
    (Decimal("0"), D(2026, 11, 20), D(2026, 11, 20), True, D(2026, 11, 20), False, "off_track"),
    (Decimal("0"), START, START, False, None, False, "not_started"),  # due on the first day
    # created after its due date: past due from the start, whatever its type
    (Decimal("0"), D(2026, 11, 20), D(2026, 11, 22), False, D(2026, 11, 22), False, "off_track"),
    (Decimal("0"), D(2026, 11, 20), D(2026, 11, 22), False, D(2026, 11, 22), True, "off_track"),
    # checked in: the pace rule as before
    (Decimal("0"), END, D(2026, 11, 20), True, D(2026, 11, 20), False, "off_track"),
    (Decimal("0.5"), END, D(2026, 11, 15), True, None, False, "on_track"),
    (Decimal("0.3"), END, D(2026, 11, 15), True, None, False, "at_risk"),
]


@pytest.mark.parametrize(
    ("progress", "due", "today", "checked", "created", "binary", "want"), TABLE
)
def test_the_rule(progress, due, today, checked, created, binary, want):
    status = rules.key_result_status(
        progress=progress, start=START, due=due, today=today, checked_in=checked,
        created=created, done_or_not=binary,
    )  # fmt: skip
    assert status == want


@pytest.fixture
def shanghai(world):
    org_services.update_organization(
        world.admin, world.org, name=world.org.name, weights=False, time_zone="Asia/Shanghai"
    )
    world.org.refresh_from_db()
    cycle = Cycle.objects.create(
        organization=world.org, name="Q4", kind=Cycle.Kind.QUARTER, start_date=START,
        end_date=END, state=Cycle.State.ACTIVE,
    )  # fmt: skip
    return cycle


def _at(day: dt.date, hour: int) -> dt.datetime:
    """`hour` o'clock UTC on `day`."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def _status_everywhere(world, client_for, kr, *, written: bool = True) -> dict[str, str]:
    """The status as the last write stored it (`written`: when the day has not moved since),
    then as the worker's refresh stores it, the API and the key result page show it."""
    kr.refresh_from_db()
    seen = {"written": kr.status} if written else {}
    services.refresh_cycle(kr.objective.cycle)
    kr.refresh_from_db()
    seen["refresh"] = kr.status
    seen["api"] = Api(world.alice).get(f"/key-results/{kr.pk}").json()["status"]
    page = client_for(world.alice).get(reverse("key_result", args=[kr.pk]))
    seen["page"] = page.context["kr"].status
    return seen


def _each_everywhere(world, client_for, made, status: str, *, written: bool = True) -> None:
    """Every key result of `made` has `status` everywhere (_status_everywhere)."""
    for kr in made:
        seen = _status_everywhere(world, client_for, kr, written=written)
        assert set(seen.values()) == {status}, (kr.metric_type, seen)


def test_past_due_short_of_the_target_is_off_track(world, client_for, monkeypatch, shanghai):
    freeze_clock(monkeypatch, _at(D(2026, 11, 1), 4))
    objective = services.create_objective(
        world.alice, cycle=shanghai, title="Sell more",
        key_results=[{"title": "Deals", "start_value": 0, "target_value": 100,
                      "due_date": D(2026, 12, 6)}],
    )  # fmt: skip
    kr = objective.key_results.get()
    for value, day in ((90, D(2026, 12, 1)), (96, D(2026, 12, 4)), (99, D(2026, 12, 6))):
        freeze_clock(monkeypatch, _at(day, 2))
        services.check_in(world.alice, kr, value=value)
    kr.refresh_from_db()
    assert kr.status == "on_track"  # on its due day, 0.99 of the way
    # 2026-12-06 17:00 UTC is 2026-12-07 01:00 in Shanghai: the day after the due date.
    freeze_clock(monkeypatch, _at(D(2026, 12, 6), 17))
    seen = _status_everywhere(world, client_for, kr, written=False)
    assert set(seen.values()) == {"off_track"}, seen
    # A check-in that day still short of the target: off track as well.
    services.check_in(world.alice, kr, value=99)
    assert _status_everywhere(world, client_for, kr)["written"] == "off_track"


def _created_on_every_route(world, client_for, cycle, title):
    """A done / not done key result added through the services, the API and the form."""
    objective = make_objective(world.alice, cycle, "Ship things", krs=0)
    made = [
        services.create_key_result(world.alice, objective, title=title, metric_type="milestone"),
        services.create_key_result(world.alice, objective, title=title, metric_type="boolean"),
    ]
    response = Api(world.alice).post(
        "/key-results", {"objective_id": objective.pk, "title": title, "metric_type": "milestone"}
    )
    assert response.status_code == 201, response.content[:300]
    made.append(KeyResult.objects.get(pk=response.json()["id"]))
    data = form_data(
        "Ship more things", owner=f"person:{world.alice.pk}",
        krs=[{"title": title, "metric_type": "boolean", "target_value": ""}],
    )  # fmt: skip
    url = f"{reverse('objective_create')}?cycle={cycle.pk}"
    response = client_for(world.alice).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    made.append(KeyResult.objects.filter(title=title).order_by("-pk").first())
    assert {kr.objective.cycle_id for kr in made} == {cycle.pk}
    return made


def test_a_new_done_or_not_key_result_is_not_started(world, client_for, monkeypatch, shanghai):
    # Mid-cycle, 2026-11-20 in Shanghai.
    freeze_clock(monkeypatch, _at(D(2026, 11, 20), 3))
    made = _created_on_every_route(world, client_for, shanghai, "Launch the new help center")
    assert len({kr.pk for kr in made}) == 4
    _each_everywhere(world, client_for, made, "not_started")
    # A check-in that says "not done yet": on track until the due date.
    kr = made[0]
    services.check_in(world.alice, kr, value=0)
    assert set(_status_everywhere(world, client_for, kr).values()) == {"on_track"}
    # After the due date (the cycle's end), not done: off track, for every one of them.
    freeze_clock(monkeypatch, _at(D(2026, 12, 31), 17))  # 2027-01-01 in Shanghai
    _each_everywhere(world, client_for, made, "off_track", written=False)


def test_a_numeric_key_result_added_mid_cycle_waits_for_its_first_check_in(
    world, client_for, monkeypatch, shanghai
):
    freeze_clock(monkeypatch, _at(D(2026, 11, 20), 3))
    objective = make_objective(world.alice, shanghai, "Grow")
    kr = objective.key_results.get()
    assert set(_status_everywhere(world, client_for, kr).values()) == {"not_started"}
    # Its window (a tenth of 2026-11-20 … 2026-12-31) is over: no check-in yet is off track.
    freeze_clock(monkeypatch, _at(D(2026, 11, 26), 3))
    seen = _status_everywhere(world, client_for, kr, written=False)
    assert set(seen.values()) == {"off_track"}, seen


def test_a_number_key_result_created_on_its_due_day_is_not_started(
    world, client_for, monkeypatch, shanghai
):
    """Created on its due day without a check-in (a not-started window with no length): not
    started everywhere, as a done / not done one created so is (issue 9, h9u); past due the
    next day, off track."""
    freeze_clock(monkeypatch, _at(D(2026, 11, 20), 3))  # 2026-11-20 11:00 in Shanghai
    objective = make_objective(world.alice, shanghai, "Grow", krs=0)
    made = [
        services.create_key_result(
            world.alice, objective, title=title, metric_type=kind, start_value=0,
            target_value=target, due_date=D(2026, 11, 20),
        )
        for title, kind, target in (("Sign 10 customers", "number", 10),
                                    ("Ship the new help center", "boolean", 1))
    ]  # fmt: skip
    _each_everywhere(world, client_for, made, "not_started")
    freeze_clock(monkeypatch, _at(D(2026, 11, 20), 17))  # 2026-11-21 in Shanghai
    _each_everywhere(world, client_for, made, "off_track", written=False)


def test_a_key_result_fed_by_aligned_objectives_is_off_track_past_its_due_date(
    world, client_for, monkeypatch, shanghai
):
    """Progress from aligned objectives is read by pace until the due date, then as any key
    result's: short of its target past its due date, off track (issue 9, h9u: 0.95 of the
    way it stayed on track after its deadline), by the writes and the worker alike."""
    freeze_clock(monkeypatch, _at(D(2026, 10, 2), 3))
    company = make_objective(world.admin, shanghai, "Company", krs=0)
    fed = services.create_key_result(
        world.admin, company, title="Teams deliver", progress_source="children",
        due_date=D(2026, 12, 6), start_value=0, target_value=100,
    )  # fmt: skip
    team = make_objective(world.alice, shanghai, "Team", krs=1, parent_key_result=fed)
    freeze_clock(monkeypatch, _at(D(2026, 12, 6), 2))  # its due day, in Shanghai
    services.check_in(world.alice, team.key_results.get(), value=95)
    fed.refresh_from_db()
    assert (fed.progress, fed.status) == (Decimal("0.95"), "on_track")
    freeze_clock(monkeypatch, _at(D(2026, 12, 6), 17))  # 2026-12-07 in Shanghai
    seen = _status_everywhere(world, client_for, fed, written=False)
    assert set(seen.values()) == {"off_track"}, seen
    # A write to the aligned objective the day after stores the same.
    services.check_in(world.alice, team.key_results.get(), value=96)
    assert _status_everywhere(world, client_for, fed)["written"] == "off_track"
