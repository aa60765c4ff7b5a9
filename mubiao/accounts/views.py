"""Sign in and out, password reset by email, invitations, and personal preferences.

Django's auth views do the work; these add our templates, the invitation flow and a language
switch that also remembers the choice on the person's account.
"""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import base36_to_int, url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mubiao.accounts import services, throttle, tokens
from mubiao.accounts.forms import (
    ApiTokenForm,
    InvitationForm,
    PersonalPasswordResetForm,
    PreferencesForm,
    SignInForm,
)
from mubiao.accounts.middleware import default_zone
from mubiao.orgs import permissions
from mubiao.orgs.middleware import SESSION_KEY as ORGANIZATION_SESSION_KEY
from mubiao.orgs.middleware import SSO_SESSION_KEY, usable_memberships
from mubiao.web import once
from mubiao.web.views.base import (
    CYCLE_SESSION_KEY,
    add_service_errors,
    found,
    member_required,
    page,
    paginate,
    respond_in,
)


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
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        # A session an organization's provider or app established may sign in with the
        # password (to accept an invitation, or to change two-factor sign-in).
        self.redirect_authenticated_user = not request.session.get(SSO_SESSION_KEY)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        # Someone with an authenticator app proves it before being signed in.
        from mubiao.twofactor import services as twofactor
        from mubiao.twofactor.views import ask_for_code

        if twofactor.device_of(form.get_user()):
            return ask_for_code(self.request, form.get_user(), self.get_redirect_url())
        response = super().form_valid(form)
        # The password's session is the account's own: no longer one organization's provider's.
        self.request.session.pop(SSO_SESSION_KEY, None)
        return response

    def get_context_data(self, **kwargs):
        # ?organization=<slug> (the link an admin hands out) offers its provider's button, as
        # does a refused password sign-in of an organization that requires single sign-on.
        from mubiao.sso.selectors import app_sign_in_of, provider_of

        context = super().get_context_data(**kwargs)
        slug = self.request.GET.get("organization", "")
        required = getattr(context["form"], "required_provider", None)
        return {
            **context,
            "first_run": permissions.can_set_up(),
            "sso_provider": required
            or (provider_of(slug) if slug.isprintable() and slug else None),
            # The organization's work app (飞书 / 钉钉 / 企业微信), when its members sign in there.
            "sso_app": getattr(context["form"], "required_app", None)
            or app_sign_in_of(required.organization.slug if required else slug),
            "sso_missing": self.request.GET.get("sso_missing", "")[:200],
            "next_query": urlencode({"next": _next(self.request, "")}),
        }


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, limited per email and client address, its link starting with
    MUBIAO_SITE_URL (else the address this request came to)."""

    template_name = "accounts/password_reset.html"
    form_class = PersonalPasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        refused = throttle.guard(request) or throttle.reset_request_allowed(
            request, request.POST.get("email", "")
        )
        return refused or super().post(request, *args, **kwargs)

    def form_valid(self, form):
        self.extra_email_context = {
            "site_url": services.site_url(self.request),
            "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
        }
        return super().form_valid(form)


# Pages whose address carries a secret (a reset or invitation link) are never stored by a
# browser or a proxy: no-store keeps them out of the back button of a shared computer and out
# of shared caches. Django marks its own reset page so, but not the pages our dispatch answers
# first (the lockout page).
@method_decorator(never_cache, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset link (it works once, for PASSWORD_RESET_TIMEOUT): a bad link counts as a
    failed sign-in of that link from the client address (throttle.link_target); a new password
    ends the account's lockout."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def dispatch(self, *args, **kwargs):
        refused = throttle.guard(self.request, _reset_target(kwargs))
        if refused:
            return refused
        # In the account's language, as its e-mail was (PersonalPasswordResetForm), whoever's
        # browser opens the link; the browser's for an account without one, as the e-mail.
        user = self.get_user(kwargs.get("uidb64", ""))
        if user is None or not user.language:
            return self._checked(*args, **kwargs)
        return respond_in(user.language, lambda: _rendered(self._checked(*args, **kwargs)))

    def _checked(self, *args, **kwargs):
        response = super().dispatch(*args, **kwargs)
        # A good link first redirects to a URL without the token (validlink is set only when
        # the form page renders). A genuine link that has expired is no attempt to break in
        # (as with invitations, an office reopening old e-mails must not lock itself out).
        # Nor is reopening a link that was used (its token no longer matches the new password).
        token = kwargs.get("token", "")
        if (
            not self.validlink
            and response.status_code != 302
            and not _issued_here(self.user, token)
            and not services.reset_link_spent(self.user, token)
        ):
            throttle.failed(self.request, _reset_target(kwargs))
        return response

    def form_valid(self, form):
        # The link's token, which Django keeps in the session after the first redirect.
        token = self.request.session.get(auth_views.INTERNAL_RESET_SESSION_TOKEN, "")
        response = super().form_valid(form)
        services.spend_reset_link(self.user, token)
        throttle.succeeded(self.user.email)
        return response


def _reset_target(kwargs) -> str:
    return throttle.link_target("reset", kwargs.get("uidb64", ""))


def _rendered(response):
    """A template response rendered now (in the language active now), not after the view."""
    return response.render() if hasattr(response, "render") else response


class _AsIssued(PasswordResetTokenGenerator):
    """Django's reset token check as at the moment the token says it was issued: true for a
    token this server made for the account, however old (Django's own check adds expiry)."""

    def __init__(self, issued: int):
        super().__init__()
        self.issued = issued

    def _now(self):
        return dt.datetime(2001, 1, 1) + dt.timedelta(seconds=self.issued)


def _issued_here(user, token: str) -> bool:
    try:
        issued = base36_to_int(token.split("-")[0])
    except ValueError:
        return False
    return user is not None and _AsIssued(issued).check_token(user, token)


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
@require_POST
def switch_organization(request):
    """The header's organization menu: the session uses the chosen organization from now on,
    one the person is an active member of (a session a provider or app established keeps to
    its organization); any other is not found."""
    # Compared as text: whatever is posted (not a number, past any column's range) is no id.
    wanted = request.POST.get("organization", "")
    membership = next(
        (m for m in usable_memberships(request) if str(m.organization_id) == wanted), None
    )
    if membership is None:
        raise Http404
    _use_organization(request, membership)
    return redirect(reverse("home"))


def _use_organization(request, membership) -> None:
    request.session[ORGANIZATION_SESSION_KEY] = membership.organization_id
    request.session.pop(CYCLE_SESSION_KEY, None)  # the other organization's cycle


@login_required
def preferences(request):
    user = request.user
    form = _preferences_form(request, request.POST or None)
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
    return _preferences_page(request, form)


def _preferences_form(request, data=None) -> PreferencesForm:
    user, membership = request.user, request.membership
    return PreferencesForm(
        data,
        initial={"name": user.name, "language": user.language, "timezone": user.timezone},
        default_zone=default_zone(user, membership),
        organization_zone=membership.organization.time_zone if membership else "",
    )


def _preferences_page(
    request, form=None, *, token_form=None, created=None, secret="", revoking=None, status=200
):
    """The Preferences page; with an organization, its API tokens section too (a token acts in
    one organization: the current one): the token form as posted, the token just created with
    its secret, the token whose revocation is being confirmed."""
    form = form or _preferences_form(request)
    if not request.membership:
        context = {"form": form, "plain": True}
        return render(request, "accounts/preferences.html", context, status=status)
    context = {
        "form": form,
        "token_form": token_form or ApiTokenForm(),
        "api_tokens": _with_states(paginate(request, tokens.tokens_of(request.membership))),
        "created": created,
        "secret": secret,
        "revoking": revoking,
    }
    return page(request, "accounts/preferences.html", context, status=status)


def _with_states(tokens_page):
    now = timezone.now()
    for token in tokens_page:
        token.state = tokens.state_of(token, now)
    return tokens_page


# The secret is in this response only: never stored by a browser or a proxy, never in the
# session or the messages (a later page would show it again).
@never_cache
@member_required
@require_POST
def create_api_token(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            with once.sending(request):
                token, secret = tokens.create_token(request.membership, **form.cleaned_data)
        except once.Taken:
            # A reload of the page that showed the secret sends the form again: the page it
            # answers lists the token made the first time (its secret is not kept to show).
            messages.info(
                request,
                _(
                    "This form was already sent: the token was created then and shown that "
                    "once. If you did not copy it, revoke that token and create a new one."
                ),
            )
            return redirect(reverse("preferences") + "#api-tokens")
        except once.Refused as refused:
            form.add_error(None, refused.message)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _preferences_page(request, created=token, secret=secret)
    return _preferences_page(request, token_form=form, status=400)


@member_required
@require_POST
def revoke_api_token(request, pk):
    """The person's own token in the current organization (any other is not found); asked
    once more before it is revoked, as programs using it stop working at once."""
    token = found(tokens.tokens_of(request.membership).get, pk=pk)
    if request.POST.get("confirm") != "1":
        return _preferences_page(request, revoking=token)
    tokens.revoke_token(request.membership, token)
    messages.success(request, _("The token %(prefix)s… is revoked.") % {"prefix": token.prefix})
    return redirect(reverse("preferences") + "#api-tokens")


@never_cache  # the link is a secret, the page a form (see PasswordResetConfirmView)
def accept_invitation(request, token):
    """The link e-mailed to the invited address (from_mailbox): a new account, or one without a
    password, chooses its password here and is signed in; an account with one signs in first,
    then joins with one click. The copied link (Settings › People) shows one page, the same for
    every invitation and account, in the browser's language: sign in to join, or have the
    e-mailed link sent. A forged link counts as a failed sign-in of that link from the client
    address (throttle.link_target); a genuine one that is used, replaced or expired does not:
    reopened from an inbox by everyone behind one office address, it would lock the whole office
    out."""
    # Counted per link: the signed part before the signature names the invitation.
    target = throttle.link_target("invitation", token.split(":", 1)[0])
    refused = throttle.guard(request, target)
    if refused:
        return refused
    try:
        invitation = services.invitation_for_link(token)
    except ValidationError as error:
        if error.code != services.LINK_SPENT:
            throttle.failed(request, target)
        return render(
            request, "accounts/invitation.html", {"problem": error.messages[0]}, status=410
        )
    if not invitation.from_mailbox:
        return _copied_link_page(request, token, invitation)
    # In the language its e-mail was written in (services.send_invitation), whoever's browser
    # opens it.
    inviter = invitation.invited_by.user if invitation.invited_by else None
    language = invitation.membership.user.email_language(inviter and inviter.language)
    return respond_in(language, lambda: _invitation_page(request, token, invitation))


def _invitation_page(request, token, invitation):
    person = invitation.membership.user
    if person.has_usable_password():
        return _join_existing_account(request, token, invitation)
    form = InvitationForm(request.POST or None, user=person, initial={"name": person.name})
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.accept_invitation(
                token, password=form.cleaned_data["password1"], name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            return render(
                request, "accounts/invitation.html", {"problem": error.messages[0]}, status=410
            )
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        request.session.pop(SSO_SESSION_KEY, None)  # signed in with the password just chosen
        return _into_joined(request, membership)
    context = {"form": form, "invited": invitation.membership}
    return render(request, "accounts/invitation.html", context, status=400 if form.errors else 200)


def _copied_link_page(request, token, invitation):
    """What a copied link shows. The invitee signed in with their password joins with one
    click; anyone else gets the same bytes whoever the link is for (no organization, address,
    account or language of theirs): it may have been pasted to a rival."""
    if _signed_in_as_invitee(request, invitation.membership):
        return _join_existing_account(request, token, invitation)
    problem, status = "", 200
    if request.method == "POST" and "email_link" in request.POST:
        refused = throttle.invitation_email_allowed(request, invitation.membership.user.email)
        if refused:
            return refused
        sent = services.email_invitation_link(token, request=request)
        return redirect(request.path + "?" + urlencode({"sent": sent}))
    if request.method == "POST":
        # Whatever was posted (a password, a join): the service refuses it, the same way for
        # every account.
        try:
            services.accept_invitation(
                token, password=request.POST.get("password1") or None, name=""
            )
        except (ValidationError, PermissionDenied) as error:
            problem, status = _message_of(error), 403
    context = {
        "copied": True,
        "problem_here": problem,
        "sent": request.GET.get("sent"),
        "login_url": reverse("login") + "?" + urlencode({"next": request.path}),
    }
    return render(request, "accounts/invitation.html", context, status=status)


def _message_of(error) -> str:
    return error.messages[0] if isinstance(error, ValidationError) else str(error)


def _signed_in_as_invitee(request, membership) -> bool:
    # Only the account's own password session accepts: one an organization's provider or app
    # established reaches that organization only (sso.selectors.vouches_for relies on this).
    return (
        request.user.is_authenticated
        and request.user.pk == membership.user_id
        and not request.session.get(SSO_SESSION_KEY)
    )


def _into_joined(request, membership):
    """Into the organization just joined, or, when it requires its provider or app of the
    person (a password session never enters it), to that sign-in."""
    from mubiao.sso.selectors import door_after_joining

    door = door_after_joining(membership)
    if door:
        return redirect(reverse(door, args=[membership.organization.slug]))
    _use_organization(request, membership)
    return redirect(reverse("home"))


def _join_existing_account(request, token, invitation):
    membership = invitation.membership
    signed_in_as_invitee = _signed_in_as_invitee(request, membership)
    if request.method == "POST" and signed_in_as_invitee:
        try:
            joined = services.accept_invitation(token, user=request.user)
        except ValidationError as error:
            return render(
                request, "accounts/invitation.html", {"problem": error.messages[0]}, status=410
            )
        return _into_joined(request, joined)
    context = {
        "invited": membership,
        "existing_account": True,
        "signed_in_as_invitee": signed_in_as_invitee,
        "through_provider": bool(request.session.get(SSO_SESSION_KEY)),
        "login_url": reverse("login") + "?" + urlencode({"next": request.path}),
    }
    return render(request, "accounts/invitation.html", context)
