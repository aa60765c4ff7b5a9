"""Personal API tokens: create, check and revoke.

A token secret looks like `mbo_<43 url-safe characters>` and is shown once. The database keeps
only its SHA-256 digest (a token is high-entropy, so a fast hash is enough and lets us look it
up by digest) and a short prefix that identifies it in lists without revealing it.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from mubiao.accounts.models import ApiToken
from mubiao.okrs import limits
from mubiao.okrs.services import log
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership
from mubiao.transactions import best_effort, write_transaction

SECRET_PREFIX = "mbo_"
PREFIX_LENGTH = 12  # "mbo_" and 8 random characters: enough to tell tokens apart in a list
MAX_DAYS = 3650
# last_used_at is a hint for people reviewing their tokens, not an audit log: writing it at
# most once a minute keeps a busy integration from turning every read into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
# What a token is at a moment (state_of): lists show it, only a live one authenticates.
LIVE, EXPIRED, REVOKED = "live", "expired", "revoked"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@write_transaction
def create_token(
    membership: Membership, *, name: str = "", days: int | None = None
) -> tuple[ApiToken, str]:
    """A new token for the member; returns it and its secret (the only time it is seen).

    days=0 makes a token that never expires.
    """
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    errors = {}
    name = limits.one_line(name)
    if problem := limits.text_error(name, ApiToken._meta.get_field("name").max_length):
        errors["name"] = problem
    if not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
        errors["days"] = days_problem()
    if not membership.is_active:
        errors["membership"] = _("This member is no longer active.")
    if errors:
        raise ValidationError(errors)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        membership=membership,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        digest=digest(secret),
        expires_at=timezone.now() + dt.timedelta(days=days) if days else None,
    )
    log(membership, "api_token.created", membership, **_logged(token))
    return token, secret


def _logged(token: ApiToken) -> dict:
    """What the activity log keeps of a token: what the token list shows of it (its prefix
    included), never its secret nor the digest that finds it."""
    return {"token": token.pk, "prefix": token.prefix, "name": token.name}


def days_problem() -> str:
    """The one message for a validity out of range, the service's and the web form's."""
    return _("Enter a number of days from 0 to %(max)s.") % {"max": MAX_DAYS}


def state_of(token: ApiToken, now: dt.datetime) -> str:
    """LIVE, EXPIRED or REVOKED at `now` (a revoked token stays revoked once it would expire)."""
    if token.revoked_at is not None:
        return REVOKED
    if token.expires_at is not None and token.expires_at <= now:
        return EXPIRED
    return LIVE


def authenticate(secret: str) -> ApiToken | None:
    """The live token for a secret, with its membership, user and organization; else None."""
    if not secret or not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("membership__user", "membership__organization")
        .filter(digest=digest(secret))
        .first()
    )
    now = timezone.now()
    if (
        token is None
        or state_of(token, now) != LIVE
        or not token.membership.is_active
        or not token.membership.user.is_active
    ):
        return None
    # A hint, not worth failing a request for: skipped while SQLite's writer is busy.
    if (
        token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION
    ) and best_effort(
        "a token's last-use stamp",
        lambda: ApiToken.objects.filter(pk=token.pk).update(last_used_at=now),
    ):
        token.last_used_at = now
    return token


@write_transaction
def revoke_token(actor: Membership, token: ApiToken) -> ApiToken:
    """A person revokes their own tokens; an organization admin any token of the organization.

    Another organization's token is absent, never forbidden.
    """
    if token.membership.organization_id != actor.organization_id:
        raise ApiToken.DoesNotExist
    if token.membership_id != actor.pk and not permissions.can_manage_organization(actor):
        raise PermissionDenied(_("You are not allowed to do this."))
    now = timezone.now()
    # Revoked once, and logged once, however often it is asked (two tabs, a stale row).
    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
        token.revoked_at = now
        # Filed under the token's member, as its creation is: an admin may revoke it.
        log(actor, "api_token.revoked", token.membership, **_logged(token))
    else:
        token.refresh_from_db(fields=["revoked_at"])
    return token


def tokens_of(membership: Membership):
    """A member's tokens, newest first (revoked ones too: they show when they stopped)."""
    return ApiToken.objects.filter(membership=membership).order_by("-created_at", "-id")
