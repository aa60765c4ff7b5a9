"""`/alignment` (the alignment map, one level at a time, and search) and `/dashboards` (the
team and company dashboards): read-only, what the token's person sees on the pages."""

from datetime import date, datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema

from mubiao.api.auth import actor
from mubiao.api.common import Count, CycleQuery, Id, reference, text
from mubiao.api.errors import responses
from mubiao.insights import alignment, dashboards
from mubiao.okrs import selectors
from mubiao.okrs.models import Cycle

router = Router(tags=["insights"])

MAX_OFFSET = 1_000_000


LINES_PAGE = 50

OVER_VISIBLE = (
    "True for every reader but an admin: the figures (and the progress lines) count only the "
    "objectives the reader may see, whether or not any is hidden at the moment, so that no "
    "figure, nor the difference of two, nor this flag tells anything about the others. False "
    "for an admin, who sees every objective."
)


class LevelQuery(CycleQuery):
    offset: Count = Field(0, ge=0, le=MAX_OFFSET, description="Skip this many nodes.")


class ChildrenQuery(Schema):
    offset: Count = Field(0, ge=0, le=MAX_OFFSET, description="Skip this many nodes.")


class SearchQuery(CycleQuery):
    q: text(100) = Field(..., min_length=1, description="Part of an objective's title.")


class NodeOut(Schema):
    id: int | str = Field(
        ...,
        description='An objective\'s id, or "hidden" for the placeholder "a private objective", '
        "which holds the visible objectives aligned to one the reader may not see, or "
        '"archived" for "an archived objective", which holds those aligned to an archived one '
        "the reader may see.",
    )
    title: str
    owner: str
    owner_type: str | None
    status: str | None
    status_label: str
    progress: int | None = Field(..., description="Percent; null for the placeholder.")
    has_children: bool
    url: str | None


class LevelOut(Schema):
    nodes: list[NodeOut]
    total: int = Field(..., description="How many nodes the whole level holds.")
    offset: int
    more: int = Field(..., description=f"Nodes past this page (a page holds {alignment.FANOUT}).")
    more_label: str = Field(..., description='"and 1,234 more", in the reader\'s language.')
    next_offset: int | None


class PathOut(Schema):
    path: list[NodeOut] = Field(..., description="From the top of the tree to the objective.")


class SearchOut(Schema):
    results: list[PathOut]


def _cycle(me, cycle_id: int | None) -> Cycle:
    cycle = (
        reference(selectors.cycles(me), cycle_id, "cycle")
        if cycle_id is not None
        else selectors.current_cycle(me)
    )
    if cycle is None:
        raise Http404
    return cycle


@router.get("/alignment", response=responses(LevelOut), summary="Alignment map: top level")
def alignment_roots(request, query: Query[LevelQuery]):
    """The organization's objectives of the cycle (and of the cycles containing it) and every
    parentless objective others align to; the placeholder node last when some visible
    objective is aligned to one the reader may not see."""
    me = actor(request)
    level = alignment.roots(me, _cycle(me, query.cycle), query.offset)
    return alignment.level_data(level, me.organization.name)


def _placeholder_level(request, placeholder: str, query: LevelQuery) -> dict:
    me = actor(request)
    cycle = _cycle(me, query.cycle)
    level = alignment.placeholder_children(me, cycle, placeholder, query.offset)
    return alignment.level_data(level, me.organization.name)


@router.get(
    "/alignment/hidden",
    response=responses(LevelOut),
    summary="Alignment map: under the placeholder",
)
def alignment_hidden(request, query: Query[LevelQuery]):
    """The visible objectives of the cycle aligned to an objective or key result the reader
    may not see (nothing about those parents is told)."""
    return _placeholder_level(request, alignment.HIDDEN, query)


@router.get(
    "/alignment/archived",
    response=responses(LevelOut),
    summary="Alignment map: under an archived objective",
)
def alignment_archived(request, query: Query[LevelQuery]):
    """The visible objectives of the cycle aligned to an archived objective (or one of its key
    results) the reader may see: the tree lists no archived objective."""
    return _placeholder_level(request, alignment.ARCHIVED, query)


@router.get("/alignment/search", response=responses(SearchOut), summary="Alignment map: search")
def alignment_search(request, query: Query[SearchQuery]):
    """The first objectives of the cycle whose title holds `q`, each with its path from the top
    of the tree (starting with the placeholder when an objective above is hidden)."""
    me = actor(request)
    paths = alignment.search(me, _cycle(me, query.cycle), query.q)
    return {"results": alignment.search_data(paths, me.organization.name)}


