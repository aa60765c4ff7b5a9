"""Sign in and out, password reset by email, invitations, and personal preferences.

Django's auth views do the work; these add our templates, the invitation flow and a language
switch that also remembers the choice on the person's account.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mubiao.accounts import services
from mubiao.accounts.forms import InvitationForm, PreferencesForm
from mubiao.orgs import permissions


def _next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A control character in a Location header breaks the response.
    if (
        target.startswith("/")  # a path: redirect() reads anything else as a view name
        and target.isprintable()
        and url_has_allowed_host_and_scheme(target, {request.get_host()})
    ):
        return target
    return default


class LoginView(auth_views.LoginView):
    """Django's sign-in page; on an empty database it points to /setup instead."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "first_run": permissions.can_set_up()}


@require_POST
def set_language(request):
    """中文 / English: kept in the cookie, and on the account when signed in (the account's
    choice wins over the cookie on the next request)."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(_next(request, "/"))
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
    )
    return response


@login_required
def preferences(request):
    from mubiao.web.views.base import page

    user = request.user
    form = PreferencesForm(
        request.POST or None,
        initial={"name": user.name, "language": user.language, "timezone": user.timezone},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_preferences(user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field, errors)
        else:
            response = redirect(reverse("preferences"))
            if user.language:
                response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language)
            messages.success(request, _("Your preferences are saved."))
            return response
    if not request.membership:
        return render(request, "accounts/preferences.html", {"form": form, "plain": True})
    return page(request, "accounts/preferences.html", {"form": form, "nav": "preferences"})


def accept_invitation(request, token):
    try:
        membership = services.membership_for_invitation(token)
    except ValidationError as error:
        return render(request, "accounts/invitation.html", {"problem": error.messages[0]})
    form = InvitationForm(
        request.POST or None, user=membership.user, initial={"name": membership.user.name}
    )
    if request.method == "POST" and form.is_valid():
        membership = services.accept_invitation(
            token, password=form.cleaned_data["password1"], name=form.cleaned_data["name"]
        )
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(reverse("home"))
    return render(request, "accounts/invitation.html", {"form": form, "invited": membership})
