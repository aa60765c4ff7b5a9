"""Weekly report pages: the list with the form that generates a draft, a report's page (edit,
share), and its Markdown and xlsx exports. Thin: reports.services writes, reports.selectors
reads."""

import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from mubiao.id_sets import is_id
from mubiao.okrs import limits
from mubiao.okrs.services import Conflict
from mubiao.okrs.transfer.columns import guard_cell
from mubiao.orgs.models import Team
from mubiao.orgs.rules import today_for
from mubiao.reports import compose, selectors, services
from mubiao.reports.models import MAX_BODY
from mubiao.web import downloads
from mubiao.web.fields import TypedDateField
from mubiao.web.params import OneValueEachForm
from mubiao.web.views.base import add_service_errors, found, member_required, page, paginate

REPORTS_SHOWN = 20


class GenerateForm(OneValueEachForm):
    team = forms.TypedChoiceField(
        label=gettext_lazy("Whose week"), required=False, coerce=int, empty_value=None
    )
    week = TypedDateField(label=gettext_lazy("A day of the week"), required=False)

    def __init__(self, *args, teams=(), others=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("Mine"))] + [(t.pk, t.name) for t in teams]
        # Any other team of the organization is read too (a link, an old page): the service
        # then says who may write its report (issue 12), never "not a valid choice".
        offered = self.fields["team"].valid_value
        known = {str(pk) for pk in others}
        self.fields["team"].valid_value = lambda value: offered(value) or str(value) in known


class EditForm(OneValueEachForm):
    body = limits.TextField(label=gettext_lazy("Text (Markdown)"), widget=forms.Textarea,
                            required=False, strip=False, max_length=MAX_BODY)  # fmt: skip
    # Always carried (the version the draft was loaded with): a save from a page loaded before
    # another save is refused, the text typed kept in the form (issue 12).
    version = forms.IntegerField(widget=forms.HiddenInput, required=True)


@member_required
def report_list(request):
    actor = request.membership
    teams = list(selectors.report_teams(actor))
    others = Team.objects.filter(organization_id=actor.organization_id, is_archived=False)
    posted = request.POST.get("team", "") if request.method == "POST" else ""
    others = others.filter(pk=posted) if is_id(posted) else others.none()
    others = {team.pk: team for team in others}
    form = GenerateForm(request.POST or None, teams=teams, others=others,
                        initial={"week": today_for(actor.organization)})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        team = others.get(form.cleaned_data["team"])
        try:
            report = services.generate(
                actor, team=team, day=form.cleaned_data["week"], language=get_language()
            )
        except ValidationError as error:
            add_service_errors(form, error, {"day": "week"})
        except PermissionDenied as denied:
            form.add_error("team", str(denied))
        else:
            if report.reopened:
                messages.info(request, _("You already had a draft of this week: here it is."))
            return redirect("report", report.pk)
    listed = paginate(request, selectors.reports(actor), REPORTS_SHOWN)
    return page(
        request,
        "reports/list.html",
        {"form": form, "reports": listed},
        status=422 if form.errors else 200,
    )


@member_required
def report_detail(request, pk):
    actor = request.membership
    report = found(selectors.get_report, actor, pk)
    mine = report.author_id == actor.pk and report.is_draft
    form = EditForm(initial={"body": report.body, "version": report.version})
    if request.method == "POST":
        if not mine:
            raise Http404
        form = EditForm(request.POST)
        if "version" in form.errors:
            form.errors.pop("version")
            form.add_error(
                None,
                _(
                    "Reload the report before saving: this form did not say which "
                    "version of it you edited. Your text is kept below."
                ),
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                if request.POST.get("action") == "share":
                    report = services.edit(actor, report, body=data["body"],
                                           version=data["version"])  # fmt: skip
                    services.share(actor, report, version=report.version)
                    messages.success(request, _("Shared. Its readers have been told."))
                else:
                    services.edit(actor, report, body=data["body"], version=data["version"])
                    messages.success(request, _("Saved."))
                return redirect("report", report.pk)
            except ValidationError as error:
                add_service_errors(form, error)
            except Conflict:
                form.add_error(None, _("Someone changed this report meanwhile; reload it."))
            except PermissionDenied:
                raise Http404 from None
    context = {"report": report, "title": compose.title(report), "form": form,
               "editable": mine, "text": compose.localized(report, get_language())}  # fmt: skip
    return page(request, "reports/detail.html", context, status=422 if form.errors else 200)


def _filename(report, ext: str) -> str:
    scope = f"team-{report.team_id}" if report.team_id else f"person-{report.person_id}"
    return f"weekly-report-{scope}-{report.week_start.isoformat()}.{ext}"


@member_required
def report_markdown(request, pk):
    report = found(selectors.get_report, request.membership, pk)
    text = compose.localized(report, get_language())
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = downloads.attachment(_filename(report, "md"))
    return response


@member_required
def report_xlsx(request, pk):
    """One row per line of the report under its section's heading, text guarded against
    formulas (a note starting with = stays text)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    report = found(selectors.get_report, request.membership, pk)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = report.week_start.isoformat()
    sheet.append([_("Section"), _("Text")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    section = ""
    for line in compose.localized(report, get_language()).splitlines():
        text = line.strip()
        if text.startswith("#"):
            section = text.lstrip("#").strip()
            continue
        if text:
            sheet.append([section, text.removeprefix("- ")])
            for cell in sheet[sheet.max_row]:
                guard_cell(cell)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = downloads.attachment(_filename(report, "xlsx"))
    return response
