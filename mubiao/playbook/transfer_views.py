"""Import and export pages: upload or paste → preview → confirm; download buttons.

The preview is a dry run of the real import (every check included). The file waits for the
confirmation in the person's session (web.uploads), and is removed from it once imported.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mubiao.okrs import selectors, services
from mubiao.okrs.models import Cycle
from mubiao.okrs.transfer import ImportFailed, blank_sheet, exporter, import_okrs
from mubiao.okrs.transfer.errors import PASTED, Unanswered
from mubiao.okrs.transfer.exporter import CONTENT_TYPES, FORMATS, file_name
from mubiao.playbook.forms import ImportForm
from mubiao.web import downloads, params, uploads
from mubiao.web.views.base import chosen_cycle, found, member_required, page, with_query

PENDING_KEY = "mubiao_pending_import"


def _page(request, form, *, result=None, errors=(), preview="", status=200, cycle=None):
    """The import and export page; a preview's page is of the cycle imported into (its export
    part and cycle switcher), the navigation's chosen cycle otherwise."""
    cycle = cycle or chosen_cycle(request)
    return page(
        request,
        "playbook/transfer.html",
        {
            "form": form,
            "result": result,
            "preview": preview,
            "errors": errors,
        },
        cycle=cycle,
        status=status,
    )


def _form(request, data=None, files=None):
    cycle = chosen_cycle(request)
    return ImportForm(
        data,
        files,
        cycles=selectors.cycles(request.membership).exclude(state="closed"),
        initial={"cycle": cycle.pk if cycle else None},
    )


@member_required
def transfer(request):
    return _page(request, _form(request))


@require_POST
@member_required
def import_preview(request):
    form = _form(request, request.POST, request.FILES)
    if not form.is_valid():
        if (closed := _closed_cycle_refusal(request, form)) is not None:
            return _page(request, form, errors=[closed], status=400)
        return _page(request, form, status=400)
    cycle = found(selectors.get_cycle, request.membership, form.cleaned_data["cycle"])
    name, data = form.payload()
    try:
        result = import_okrs(
            request.membership, file_name=name, data=data, cycle=cycle, dry_run=True
        )
    except ImportFailed as error:
        return _page(request, form, errors=error.texts, status=400, cycle=cycle)
    preview = uploads.keep(request, PENDING_KEY, name, data, cycle=cycle.pk, plan=result.plan)
    return _page(request, form, result=result, preview=preview, cycle=cycle)


def _closed_cycle_refusal(request, form) -> str | None:
    """The import's own sentence for a cycle closed since the page was opened (the form offers
    only cycles that take new objectives, so a closed one chosen is refused as "not one of the
    choices"): said as every route says it (import_okrs, services.closed_refusal)."""
    if "cycle" not in form.errors:
        return None
    try:
        cycle = selectors.get_cycle(request.membership, int(request.POST.get("cycle", "")))
    except (ValueError, Cycle.DoesNotExist):
        return None
    if (closed := services.closed_refusal(cycle, "definition")) is None:
        return None
    del form.errors["cycle"]
    return closed


@require_POST
@member_required
def import_confirm(request):
    applied = {}

    def apply(pending):
        applied.update(pending)
        cycle = found(selectors.get_cycle, request.membership, pending["cycle"])
        result = import_okrs(
            request.membership,
            file_name=pending["name"],
            data=pending["data"],
            cycle=cycle,
            expected_plan=pending.get("plan"),
            # The preview's questions answered: its box ticked (none asked: nothing to tick).
            confirmed=request.POST.get("as_written") == "1",
        )
        messages.success(request, result.imported_message)
        return redirect(with_query(reverse("home"), cycle=cycle.pk))

    try:
        return uploads.confirm(
            request,
            PENDING_KEY,
            apply,
            "transfer",
            nothing_kept=_("Nothing to import: upload the file again."),
        )
    except ImportFailed as error:
        # Every wrong row or objective that changed; questions are asked again in the preview.
        errors = list(error.texts)
        if isinstance(error, Unanswered):
            errors = [
                _("Nothing was imported: confirm these values in the preview, or change them.")
            ]
        return _preview_again(request, applied, errors)


def _preview_again(request, pending: dict, errors: list[str]):
    """The refused confirmation's page: the file (or pasted text) previewed again as it is now,
    its refusals above it, never an empty import page that lost what the person gave."""
    cycle = found(selectors.get_cycle, request.membership, pending["cycle"])
    text = pending["data"].decode(errors="replace") if pending["name"] == PASTED else ""
    form = ImportForm(
        cycles=selectors.cycles(request.membership).exclude(state="closed"),
        initial={"cycle": cycle.pk, "text": text},
    )
    try:
        result = import_okrs(
            request.membership,
            file_name=pending["name"],
            data=pending["data"],
            cycle=cycle,
            dry_run=True,
        )
    except ImportFailed as error:  # no longer importable (the organization changed): say why
        # Once: the confirmation's refusal is the preview's when nothing else changed (a
        # cycle closed since the preview).
        said = [*errors, *(text for text in error.texts if text not in errors)]
        return _page(request, form, errors=said, status=400, cycle=cycle)
    preview = request.POST.get(uploads.FIELD, "")
    if result.plan != pending.get("plan"):  # the organization changed: this preview is new
        preview = uploads.keep(
            request, PENDING_KEY, pending["name"], pending["data"], cycle=cycle.pk,
            plan=result.plan,
        )  # fmt: skip
    return _page(
        request, form, result=result, errors=errors, preview=preview, status=400, cycle=cycle
    )


def _download(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = downloads.attachment(name)
    return response


@member_required
def export(request):
    fmt = params.choice(request, "format", FORMATS)
    if fmt is None:
        raise Http404
    pk = params.integer(request, "cycle")
    cycle = found(selectors.get_cycle, request.membership, pk) if pk else chosen_cycle(request)
    if cycle is None:
        raise Http404
    # Streamed (issue 14): read batch by batch while sent, in the request's language; an xlsx
    # file is written to a temporary file first (a zip ends with its directory) and sent from it.
    if fmt == "xlsx":
        response = FileResponse(
            exporter.xlsx_file(request.membership, cycle=cycle), content_type=CONTENT_TYPES[fmt]
        )
    else:
        response = StreamingHttpResponse(
            exporter.stream_okrs(request.membership, cycle=cycle, fmt=fmt),
            content_type=CONTENT_TYPES[fmt],
        )
    response["Content-Disposition"] = downloads.attachment(file_name(cycle, fmt))
    return response


@member_required
def blank(request, fmt):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    return _download(blank_sheet(fmt), f"okrs-import.{fmt}", CONTENT_TYPES[fmt])
