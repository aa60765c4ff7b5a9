"""Sign-in protection: django-axes counts failed sign-ins per account and client address together
in the database (so every server process sees them) and locks that pair out for a cool-off.
A company behind one NAT or proxy shares an address: typos there must not lock out colleagues
who typed nothing wrong, so an address on its own is refused only at the much higher
MUBIAO_SIGNIN_ADDRESS_FAILURE_LIMIT (someone trying passwords over many accounts).

Axes watches `authenticate()` (the sign-in page and the admin's). The other ways in, which
take a secret link instead of a password (password reset, invitations), call `guard()` first
and `failed()` on a bad link, both with `link_target()`: a bad link counts for the pair (the
target it names, client address), so guessing one link locks that link out from that address
at the per-pair limit, and guessing many the address at the per-address limit; one client's
bad links never stop anyone else's good ones (nor, under one address, other people's links
below that higher limit);
requests for reset emails are limited per address and per email (`reset_request_allowed`), as
are the invitation e-mails a copied invitation link asks for (`invitation_email_allowed`).
Single sign-on callbacks pass NO_ACCOUNT instead of an address: the address limit alone.

Settings: MUBIAO_SIGNIN_FAILURE_LIMIT, MUBIAO_SIGNIN_ADDRESS_FAILURE_LIMIT,
MUBIAO_SIGNIN_COOLOFF_MINUTES, MUBIAO_PROXY_COUNT, MUBIAO_RESET_EMAILS_PER_HOUR (README).
"""

import ipaddress
import math

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as reset_attempts
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.accounts import ratelimit
from mubiao.accounts.models import normalise_email

RESET_WINDOW_SECONDS = 3600


