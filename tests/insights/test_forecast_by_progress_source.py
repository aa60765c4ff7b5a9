"""The at-risk list's forecast ("at this rate") follows what the objective's progress is made of
(issue 12, probe12): an objective that takes its progress from the objectives aligned to it,
alone or in a mix, was projected from its own key results' check-ins ("90% by Dec 31" while its
progress was 52% and its children barely moved). The table: the three progress sources × the
page, the API and the forecast worked out here from the rows this test made."""

import datetime as dt
from datetime import time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mubiao.accounts.tokens import create_token
from mubiao.insights import selectors as insights
from mubiao.insights.models import ObjectiveSnapshot
from mubiao.insights.tasks import write_snapshots
from mubiao.okrs import rules as okr_rules
from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, Objective
from mubiao.orgs.rules import today_for
from tests.conftest import make_objective

# The parent's key result climbs 10 points in 10 days (at this rate about 70% by the cycle's
# end); its aligned child 1 point (about 12% by then). The cycle is a third gone.
KR_VALUES, CHILD_VALUES = (0, 10), (5, 6)


def _check_in(actor, objective, values):
    kr = objective.key_results.get()
    then, now = values
    services.check_in(actor, kr, value=then, at=timezone.now() - dt.timedelta(days=10))
    services.check_in(actor, kr, value=now)


def _from_key_results(parent) -> Decimal:
    """The key result's trend: its check-ins' values projected to its due date, as progress."""
    kr = parent.key_results.get()
    zone = ZoneInfo(parent.organization.time_zone)
    points = CheckIn.objects.filter(key_result=kr).values_list("created_at", "value")
    due = dt.datetime.combine(kr.due_date or parent.cycle.end_date, time.min, tzinfo=zone)
    value = okr_rules.forecast_by_day(points, due, zone)
    return okr_rules.kr_progress(
        metric_type=kr.metric_type,
        direction=kr.direction,
        start=kr.start_value,
        target=kr.target_value,
        current=value,
    )


def _from_progress(parent) -> Decimal:
    """The objective's own progress over the cycle: each past day's snapshot at that day's end,
    and today's progress, projected to the cycle's end."""
    zone = ZoneInfo(parent.organization.time_zone)
    today = today_for(parent.organization)
    rows = ObjectiveSnapshot.objects.filter(objective=parent, day__lt=today).order_by("day")
    points = [(dt.datetime.combine(r.day, time.max, tzinfo=zone), r.progress) for r in rows]
    points.append((timezone.now(), parent.progress))
    end = dt.datetime.combine(parent.cycle.end_date, time.min, tzinfo=zone)
    return okr_rules.forecast_by_day(points, end, zone)


@pytest.mark.parametrize("source", ["key_results", "aligned", "mix", "fed_key_result"])
def test_the_forecast_follows_the_progress_source(client, world, source):
    """`fed_key_result`: an objective of key results whose one key result, checked in before,
    now takes its progress from the objective aligned to it (its old check-ins are not its
    progress any more)."""
    fed = source == "fed_key_result"
    parent = make_objective(
        world.lead,
        world.cycle,
        "Parent",
        progress_source="key_results" if fed else source,
        aligned_share=50,
    )
    _check_in(world.lead, parent, KR_VALUES)
    aligned_to = {"parent_objective": parent}
    if fed:
        kr = parent.key_results.get()
        services.update_key_result(world.lead, kr, progress_source="children")
        aligned_to = {"parent_key_result": kr}
    child = make_objective(world.bob, world.cycle, "Child", **aligned_to)
    _check_in(world.bob, child, CHILD_VALUES)
    write_snapshots.call()  # the past days, replayed from the check-ins by each one's source
    parent = Objective.objects.select_related("organization", "cycle").get(pk=parent.pk)
    want = {"key_results": "0.1", "aligned": "0.06", "mix": "0.08", "fed_key_result": "0.06"}
    assert parent.progress == Decimal(want[source])
    if source == "key_results":
        forecast, due = _from_key_results(parent), parent.key_results.get().due_date
        assert forecast > Decimal("0.5")
    else:
        forecast, due = _from_progress(parent), world.cycle.end_date
        assert forecast < Decimal("0.2")  # not the key result's climb
        assert _from_key_results(parent) > Decimal("0.5")
    due = due or world.cycle.end_date

    client.force_login(world.admin.user)
    listed = {o.title: o for o in client.get("/company").context["at_risk"]}
    assert (listed["Parent"].forecast, listed["Parent"].forecast_due) == (forecast, due)
    _, secret = create_token(world.admin)
    rows = client.get(
        "/api/v1/dashboards/company", headers={"authorization": f"Bearer {secret}"}
    ).json()["at_risk"]
    (row,) = [r for r in rows if r["title"] == "Parent"]
    assert Decimal(str(row["forecast"])) == forecast.quantize(Decimal("0.0001"))
    assert row["forecast_due"] == due.isoformat()


def test_the_forecasts_cost_three_queries_whatever_the_sources(world):
    """The at-risk list's forecasts: the key results, their check-ins and the snapshots of the
    objectives that take progress from aligned ones, three queries for 1 or 6 of each kind."""
    from mubiao.okrs.models import Cycle

    def grow(start, stop):
        for i in range(start, stop):
            for source in ("key_results", "aligned", "mix"):
                parent = make_objective(world.lead, world.cycle, f"{source} {i}",
                                        progress_source=source)  # fmt: skip
                _check_in(world.lead, parent, KR_VALUES)
                child = make_objective(world.bob, world.cycle, f"c {source} {i}",
                                       parent_objective=parent)  # fmt: skip
                _check_in(world.bob, child, CHILD_VALUES)
        write_snapshots.call()

    def measure() -> int:
        listed = list(Objective.objects.filter(cycle=world.cycle, title__contains=" "))
        cycle = Cycle.objects.get(pk=world.cycle.pk)
        with CaptureQueriesContext(connection) as captured:
            insights._add_forecasts(world.admin, cycle, listed)
        return len(captured)

    grow(0, 1)
    assert measure() == 3
    grow(1, 6)
    assert measure() == 3
