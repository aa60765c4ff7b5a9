"""`/adoption`, `/grading-review` and `/members/{id}/calibration`: the coaching pages' figures,
read from the same functions as the pages and their CSV/xlsx (insights.adoption, .review,
.calibration), under the same rules: adoption and the grading review for admins (the whole
organization) and leads (their subtree), a calibration for the person and their direct manager;
anyone else gets the 404 of a page that is not there."""

from datetime import datetime
from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema

from mubiao.api.auth import actor
from mubiao.api.common import Count, CycleQuery, Id, PageQuery, page_of, paginate
from mubiao.api.endpoints.insights import _cycle
from mubiao.api.errors import responses
from mubiao.insights import adoption, calibration, review
from mubiao.okrs import selectors
from mubiao.transactions import one_snapshot

router = Router(tags=["coaching"])


class AdoptionQuery(PageQuery, CycleQuery):
    days: Count = Field(
        adoption.DEFAULT_DAYS,
        ge=1,
        le=adoption.MAX_DAYS,
        description="No check-in for this many days before `figures_as_of` counts as silent "
        "(the page's filter).",
    )
    list: Literal["everyone", "no_okrs", "silent", "ungraded"] = Field(
        "everyone",
        description="Which people to page through: everyone in scope or one coaching list "
        "(ungraded is empty unless the cycle is being graded).",
    )


class AdoptionPersonOut(Schema):
    id: int = Field(..., description="The member's id.")
    name: str
    email: str
    objectives: int = Field(
        ...,
        description="Their OKRs of the cycle the reader may see: the objectives they own and "
        "those of the teams they lead.",
    )
    last_check_in: datetime | None
    has_okrs: bool = Field(..., description="Owns an objective or leads a team that has one.")
    silent: bool = Field(..., description="Has OKRs, no check-in on them for `days` days.")
    ungraded: bool = Field(..., description="One of their OKRs not graded yet (grading open).")


AdoptionPeople = page_of(AdoptionPersonOut, "AdoptionPeoplePage")


class AdoptionTotalsOut(Schema):
    people: int
    with_okrs: int
    checked_in: int
    ungraded: int


class AdoptionOut(Schema):
    cycle_id: int
    days: int
    grading_open: bool
    figures_as_of: datetime = Field(
        ...,
        description="When every figure of the answer (and of /adoption/teams) was taken: the "
        "hourly snapshot's time, or now while the cycle has none (`figures_live`).",
    )
    figures_live: bool = Field(..., description="Worked out now: the cycle has no snapshot yet.")
    totals: AdoptionTotalsOut
    people: AdoptionPeople


class AdoptionTeamOut(Schema):
    id: int
    name: str
    slug: str
    people: int
    with_okrs: int
    checked_in: int
    ungraded: int
    objectives: int
    aligned: int
    over_visible: bool = Field(
        ...,
        description="True for every reader but an admin: objectives/aligned count only the ones "
        "the reader may see, whether or not any is hidden (hidden ones are never counted).",
    )


AdoptionTeams = page_of(AdoptionTeamOut, "AdoptionTeamPage")


def _adoption_scope(request, cycle_id: int | None, days: int):
    me = actor(request)
    if not adoption.may_see_adoption(me):
        raise Http404
    return me, adoption.read(me, _cycle(me, cycle_id), days)


@router.get("/adoption", response=responses(AdoptionOut), summary="Adoption: people")
def adoption_people(request, query: Query[AdoptionQuery]):
    """The adoption page's headline and one page of its people (by name), each with the
    figures of the page's CSV: admins see the organization, leads the teams they lead and their
    sub-teams, over the objectives they may see."""
    with one_snapshot():  # the totals and the page of people from one moment
        return _adoption_people(*_adoption_scope(request, query.cycle, query.days), query)


def _adoption_people(_me, reading, query: AdoptionQuery) -> dict:
    cycle, since, as_of, everyone = reading.cycle, reading.since, reading.as_of, reading.everyone
    grading = cycle.state == cycle.State.GRADING
    rows = adoption.listed(everyone, cycle, since, query.list)
    page = paginate(rows.select_related("user"), query)
    page["items"] = [
        {
            "id": person.pk,
            "name": person.user.display_name,
            "email": person.user.email,
            "objectives": person.objective_count,
            "last_check_in": person.last_check_in,
            **adoption.flags(person, cycle, since),
        }
        for person in page["items"]
    ]
    return {
        "cycle_id": cycle.pk,
        "days": query.days,
        "grading_open": grading,
        "figures_as_of": reading.taken_at,
        "figures_live": as_of is None,
        "totals": adoption.totals(reading),
        "people": page,
    }


class AdoptionTeamQuery(PageQuery, CycleQuery):
    days: Count = Field(adoption.DEFAULT_DAYS, ge=1, le=adoption.MAX_DAYS)


