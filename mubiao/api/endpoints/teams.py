"""`/teams`: the team tree, readable by every member, written by organization admins."""

from django.db.models import Prefetch
from ninja import Field, Header, Query, Router, Status

from mubiao.api.auth import actor
from mubiao.api.common import (
    IF_MATCH_DESCRIPTION,
    Body,
    Digested,
    Id,
    PageQuery,
    check_version,
    lock_row,
    page_of,
    paginate,
    reference,
    references,
    text,
)
from mubiao.api.errors import responses
from mubiao.okrs import selectors
from mubiao.okrs.limits import max_length
from mubiao.orgs import services as organizations
from mubiao.orgs.models import Team, TeamMember
from mubiao.orgs.selectors import team_paths, team_q
from mubiao.transactions import write_transaction

router = Router(tags=["teams"])


class TeamOut(Digested):
    id: int
    name: str
    path: str = Field(
        ...,
        description="The whole path from the top team, e.g. `Company / Sales / 组0`: what a "
        "picker shows, as names repeat across departments.",
    )
    slug: str
    parent_id: int | None
    lead_ids: list[int]
    member_ids: list[int] = Field(..., description="Leads included.")

    @staticmethod
    def resolve_path(team, context) -> str:
        # A page reads every path once (list_teams); a single team's answer reads them as they
        # are now, never as read earlier in the request: a PATCH that renames or moves a team
        # read it before the write, for If-Match (issue 9, E12).
        paths = getattr(context["request"], "team_paths", None)
        return (paths or team_paths(team.organization_id))[team.pk]

    @staticmethod
    def resolve_lead_ids(team) -> list[int]:
        return [row.membership_id for row in team.team_members.all() if row.is_lead]

    @staticmethod
    def resolve_member_ids(team) -> list[int]:
        return [row.membership_id for row in team.team_members.all()]


class TeamFilters(PageQuery):
    parent: Id | None = Field(None, description="Direct sub-teams of this team.")
    q: text(200) | None = Field(None, description="Part of the name.")


class TeamIn(Body):
    name: text(max_length(Team, "name"))
    parent_id: Id | None = None
    lead_ids: list[Id] = Field([], max_length=500)


class TeamPatch(Body):
    """Fields left out stay as they are; null only where a field can be empty (else a 422)."""

    name: text(max_length(Team, "name")) = None
    parent_id: Id | None = None
    lead_ids: list[Id] = Field(None, max_length=500)


TeamPage = page_of(TeamOut, "TeamPage")


def _teams(request):
    members = TeamMember.objects.filter(membership__is_active=True).order_by("membership_id")
    return (
        selectors.teams(actor(request))
        .prefetch_related(Prefetch("team_members", queryset=members))
        .order_by("name", "id")
    )


@router.get("/teams", response=responses(TeamPage), summary="List teams")
def list_teams(request, filters: Query[TeamFilters]):
    qs = _teams(request)
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    if filters.q:
        qs = qs.filter(team_q(filters.q))
    request.team_paths = team_paths(actor(request).organization_id)  # one query for the page
    return paginate(qs, filters)


@router.get("/teams/{team_id}", response=responses(TeamOut), summary="Read a team")
def get_team(request, team_id: Id):
    return _teams(request).get(pk=team_id)


@router.post("/teams", response=responses(201, TeamOut), summary="Create a team (admins)")
def create_team(request, payload: TeamIn):
    me = actor(request)
    team = organizations.save_team(
        me,
        name=payload.name,
        parent=reference(selectors.teams(me), payload.parent_id, "parent_id"),
        leads=references(selectors.members(me), payload.lead_ids, "lead_ids"),
    )
    return Status(201, _teams(request).get(pk=team.pk))


@router.patch("/teams/{team_id}", response=responses(TeamOut), summary="Update a team (admins)")
@write_transaction
def update_team(
    request,
    team_id: Id,
    payload: TeamPatch,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_DESCRIPTION),
):
    """Fields left out stay as they are; `"parent_id": null` makes it a top-level team."""
    me = actor(request)
    lock_row(Team, team_id)
    team = _teams(request).get(pk=team_id)
    check_version(if_match, TeamOut.from_orm(team, context={"request": request}))
    given = payload.model_fields_set
    parent = (
        reference(selectors.teams(me), payload.parent_id, "parent_id")
        if "parent_id" in given
        else team.parent
    )
    if payload.lead_ids is not None:
        leads = references(selectors.members(me), payload.lead_ids, "lead_ids")
    else:
        leads = [row.membership for row in team.team_members.all() if row.is_lead]
    organizations.save_team(
        me, team, name=payload.name if payload.name is not None else team.name,
        parent=parent, leads=leads,
    )  # fmt: skip
    return _teams(request).get(pk=team.pk)
