"""Per-person language and time zone.

The language comes from the person's setting, else the browser (LocaleMiddleware); the time zone
from the person's setting, else their organization's (the one its "today" is counted in), else
the server's.
"""

import zoneinfo

from django.conf import settings
from django.utils import timezone


class UserLanguageMiddleware:
    """Puts the signed-in person's language where LocaleMiddleware looks for it (the cookie).

    Runs after AuthenticationMiddleware and before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.language:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = user.language
        return self.get_response(request)


class UserTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tz_name = getattr(request.user, "timezone", "") if request.user.is_authenticated else ""
        membership = getattr(request, "membership", None) if request.user.is_authenticated else None
        if not tz_name and membership:
            tz_name = membership.organization.time_zone
        try:
            timezone.activate(zoneinfo.ZoneInfo(tz_name)) if tz_name else timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return self.get_response(request)
