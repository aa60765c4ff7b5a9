"""If-Match is honoured or refused, never ignored; a versioned row's reads and writes carry
its ETag.

A write that does not take If-Match (one with no version: creating a row, a state change, a
token's deletion, the notification preferences) answered success for a precondition it never
checked, which a client cannot tell from a precondition met: such a request is a 400 naming the
header. `If-Match: *` (RFC 9110: any current representation) is met wherever the route answers
at all, the target existing, so every write takes it. Which operations take a version is known
once, from the headers each declares (as the query names in api.query). Every single-row
answer (GET, PATCH, PUT) whose body carries a `version` gets it as its ETag, so that a client
can send it back as If-Match.
"""

import functools
import inspect
import json

from django.utils.translation import gettext as _
from ninja.params.models import HeaderModel

from mubiao.api.errors import BadRequest
from mubiao.api.query import parameter_names
from mubiao.okrs.services import ANY_VERSION

IF_MATCH = "If-Match"
# Preconditions no write evaluates: versions are compared by If-Match alone. A write given one
# answered success for a precondition it never checked (h9z), so it is a 400 naming it.
UNCHECKED = ("If-None-Match", "If-Unmodified-Since")
READS_AND_WRITES = {"GET", "PATCH", "PUT"}


def _with_etag(run):
    takes = IF_MATCH.lower() in {
        name.lower() for name in parameter_names(inspect.unwrap(run).__self__, HeaderModel)
    }

    @functools.wraps(run)
    def marked(request, **kwargs):
        request.takes_if_match = takes
        response = run(request, **kwargs)
        if (
            request.method in READS_AND_WRITES
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("application/json")
            and not response.has_header("ETag")
        ):
            try:
                body = json.loads(response.content)
            except ValueError:
                return response
            if isinstance(body, dict) and isinstance(body.get("version"), int):
                response["ETag"] = f'"{body["version"]}"'
        return response

    return marked


def _refusing_if_match(view_func):
    @functools.wraps(view_func)
    def checked(request, *args, **kwargs):
        if (
            request.method not in ("GET", "HEAD", "OPTIONS")
            and IF_MATCH in request.headers
            and request.headers[IF_MATCH].strip() != ANY_VERSION
            and not request.takes_if_match
        ):
            raise BadRequest(
                IF_MATCH,
                _("This write has no version to compare, so it does not take If-Match; "
                  "send it without the header."),
            )  # fmt: skip
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            for header in UNCHECKED:
                if header in request.headers:
                    raise BadRequest(
                        header,
                        _("A write does not evaluate %(header)s: compare versions with "
                          "If-Match, or send it without this header.") % {"header": header},
                    )  # fmt: skip
        return view_func(request, *args, **kwargs)

    return checked


def install(api) -> None:
    api.add_decorator(_with_etag, mode="view")
    api.add_decorator(_refusing_if_match, mode="operation")