@router.get(
    "/alignment/{objective_id}",
    response=responses(LevelOut),
    summary="Alignment map: aligned objectives",
)
def alignment_children(request, objective_id: Id, query: Query[ChildrenQuery]):
    """The visible objectives aligned to this objective or to one of its key results."""
    me = actor(request)
    parent = alignment.get_parent(me, objective_id)
    return alignment.level_data(alignment.children(me, parent, query.offset), me.organization.name)


# --------------------------------------------------------------------------------------------
# Dashboards


class StatusCounts(Schema):
    not_started: int
    on_track: int
    at_risk: int
    off_track: int
    done: int


class HeadlineOut(Schema):
    objectives: int = Field(
        ...,
        description="The objectives the figures count: those of the scope the reader may see "
        "(see over_visible).",
    )
    progress: float = Field(..., description="Average progress, 0–1.")
    expected: float = Field(..., description="Where progress should be today, 0–1.")
    statuses: StatusCounts
    distribution: list[int] = Field(
        ...,
        description="Objectives per band of progress: 0–10%, 10–20%, …, 90% and up (10 bands).",
    )
    behind: int = Field(..., description="At risk or off track.")
    key_results: int
    confidence: float | None = Field(
        ...,
        description="Average confidence (0–10) over the objectives, each counting once with the "
        "mean of its active key results' latest confidences.",
    )
    confidence_week_ago: float | None = Field(
        ..., description="The same figure 7 days ago, from that day's snapshot (null without one)."
    )
    fresh: int = Field(..., description="Key results checked in on in the last 7 days.")
    stale: int
    never: int
    hidden_objectives: int | None = Field(
        ...,
        description="Objectives of the scope the reader cannot see: 0 for an admin, null when "
        "withheld, as it always is for other readers: their number, or whether it is 0, would "
        "tell that someone just made a private objective.",
    )
    over_visible: bool = Field(..., description=OVER_VISIBLE)


class AtRiskOut(Schema):
    id: int
    title: str
    owner: str
    status: str
    progress: float
    shortfall: float = Field(..., description="How far behind the expected progress, 0–1.")
    last_update: datetime | None
    last_note: str | None
    confidence: float | None = Field(
        ..., description="Mean of its active key results' latest confidences (0–10)."
    )
    confidence_drop: float | None = Field(
        ...,
        description="How far that mean fell over the last 7 days (0 when it held or rose); "
        "null when no key result had a confidence both a week ago and now.",
    )
    forecast: float | None = Field(
        ...,
        description="Progress at this rate by forecast_due, 0–1, projected from what its "
        "progress is made of: its key results' check-ins (by the last due date), or, for one "
        "taking progress from aligned objectives (alone, mixed, or through a key result), its "
        "own daily progress (by the cycle's end); null without a trend.",
    )
    forecast_due: date | None
    reason: str = Field(
        ...,
        description='"status": at risk or off track; "forecast": on track, but at this rate it '
        "ends more than 10 points short of its target.",
    )


class SubTeamOut(Schema):
    id: int
    name: str
    slug: str
    objectives: int
    progress: float
    status: str | None = Field(
        ...,
        description="The status most of the sub-team's counted objectives have, a tie going to "
        "the worse one; null with none.",
    )
    statuses: StatusCounts
    over_visible: bool = Field(..., description=OVER_VISIBLE)


class TrendPoint(Schema):
    day: date
    progress: float


class LinesQuery(CycleQuery):
    offset: Count = Field(0, ge=0, le=MAX_OFFSET, description="Skip this many sub-teams.")
    limit: Count = Field(
        dashboards.SUBTEAM_LINES, ge=1, le=LINES_PAGE, description="Sub-teams on this page."
    )


class LineOut(Schema):
    id: int
    name: str
    slug: str
    objectives: int
    over_visible: bool = Field(..., description=OVER_VISIBLE)
    points: list[TrendPoint] = Field(..., description="Daily snapshots, then today's figure.")


class LinesOut(Schema):
    total: int = Field(..., description="Sub-teams with objectives in the cycle.")
    offset: int
    next_offset: int | None
    lines: list[LineOut] = Field(..., description="Largest sub-teams first.")


class DashboardOut(Schema):
    cycle_id: int
    team_id: int | None
    headline: HeadlineOut
    at_risk: list[AtRiskOut] = Field(..., description="Most severe first; only visible ones.")
    at_risk_hidden: int = Field(
        ...,
        description="Always 0: objectives the reader cannot see are never counted (see "
        "over_visible). Kept for existing clients.",
    )
    at_risk_more: int = Field(..., description="Visible at-risk objectives past this list.")
    subteams: list[SubTeamOut]
    trend: list[TrendPoint] = Field(..., description="Daily snapshots, then today's figure.")


