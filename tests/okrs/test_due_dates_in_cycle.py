"""A key result's due date stays inside its objective's cycle (issue 9): moving an objective to
another cycle, or changing a cycle's dates, is refused while key results would fall due outside
it, with a message naming them; nothing changes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult, Objective
from tests.api.conftest import Api, field_errors
from tests.conftest import custom_cycle, make_objective, make_world


def _next_cycle(world, **dates):
    start = world.cycle.end_date + dt.timedelta(days=1)
    return services.create_cycle(
        world.admin, name="Next", start_date=dates.get("start", start),
        end_date=dates.get("end", start + dt.timedelta(days=89)),
    )  # fmt: skip


def _due(world, objective, due):
    kr = objective.key_results.get()
    return services.update_key_result(world.alice, kr, title="Ship v2", due_date=due)


def test_moving_an_objective_names_the_key_results_left_outside(world):
    objective = make_objective(world.alice, world.cycle)
    _due(world, objective, world.cycle.end_date)
    later = _next_cycle(world)
    with pytest.raises(ValidationError) as error:
        services.move_objective(world.alice, objective, later)
    message = error.value.message_dict["cycle"][0]
    assert f"“Ship v2” ({world.cycle.end_date.isoformat()})" in message
    assert "Change or clear its due date first" in message
    assert Objective.objects.get(pk=objective.pk).cycle_id == world.cycle.pk
    # Cleared first, the move goes through (the key result is then due at the new cycle's end).
    services.update_key_result(world.alice, objective.key_results.get(), due_date=None)
    assert services.move_objective(world.alice, objective, later).cycle_id == later.pk


def test_shortening_a_cycle_names_the_key_results_left_outside(world):
    objective = make_objective(world.alice, world.cycle)
    _due(world, objective, world.cycle.end_date)
    end = world.cycle.end_date
    with pytest.raises(ValidationError) as error:
        services.update_cycle(world.admin, world.cycle, end_date=end - dt.timedelta(days=1))
    assert "“Ship v2”" in error.value.message_dict["end_date"][0]
    assert Cycle.objects.get(pk=world.cycle.pk).end_date == end
    # Lengthening it keeps every due date inside: allowed.
    services.update_cycle(world.admin, world.cycle, end_date=end + dt.timedelta(days=7))


def test_many_key_results_are_counted(world):
    titles = [{"title": f"KR {i}", "start_value": 0, "target_value": 1,
               "due_date": world.cycle.end_date} for i in range(12)]  # fmt: skip
    services.create_objective(world.alice, cycle=world.cycle, title="Many", key_results=titles)
    with pytest.raises(ValidationError) as error:
        services.update_cycle(world.admin, world.cycle, start_date=world.cycle.start_date,
                              end_date=world.cycle.end_date - dt.timedelta(days=1))  # fmt: skip
    assert error.value.message_dict["end_date"][0].startswith("12 key results")


def test_the_api_answers_422_naming_the_field(world):
    objective = make_objective(world.alice, world.cycle)
    _due(world, objective, world.cycle.end_date)
    later = _next_cycle(world)
    response = Api(world.alice).patch(f"/objectives/{objective.pk}", {"cycle_id": later.pk})
    assert response.status_code == 422
    assert "Ship v2" in " ".join(field_errors(response).values())
    custom_cycle(world)  # 87 days: no longer a quarter
    early = (world.cycle.end_date - dt.timedelta(days=3)).isoformat()
    response = Api(world.admin).patch(f"/cycles/{world.cycle.pk}", {"end_date": early})
    assert response.status_code == 422
    assert "Ship v2" in field_errors(response)["end_date"]
    assert Objective.objects.get(pk=objective.pk).cycle_id == world.cycle.pk
    assert Cycle.objects.get(pk=world.cycle.pk).end_date > world.cycle.end_date - dt.timedelta(3)


class TestAnyChangeOfDates(TestCase):
    """The kind, over any due dates and any new cycle dates: after a change of a cycle's dates,
    refused or not, every key result falls due inside its cycle."""

    @classmethod
    def setUpTestData(cls):
        cls.world = make_world("prop", today=dt.date(2026, 2, 1))
        custom_cycle(cls.world)  # moved by up to 20 days at either end
        cls.objective = make_objective(cls.world.alice, cls.world.cycle, krs=3)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        offsets=st.lists(st.integers(0, 89) | st.none(), min_size=3, max_size=3),
        shift=st.tuples(st.integers(-20, 20), st.integers(-20, 20)),
    )
    def test_due_dates_stay_inside(self, offsets, shift):
        cycle = Cycle.objects.get(pk=self.world.cycle.pk)
        for kr, offset in zip(self.objective.key_results.order_by("pk"), offsets, strict=True):
            due = None if offset is None else cycle.start_date + dt.timedelta(days=offset)
            KeyResult.objects.filter(pk=kr.pk).update(due_date=due)
        start = cycle.start_date + dt.timedelta(days=shift[0])
        end = cycle.end_date + dt.timedelta(days=shift[1])
        dues = [cycle.start_date + dt.timedelta(days=o) for o in offsets if o is not None]
        outside = any(not start <= due <= end for due in dues)
        before = (cycle.start_date, cycle.end_date)
        try:
            services.update_cycle(self.world.admin, cycle, start_date=start, end_date=end)
            refused = False
        except ValidationError:
            refused = True
        stored = Cycle.objects.get(pk=cycle.pk)
        assert refused == outside
        assert (stored.start_date, stored.end_date) == (before if refused else (start, end))
        for due in KeyResult.objects.filter(objective__cycle=stored).values_list(
            "due_date", flat=True
        ):
            assert due is None or stored.start_date <= due <= stored.end_date


def test_the_refusals_in_chinese(world):
    from django.utils import translation

    objective = make_objective(world.alice, world.cycle)
    _due(world, objective, world.cycle.end_date)
    services.check_in(world.alice, objective.key_results.get(), value=5)
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as moved:
            services.move_objective(world.alice, objective, _next_cycle(world))
        with pytest.raises(ValidationError) as changed:
            services.update_key_result(world.alice, objective.key_results.get(),
                                       metric_type="boolean")  # fmt: skip
    assert "请先修改或清除这些截止日期" in moved.value.message_dict["cycle"][0]
    # A key result with check-ins keeps its metric type (their meaning would change).
    assert "改按“完成 / 未完成”衡量后" in changed.value.message_dict["metric_type"][0]


def test_a_cycle_cannot_shrink_away_from_the_cycles_it_holds(world):
    """The same kind one level up: a year's dates never leave its quarters outside it."""
    year = services.create_cycle(
        world.admin,
        name="FY2031",
        kind=Cycle.Kind.CUSTOM,  # shrunk to a half below
        start_date=dt.date(2031, 1, 1),
        end_date=dt.date(2031, 12, 31),
    )
    services.create_cycle(
        world.admin,
        name="2031 Q1",
        kind=Cycle.Kind.QUARTER,
        parent=year,
        start_date=dt.date(2031, 1, 1),
        end_date=dt.date(2031, 3, 31),
    )
    with pytest.raises(ValidationError) as error:
        services.update_cycle(world.admin, year, start_date=dt.date(2031, 2, 1))
    assert "2031 Q1" in error.value.message_dict["start_date"][0]
    assert Cycle.objects.get(pk=year.pk).start_date == dt.date(2031, 1, 1)
    services.update_cycle(world.admin, Cycle.objects.get(pk=year.pk), end_date=dt.date(2031, 6, 30))
