""" "Pace got worse" reaches the key result's owner whatever made it worse, not only a check-in:
an edit of its target, start or value (a check-in taken back by typing the value it had), an
aligned objective's progress rolling up into it, the cycle's dates, and the calendar itself
(pace is progress against the progress expected by today, DESIGN.md §4: the worker's status
refresh finds it behind). One rule decides (notify.rules.pace_worse, its own table in
test_rules.py); each change is told once, however often the refresh runs afterwards."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mubiao.notify.models import Notification
from mubiao.okrs import services as okrs
from mubiao.okrs import tasks
from mubiao.okrs.models import KeyResult
from mubiao.orgs.rules import today_for
from tests.conftest import custom_cycle, freeze_clock, make_objective


def _check_in(world, kr):
    okrs.check_in(world.admin, kr, value=1)


def _raise_target(world, kr):
    okrs.update_key_result(world.admin, kr, target_value=1000)


def _raise_start(world, kr):
    okrs.update_key_result(world.admin, kr, start_value=35)


def _take_back_value(world, kr):
    okrs.update_key_result(world.admin, kr, current_value=5)


def _end_cycle_sooner(world, kr):
    custom_cycle(world)  # ended yesterday: no longer a quarter
    okrs.update_cycle(world.admin, world.cycle, end_date=today_for(world.org) + dt.timedelta(5))


def _forty_days_pass(world, kr, monkeypatch):
    freeze_clock(monkeypatch, timezone.now() + dt.timedelta(days=40))
    tasks.refresh_statuses.call()


def _aligned_child_falls(world, kr):
    world.extra["child_kr"].refresh_from_db()
    okrs.check_in(world.bob, world.extra["child_kr"], value=1)


def _measured(world) -> KeyResult:
    """Alice's key result at 40% a third into the cycle: on track."""
    kr = make_objective(world.alice, world.cycle, "Grow revenue").key_results.get()
    okrs.check_in(world.alice, kr, value=40)
    return kr


def _counting_children(world) -> KeyResult:
    """Alice's key result that counts Bob's aligned objective (40%: on track)."""
    objective = make_objective(world.alice, world.cycle, "Grow revenue")
    kr = objective.key_results.get()
    okrs.update_key_result(world.alice, kr, progress_source="children")
    child = make_objective(world.bob, world.cycle, "Sell more", parent_key_result=kr)
    world.extra["child_kr"] = child.key_results.get()
    okrs.check_in(world.bob, world.extra["child_kr"], value=40)
    return kr


# trigger name → (what is set up, what makes it worse; both by others than its owner Alice)
TRIGGERS = {
    "check-in": (_measured, _check_in),
    "target raised": (_measured, _raise_target),
    "start raised": (_measured, _raise_start),
    "value taken back": (_measured, _take_back_value),
    "cycle ends sooner": (_measured, _end_cycle_sooner),
    "days pass (worker)": (_measured, _forty_days_pass),
    "aligned objective falls behind": (_counting_children, _aligned_child_falls),
}


@pytest.mark.parametrize("name", TRIGGERS)
def test_a_worse_pace_is_told_to_its_owner_once_whatever_made_it_worse(name, world, monkeypatch):
    prepare, trigger = TRIGGERS[name]
    kr = prepare(world)
    kr.refresh_from_db()
    assert kr.status == "on_track"
    assert not Notification.objects.filter(kind="pace_worse").exists()
    if trigger is _forty_days_pass:
        trigger(world, kr, monkeypatch)
    else:
        trigger(world, kr)
    kr.refresh_from_db()
    assert kr.status in ("at_risk", "off_track")
    (row,) = Notification.objects.filter(recipient=world.alice, kind="pace_worse", key_result=kr)
    assert row.data == {"status": kr.status}
    # The worker's refresh after it finds the status stored: nothing is told twice.
    tasks.refresh_statuses.call()
    okrs.refresh_cycle(world.cycle)
    assert Notification.objects.filter(kind="pace_worse", key_result=kr).count() == 1


def test_a_better_pace_and_a_stay_behind_are_not_told(world, monkeypatch):
    kr = _measured(world)
    okrs.update_key_result(world.admin, kr, target_value=1000)  # off track: told
    okrs.update_key_result(world.admin, kr, target_value=100)  # on track again: not told
    freeze_clock(monkeypatch, timezone.now() + dt.timedelta(days=1))
    tasks.refresh_statuses.call()  # a day on, still on track: nothing
    assert Notification.objects.filter(kind="pace_worse").count() == 1


def _refresh_queries(world, krs: int) -> int:
    objective = make_objective(world.alice, world.cycle, f"Plan of {krs}", krs=krs)
    for kr in objective.key_results.all():
        okrs.check_in(world.alice, kr, value=40)
    later = today_for(world.org) + dt.timedelta(days=40)
    with CaptureQueriesContext(connection) as queries:
        okrs.refresh_cycle(world.cycle, today=later)
    told = Notification.objects.filter(kind="pace_worse", objective=objective).count()
    assert told == krs
    return len(queries)


def test_the_refresh_tells_any_number_of_key_results_in_the_same_statements(world, other_world):
    assert _refresh_queries(world, 2) == _refresh_queries(other_world, 20)
