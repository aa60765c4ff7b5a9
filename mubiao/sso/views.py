"""Single sign-on pages: the way in from the sign-in page, the provider's return, and the
admins' settings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mubiao.accounts import services as accounts
from mubiao.accounts import throttle
from mubiao.accounts.models import normalise_email
from mubiao.accounts.views import _next
from mubiao.orgs.middleware import SESSION_KEY as ORGANIZATION_SESSION_KEY
from mubiao.sso import oidc, selectors, services, workapps
from mubiao.sso.forms import ProviderForm
from mubiao.web.views.base import add_service_errors, admin_required, page

NEXT_SESSION_KEY = "mubiao_sso_next"


def _problem(request, message: str, *, status: int = 400):
    return render(request, "sso/problem.html", {"problem": message}, status=status)


def callback_url(request, slug: str) -> str:
    """The redirect URI an admin registers with the provider."""
    return accounts.site_url(request) + reverse("sso_callback", args=[slug])


def app_callback_url(request, slug: str) -> str:
    """The redirect URL an admin registers with the directory's app (飞书 / 钉钉 / 企业微信)."""
    return accounts.site_url(request) + reverse("sso_app_callback", args=[slug])


def find(request):
    """The sign-in page's "single sign-on" box: an e-mail address or an organization. Its
    answer is the sign-in page with the provider's button: the sign-in page's Content Security
    Policy lets forms go nowhere but Mubiao (form-action 'self', which also holds for the
    redirects after a submit), so the way to the provider is a link."""
    typed = request.GET.get("who", "")
    provider = selectors.provider_for_sign_in(typed)
    app = None if provider else selectors.app_sign_in_of(normalise_email(typed))
    if provider or app:
        found = {"organization": (provider or app).organization.slug}
    else:
        found = {"sso_missing": typed[:200]}
    return redirect(reverse("login") + "?" + urlencode({**found, "next": _next(request, "")}))


def start(request, slug):
    provider = selectors.provider_of(slug)
    if provider is None:
        return _problem(request, _("This organization does not use single sign-on."), status=404)
    request.session[NEXT_SESSION_KEY] = _next(request, "")
    try:
        return oidc.start(request, provider, callback_url(request, slug))
    except oidc.SignInProblem as problem:
        return _problem(request, problem.message, status=502)


@never_cache  # its address carries the one-time code and state of a sign-in
def callback(request, slug):
    refused = throttle.guard(request, throttle.NO_ACCOUNT)
    if refused:
        return refused
    provider = selectors.provider_of(slug)
    if provider is None:
        return _problem(request, _("This organization does not use single sign-on."), status=404)
    try:
        claims = oidc.finish(request, provider)
        membership = services.member_for_claims(provider, claims)
    except oidc.SignInProblem as problem:
        if problem.suspicious and not problem.spent:
            throttle.failed(request, throttle.NO_ACCOUNT)
        return _problem(request, problem.message, status=_status(problem))
    except services.NotAMember as problem:
        return _problem(request, problem.message, status=403)
    return _signed_in(request, membership)


def _status(problem: oidc.SignInProblem) -> int:
    """A forged or replayed answer is the browser's error; a sign-in the person cancelled at
    the provider is no error at all; anything else is the provider's (a bad gateway)."""
    return 400 if problem.suspicious else 200 if problem.cancelled else 502


def _signed_in(request, membership):
    from mubiao.twofactor import services as twofactor
    from mubiao.twofactor.views import ask_for_code, sign_in

    next_url = request.session.pop(NEXT_SESSION_KEY, "")
    request.session[ORGANIZATION_SESSION_KEY] = membership.organization_id
    # Someone who switched two-factor on proves it here too: the provider or app vouches for an
    # address, and a second factor on the account is not theirs to waive (an address a vendor
    # account shows is not proof of being an owner).
    through = membership.organization_id
    if twofactor.device_of(membership.user):
        return ask_for_code(request, membership.user, next_url, through=through)
    return sign_in(request, membership.user, through=through) or redirect(
        next_url or reverse("home")
    )


def _no_app(request):
    return _problem(
        request, _("This organization does not sign in through 飞书, 钉钉 or 企业微信."), status=404
    )


def app_start(request, slug):
    """To the sign-in page of the organization's work app (飞书 / 钉钉 / 企业微信)."""
    source = selectors.app_sign_in_of(slug)
    if source is None:
        return _no_app(request)
    request.session[NEXT_SESSION_KEY] = _next(request, "")
    try:
        return redirect(workapps.start(request, source, app_callback_url(request, slug)))
    except oidc.SignInProblem as problem:
        return _problem(request, problem.message, status=502)


@never_cache  # as callback
def app_callback(request, slug):
    refused = throttle.guard(request, throttle.NO_ACCOUNT)
    if refused:
        return refused
    source = selectors.app_sign_in_of(slug)
    if source is None:
        return _no_app(request)
    try:
        identity = workapps.finish(request, source, app_callback_url(request, slug))
        membership = services.member_for_identity(source, identity)
    except oidc.SignInProblem as problem:
        if problem.suspicious and not problem.spent:
            throttle.failed(request, throttle.NO_ACCOUNT)
        return _problem(request, problem.message, status=_status(problem))
    except services.NotAMember as problem:
        return _problem(request, problem.message, status=403)
    return _signed_in(request, membership)


@admin_required
def provider_settings(request):
    actor = request.membership
    provider = selectors.settings_for(actor)
    initial = {"enabled": True}
    if provider:
        initial = {
            "name": provider.name,
            "issuer": provider.issuer,
            "client_id": provider.client_id,
            "domains": ", ".join(d.domain for d in provider.domains.all()),
            "enabled": provider.enabled,
            "create_members": provider.create_members,
            "require_sso": provider.require_sso,
            "break_glass": provider.break_glass_id,
        }
    form = ProviderForm(
        request.POST or None,
        initial=initial,
        owners=selectors.owners(actor),
        has_secret=bool(provider),
    )
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            services.save_provider(actor, break_glass_id=data.pop("break_glass"), **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Single sign-on settings saved."))
            return redirect(reverse("settings_sso"))
    slug = actor.organization.slug
    context = {
        "form": form,
        "provider": provider,
        "claims": provider.domains.all() if provider else [],
        "now": timezone.now(),
        "tab": "sso",
        "redirect_uri": callback_url(request, slug),
        "sign_in_url": accounts.site_url(request)
        + reverse("login")
        + "?"
        + urlencode({"organization": slug}),
    }
    return page(request, "sso/settings.html", context, status=400 if form.errors else 200)


@admin_required
@require_POST
def verify_domain(request):
    try:
        claim = services.verify_domain(request.membership, request.POST.get("domain", ""))
    except ValidationError as error:
        for message in error.message_dict.get("domain", error.messages):
            messages.error(request, message)
    else:
        messages.success(request, _("%(domain)s is verified.") % {"domain": claim.domain})
    return redirect(reverse("settings_sso"))


@admin_required
@require_POST
def remove_provider(request):
    services.remove_provider(request.membership)
    messages.success(request, _("Single sign-on is removed; members sign in with passwords."))
    return redirect(reverse("settings_sso"))
