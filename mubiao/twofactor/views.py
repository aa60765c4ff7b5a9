"""Two-factor sign-in pages: the second step of signing in, and setting up the authenticator
app (owners and admins)."""

import time
from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mubiao.accounts import services as accounts
from mubiao.accounts import throttle
from mubiao.okrs.wording import sentences
from mubiao.orgs.middleware import SSO_SESSION_KEY
from mubiao.twofactor import services
from mubiao.twofactor.forms import CodeForm
from mubiao.web.views.base import add_service_errors, page

PENDING_SESSION_KEY = "mubiao_twofactor_pending"
CODES_SESSION_KEY = "mubiao_twofactor_codes"
PENDING_SECONDS = 300


def ask_for_code(request, user, next_url: str, *, through=None):
    """Instead of signing in after the password (or the provider or app of the organization
    `through`, an id): remember who proved it (for PENDING_SECONDS) and ask for the second
    factor."""
    request.session[PENDING_SESSION_KEY] = {
        "user": user.pk, "next": next_url, "at": time.time(), "through": through
    }  # fmt: skip
    return redirect(reverse("twofactor_verify"))


def sign_in(request, user, *, through=None):
    """Signs the account in; `through` is the organization (id) whose provider or app vouched
    for it, which is then all the session may use (orgs.middleware.SSO_SESSION_KEY). Returns
    None, or the page refusing the sign-in when that organization's invitation of the person
    expired (410, as its link says; not when its directory lists them: accept_by_sign_in)."""
    if through:
        try:
            accounts.accept_by_sign_in(user, through)
        except ValidationError as refused:
            context = {"problem": refused.messages[0]}
            return render(request, "accounts/invitation.html", context, status=410)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if through:
        request.session[SSO_SESSION_KEY] = through
    else:
        request.session.pop(SSO_SESSION_KEY, None)


def _pending_user(request):
    pending = request.session.get(PENDING_SESSION_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None, ""
    return get_user_model().objects.filter(pk=pending["user"], is_active=True).first(), pending[
        "next"
    ]


@never_cache  # the second step of a sign-in: nothing to keep or to show again
def verify(request):
    user, next_url = _pending_user(request)
    if user is None:
        messages.info(request, _("Sign in again: the sign-in took longer than five minutes."))
        return redirect(reverse("login"))
    # Codes are counted like passwords, for this account from this address.
    refused = throttle.guard(request, user.email)
    if refused:
        return refused
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ok = services.verify_sign_in(user, form.cleaned_data["code"])
        except services.TooSoon as wait:
            form.add_error("code", _too_soon(wait))
        else:
            if ok:
                through = request.session.pop(PENDING_SESSION_KEY).get("through")
                return sign_in(request, user, through=through) or redirect(
                    next_url or reverse("home")
                )
            throttle.failed(request, user.email)
            form.add_error(
                "code",
                _("That code is not right. Type the 6 digits your authenticator app shows now, "
                  "or one of your recovery codes."),
            )  # fmt: skip
    status = 400 if form.errors else 200
    return render(request, "twofactor/verify.html", {"form": form}, status=status)


def _enrol_actor(request):
    if not services.may_enrol(request.membership):
        raise Http404
    if request.session.get(SSO_SESSION_KEY):
        raise PermissionDenied(
            _(
                "You signed in through your organization's single sign-on or work app: sign out, "
                "then sign in with your password to change two-factor sign-in."
            )
        )
    return request.membership


@never_cache  # it shows the authenticator secret and the recovery codes
@login_required
def setup(request):
    actor = _enrol_actor(request)
    device = services.device_of(request.user)
    form = CodeForm(request.POST or None)
    context = {"form": form, "device": device}
    if device is None:
        pending = services.enrolment_device(actor)
        context["qr"] = mark_safe(segno.make(pending.config_url).svg_inline(scale=4))  # noqa: S308
        context["secret"] = b32encode(pending.bin_key).decode()
        if request.method == "POST" and form.is_valid():
            try:
                codes = services.confirm(actor, form.cleaned_data["code"])
            except services.TooSoon as wait:
                form.add_error("code", _too_soon(wait))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session[CODES_SESSION_KEY] = codes
                return redirect(reverse("twofactor_setup"))
    else:
        context["codes"] = request.session.pop(CODES_SESSION_KEY, None)
        context["codes_left"] = services.recovery_codes_left(request.user)
    return page(request, "twofactor/setup.html", context, status=400 if form.errors else 200)


def _too_soon(wait) -> str:
    return ngettext(
        "Too many wrong codes. Try again in %(seconds)s second.",
        "Too many wrong codes. Try again in %(seconds)s seconds.",
        wait.seconds,
    ) % {"seconds": wait.seconds}


@login_required
@require_POST
def change(request):
    """Renew the recovery codes or switch two-factor sign-in off; both take a current code."""
    actor = _enrol_actor(request)
    form = CodeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"code": _("Type a code from your authenticator app.")})
        if request.POST.get("action") == "off":
            services.switch_off(actor, form.cleaned_data["code"])
            messages.success(request, _("Two-factor sign-in is off."))
        else:
            request.session[CODES_SESSION_KEY] = services.renew_recovery_codes(
                actor, form.cleaned_data["code"]
            )
    except services.TooSoon as wait:
        messages.error(request, _too_soon(wait))
    except ValidationError as error:
        messages.error(request, sentences(error.messages))
    return redirect(reverse("twofactor_setup"))
