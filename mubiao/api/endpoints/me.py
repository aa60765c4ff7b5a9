"""`/me`: who the token acts as; `/tokens`: that person's own API tokens."""

from datetime import datetime

from django.conf import settings
from ninja import Field, Header, Query, Router, Schema, Status

from mubiao.accounts import tokens
from mubiao.api.auth import actor
from mubiao.api.common import (
    IF_MATCH_DESCRIPTION,
    Body,
    Digested,
    Flag,
    Id,
    PageQuery,
    PersonFields,
    check_version,
    lock_row,
    page_of,
    paginate,
    text,
)
from mubiao.api.errors import responses
from mubiao.orgs import services as organizations
from mubiao.orgs.models import Organization
from mubiao.transactions import write_transaction

router = Router(tags=["me"])


class OrganizationOut(Digested):
    id: int
    name: str
    slug: str
    time_zone: str = Field(
        ..., description="IANA time zone of the organization's today (pace, due dates)."
    )
    weights: bool = Field(..., description="Key results are weighted when scoring objectives.")
    language: str = Field(
        ..., description="Language of its chat groups and webhooks (en, zh-hans)."
    )

    @staticmethod
    def resolve_weights(organization) -> bool:
        return organization.weights_enabled


class OrganizationIn(Body):
    """Fields left out stay as they are; none of them can be emptied (null is a 422)."""

    name: text(200) = None
    weights: Flag = None
    time_zone: text(64) = Field(None, description="An IANA name, e.g. Asia/Shanghai.")
    language: text(16) = Field(
        None, description="Language of its chat groups and webhooks: en or zh-hans."
    )


class MeOut(PersonFields):
    id: int = Field(..., description="The membership id (a person in this organization).")
    user_id: int
    email: str
    name: str
    display_name: str
    language: str
    timezone: str
    role: str
    title: str
    is_admin: bool
    manager_id: int | None
    organization: OrganizationOut

    @staticmethod
    def resolve_name(membership) -> str:
        return membership.user.name  # their own account, as they wrote it

    @staticmethod
    def resolve_display_name(membership) -> str:
        return membership.user.display_name

    @staticmethod
    def resolve_language(membership) -> str:
        return membership.user.language

    @staticmethod
    def resolve_timezone(membership) -> str:
        return membership.user.timezone


@router.get("/me", response=responses(MeOut), summary="The member this token acts as")
def me(request):
    return actor(request)


@router.get(
    "/organization", response=responses(OrganizationOut), summary="The token's organization"
)
def get_organization(request):
    return actor(request).organization


@router.patch(
    "/organization",
    response=responses(OrganizationOut),
    summary="Change the organization's settings (owners and admins)",
)
@write_transaction
def update_organization(
    request,
    payload: OrganizationIn,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_DESCRIPTION),
):
    me = actor(request)
    lock_row(Organization, me.organization_id)
    organization = Organization.objects.get(pk=me.organization_id)
    check_version(if_match, OrganizationOut.from_orm(organization))
    return organizations.update_organization(
        me,
        organization,
        name=organization.name if payload.name is None else payload.name,
        weights=organization.weights_enabled if payload.weights is None else payload.weights,
        time_zone=payload.time_zone,
        language=payload.language,
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenOut):
    secret: str = Field(..., description="Shown once: keep it somewhere safe.")


class TokenIn(Body):
    name: text(100) = ""
    days: int = Field(
        settings.API_TOKEN_DEFAULT_DAYS, ge=0, le=tokens.MAX_DAYS, description="0: never expires"
    )


TokenPage = page_of(TokenOut, "TokenPage")


@router.get("/tokens", response=responses(TokenPage), summary="My API tokens")
def list_tokens(request, query: Query[PageQuery]):
    return paginate(tokens.tokens_of(actor(request)), query)


@router.post("/tokens", response=responses(201, TokenCreated), summary="Create an API token")
def create_token(request, payload: TokenIn):
    token, secret = tokens.create_token(actor(request), name=payload.name, days=payload.days)
    token.secret = secret
    return Status(201, token)


@router.delete("/tokens/{token_id}", response=responses(204, None), summary="Revoke my token")
def revoke_token(request, token_id: Id):
    token = tokens.tokens_of(actor(request)).get(pk=token_id)
    tokens.revoke_token(actor(request), token)
    return Status(204, None)