@router.get("/adoption/teams", response=responses(AdoptionTeams), summary="Adoption: teams")
def adoption_teams(request, query: Query[AdoptionTeamQuery]):
    """The adoption page's team table (each team's direct members), by name: the people's
    figures as /adoption counts them (the same snapshot)."""
    with one_snapshot():
        me, reading = _adoption_scope(request, query.cycle, query.days)
        teams = adoption.scope_teams(me)
        listed = (teams if teams is not None else selectors.teams(me)).order_by("name", "pk")
        page = paginate(listed, query)
        page["items"] = [
            {**row, "id": row["team"].pk, "name": row["team"].name, "slug": row["team"].slug}
            for row in adoption.team_rows(me, reading, page["items"])
        ]
    return page


class ReviewTeamOut(Schema):
    team_id: int | None = Field(..., description="null: the organization's own objectives.")
    name: str
    objectives: int
    graded: int
    average: float | None = Field(
        ..., description="The average score, two decimals (a single score has one)."
    )
    bands: dict[str, int] = Field(
        ..., description="How many scores fell in each colour band: red, yellow, green."
    )


class ReviewOut(Schema):
    cycle_id: int
    teams: list[ReviewTeamOut]


def _review_scope(request, cycle_id: int | None):
    me = actor(request)
    if not review.may_review(me):
        raise Http404
    return me, _cycle(me, cycle_id)


@router.get("/grading-review", response=responses(ReviewOut), summary="Grading review: teams")
def grading_review(request, query: Query[CycleQuery]):
    """The cycle's score distribution by team, each over its subtree as the dashboards count
    it (an admin's first row, `team_id` null, is the whole organization), over the objectives
    the reader reviews and may see (admins: all; leads: their subtree)."""
    me, cycle = _review_scope(request, query.cycle)
    teams = review.by_team(me, review.objectives(me, cycle))
    return {
        "cycle_id": cycle.pk,
        "teams": [
            {
                "team_id": row["team_id"],
                "name": row["team__name"] or me.organization.name,
                "objectives": row["objectives"],
                "graded": row["graded"],
                "average": row["average"],
                "bands": {band: row[band] for band in ("red", "yellow", "green")},
            }
            for row in teams
        ],
    }


class ReviewListQuery(PageQuery, CycleQuery):
    flag: Literal["committed_below_one", "aspirational_far", "retrospective"] = Field(
        ...,
        description="Committed objectives graded below 1.0 (lowest first), aspirational ones "
        "below 0.4 or at 1.0, or those with a retrospective (by team).",
    )


class ReviewNoteOut(Schema):
    key_result_id: int
    title: str
    score: float | None
    note: str


class ReviewObjectiveOut(Schema):
    id: int
    title: str
    kind: str
    score: float | None
    team_id: int | None
    retrospective: str
    notes: list[ReviewNoteOut] = Field(..., description="Its key results' grading notes.")


ReviewObjectives = page_of(ReviewObjectiveOut, "ReviewObjectivePage")
LISTS = review.FLAGS


@router.get(
    "/grading-review/objectives",
    response=responses(ReviewObjectives),
    summary="Grading review: objectives",
)
def grading_review_objectives(request, query: Query[ReviewListQuery]):
    me, cycle = _review_scope(request, query.cycle)
    page = paginate(LISTS[query.flag](review.objectives(me, cycle)), query)
    page["items"] = [
        {
            "id": o.pk,
            "title": o.title,
            "kind": o.kind,
            "score": o.score,
            "team_id": o.team_id,
            "retrospective": o.retrospective,
            "notes": [
                {
                    "key_result_id": kr.pk,
                    "title": kr.title,
                    "score": kr.score,
                    "note": kr.score_note,
                }
                for kr in o.active_key_results
                if kr.score_note
            ],
        }
        for o in page["items"]
    ]
    return page


class CalibrationRowOut(Schema):
    confidence: int | None = Field(..., description="The last confidence given (0–10).")
    key_results: int
    average: float | None = Field(..., description="Their average final score, two decimals.")


class CalibrationCycleOut(Schema):
    name: str
    rows: list[CalibrationRowOut]


class CalibrationOut(Schema):
    member_id: int
    cycles: list[CalibrationCycleOut] = Field(..., description="Graded cycles, newest first.")


@router.get(
    "/members/{member_id}/calibration",
    response=responses(CalibrationOut),
    summary="A person's calibration",
)
def member_calibration(request, member_id: Id):
    """Past cycles' confidence against final scores, for the person and their direct manager
    only."""
    me = actor(request)
    person = selectors.members(me).select_related("user").filter(pk=member_id).first()
    if person is None or not calibration.may_see(me, person):
        raise Http404
    return {"member_id": person.pk, "cycles": calibration.table(person)}
