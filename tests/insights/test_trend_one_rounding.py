"""One rounding for every mean of progress (issue 12, M1): the headline, the sub-team rollups,
the worker's team snapshots, the backfill and the series a non-admin's line is read from all
give insights.rules.mean_point of the objectives' progress: the exact mean, rounded once,
half up, to 4 places. The snapshots used the database's average (a float on SQLite) rounded
half to even, then rounded again when read, so the dashboard's figure and its trend's past
days disagreed by a point on these value sets."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from mubiao.accounts.tokens import create_token
from mubiao.insights import rules, snapshots
from mubiao.insights.models import TeamSnapshot
from mubiao.okrs import services as okrs
from mubiao.okrs.models import CheckIn
from mubiao.orgs.rules import today_for
from tests.conftest import make_objective

# Check-in values on 0–100 key results: each objective's progress is value / 100, 4 places.
VALUE_SETS = {
    # An exact tie at the fifth place: half to even gave 0.1234.
    "tie rounded to even below": (["12.34", "12.35"], "0.1235"),
    "tie near zero": (["0.24", "0.25"], "0.0025"),
    # The exact mean 0.10025; a float average reads 0.10024999…, half to even 0.1002 too.
    "tie of four": (["10.01", "10.02", "10.03", "10.04"], "0.1003"),
    # The exact mean 0.04995; a float average reads 0.0499499…
    "float below the tie": (
        ["1.11", "2.22", "3.33", "4.44", "5.55", "6.66", "7.77", "8.88"],
        "0.0500",
    ),
    "no tie": (["33.33", "33.33", "33.34"], "0.3333"),
}


def test_mean_point_is_the_exact_mean_rounded_once_half_up():
    for values, mean in VALUE_SETS.values():
        progress = [Decimal(v) / 100 for v in values]
        assert rules.mean_point(progress) == Decimal(mean)
        assert rules.mean_point(sum(progress), len(progress)) == Decimal(mean)
    assert rules.mean_point([]) is None
    assert rules.mean_point(Decimal(0), 0) is None


def _api(member):
    _, secret = create_token(member)
    return Client(headers={"authorization": f"Bearer {secret}"})


def _q(value) -> Decimal:
    """A figure of the API's JSON (a float) as the 4-place Decimal it stands for."""
    return Decimal(str(value)).quantize(Decimal("0.0001"))


@pytest.mark.parametrize("case", VALUE_SETS)
def test_headline_rollups_snapshots_backfill_and_series_agree(world, case):
    values, mean = VALUE_SETS[case]
    mean = Decimal(mean)
    for i, value in enumerate(values):
        objective = make_objective(world.alice, world.cycle, f"Objective {i}", team=world.product)
        okrs.check_in(world.alice, objective.key_results.get(), value=Decimal(value))
    # The history the backfill reads: the check-ins were made before the days it writes.
    today = today_for(world.org)
    CheckIn.objects.update(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=4))
    backfilled, written = today - dt.timedelta(days=2), today - dt.timedelta(days=1)
    snapshots.backfill(world.cycle, [backfilled])
    snapshots.write_day(world.cycle, written)
    kept = dict(TeamSnapshot.objects.filter(team=world.product).values_list("day", "progress"))
    assert kept == {backfilled: mean, written: mean}

    for reader in (world.admin, world.alice):
        api = _api(reader)
        team = api.get(f"/api/v1/dashboards/teams/{world.product.pk}").json()
        assert _q(team["headline"]["progress"]) == mean, reader
        # The admin's line from the team's snapshots, the member's from their visible
        # objectives' series, today's point the headline.
        assert [(p["day"], _q(p["progress"])) for p in team["trend"]] == [
            (str(day), mean) for day in (backfilled, written, today)
        ], reader
        company = api.get("/api/v1/dashboards/company").json()
        # The company page's sub-teams are the departments under its one root team.
        (row,) = [r for r in company["subteams"] if r["id"] == world.product.pk]
        assert _q(row["progress"]) == mean, reader
        lines = api.get("/api/v1/dashboards/company/lines").json()["lines"]
        (line,) = [x for x in lines if x["id"] == row["id"]]
        assert {_q(p["progress"]) for p in line["points"]} == {mean}, reader
