"""Requests refused before any view reads them, with a page in the person's language.

A request body larger than MUBIAO_MAX_REQUEST_BYTES (the import's 10 MB plus room for the
form around it) is refused from its Content-Length header, before the body is read: an upload
that is too large is not received first and refused afterwards. A body that turns out larger
than Django allows (no Content-Length, chunked) or holds too many fields reaches handler400
(`bad_request`), which explains it instead of Django's bare "Bad Request (400)".
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _


def _refuse(request, message: str, status: int):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": []}, status=status)
    return render(
        request,
        "web/request_refused.html",
        {"message": message, "back": reverse("transfer") if "/transfer/" in request.path else ""},
        status=status,
    )


def _too_large(request):
    limit = settings.MUBIAO_MAX_REQUEST_BYTES // (1024 * 1024)
    return _refuse(
        request,
        _(
            "What you sent is larger than %(limit)s MB, more than Mubiao accepts at once. "
            "Imports take files of up to 10 MB (20,000 rows or 50,000 lines): split the file or "
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
