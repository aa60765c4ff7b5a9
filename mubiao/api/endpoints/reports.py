"""`/reports`: weekly reports (周报): list those I may read, generate a draft for a week, edit
the draft's Markdown, share it (reports.services writes, reports.selectors reads)."""

from datetime import date, datetime

from django.utils.translation import get_language
from ninja import Field, Header, Query, Router, Schema, Status

from mubiao.api.auth import actor
from mubiao.api.common import (
    IF_MATCH_DESCRIPTION,
    Body,
    Id,
    PageQuery,
    expected_version,
    page_of,
    paginate,
    reference,
    required_version,
    text,
)
from mubiao.api.errors import Error, responses
from mubiao.orgs.models import Team
from mubiao.reports import compose, selectors, services
from mubiao.reports.models import MAX_BODY, WeeklyReport

router = Router(tags=["reports"])


class ReportOut(Schema):
    id: int
    title: str = Field(..., description="The team's or person's name and the week's dates.")
    person_id: int | None = Field(..., description="A person's own report; else null.")
    team_id: int | None = Field(..., description="A team's report; else null.")
    author_id: int
    week_start: date = Field(..., description="The Monday the week starts on.")
    state: str = Field(..., description="draft (only its author sees it) or shared (frozen).")
    body: str = Field(
        ...,
        description="The report as Markdown: its generated headings and "
        "sentences in the request's language, the author's own text as typed.",
    )
    version: int
    created_at: datetime
    shared_at: datetime | None

    @staticmethod
    def resolve_title(report) -> str:
        return compose.title(report)

    @staticmethod
    def resolve_body(report) -> str:
        # Generated lines in the reader's language, the author's own as typed (issue 12).
        return compose.localized(report, get_language())


ReportPage = page_of(ReportOut, "ReportPage")


class ReportIn(Body):
    team_id: Id | None = Field(None, description="A team's report; null: my own.")
    week: date | None = Field(None, description="Any day of the week; default: this week.")


class ReportPatch(Body):
    body: text(MAX_BODY) = Field(..., description="The draft's new text (Markdown).")


def _report(request, report_id: int) -> WeeklyReport:
    return selectors.get_report(actor(request), report_id)


@router.get("/reports", response=responses(ReportPage), summary="Weekly reports I may read")
def list_reports(request, query: Query[PageQuery]):
    """My drafts and the shared reports of the people and teams I may read, newest week first."""
    return paginate(selectors.reports(actor(request)), query)


@router.post(
    "/reports",
    response={**responses(201, ReportOut), 200: ReportOut},
    summary="Generate a weekly report",
)
def create_report(request, payload: ReportIn):
    """A draft written from the week's check-ins (progress, plans, problems and risks), in the
    request's language: 201. There is one draft per week and team (or my own week): asked
    again, the existing draft comes back (200), brought up to date while it is unedited."""
    me = actor(request)
    # Any team of the organization (teams are seen by all its members); one the caller may not
    # write the report of is a 403 saying who may (reports.services.generate).
    teams = Team.objects.filter(organization_id=me.organization_id, is_archived=False)
    team = reference(teams, payload.team_id,
                     "team_id")  # fmt: skip
    report = services.generate(me, team=team, day=payload.week, language=get_language())
    return Status(200 if report.reopened else 201, report)


@router.get("/reports/{report_id}", response=responses(ReportOut), summary="A weekly report")
def get_report(request, report_id: Id):
    return _report(request, report_id)


@router.patch(
    "/reports/{report_id}",
    response={**responses(ReportOut), 428: Error},
    summary="Edit a draft",
)
def edit_report(
    request,
    report_id: Id,
    payload: ReportPatch,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_DESCRIPTION),
):
    """Replaces the whole text, so it must carry `If-Match` (the version read): without it, a
    `428` (a text saved from a stale copy would overwrite the newer one silently)."""
    return services.edit(actor(request), _report(request, report_id), body=payload.body,
                         version=required_version(if_match))  # fmt: skip


@router.post("/reports/{report_id}/share", response=responses(ReportOut), summary="Share a draft")
def share_report(
    request,
    report_id: Id,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_DESCRIPTION),
):
    """Freezes it and tells its readers (in the bell, by e-mail, in the team's chat groups)."""
    return services.share(actor(request), _report(request, report_id),
                          version=expected_version(if_match))  # fmt: skip
