"""The grading review (issue 12 §8): a cycle's scores by team, the committed OKRs below 1.0 with
their notes, the aspirational ones far from 0.7, and the retrospectives written.

For owners and admins (the whole organization) and team leads (objectives filed under the
teams they lead and their sub-teams). Only objectives the reader may see are counted or listed
(okrs.selectors.visible_objectives): a private one never shows in a lead's figures. Each list
and the team table is one query (plus one for the key results' notes of a page), whatever the
size of the cycle.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Prefetch, Q, QuerySet

from mubiao.insights.adoption import may_see_adoption
from mubiao.okrs import rules
from mubiao.okrs import selectors as okr_selectors
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership

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


def by_team(rows: QuerySet[Objective]) -> list[dict]:
    """Per filing team (None: the organization's own objectives): objectives, graded, the
    average score (one decimal, as every score) and how many fell in each colour band."""
    teams = list(
        rows.order_by()
        .values("team_id", "team__name")
        .annotate(
            objectives=Count("pk"),
            graded=Count("score"),
            average=Avg("score"),
            red=Count("pk", filter=Q(score__lt=rules.YELLOW_FROM)),
            yellow=Count("pk", filter=Q(score__gte=rules.YELLOW_FROM, score__lt=rules.GREEN_FROM)),
            green=Count("pk", filter=Q(score__gte=rules.GREEN_FROM)),
        )
        .order_by("team__name", "team_id")
    )
    for team in teams:
        if team["average"] is not None:
            team["average"] = Decimal(team["average"]).quantize(rules.Q1, ROUND_HALF_UP)
    return teams


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
