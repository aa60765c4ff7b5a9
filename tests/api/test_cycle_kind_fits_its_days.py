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
