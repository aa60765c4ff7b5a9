"""Issue 9: a check-in's measurement time (`at`) is neither in the future, before its cycle, nor
without a time zone; a future one used to stay the current value against every later check-in."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn
from mubiao.okrs.services.check_ins import CLOCK_SKEW
from tests.conftest import make_objective


def refusal(world, kr, at) -> str:
    with pytest.raises(ValidationError) as refused:
        services.check_in(world.alice, kr, value=10, at=at)
    assert not CheckIn.objects.filter(key_result=kr, value=10).exists()
    return refused.value.message_dict["at"][0]


def test_a_future_check_in_is_refused_and_cannot_freeze_the_current_value(world):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    future = timezone.now() + dt.timedelta(days=3)
    assert "is in the future" in refusal(world, kr, future)
    services.check_in(world.alice, kr, value=20)
    kr.refresh_from_db()
    assert kr.current_value == 20


def test_before_the_cycle_and_naive_times_are_refused_with_a_message(world):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    start = dt.datetime.combine(world.cycle.start_date, dt.time(12), tzinfo=dt.UTC)
    assert "before the cycle starts on" in refusal(world, kr, start - dt.timedelta(days=800))
    naive = timezone.now().replace(tzinfo=None) - dt.timedelta(hours=1)
    assert refusal(world, kr, naive) == "Give the measurement time with its time zone."
    # A small clock skew is no future, and a time since the cycle began is fine.
    services.check_in(world.alice, kr, value=11, at=timezone.now() + dt.timedelta(minutes=2))


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(hours=st.integers(min_value=-24 * 900, max_value=24 * 900))
def test_every_time_is_accepted_only_inside_the_cycle_up_to_now(world, hours):
    kr = make_objective(world.alice, world.cycle).key_results.first()
    now = timezone.now()
    at = now + dt.timedelta(hours=hours)
    local_day = at.astimezone(ZoneInfo(world.org.time_zone)).date()
    allowed = at <= now + CLOCK_SKEW and local_day >= world.cycle.start_date
    try:
        services.check_in(world.alice, kr, value=1, at=at)
        accepted = True
    except ValidationError as error:
        assert set(error.message_dict) == {"at"}
        accepted = False
    assert accepted == allowed