def _statuses(counts) -> dict:
    return dict(counts)


def _dashboard(me, cycle: Cycle, team) -> dict:
    data = dashboards.figures(me, cycle, team)
    summary = data["summary"]
    name = me.organization.name
    return {
        "cycle_id": cycle.pk,
        "team_id": team.pk if team else None,
        "headline": {
            "objectives": summary["total"],
            "progress": round(float(summary["avg"]), 4),
            "expected": round(float(data["expected"]), 4),
            "statuses": _statuses(summary["counts"]),
            "distribution": summary["distribution"],
            "behind": summary["behind"],
            "key_results": summary["key_results"],
            "confidence": _float(summary["confidence"]),
            "confidence_week_ago": _float(summary["confidence_week_ago"]),
            "fresh": summary["fresh"],
            "stale": summary["stale"],
            "never": summary["never"],
            "hidden_objectives": data["hidden_count"],
            "over_visible": summary["over_visible"],
        },
        "at_risk": [
            {
                "id": o.pk,
                "title": o.title,
                "owner": alignment.owner_name(o, name),
                "status": o.status,
                "progress": round(float(o.progress), 4),
                "shortfall": round(float(o.shortfall), 4),
                "last_update": o.last_update,
                "last_note": o.last_note,
                "confidence": _float(o.latest_confidence),
                "confidence_drop": _float(o.confidence_drop),
                "forecast": None if o.forecast is None else round(float(o.forecast), 4),
                "forecast_due": o.forecast_due,
                "reason": o.reason,
            }
            for o in data["at_risk"]
        ],
        "at_risk_hidden": 0,
        "at_risk_more": data["at_risk_more"],
        "subteams": [
            {
                "id": r["team"].pk,
                "name": r["team"].name,
                "slug": r["team"].slug,
                "objectives": r["n"],
                "progress": round(float(r["avg"]), 4),
                "status": r["status"],
                "statuses": _statuses(r["counts"]),
                "over_visible": r["over_visible"],
            }
            for r in data["subteams"]
        ],
        "trend": [{"day": d, "progress": round(float(p), 4)} for d, p in data["trend"]],
    }


def _float(value) -> float | None:
    return None if value is None else round(float(value), 2)


@router.get(
    "/dashboards/company", response=responses(DashboardOut), summary="The company dashboard"
)
def company_dashboard(request, query: Query[CycleQuery]):
    """The whole organization: figures over the objectives of the cycle the reader may see
    (see `over_visible`), the at-risk objectives the reader may see, the top-level
    teams (or, under one root team, its departments)."""
    me = actor(request)
    return _dashboard(me, _cycle(me, query.cycle), None)


@router.get(
    "/dashboards/teams/{team_id}", response=responses(DashboardOut), summary="A team's dashboard"
)
def team_dashboard(request, team_id: Id, query: Query[CycleQuery]):
    """A team with its sub-teams, as on the team's page."""
    me = actor(request)
    team = selectors.teams(me).get(pk=team_id)
    return _dashboard(me, _cycle(me, query.cycle), team)


def _lines(me, team, query: LinesQuery) -> dict:
    cycle = _cycle(me, query.cycle)
    total, lines = dashboards.subteam_lines(me, cycle, team, query.offset, query.limit)
    end = query.offset + len(lines)
    return {
        "total": total,
        "offset": query.offset,
        "next_offset": end if end < total else None,
        "lines": [
            {
                "id": line["team"].pk,
                "name": line["team"].name,
                "slug": line["team"].slug,
                "objectives": line["n"],
                "over_visible": line["over_visible"],
                "points": [{"day": d, "progress": round(float(p), 4)} for d, p in line["points"]],
            }
            for line in lines
        ],
    }


@router.get(
    "/dashboards/company/lines",
    response=responses(LinesOut),
    summary="The company's sub-teams' progress lines",
)
def company_lines(request, query: Query[LinesQuery]):
    """Each top-level team's (or department's) progress over the cycle, as the company page
    draws the largest ones: a page of them, largest first."""
    me = actor(request)
    return _lines(me, None, query)


@router.get(
    "/dashboards/teams/{team_id}/lines",
    response=responses(LinesOut),
    summary="A team's sub-teams' progress lines",
)
def team_lines(request, team_id: Id, query: Query[LinesQuery]):
    """Each sub-team's progress over the cycle, as the team's page draws the largest ones: a
    page of them, largest first."""
    me = actor(request)
    return _lines(me, selectors.teams(me).get(pk=team_id), query)
