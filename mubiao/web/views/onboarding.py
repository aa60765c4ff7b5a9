"""Getting in without an organization: the first run (/setup) on an empty database, and a new
organization for a signed-in person who belongs to none (where the server allows it)."""

import functools

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from mubiao.orgs import permissions, services
from mubiao.web.forms import NewOrganizationForm, SetupForm
from mubiao.web.views.base import add_service_errors, no_organization


def first_run(view):
    """On a database without any organization, anonymous visitors go to /setup instead."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated and permissions.can_set_up():
            return redirect("setup")
        return view(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
def setup(request):
    if not permissions.can_set_up():
        raise Http404
    if request.user.is_authenticated:
        # An account made with createsuperuser: it only needs the organization, which the
        # no-organization page offers on the first run.
        return redirect("home")
    form = SetupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            owner = services.set_up(
                person_name=data["name"],
                email=data["email"],
                password=data["password1"],
                organization_name=data["organization_name"],
                cycle_kind=data["cycle_kind"],
                language=request.LANGUAGE_CODE,
            )
        except PermissionDenied:
            raise Http404 from None  # someone else finished the first run a moment earlier
        except ValidationError as error:
            add_service_errors(form, error, {"person_name": "name", "password": "password1"})
        else:
            login(request, owner.user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("home")
    return render(
        request,
        "web/setup.html",
        {"form": form, **site_url_warning(request)},
        status=400 if form.errors else 200,
    )


def site_url_warning(request) -> dict:
    """Context for the note shown when MUBIAO_SITE_URL is unset and this page is reached at
    another address than the default links point to."""
    here = request.build_absolute_uri("/").rstrip("/")
    if settings.SITE_URL_CONFIGURED or here == settings.SITE_URL:
        return {}
    return {"site_url_unset": True, "here": here, "default": settings.SITE_URL}


@login_required
@require_POST
def organization_create(request):
    if request.membership:
        return redirect("home")  # already in one (a second click, or a stale page)
    if not permissions.can_create_organization(request.user):
        raise Http404
    form = NewOrganizationForm(request.POST)
    if form.is_valid():
        try:
            services.create_organization(
                request.user,
                name=form.cleaned_data["organization_name"],
                cycle_kind=form.cleaned_data["cycle_kind"],
                # The language they are using Mubiao in: theirs, else their browser's.
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as error:
            add_service_errors(form, error, {"name": "organization_name"})
        else:
            return redirect("home")
    return no_organization(request, form, status=400)
