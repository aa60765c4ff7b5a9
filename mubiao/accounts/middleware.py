"""Per-person language and time zone.

The language comes from the person's setting, else the browser (LocaleMiddleware); the time zone
from reader_zone: the person's setting, else their language's, else their organization's (the
one its "today" is counted in), else the server's.
"""

import zoneinfo

from django.conf import settings
from django.utils import timezone

from mubiao.transactions import language_chosen


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
        # The services keep the language this request is answered in (transactions).
        with language_chosen():
            return self.get_response(request)


def reader_zone(user, membership) -> str:
    """The zone a person reads times in, on pages and in the API alike: their own, else the one
    their language implies (a Chinese speaker: Beijing, as their reminders are timed:
    notify.rules.reminder_zone), else their organization's; "" for the server's."""
    from mubiao.orgs.rules import is_time_zone

    own = user.timezone if is_time_zone(user.timezone or "") else ""
    return own or default_zone(user, membership)


def default_zone(user, membership) -> str:
    """The zone a person who chose none reads times in (the preferences' empty choice names
    it): the one their language implies, else their organization's; "" for the server's."""
    from mubiao.notify.rules import reminder_zone

    org_zone = membership.organization.time_zone if membership else ""
    return reminder_zone(
        preference_zone="", person_zone="", language=user.language or "", org_zone=org_zone
    )


class UserTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        membership = getattr(request, "membership", None) if user.is_authenticated else None
        tz_name = reader_zone(user, membership) if user.is_authenticated else ""
        try:
            timezone.activate(zoneinfo.ZoneInfo(tz_name)) if tz_name else timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return self.get_response(request)
