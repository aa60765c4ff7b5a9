"""The grading review (issue 12 §8): a cycle's scores by team, the committed OKRs below 1.0 with
their notes, the aspirational ones far from 0.7, and the retrospectives written.

For owners and admins (the whole organization) and team leads (objectives filed under the
teams they lead and their sub-teams). Only objectives the reader may see are counted or listed
(okrs.selectors.visible_objectives): a private one never shows in a lead's figures. Each list
and the team table is one query (plus one for the key results' notes of a page), whatever the
size of the cycle.
"""

from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, Q, QuerySet, Sum

from mubiao.insights.adoption import may_see_adoption
from mubiao.okrs import rules
from mubiao.okrs import selectors as okr_selectors
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Team, TeamAncestry

# Reviewed the same people as adoption: admins, and leads for their subtree.
may_review = may_see_adoption

# Aspirational OKRs are expected around 0.7 with high variance (okr-rules.md §2.2): below 0.4
# asks whether to keep working on it (OKR-C02), a 1.0 may be sandbagging (OKR-C03).
FAR_BELOW = rules.YELLOW_FROM
TOP = Decimal(1)


def objectives(actor: Membership, cycle: Cycle) -> QuerySet[Objective]:
    """The cycle's active and closed objectives the actor reviews and may see."""
    rows = okr_selectors.visible_objectives(actor).filter(
        cycle=cycle, state__in=(Objective.State.ACTIVE, Objective.State.CLOSED)
    )
    if not permissions.is_admin(actor):
        rows = rows.filter(team_id__in=permissions.led_teams_subquery(actor))
    return rows


# Sums of scores: exact on SQLite too (its converter rounds to these places).
_SUM = DecimalField(max_digits=30, decimal_places=6)


def by_team(actor: Membership, rows: QuerySet[Objective]) -> list[dict]:
    """Per team, over its subtree as the dashboards count a team (DESIGN.md §4: 产品部 counts
    the objectives of its sub-teams too): objectives, graded, the average score (two decimals,
    an average of scores: rules.score_mean) and how many fell in each colour band. An admin's
    first row (team_id None) is the whole organization, as the company page; a lead gets the
    teams of their subtree only.
    Three queries: one grouped pass per filing team, one read of those teams' ancestors and,
    for an admin, the organization's root team."""
    admin = permissions.is_admin(actor)
    direct = list(
        rows.order_by()
        .values("team_id")
        .annotate(
            objectives=Count("pk"),
            graded=Count("score"),
            total=Sum("score", output_field=_SUM),
            red=Count("pk", filter=Q(score__lt=rules.YELLOW_FROM)),
            yellow=Count("pk", filter=Q(score__gte=rules.YELLOW_FROM, score__lt=rules.GREEN_FROM)),
            green=Count("pk", filter=Q(score__gte=rules.GREEN_FROM)),
        )
    )
    of_team = {row["team_id"]: row for row in direct}
    above = TeamAncestry.objects.filter(team_id__in=[t for t in of_team if t is not None])
    if not admin:
        above = above.filter(ancestor_id__in=permissions.led_teams_subquery(actor))
    sums: dict[int | None, dict] = {}

    def add(key, name, row):
        into = sums.setdefault(
            key, dict.fromkeys(_COUNTED, 0) | {"team_id": key, "team__name": name}
        )
        for field in _COUNTED:
            into[field] += row[field] or 0

    if admin and direct:
        for row in direct:
            add(None, None, row)
    # A sole root team's row would repeat the organization's, unless some objectives are
    # filed under no team: those count in the organization's row only.
    sole_root = _sole_root(actor) if admin and None not in of_team else None
    for team_id, ancestor_id, name in above.values_list("team_id", "ancestor_id", "ancestor__name"):
        if ancestor_id != sole_root:
            add(ancestor_id, name, of_team[team_id])
    teams = sorted(
        sums.values(), key=lambda t: (t["team_id"] is not None, t["team__name"] or "", t["team_id"])
    )
    for team in teams:
        total = team.pop("total")
        team["average"] = rules.score_mean(total, team["graded"])
    return teams


def _sole_root(actor: Membership) -> int | None:
    """The organization's root team when it has exactly one (else None)."""
    roots = list(
        Team.objects.filter(
            organization_id=actor.organization_id, parent__isnull=True, is_archived=False
        ).values_list("pk", flat=True)[:2]
    )
    return roots[0] if len(roots) == 1 else None


_COUNTED = ("objectives", "graded", "total", "red", "yellow", "green")


def graded_kinds(rows: QuerySet[Objective]) -> dict[str, int]:
    """How many committed and aspirational objectives have a score (one query): the review's
    lists say "nothing graded yet" rather than "every graded one reached 1.0" over none."""
    graded = Q(score__isnull=False)
    return rows.aggregate(
        committed=Count("pk", filter=graded & Q(kind=Objective.Kind.COMMITTED)),
        aspirational=Count("pk", filter=graded & Q(kind=Objective.Kind.ASPIRATIONAL)),
    )


def with_notes(rows: QuerySet[Objective]) -> QuerySet[Objective]:
    """`rows` with their owners and teams, and their active key results (whose grading notes
    the review shows) as `active_key_results`: one query for the objectives and one for the key
    results of each page or chunk."""
    notes = KeyResult.objects.filter(state=KeyResult.State.ACTIVE).order_by("position", "id")
    return rows.select_related("owner_member__user", "owner_team", "team").prefetch_related(
        Prefetch("key_results", queryset=notes, to_attr="active_key_results")
    )


def committed_misses(rows: QuerySet[Objective]) -> QuerySet[Objective]:
    """Committed objectives graded below 1.0 (each asks for an explanation), lowest first."""
    return with_notes(rows.filter(kind=Objective.Kind.COMMITTED, score__lt=TOP)).order_by(
        "score", "id"
    )


def aspirational_outliers(rows: QuerySet[Objective]) -> QuerySet[Objective]:
    """Aspirational objectives graded below 0.4 or at 1.0."""
    far = Q(score__lt=FAR_BELOW) | Q(score__gte=TOP)
    return with_notes(rows.filter(far, kind=Objective.Kind.ASPIRATIONAL)).order_by("score", "id")


def retrospectives(rows: QuerySet[Objective]) -> QuerySet[Objective]:
    return with_notes(rows.exclude(retrospective="")).order_by("team__name", "id")


# The review's lists by the name the API (`flag`) and the exports (`?flag=`) give them: one
# filter for the page's list, its API and its CSV/xlsx.
FLAGS = {
    "committed_below_one": committed_misses,
    "aspirational_far": aspirational_outliers,
    "retrospective": retrospectives,
}
