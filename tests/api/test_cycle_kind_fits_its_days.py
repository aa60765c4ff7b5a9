"""A cycle's kind agrees with its days (DESIGN §3: year, half, quarter, bimonth, month, custom):
a kind given that its days do not fit is refused naming `kind`, on the service, the API and the
web form; left out (service, API), the kind is the one its days fit, else custom."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from mubiao.okrs import rules, services
from mubiao.okrs.models import Cycle

D = dt.date

FITS = [
    ("month", D(2030, 2, 1), D(2030, 2, 28)),
    ("month", D(2030, 10, 1), D(2030, 10, 31)),
    ("bimonth", D(2030, 1, 1), D(2030, 2, 28)),
    ("quarter", D(2030, 10, 1), D(2030, 12, 31)),
    ("quarter", D(2030, 2, 15), D(2030, 5, 15)),  # a fiscal quarter
    ("half", D(2030, 1, 1), D(2030, 6, 30)),
    ("year", D(2032, 1, 1), D(2032, 12, 31)),
    ("custom", D(2030, 1, 1), D(2030, 1, 10)),
    # A calendar of whole weeks (4-4-5, 52/53 weeks): 5 weeks, 9, 14, 27 and 52 weeks.
    ("month", D(2030, 1, 28), D(2030, 3, 3)),
    ("bimonth", D(2030, 1, 1), D(2030, 3, 4)),
    ("quarter", D(2030, 1, 1), D(2030, 4, 8)),
    ("half", D(2030, 1, 1), D(2030, 7, 8)),
    ("year", D(2029, 12, 31), D(2030, 12, 29)),
    ("custom", D(2030, 1, 1), D(2030, 2, 5)),  # 36 days: between a month and two
]
MISFITS = [
    ("month", D(2030, 10, 1), D(2030, 12, 31)),
    ("quarter", D(2030, 1, 1), D(2030, 1, 31)),
    ("year", D(2030, 1, 1), D(2030, 6, 30)),
    ("half", D(2030, 1, 1), D(2030, 12, 31)),
    ("bimonth", D(2030, 1, 1), D(2030, 1, 31)),
    ("annual", D(2030, 1, 1), D(2030, 12, 31)),  # no kind (the API's schema refuses it too)
]


@pytest.mark.parametrize("kind, start, end", FITS)
def test_a_kind_its_days_fit_is_derived_and_accepted(kind, start, end):
    assert rules.cycle_kind_fits(kind, start, end)
    assert rules.cycle_kind_for(start, end) == kind


def test_every_calendar_period_fits_its_kind_and_no_span_fits_two():
    """Every month, two months, quarter, half and year from 2024 to 2035, wherever it starts
    (a fiscal year from April too), is of its kind; the kinds' ranges never overlap."""
    months = {"month": 1, "bimonth": 2, "quarter": 3, "half": 6, "year": 12}
    for kind, length in months.items():
        for year in range(2024, 2036):
            for month in range(1, 13):
                start = D(year, month, 1)
                after = month - 1 + length
                end = D(year + after // 12, after % 12 + 1, 1) - dt.timedelta(days=1)
                assert rules.cycle_kind_for(start, end) == kind, (kind, start, end)
    for days in range(1, 800):
        end = D(2030, 1, 1) + dt.timedelta(days=days - 1)
        fitting = [k for k in rules.CYCLE_KIND_DAYS if rules.cycle_kind_fits(k, D(2030, 1, 1), end)]
        assert len(fitting) <= 1, (days, fitting)


@pytest.mark.django_db
@pytest.mark.parametrize("kind, start, end", MISFITS)
def test_a_kind_its_days_do_not_fit_is_refused_everywhere(world, api, client_for, kind, start,
                                                          end):  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.create_cycle(world.admin, name="X", kind=kind, start_date=start, end_date=end)
    assert "kind" in refused.value.message_dict
    response = api(world.admin).post("/cycles", {
        "name": "X", "kind": kind, "start_date": start.isoformat(), "end_date": end.isoformat()
    })  # fmt: skip
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["kind"]
    assert not Cycle.objects.filter(name="X").exists()


@pytest.mark.django_db
def test_left_out_the_kind_is_the_one_the_days_fit(world, api):
    made = api(world.admin).post(
        "/cycles", {"name": "Oct", "start_date": "2030-10-01", "end_date": "2030-10-31"}
    )
    assert made.status_code == 201 and made.json()["kind"] == "month"
    cycle = Cycle.objects.get(name="Oct")
    with pytest.raises(ValidationError) as refused:
        services.update_cycle(world.admin, cycle, kind="quarter")
    assert "kind" in refused.value.message_dict


# Each kind made at its shortest from START, then its days moved: the span still of the kind is
# accepted, one day past either end of the kind's range is refused naming the fields sent.
START = D(2040, 1, 1)


def _moves(kind):
    low, high = rules.CYCLE_KIND_DAYS[kind]
    day = dt.timedelta(days=1)
    fitting = [
        {"end_date": START + (high - 1) * day},  # stretched to its longest
        {"start_date": START - (high - low) * day},  # stretched at its start
        {"start_date": START + 9 * day, "end_date": START + (low + 8) * day},  # moved whole
    ]
    misfitting = [
        {"end_date": START + high * day},  # a day too long
        {"end_date": START + (low - 2) * day},  # a day too short
        {"start_date": START + day},  # a day too short, from its start
        {"start_date": START + 99 * day, "end_date": START + (99 + high) * day},
    ]
    return fitting, misfitting


SPAN_MOVES = [
    (kind, fits, move)
    for kind in rules.CYCLE_KIND_DAYS
    for fits, moves in zip((True, False), _moves(kind), strict=True)
    for move in moves
]


def _shortest(world, kind):
    low, _high = rules.CYCLE_KIND_DAYS[kind]
    return services.create_cycle(world.admin, name=kind, kind=kind, start_date=START,
                                 end_date=START + dt.timedelta(days=low - 1))  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("kind, fits, move", SPAN_MOVES)
def test_moving_a_cycles_days_keeps_them_fitting_its_kind(world, api, kind, fits, move):
    """Service and API alike: a quarter is not stretched to 200 days by its dates alone."""
    for route in ("service", "api"):
        cycle = _shortest(world, kind)
        before = (cycle.start_date, cycle.end_date)
        if route == "service":
            try:
                services.update_cycle(world.admin, cycle, **move)
                refused = None
            except ValidationError as error:
                refused = sorted(error.message_dict)
        else:
            response = api(world.admin).patch(
                f"/cycles/{cycle.pk}", {name: day.isoformat() for name, day in move.items()}
            )
            assert response.status_code == (200 if fits else 422), response.content[:300]
            refused = None if fits else sorted(e["field"] for e in response.json()["errors"])
        cycle.refresh_from_db()
        if fits:
            assert refused is None
            assert (cycle.start_date, cycle.end_date) == (
                move.get("start_date", before[0]), move.get("end_date", before[1])
            )  # fmt: skip
        else:
            assert refused == sorted(move), route
            assert (cycle.start_date, cycle.end_date) == before, route
        services.delete_cycle(world.admin, cycle)


@pytest.mark.django_db
def test_a_custom_cycles_days_move_to_any_span(world, api):
    cycle = services.create_cycle(world.admin, name="Launch", kind="custom", start_date=START,
                                  end_date=START + dt.timedelta(days=9))  # fmt: skip
    services.update_cycle(world.admin, cycle, end_date=START + dt.timedelta(days=499))
    response = api(world.admin).patch(f"/cycles/{cycle.pk}", {"end_date": START.isoformat()})
    assert response.status_code == 200, response.content[:300]
    cycle.refresh_from_db()
    assert (cycle.start_date, cycle.end_date, cycle.kind) == (START, START, "custom")


@pytest.mark.django_db
def test_a_kind_and_dates_sent_together_are_all_named(world):
    cycle = _shortest(world, "month")
    with pytest.raises(ValidationError) as refused:
        services.update_cycle(world.admin, cycle, kind="quarter",
                              end_date=START + dt.timedelta(days=199))  # fmt: skip
    assert sorted(refused.value.message_dict) == ["end_date", "kind"]
