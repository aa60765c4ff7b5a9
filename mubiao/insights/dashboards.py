"""The team and company dashboards as data (the API's /dashboards): the same reads as the pages
(insights.selectors: the headline over the objectives of the scope the reader may see, the
at-risk list, the sub-team rollups; insights.snapshots: the progress over the cycle), in
a fixed number of queries whatever the size of the organization."""

from django.db.models import Q
from django.utils import timezone

from mubiao.insights import figures as team_figures
from mubiao.insights import rules, snapshots
from mubiao.insights import selectors as insights
from mubiao.okrs import rules as okr_rules
from mubiao.okrs import selectors as okr_selectors
from mubiao.okrs.models import Cycle
from mubiao.orgs.models import Membership, Team
from mubiao.orgs.rules import today_for

SUBTEAM_LINES = 8


def company_teams(actor: Membership) -> list[Team]:
    """The company page's sub-teams: the top-level teams, or, where the organization is drawn
    as one root team (the company itself) with its departments below it, those departments
    (one query: the first two levels of the tree)."""
    top_two = list(
        okr_selectors.teams(actor)
        .filter(Q(parent__isnull=True) | Q(parent__parent__isnull=True))
        .order_by("name", "id")
    )
    roots = [t for t in top_two if t.parent_id is None]
    if len(roots) == 1:
        return [t for t in top_two if t.parent_id == roots[0].pk] or roots
    return roots


def _headline(actor: Membership, cycle: Cycle, team: Team | None, now, hidden) -> tuple[dict, dict]:
    """The headline of `team` (None: the organization), aggregated over its objectives at the
    moment of reading: it agrees with the lists beside it (read live too) after every check-in,
    where the hourly snapshot lagged them by up to an hour. The sums the database keeps per
    team (one row per team, not every objective and key result of the cycle), with the
    objectives hidden from the reader taken off (rules.take_off_hidden). Past days come from
    the snapshots (the progress line, the confidence a week ago): the scope's own for an
    admin, else always the visible objectives' (selectors.reader_basis: which rows are read
    must not tell whether anything is hidden). Returns the figures and the hidden sums per
    atom (for the sub-team rows). `hidden`: insights.hidden_ids of the scope."""
    scope = okr_selectors.in_team_subtree_q(team) if team else Q()
    hidden_atoms = insights.hidden_by_atom(actor, cycle, scope, now, hidden)
    over_visible = insights.reader_basis(actor)["over_visible"]
    counted = rules.take_off_hidden(team_figures.scope_sums(cycle, team, now), hidden_atoms)
    figures = team_figures.headline_of(counted)
    figures["over_visible"] = over_visible
    # A count of the list's rows (?krs=none), not a team figure: the visible ones alone.
    figures["without_key_results"] = counted["without_key_results"]
    # Its trend: the same figure a week ago, as that day's snapshot kept it, and today's
    # point: the headline's figure (issue 12, probe 12: 0.5663 beside a headline of 0.5464).
    week_ago = today_for(actor.organization) - rules.FRESH_FOR
    if over_visible:
        key = team.pk if team else None
        series = snapshots.visible_team_series(cycle, [key], hidden)[key]
        figures["series"] = [(day, progress) for day, progress, _ in series]
        figures["confidence_week_ago"] = next((c for d, _, c in series if d == week_ago), None)
    else:
        figures["series"] = [
            (row.day, row.progress) for row in snapshots.series(cycle, team.pk if team else None)
        ]
        figures["confidence_week_ago"] = snapshots.confidence_on(
            cycle, team.pk if team else None, week_ago
        )
    return figures, hidden_atoms


def summary(actor: Membership, cycle: Cycle, team: Team | None) -> dict:
    """The dashboard's headline alone, for the flat list beside it: the same figures, read the
    same way, whatever the list shows (its filters never change them)."""
    hidden = insights.hidden_ids(actor, cycle, team)
    return _headline(actor, cycle, team, timezone.now(), hidden)[0]


def _subteams(actor: Membership, team: Team | None) -> list[Team]:
    if team is None:
        return company_teams(actor)
    return list(team.children.filter(is_archived=False).order_by("name", "id"))


def _by_size(rollups: list[dict]) -> list[dict]:
    """The sub-teams with objectives, largest first (the order their lines are drawn in)."""
    return sorted((r for r in rollups if r["n"]), key=lambda r: (-r["n"], r["team"].name))


