"""Requests refused before any view reads them, with a page in the person's language.

A request body larger than MUBIAO_MAX_REQUEST_BYTES (the import's 10 MB plus room for the
form around it) is refused from its Content-Length header, before the body is read: an upload
that is too large is not received first and refused afterwards. A body that turns out larger
than Django allows (no Content-Length, chunked) or holds too many fields reaches handler400
(`bad_request`), which explains it instead of Django's bare "Bad Request (400)".

A request that fails because the database is busy (SQLite's writer held past the timeout, a
PostgreSQL deadlock that outlived write_transaction's retries) reaches handler500
(`server_error`) wherever it was raised (a view, the API, a middleware saving the session) and
is answered 503 with Retry-After: it may succeed when sent again, and it is no fault of the app.

A query parameter a view cannot take (web.params.Refused, raised wherever a view reads one) is
answered 422 by RefusedParameterMiddleware: the message naming the parameter and what it takes,
and a link to the page with its defaults; JSON (the API's error shape) for a reader that asked
for JSON only (the alignment map's script).
"""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults

from mubiao.transactions import BUSY_RETRY_AFTER, is_busy
from mubiao.web.params import OneValueEach, Refused


def _refuse(request, message: str, status: int, *, back: str = "", errors=()):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": list(errors)}, status=status)
    back = back or (reverse("transfer") if "/transfer/" in request.path else "")
    return render(
        request, "web/request_refused.html", {"message": message, "back": back}, status=status
    )


class RefusedParameterMiddleware:
    """A web.params.Refused raised by a view: 422 naming the parameter (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Every read of a parameter given twice with different values is refused (web.params).
        request.GET.__class__ = OneValueEach
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refused):
            return None
        errors = [{"field": exception.name, "message": exception.message}]
        if request.accepts("application/json") and not request.accepts("text/html"):
            return JsonResponse({"detail": exception.message, "errors": errors}, status=422)
        return _refuse(request, exception.message, 422, back=request.path, errors=errors)


def _too_large(request):
    limit = settings.MUBIAO_MAX_REQUEST_BYTES // (1024 * 1024)
    return _refuse(
        request,
        _(
            "What you sent is larger than %(limit)s MB, more than Mubiao accepts at once. "
            "Imports take files of up to 10 MB (2,000 rows or 2,000 lines): split the file or "
            "the text into smaller parts."
        )
        % {"limit": limit},
        413,
    )


class RequestSizeMiddleware:
    """Runs before CsrfViewMiddleware, which would read the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MUBIAO_MAX_REQUEST_BYTES:
            return _too_large(request)
        return self.get_response(request)


def bad_request(request, exception=None):
    """handler400: what was wrong with the request, in the person's language."""
    if isinstance(exception, RequestDataTooBig):
        return _too_large(request)
    if isinstance(exception, TooManyFieldsSent):
        return _refuse(request, _("The form sent too many fields to be read."), 400)
    return _refuse(request, _("The request could not be read. Go back and try again."), 400)


def server_error(request):
    """handler500: 503 with Retry-After for a busy database (see the module), else Django's."""
    error = sys.exc_info()[1]
    if error is None or not is_busy(error):
        return defaults.server_error(request)
    message = _(
        "Mubiao is busy with other work and could not answer in time. Try again in a few seconds."
    )
    try:
        response = _refuse(request, message, 503)
    except Exception:  # the page itself may need the busy database
        response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(BUSY_RETRY_AFTER)
    return response
