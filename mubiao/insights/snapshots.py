"""Daily team snapshots, written set-based: per cycle, one grouped pass over its objectives and
one over the day's check-ins, each grouped by every ancestor team at once (orgs.TeamAncestry),
then the day's rows replaced in one statement. The cost grows with the number of teams, not with
the number of people or OKRs read again later: the charts read these rows."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Avg, Count, Q

from mubiao.insights.models import TeamSnapshot
from mubiao.okrs import rules as okr_rules
from mubiao.okrs.models import CheckIn, Cycle, Objective, Status
from mubiao.orgs.models import TeamAncestry
from mubiao.transactions import write_transaction

_Q4 = Decimal("0.0001")


def _figures(rows, key):
    """{group key: figures} from grouped rows of objectives."""
    return {
        row[key]: {
            "objectives": row["n"],
            "progress": Decimal(row["avg"] or 0).quantize(_Q4),
            **{status: row[status] for status in Status.values},
        }
        for row in rows
    }


def _objective_figures(prefix: str = ""):
    return {
        "n": Count(f"{prefix}id"),
        "avg": Avg(f"{prefix}progress"),
        **{s: Count(f"{prefix}id", filter=Q(**{f"{prefix}status": s})) for s in Status.values},
    }


def write_day(cycle: Cycle, day: dt.date) -> int:
    """Replace the cycle's snapshots of `day` (the organization's date) with today's figures;
    returns how many rows were written."""
    zone = ZoneInfo(cycle.organization.time_zone)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = start + dt.timedelta(days=1)
    live = [s for s in Objective.State.values if s != Objective.State.ARCHIVED]
    # One filter() call: its conditions hold for the same objective row the figures count.
    by_team = _figures(
        TeamAncestry.objects.filter(team__objectives__cycle=cycle, team__objectives__state__in=live)
        .values("ancestor_id")
        .annotate(**_objective_figures("team__objectives__")),
        "ancestor_id",
    )
    whole = Objective.objects.filter(cycle=cycle, state__in=live).aggregate(**_objective_figures())
    day_check_ins = CheckIn.objects.filter(
        key_result__objective__cycle=cycle,
        key_result__objective__state__in=live,
        created_at__gte=start,
        created_at__lt=end,
    )
    activity = {
        row["ancestor_id"]: row
        for row in TeamAncestry.objects.filter(
            team__objectives__key_results__check_ins__in=day_check_ins.values("pk")
        )
        .values("ancestor_id")
        .annotate(
            check_ins=Count("team__objectives__key_results__check_ins", distinct=True),
            people=Count("team__objectives__key_results__check_ins__author", distinct=True),
        )
    }
    org_activity = day_check_ins.aggregate(
        check_ins=Count("id"), people=Count("author", distinct=True)
    )
    expected = okr_rules.expected_progress(cycle.start_date, cycle.end_date, day).quantize(_Q4)

    def row(team_id, figures, counts):
        return TeamSnapshot(
            organization_id=cycle.organization_id,
            cycle=cycle,
            team_id=team_id,
            day=day,
            expected=expected,
            check_ins=counts.get("check_ins") or 0,
            people_updated=counts.get("people") or 0,
            **figures,
        )

    rows = [row(team, figures, activity.get(team, {})) for team, figures in by_team.items()]
    rows.append(row(None, _figures([{"k": None, **whole}], "k")[None], org_activity))
    _replace(cycle, day, rows)
    return len(rows)


@write_transaction
def _replace(cycle: Cycle, day: dt.date, rows: list[TeamSnapshot]) -> None:
    """The day's rows go in one transaction: a reader sees the old day or the new one."""
    TeamSnapshot.objects.filter(cycle=cycle, day=day).delete()
    TeamSnapshot.objects.bulk_create(rows, batch_size=1000)


def series(cycle: Cycle, team_id: int | None) -> list[TeamSnapshot]:
    """A team's (or, with None, the organization's) snapshots of the cycle, by day: one
    indexed read of at most one row per day."""
    return list(TeamSnapshot.objects.filter(cycle=cycle, team_id=team_id).order_by("day"))
