"""Settings → Directory: the directory's credentials, a preview of what a sync would change,
a sync now, and the sync log."""

import contextlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mubiao.directory import selectors, services
from mubiao.directory.changes import kind_labels
from mubiao.directory.forms import SourceForm
from mubiao.directory.vendors import DirectoryError, RateLimited, SyncHeld
from mubiao.sso import selectors as sso_selectors
from mubiao.sso.views import app_callback_url
from mubiao.web.views.base import add_service_errors, admin_required, page


def _page(request, form, *, source, result=None, error=None, status=200):
    return page(
        request,
        "directory/settings.html",
        {
            "form": form,
            "source": source,
            "result": result,
            "error": error,
            "kinds": kind_labels(),
            "runs": selectors.recent_runs(request.membership),
            "sign_in_redirect": app_callback_url(request, request.membership.organization.slug),
            "tab": "directory",
        },
        status=status,
    )


def _form(request, source, data=None):
    owners = sso_selectors.owners(request.membership)
    initial = {"scheduled": True}
    if source:
        initial = {
            "vendor": source.vendor,
            "app_id": source.app_id,
            "api_url": source.api_url,
            "root_department": source.root_department,
            "scheduled": source.scheduled,
            "invite": source.invite,
            "sign_in": source.sign_in,
            "agent_id": source.agent_id,
            "create_members": source.create_members,
            "require_sign_in": source.require_sign_in,
            "break_glass": source.break_glass_id,
        }
    return SourceForm(data, initial=initial, has_secret=bool(source), owners=owners)


@admin_required
def directory_settings(request):
    source = selectors.source_of(request.membership)
    form = _form(request, source, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_source(request.membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Directory settings saved.")
                if selectors.recent_runs(request.membership)
                else _("Directory settings saved. Preview the changes before the first sync."),
            )
            return redirect(reverse("settings_directory"))
    return _page(request, form, source=source, status=400 if form.errors else 200)


@require_POST
@admin_required
def directory_sync(request):
    """Preview (`preview` in the form) or apply (`apply`; `confirm` too, the code of the
    previewed departures, when the preview said the deactivations need it) a sync; a held one
    shows the preview again; any other POST changes nothing."""
    source = selectors.source_of(request.membership)
    if source is None:
        return redirect(reverse("settings_directory"))
    if "preview" not in request.POST and "apply" not in request.POST:
        return _page(
            request,
            _form(request, source),
            source=source,
            error=_("Choose “Preview changes” or “Sync now”: nothing was changed."),
            status=400,
        )
    dry_run = "preview" in request.POST
    try:
        result = services.sync(
            request.membership,
            dry_run=dry_run,
            confirmation=request.POST.get("confirm", ""),
            request=request,
        )
    except DirectoryError as error:
        preview = None
        if isinstance(error, SyncHeld):
            # What a confirmation would now apply, so that the admin confirms what they read.
            with contextlib.suppress(DirectoryError):
                preview = services.sync(request.membership, dry_run=True, request=request)
        return _page(
            request,
            _form(request, source),
            source=source,
            result=preview,
            error=error.message,
            status=(
                409
                if isinstance(error, SyncHeld)
                else 503
                if isinstance(error, RateLimited)
                else 502
            ),
        )
    if dry_run:
        return _page(request, _form(request, source), source=source, result=result)
    messages.success(request, result.summary)
    if result.nothing_to_confirm:
        messages.info(request, str(result.nothing_to_confirm))
    return redirect(reverse("settings_directory"))


@require_POST
@admin_required
def directory_remove(request):
    services.remove_source(request.membership)
    messages.success(request, _("Directory sync stopped; teams and people stay as they are."))
    return redirect(reverse("settings_directory"))