def client_address(request) -> str:
    """The client's IP address: REMOTE_ADDR, or with MUBIAO_PROXY_COUNT=n reverse proxies in
    front, the address the outermost of them saw (the n-th entry of X-Forwarded-For from the
    right; the entries left of it are whatever the client sent and are never trusted)."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.MUBIAO_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    candidate = hops[-count] if len(hops) >= count else hops[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def signin_username(request, credentials: dict | None) -> str | None:
    """The account a sign-in names, as stored (emails are kept in lower case), so that
    `Alice@x` and `alice@x` count as one account."""
    username = (credentials or {}).get("username")
    return normalise_email(username) or None if isinstance(username, str) else None


def lockout_parameters(request_or_attempt, credentials: dict | None = None) -> list:
    """Per account and client address together; a failure that names no account (a bad reset
    or invitation link) counts as the pair (no account, address), apart from password typos."""
    return [["username", "ip_address"]]


# What a failed single sign-on names (no account can have it: addresses hold an "@"): it
# counts toward the per-address limit only. The callback is shared by everyone behind an
# address and by every organization; at the per-pair limit a few forged answers would lock
# them all out of single sign-on.
NO_ACCOUNT = "single-sign-on:"


def _no_account(credentials: dict | None) -> bool:
    return (credentials or {}).get("username") == NO_ACCOUNT


class Handler(AxesDatabaseHandler):
    """Axes' database handler plus the per-address limit (MUBIAO_SIGNIN_ADDRESS_FAILURE_LIMIT,
    0: none), which counts every failure from the address over the cool-off, whatever account
    it named; failures as NO_ACCOUNT count toward it only."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if _no_account(credentials):
            return self.address_locked(request)
        return super().is_locked(request, credentials) or self.address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        # Axes marks a request for the lockout page only when the (account, address) pair
        # reaches its limit; a right password refused because the *address* is locked would
        # otherwise answer the sign-in form again, as if the password were wrong.
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None:
            return
        if _no_account(credentials):
            request.axes_locked_out = self.address_locked(request)
        elif not request.axes_locked_out and self.address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def address_locked(self, request) -> bool:
        limit = settings.MUBIAO_SIGNIN_ADDRESS_FAILURE_LIMIT
        return limit > 0 and self.address_failures(request) >= limit

    @staticmethod
    def address_failures(request) -> int:
        attempts = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _refusal(request, username: str) -> tuple[bool, int]:
    """Why a client is refused and for how long: whether the whole address is locked out
    (else `username`, an account or a link_target, from it), and the minutes until the newest
    failure counted leaves the cool-off, which is when the refusal ends at most. Refused tries
    do not count (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off), so this is the time
    left, not the whole cool-off: quoting the whole of it to someone who comes back after half
    of it would be wrong."""
    whole_address = AxesProxyHandler.get_implementation().address_locked(request)
    attempts = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )
    if not whole_address:
        attempts = attempts.filter(username=signin_username(request, _credentials(username)))
    newest = attempts.aggregate(newest=Max("attempt_time"))["newest"]
    cool_off = get_cool_off(request)
    left = newest + cool_off - timezone.now() if newest is not None and cool_off else cool_off
    return whole_address, max(math.ceil(left.total_seconds() / 60), 1) if left else 0


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of signing in while locked out (HTTP 429, in the user's
    language), with the minutes left (_refusal); for a secret link, what _link_lockout says."""
    username = (credentials or {}).get("username") or ""
    whole_address, minutes = _refusal(request, username)
    if username.startswith(LINK):
        return _link_lockout(request, whole_address, minutes)
    message = ngettext(
        # No "reset your password" here: a locked address is refused a reset as well.
        "Too many failed attempts for this account or from your network. Try again in "
        "%(minutes)s minute.",
        "Too many failed attempts for this account or from your network. Try again in "
        "%(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}
    return _wait_page(request, message, minutes)


def _wait_page(request, message: str, minutes: int):
    response = render(
        request, "accounts/throttled.html", {"title": _("Please wait"), "message": message},
        status=429,
    )  # fmt: skip
    response["Retry-After"] = str(minutes * 60)
    return response


# What a secret link's failures are counted under begins with this; no account can have such
# a name (addresses hold an "@"), so a bad link never locks an account out.
LINK = "link:"


def link_target(kind: str, claimed: str) -> str:
    """What a bad `kind` link ("invitation", "reset") counts under, with the client address:
    the part of the link that names what it is for (`claimed`, read without trusting it), so
    that a forged variant of a link counts against that link only."""
    return f"{LINK}{kind}:{claimed[:100]}"


def guard(request, email: str = ""):
    """None when the client may try a secret link (`email`: its link_target) or a second-factor
    code for an account (`email`: the account's address) now, else the lockout page to answer
    with."""
    if AxesProxyHandler.is_allowed(request, _credentials(email)):
        return None
    return lockout_response(request, credentials=_credentials(email))


def failed(request, email: str = "") -> None:
    """Count a bad secret link (forged; a genuine one expired or used is not counted) against
    the pair (its link_target, client address): a stale link in someone's inbox must not lock
    their account, nor one client's guesses the others' links. A wrong second-factor code
    names the account whose password was right (`email`)."""
    user_login_failed.send(sender=__name__, credentials=_credentials(email), request=request)


def _link_lockout(request, whole_address: bool, minutes: int):
    """The page for a refused link: whether the whole address or this link from it is locked
    out, and for how many more minutes (_refusal), in the browser's language."""
    if whole_address:
        message = ngettext(
            "Too many invitation or password-reset links that do not work were opened from "
            "your network, so links opened from it are refused for now. Try again in "
            "%(minutes)s minute.",
            "Too many invitation or password-reset links that do not work were opened from "
            "your network, so links opened from it are refused for now. Try again in "
            "%(minutes)s minutes.",
            minutes,
        )
    else:
        message = ngettext(
            "This link was tried too many times from your network without working. Try it "
            "again in %(minutes)s minute, or ask for a new link.",
            "This link was tried too many times from your network without working. Try it "
            "again in %(minutes)s minutes, or ask for a new link.",
            minutes,
        )
    return _wait_page(request, message % {"minutes": minutes}, minutes)


def _credentials(email: str) -> dict:
    return {"username": email} if email else {}


def succeeded(email: str) -> None:
    """A password was set through a reset link: the person proved they own the address, so
    the lockout their account may be under (someone guessing its password) ends."""
    reset_attempts(username=normalise_email(email))


def reset_request_allowed(request, email: str):
    """None when another password-reset email may go out, else the page to answer with:
    at most MUBIAO_RESET_EMAILS_PER_HOUR per email address and per client address."""
    return _emails_allowed(
        request,
        "reset",
        email,
        lambda minutes: ngettext(
            "Too many password reset emails were asked for. Try again in %(minutes)s minute.",
            "Too many password reset emails were asked for. Try again in %(minutes)s minutes.",
            minutes,
        ),
    )


def invitation_email_allowed(request, email: str):
    """As reset_request_allowed, for "E-mail me the link" on a copied invitation link: whoever
    holds the link may press it, so the invited address is not flooded."""
    return _emails_allowed(
        request,
        "invitation",
        email,
        lambda minutes: ngettext(
            "Too many e-mails of this invitation were asked for. Try again in %(minutes)s minute.",
            "Too many e-mails of this invitation were asked for. Try again in %(minutes)s minutes.",
            minutes,
        ),
    )


def _emails_allowed(request, kind: str, email: str, message):
    limit = settings.MUBIAO_RESET_EMAILS_PER_HOUR
    if limit <= 0:
        return None
    keys = (f"{kind}-ip:{client_address(request)}", f"{kind}-email:{normalise_email(email)[:150]}")
    verdicts = [ratelimit.hit(key, limit=limit, window=RESET_WINDOW_SECONDS) for key in keys]
    refused = [v for v in verdicts if not v.allowed]
    if not refused:
        return None
    minutes = max(math.ceil(max(v.retry_after for v in refused) / 60), 1)
    return _wait_page(request, message(minutes) % {"minutes": minutes}, minutes)
