"""Bearer-token authentication and per-token rate limiting.

A token acts as its member in its organization: authentication puts the member where every
view expects it (request.membership, request.user) and switches to the person's language and
time zone, as the web middleware does for a signed-in person. Without a language setting the
Accept-Language header (already applied by LocaleMiddleware) decides.
"""

import zoneinfo

from django.conf import settings
from django.utils import timezone, translation
from ninja.security import HttpBearer

from mubiao.accounts import ratelimit, tokens
from mubiao.accounts.middleware import reader_zone
from mubiao.accounts.models import ApiToken
from mubiao.api.errors import RateLimited
from mubiao.orgs.models import Membership

RATE_WINDOW_SECONDS = 60


def check_rate(token: ApiToken) -> None:
    """A one-minute window per token, counted in the database so that the limit holds however
    many server processes and hosts answer (mubiao.accounts.ratelimit)."""
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    if limit <= 0:
        return
    verdict = ratelimit.hit(f"api:{token.pk}", limit=limit, window=RATE_WINDOW_SECONDS)
    if not verdict.allowed:
        raise RateLimited(verdict.retry_after)


def _use_person_settings(request, membership: Membership) -> None:
    user = membership.user
    if user.language:
        translation.activate(user.language)
        request.LANGUAGE_CODE = translation.get_language()
    if zone := reader_zone(user, membership):
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str) -> ApiToken | None:
        api_token = tokens.authenticate(token.strip())
        if api_token is None:
            return None
        check_rate(api_token)
        request.membership = api_token.membership
        request.user = api_token.membership.user
        _use_person_settings(request, api_token.membership)
        return api_token


def actor(request) -> Membership:
    """The member a request acts as."""
    return request.auth.membership
