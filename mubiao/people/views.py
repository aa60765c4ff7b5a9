"""Settings → People → Import: upload → preview (a dry run: every row's action) → confirm;
and the export in the same format."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from mubiao.okrs.transfer import ImportFailed
from mubiao.people import exporter
from mubiao.people.forms import PeopleImportForm
from mubiao.people.plan import action_labels
from mubiao.people.services import import_people
from mubiao.web import downloads, params, uploads
from mubiao.web.views.base import admin_required, page

PENDING_KEY = "mubiao_pending_people_import"


def _page(request, form, *, result=None, errors=(), preview="", status=200):
    return page(
        request,
        "people/import.html",
        {
            "form": form,
            "result": result,
            "preview": preview,
            "errors": errors,
            "labels": action_labels(),
            "tab": "people",
        },
        status=status,
    )


@admin_required
def people_import(request):
    if request.method != "POST":
        return _page(request, PeopleImportForm())
    form = PeopleImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    upload = form.cleaned_data["file"]
    name, data = upload.name, upload.read()
    try:
        result = import_people(
            request.membership, file_name=name, data=data, dry_run=True, request=request
        )
    except ImportFailed as error:
        return _page(request, form, errors=error.texts, status=400)
    preview = uploads.keep(request, PENDING_KEY, name, data, plan=result.plan)
    return _page(request, form, result=result, preview=preview)


@require_POST
@admin_required
def people_import_confirm(request):
    def apply(pending):
        result = import_people(
            request.membership,
            file_name=pending["name"],
            data=pending["data"],
            request=request,
            expected_plan=pending.get("plan"),
        )
        messages.success(request, result.summary)
        return redirect(reverse("settings_people"))

    try:
        return uploads.confirm(request, PENDING_KEY, apply, "people_import")
    except (ImportFailed, PermissionDenied) as error:
        # The organization changed since the preview (or the person's role did).
        for text in error.texts if isinstance(error, ImportFailed) else [str(error)]:
            messages.error(request, text)
        return redirect("people_import")


@admin_required
def people_export(request):
    fmt = params.choice(request, "format", exporter.FORMATS)
    if fmt is None:
        raise Http404
    response = HttpResponse(
        exporter.export_people(request.membership, fmt=fmt),
        content_type=exporter.CONTENT_TYPES[fmt],
    )
    response["Content-Disposition"] = downloads.attachment(exporter.file_name(fmt))
    return response
