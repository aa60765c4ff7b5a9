"""Daily team snapshots, written set-based: per cycle, one grouped pass over its objectives and
one over the day's check-ins, each grouped by every ancestor team at once (orgs.TeamAncestry),
then the day's rows replaced in one statement. The cost grows with the number of teams, not with
the number of people or OKRs read again later: the charts read these rows."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Avg, Count, Q
from django.utils import timezone

from mubiao.insights import rules, selectors
from mubiao.insights.models import TeamSnapshot
from mubiao.okrs import rules as okr_rules
from mubiao.okrs.models import CheckIn, Cycle, KeyResult, Objective, Status
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
            "distribution": selectors.distribution(row),
        }
        for row in rows
    }


def _objective_figures(prefix: str = ""):
    return {
        "n": Count(f"{prefix}id"),
        "avg": Avg(f"{prefix}progress"),
        **{s: Count(f"{prefix}id", filter=Q(**{f"{prefix}status": s})) for s in Status.values},
        **selectors.distribution_aggregates(prefix),
    }


def _key_result_figures(prefix: str, now: dt.datetime):
    """The headline's key-result figures (insights.selectors.headline) as aggregates."""
    fresh_since = now - rules.FRESH_FOR
    return {
        "key_results": Count(f"{prefix}id"),
        "confidence": Avg(f"{prefix}confidence"),
        "fresh": Count(f"{prefix}id", filter=Q(**{f"{prefix}last_check_in_at__gte": fresh_since})),
        "stale": Count(f"{prefix}id", filter=Q(**{f"{prefix}last_check_in_at__lt": fresh_since})),
        "never": Count(f"{prefix}id", filter=Q(**{f"{prefix}last_check_in_at__isnull": True})),
    }


def _trend_figures(prefix: str, now: dt.datetime):
    """The average confidence given in check-ins this week and the week before."""
    fresh_since = now - rules.FRESH_FOR
    return {
        "confidence_this_week": Avg(
            f"{prefix}confidence", filter=Q(**{f"{prefix}created_at__gte": fresh_since})
        ),
        "confidence_last_week": Avg(
            f"{prefix}confidence", filter=Q(**{f"{prefix}created_at__lt": fresh_since})
        ),
    }


def _q4(value):
    return None if value is None else Decimal(value).quantize(_Q4)


def _headline_figures(cycle: Cycle, live: list[str], now: dt.datetime):
    """{team id (None: the organization): key-result and confidence-trend figures}, grouped by
    every ancestor team at once like the objective figures."""
    kr_path = "team__objectives__key_results__"
    by_team = {
        row.pop("ancestor_id"): row
        for row in TeamAncestry.objects.filter(
            team__objectives__cycle=cycle,
            team__objectives__state__in=live,
            team__objectives__key_results__state=KeyResult.State.ACTIVE,
        )
        .values("ancestor_id")
        .annotate(**_key_result_figures(kr_path, now))
    }
    by_team[None] = KeyResult.objects.filter(
        objective__cycle=cycle, objective__state__in=live, state=KeyResult.State.ACTIVE
    ).aggregate(**_key_result_figures("", now))
    since = now - 2 * rules.FRESH_FOR
    trend = {
        row.pop("ancestor_id"): row
        for row in TeamAncestry.objects.filter(
            team__objectives__cycle=cycle,
            team__objectives__state__in=live,
            team__objectives__key_results__state=KeyResult.State.ACTIVE,
            team__objectives__key_results__check_ins__created_at__gte=since,
            team__objectives__key_results__check_ins__confidence__isnull=False,
        )
        .values("ancestor_id")
        .annotate(**_trend_figures(f"{kr_path}check_ins__", now))
    }
    trend[None] = CheckIn.objects.filter(
        key_result__objective__cycle=cycle,
        key_result__objective__state__in=live,
        key_result__state=KeyResult.State.ACTIVE,
        created_at__gte=since,
        confidence__isnull=False,
    ).aggregate(**_trend_figures("", now))
    figures = {}
    for team, row in by_team.items():
        figures[team] = {
            **row,
            "confidence": _q4(row["confidence"]),
            "confidence_this_week": _q4(trend.get(team, {}).get("confidence_this_week")),
            "confidence_last_week": _q4(trend.get(team, {}).get("confidence_last_week")),
        }
    return figures


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
    now = timezone.now()
    headline = _headline_figures(cycle, live, now)

    def row(team_id, figures, counts):
        return TeamSnapshot(
            organization_id=cycle.organization_id,
            cycle=cycle,
            team_id=team_id,
            day=day,
            expected=expected,
            check_ins=counts.get("check_ins") or 0,
            people_updated=counts.get("people") or 0,
            written_at=now,
            **headline.get(team_id, {}),
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


def day_rows(cycle: Cycle, day: dt.date, team_ids, *, organization: bool = False) -> dict:
    """{team id (None: the organization's row): its latest snapshot of `day` or the day
    before} for those that have one (the day before bridges the hour after midnight, before
    the worker's first run of the day): one read off the (cycle, team, day) index."""
    condition = Q(team_id__in=list(team_ids))
    if organization:
        condition |= Q(team__isnull=True)
    rows = TeamSnapshot.objects.filter(
        cycle=cycle, day__gte=day - dt.timedelta(days=1), day__lte=day
    ).filter(condition)
    return {row.team_id: row for row in sorted(rows, key=lambda row: row.day)}
