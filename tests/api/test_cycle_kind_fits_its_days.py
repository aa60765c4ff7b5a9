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
]
MISFITS = [
    ("month", D(2030, 10, 1), D(2030, 12, 31)),
    ("quarter", D(2030, 1, 1), D(2030, 1, 31)),
    ("year", D(2030, 1, 1), D(2030, 6, 30)),
    ("half", D(2030, 1, 1), D(2030, 12, 31)),
    ("bimonth", D(2030, 1, 1), D(2030, 1, 31)),
]


@pytest.mark.parametrize("kind, start, end", FITS)
def test_a_kind_its_days_fit_is_derived_and_accepted(kind, start, end):
    assert rules.cycle_kind_fits(kind, start, end)
    assert rules.cycle_kind_for(start, end) == kind


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