def _lines(cycle: Cycle, rollups: list[dict], today, hidden) -> list[dict]:
    """Each rollup's team's progress line: its snapshots, ending with today's figure like the
    scope's line (one read for all of them; one more for the sub-teams whose figures are taken
    over the visible objectives, from those objectives' snapshots). `hidden`:
    insights.hidden_ids of a scope that holds the rollups' teams (the rows of hidden
    objectives outside them are never under them)."""
    lines = snapshots.team_series(cycle, [r["team"].pk for r in rollups if not r["over_visible"]])
    visible = [r["team"].pk for r in rollups if r["over_visible"]]
    if visible:
        lines.update(
            (team_id, [(day, progress) for day, progress, _ in points])
            for team_id, points in snapshots.visible_team_series(cycle, visible, hidden).items()
        )
    drawn = []
    for rollup in rollups:
        line = dict(lines[rollup["team"].pk])
        # Today's point on the basis of the past days' (the visible objectives').
        line[today] = rollup["avg"]
        drawn.append(
            {
                "team": rollup["team"],
                "n": rollup["n"],
                "over_visible": rollup["over_visible"],
                "points": sorted(line.items()),
            }
        )
    return drawn


def subteam_lines(
    actor: Membership, cycle: Cycle, team: Team | None, offset: int, limit: int
) -> tuple[int, list[dict]]:
    """A page of the sub-teams' progress lines (the API's; the page draws the first
    SUBTEAM_LINES): how many sub-teams have objectives, and `limit` of their lines from
    `offset`, largest first, [{team, n, points [(day, progress 0–1)]}]. The sub-teams are
    those of the dashboard (teams the reader may see); each line is the figure the page
    draws (over the objectives the reader may see: `over_visible` for every reader but an
    admin, insights.rules.take_off_hidden)."""
    scope = okr_selectors.in_team_subtree_q(team) if team else Q()
    hidden = insights.hidden_ids(actor, cycle, team)
    atoms = insights.hidden_by_atom(actor, cycle, scope, timezone.now(), hidden)
    rollups = _by_size(insights.team_rollups(actor, cycle, _subteams(actor, team), team, atoms))
    today = today_for(actor.organization)
    return len(rollups), _lines(cycle, rollups[offset : offset + limit], today, hidden)


def figures(actor: Membership, cycle: Cycle, team: Team | None) -> dict:
    """The dashboard of `team` (with its sub-teams), or of the whole organization with None:
    the team and company pages and the API's /dashboards read this one function.

    Returns summary (insights.figures.headline_of: avg 0–1, total, counts [(status, n)],
    behind, key-result figures), expected (0–1), hidden_count,
    at_risk (visible objectives, most severe first), at_risk_more, subteams (rollups with
    their status, rules.team_status), trend ([(day, progress 0–1)], snapshots then today) and
    subteam_trends (the largest sub-teams' lines, [{team, points}]).
    Today's figures are aggregates over the scope read now, like the lists (per reader); past
    days come from the worker's snapshots."""
    now = timezone.now()
    today = today_for(actor.organization)
    expected = okr_rules.expected_progress(cycle.start_date, cycle.end_date, today)
    scope = okr_selectors.in_team_subtree_q(team) if team else Q()
    subteams = _subteams(actor, team)
    # The hidden objectives of the scope, read once for the headline and the lines.
    hidden = insights.hidden_ids(actor, cycle, team)
    summary, atoms = _headline(actor, cycle, team, now, hidden)
    rollups = insights.team_rollups(actor, cycle, subteams, team, atoms)
    risky = insights.at_risk(actor, cycle, scope, expected, team)
    points = dict(summary.pop("series"))
    points[today] = summary["avg"]
    # One line per sub-team beside the scope's (the largest ones: a legend stays readable).
    subteam_trends = _lines(cycle, _by_size(rollups)[:SUBTEAM_LINES], today, hidden)
    return {
        "summary": summary,
        "expected": expected,
        "hidden_count": insights.hidden_count(actor),
        "at_risk": risky,
        "at_risk_more": max(summary["behind"] - len(risky), 0),
        "subteams": rollups,
        "trend": sorted(points.items()),
        "subteam_trends": subteam_trends,
    }
