"""`/members`: the people of the organization; admins set role, title, manager and teams, and
deactivate someone (after a preview of what it does, if they like)."""

from django.db.models import Prefetch, Q
from ninja import Field, Header, Query, Router, Schema

from mubiao.accounts.models import normalise_email
from mubiao.accounts.phones import phone_key
from mubiao.api.auth import actor
from mubiao.api.choices import Role
from mubiao.api.common import (
    IF_MATCH_DESCRIPTION,
    Body,
    Digested,
    Id,
    PageQuery,
    PersonFields,
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
from mubiao.orgs import departures
from mubiao.orgs import services as organizations
from mubiao.orgs.models import Membership, TeamMember
from mubiao.transactions import write_transaction

router = Router(tags=["members"])


class MemberOut(PersonFields, Digested):
    id: int = Field(..., description="The membership id.")
    user_id: int
    email: str
    name: str
    display_name: str
    role: str
    title: str
    manager_id: int | None
    team_ids: list[int]
    lead_team_ids: list[int]
    status: str = Field(
        ...,
        description="`active`; `invited` until the person accepts their invitation (their "
        "name is then the one typed on the invitation); `deactivated` (shown to admins only, "
        "who may reactivate them).",
    )

    @staticmethod
    def resolve_status(member) -> str:
        if not member.is_active:
            return "deactivated"
        return "invited" if member.is_pending else "active"

    @staticmethod
    def resolve_team_ids(member) -> list[int]:
        return [row.team_id for row in member.team_memberships.all()]

    @staticmethod
    def resolve_lead_team_ids(member) -> list[int]:
        return [row.team_id for row in member.team_memberships.all() if row.is_lead]


class MemberFilters(PageQuery):
    team: Id | None = Field(None, description="Members of this team (not of its sub-teams).")
    role: Role | None = None
    q: text(200) | None = Field(
        None,
        description="Part of the name or email address, or a mobile number (however spaced, "
        "with or without +86).",
    )


class MemberPatch(Body):
    """Fields left out stay as they are; null only where a field can be empty (else a 422)."""

    role: Role = None
    title: text(100) = None
    manager_id: Id | None = Field(None, description="null: reports to nobody.")
    team_ids: list[Id] = Field(None, max_length=500)


class DepartureOut(Schema):
    member_id: int
    applied: bool = Field(..., description="false for a dry run: nothing has changed.")
    effects: list[str] = Field(
        ...,
        description="What deactivating does (or did), in the request's language, as the web "
        "form's and the people import's previews say it: who now reports to whom, the teams "
        "they no longer lead, their objectives kept.",
    )


MemberPage = page_of(MemberOut, "MemberPage")


def _members(request, *, deactivated: bool = False):
    teams = TeamMember.objects.filter(team__is_archived=False).order_by("team_id")
    return (
        selectors.members(actor(request), deactivated=deactivated)
        .prefetch_related(Prefetch("team_memberships", queryset=teams))
        .order_by("user__name", "user__email", "id")
    )


@router.get("/members", response=responses(MemberPage), summary="List members")
def list_members(request, filters: Query[MemberFilters]):
    qs = _members(request)
    if filters.team is not None:
        qs = qs.filter(team_memberships__team_id=filters.team)
    if filters.role:
        qs = qs.filter(role=filters.role)
    if filters.q:
        # An address and a mobile number read as everywhere else: `ＡＬＩＣＥ＠acme.test`,
        # `+86 138-0013-8000` find the member stored as alice@acme.test, 13800138000.
        found = selectors.person_q(actor(request), filters.q, email=normalise_email(filters.q))
        if phone := phone_key(filters.q):
            # A number typed with separators still ends in its last four digits: the few
            # members whose number ends so are compared in full.
            numbered = qs.filter(user__mobile__endswith=phone[-4:]).values_list(
                "pk", "user__mobile"
            )
            found |= Q(pk__in=[pk for pk, mobile in numbered if phone_key(mobile) == phone])
        qs = qs.filter(found)
    return paginate(qs, filters)


@router.get("/members/{member_id}", response=responses(MemberOut), summary="Read a member")
def get_member(request, member_id: Id):
    """Admins also read a deactivated member (`status: deactivated`), as in Settings › People."""
    return _members(request, deactivated=True).get(pk=member_id)


@router.patch(
    "/members/{member_id}", response=responses(MemberOut), summary="Update a member (admins)"
)
@write_transaction
def update_member(
    request,
    member_id: Id,
    payload: MemberPatch,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_DESCRIPTION),
):
    """Fields left out stay as they are; `team_ids` replaces the member's teams. A deactivated
    member stays deactivated (reactivate them with `POST /members/{id}/reactivate`)."""
    me = actor(request)
    lock_row(Membership, member_id)
    member = _members(request, deactivated=True).get(pk=member_id)
    check_version(if_match, MemberOut.from_orm(member))
    given = payload.model_fields_set
    manager = (
        reference(selectors.members(me), payload.manager_id, "manager_id")
        if "manager_id" in given
        else member.manager
    )
    if payload.team_ids is not None:
        teams = references(selectors.teams(me), payload.team_ids, "team_ids")
    else:
        teams = [row.team for row in member.team_memberships.select_related("team")]
    organizations.update_member(
        me,
        member,
        role=payload.role or member.role,
        title=payload.title if payload.title is not None else member.title,
        manager=manager,
        teams=teams,
        is_active=member.is_active,
    )
    return _members(request, deactivated=True).get(pk=member.pk)


@router.post(
    "/members/{member_id}/deactivate",
    response=responses(DepartureOut),
    summary="Deactivate a member (admins)",
)
def deactivate_member(request, member_id: Id, dry_run: bool = False):
    """The member can no longer sign in to the organization; their reports move to their
    manager, they stop leading teams, their objectives are kept (orgs.departures). With
    `dry_run=true`, what it would do, and nothing changes."""
    me = actor(request)
    # A deactivated member is found too: deactivating them again changes nothing, a success
    # (issue 9, h9u), as reactivating an active member is.
    member = _members(request, deactivated=True).get(pk=member_id)
    teams = [row.team for row in member.team_memberships.select_related("team")]
    left = organizations.update_member(
        me, member, role=member.role, title=member.title, manager=member.manager, teams=teams,
        is_active=False, dry_run=dry_run,
    )  # fmt: skip
    return {
        "member_id": member.pk,
        "applied": not dry_run,
        "effects": [departures.effect_text(*effect) for effect in left.departure],
    }


@router.post(
    "/members/{member_id}/reactivate",
    response=responses(MemberOut),
    summary="Reactivate a deactivated member (admins)",
)
def reactivate_member(request, member_id: Id):
    """The member may sign in to the organization again, with their role, title and teams as
    they were left; their reports and team leads, handed over on deactivation, stay where they
    went. Reactivating an active member changes nothing."""
    me = actor(request)
    member = _members(request, deactivated=True).get(pk=member_id)
    organizations.update_member(
        me, member, role=member.role, title=member.title, manager=member.manager,
        teams=[row.team for row in member.team_memberships.select_related("team")],
        is_active=True,
    )  # fmt: skip
    return _members(request, deactivated=True).get(pk=member.pk)
