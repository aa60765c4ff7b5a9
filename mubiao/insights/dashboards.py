"""The team and company dashboards as data (the API's /dashboards): the same reads as the pages
(insights.selectors: the headline over every objective of the scope, the at-risk list of what
the reader may see, the sub-team rollups; insights.snapshots: the progress over the cycle), in
a fixed number of queries whatever the size of the organization."""

from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from mubiao.insights import selectors as insights
from mubiao.insights import snapshots
from mubiao.okrs import rules as okr_rules
from mubiao.okrs import selectors as okr_selectors
from mubiao.okrs.models import Cycle
from mubiao.orgs.models import Membership, Team
from mubiao.orgs.rules import today_for


def figures(actor: Membership, cycle: Cycle, team: Team | None) -> dict:
    """The dashboard of `team` (with its sub-teams), or of the whole organization with None."""
    now = timezone.now()
    today = today_for(actor.organization)
    expected = okr_rules.expected_progress(cycle.start_date, cycle.end_date, today)
    everything = okr_selectors.objectives_for_figures(actor, cycle)
    if team is None:
        scope = Q()
        subteams = okr_selectors.teams(actor).filter(parent__isnull=True)
    else:
        scope = okr_selectors.in_team_subtree_q(team)
        everything = everything.filter(scope)
        subteams = team.children.filter(is_archived=False)
    summary = insights.headline(everything, now)
    risky = insights.at_risk(actor, cycle, scope, expected)
    visible = okr_selectors.visible_objectives(actor).filter(cycle=cycle).filter(scope).count()
    rollups = insights.team_rollups(actor, cycle, list(subteams.order_by("name", "id")), team)
    for rollup in rollups:
        # A sub-team's colour: the pace status of its average progress (DESIGN.md §4), as
        # on the pages.
        rollup["status"] = okr_rules.pace_status(
            progress=Decimal(rollup["avg"]),
            expected=expected,
            has_check_ins=rollup["n"] > rollup["not_started"],
            elapsed=expected,
        )
    points = {row.day: row.progress for row in snapshots.series(cycle, team.pk if team else None)}
    points[today] = Decimal(summary["avg"])
    return {
        "summary": summary,
        "expected": expected,
        "hidden_count": max(summary["total"] - visible, 0),
        "at_risk": risky["rows"],
        "at_risk_hidden": max(summary["behind"] - risky["visible"], 0),
        "at_risk_more": max(risky["visible"] - len(risky["rows"]), 0),
        "subteams": rollups,
        "trend": sorted(points.items()),
    }
