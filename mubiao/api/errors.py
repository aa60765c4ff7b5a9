"""One error format for every failure: `{"detail": str, "errors": [{"field", "message"}]}`.

The handlers below turn ninja's own errors (request validation, unreadable JSON, failed
authentication) and the domain's exceptions (django ValidationError, PermissionDenied,
DoesNotExist, services.Conflict) into that format, with messages in the caller's language.
"""

import json
import re
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from mubiao.api.query import UnknownParameters
from mubiao.okrs import limits, number_input, numbers
from mubiao.okrs.json_keys import DuplicateKey
from mubiao.okrs.services import Conflict
from mubiao.okrs.services.scale import OFF_SCALE
from mubiao.okrs.transfer.columns import CellError, a_date
from mubiao.web.params import Refused


class FieldError(Schema):
    field: str | None
    message: str


class Error(Schema):
    detail: str
    errors: list[FieldError] = []


class ConflictError(Error):
    current_version: int


class RateLimited(Exception):
    """Too many requests for one token in the current window."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


class BadRequest(Exception):
    """A request the API cannot read (a header or a parameter outside the schema)."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class PreconditionRequired(BadRequest):
    """A write that must say which version it was read from (If-Match) and did not: a 428."""


# The error responses every operation may answer (declared so that the OpenAPI document is
# honest and schema-checking clients accept them).
ERROR_RESPONSES = {
    400: Error,
    401: Error,
    403: Error,
    404: Error,
    409: ConflictError,
    412: ConflictError,  # If-Match given only by weak entity tags, which never match it
    422: Error,
    429: Error,
    503: Error,  # the database was too busy to answer in time (web.middleware.server_error)
}


def responses(*status_and_schema) -> dict:
    """`responses(ObjectiveOut)` → {200: ObjectiveOut, 4xx: Error…}; `responses(201, X)`,
    `responses(204, None)` for another success status."""
    status, schema = status_and_schema if len(status_and_schema) == 2 else (200, *status_and_schema)
    return {status: schema, **ERROR_RESPONSES}


def _bound(value) -> str:
    """A limit as a person reads it: 1,000,000 or 10¹⁵, not 1E+6 or 999999999999999.9999."""
    try:
        return limits.readable_bound(value)
    except (InvalidOperation, ValueError):
        return str(value)


def _round_bound(value) -> Decimal | None:
    """The round number just beyond a column's bound that no JSON number can state exactly
    (999999999999999.9999 → 1,000,000,000,000,000), or None for a bound people can read: a
    message must not ask for "at least -999999999999999.9999" of a client that sent just
    that (its float arrived as -1e15)."""
    try:
        bound = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if bound.is_finite() and abs(bound) == numbers.MAX_ABS:
        return bound  # a value's own bound, both ends included: said as every path says it
    if not bound.is_finite() or len(bound.normalize().as_tuple().digits) <= 15:
        return None
    step = Decimal(1).scaleb(bound.as_tuple().exponent)
    beyond = abs(bound) + step
    if beyond.normalize().as_tuple().digits != (1,):
        return None
    return beyond.copy_sign(bound)


def _choices(expected: str) -> str:
    """pydantic's "'organization', 'team' or 'person'" (English words around the codes) as a
    list in the caller's language: each code with its label where Mubiao has one."""
    codes = re.findall(r"'([^']*)'", expected) or [expected]
    labels = _choice_labels()
    return _(", ").join(
        _("%(code)s (%(label)s)") % {"code": code, "label": labels[code]}
        if labels.get(code, code) != code
        else code
        for code in codes
    )


def _choice_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            for value, label in getattr(model_field, "flatchoices", None) or ():
                if isinstance(value, str):
                    labels.setdefault(value, str(label))
    return labels


def _number_message(typed) -> str | None:
    """What the one number reader (okrs.numbers) says of a number sent as text (`0,7`,
    `1e16`, `3 min`), so that the API says what the pages say."""
    if not isinstance(typed, str):
        return None
    try:
        numbers.read_number(typed, **number_input.VALUE)
    except numbers.NumberError as error:
        return number_input.message(error)
    return None


def _date_message(sent) -> str:
    """A date the API could not take, said by the one date reader (the imports' and the web
    forms', okrs.transfer.columns.a_date): why it is no date (`2027-02-30`: "2027-02 has 28
    days"; `12月31日`: no year), or, for a spelling that reader does read (`2027年3月31日`,
    `2027-3-31`), the date to send. The API takes only YYYY-MM-DD (its schema's `date`), so a
    client's slip is never read as a guess."""
    if not isinstance(sent, str):
        return _("Enter a valid date (YYYY-MM-DD).")
    try:
        day = a_date(sent)
    except CellError as error:
        return str(error)
    if day is None:  # "" or blanks: no date at all
        return _("Enter a valid date (YYYY-MM-DD).")
    return _("“%(value)s”: send the date as %(date)s.") % {
        "value": number_input.shown(sent),
        "date": day.isoformat(),
    }


# A number read, but outside what a score is: said as the score's rule.
_SCORE_BOUNDS = ("greater_than_equal", "greater_than", "less_than_equal", "less_than",
                 "decimal_max_places")  # fmt: skip


def _pydantic_message(error: dict, field: str | None = None) -> str:
    """A pydantic error in the caller's language (pydantic's own texts are English only)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if (field or "").split(".")[-1] == "confidence" and kind != "missing":
        return _("Confidence is a whole number from 0 to 10.")
    if (field or "").split(".")[-1] == "score" and kind in _SCORE_BOUNDS:
        # As the grading form and `mubiao grade` say it (okrs.services.grading), quoting what
        # was sent: the same rule, the same words on every path.
        said = _("A score is a number from 0.0 to 1.0 with one decimal.")
        sent = error.get("input")
        if sent is None or isinstance(sent, dict | list):
            return said
        shown = str(sent).lower() if isinstance(sent, bool) else str(sent)
        return _("“%(value)s”: %(message)s") % {"value": shown, "message": said}
    if kind == "missing":
        return _("This field is required.")
    if kind == "number_refused" and ctx.get("refused"):
        return str(ctx["refused"])  # the one reader's words, with the field's range (h9e)
    if kind == "number_not_digits":
        # A program's number (an id, `limit`): said as the format, never read (common.Digits);
        # _quoting puts what was sent before it.
        return _("Send a whole number in the digits 0–9, e.g. 10.")
    if kind == "number_not_bool" or (
        isinstance(error.get("input"), bool)
        and kind.startswith(("decimal", "float", "int", "greater", "less"))
    ):
        return _("Enter a number, not true or false.")
    if kind == "string_too_long" or (kind == "too_long" and isinstance(error.get("input"), str)):
        # A text field (`text()` reports its bound as a generic `too_long`): characters, not
        # items, and how many were sent.
        return limits.too_long(ctx.get("max_length", 0), len(error.get("input") or ""))
    if kind == "too_long":
        limit = ctx.get("max_length", 0)
        return ngettext(
            "Send at most %(max)s item (this sends %(count)s).",
            "Send at most %(max)s items (this sends %(count)s).",
            limit,
        ) % {"max": limit, "count": ctx.get("actual_length", "")}
    if kind in ("string_too_short", "too_short"):
        return _("This field is required.")
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        if (beyond := _round_bound(bound)) is not None:
            return limits.range_message(abs(beyond))  # as the services and imports say it
        return _("Enter a number of at least %(min)s.") % {"min": _bound(bound)}
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        if (beyond := _round_bound(bound)) is not None:
            return limits.range_message(abs(beyond))
        return _("Enter a number of at most %(max)s.") % {"max": _bound(bound)}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _number_message(error.get("input")) or _("Enter a whole number.")
    if kind == "decimal_max_places":
        return _("Enter at most %(places)s decimal places.") % {"places": ctx.get("decimal_places")}
    if kind == "decimal_max_digits":
        return _("Enter at most %(digits)s significant digits.") % {"digits": ctx.get("max_digits")}
    if kind.startswith(("decimal", "float", "finite")) or kind in ("int_parsing_size",):
        return _number_message(error.get("input")) or _("Enter a number.")
    if kind.startswith("datetime"):
        return _("Enter a valid date (YYYY-MM-DD).")
    if kind.startswith("date"):
        return _date_message(error.get("input"))
    if kind in ("enum", "literal_error"):
        return _("Select a valid choice: %(choices)s.") % {
            "choices": _choices(str(ctx.get("expected", "")))
        }
    if kind.startswith("bool"):
        return _("Enter true or false.")
    if kind in ("string_type", "string_unicode"):
        return _("Enter text.")
    if kind == "list_type":
        return _("Enter a list.")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _("Enter an object.")
    if kind == "extra_forbidden":
        # Named, never its value quoted (brief h9t2): the caller sees which key to drop.
        name = (field or "").split(".")[-1]
        if name:
            return _("“%(field)s” is not a field accepted here.") % {"field": name}
        return _("This field is not accepted here.")
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])
    return _("Enter a valid value.")


def _field_name(location) -> str | None:
    """("body", "payload", "key_results", 0, "title") → "key_results.0.title"."""
    parts = list(location)
    if parts and parts[0] == "body":
        parts = parts[2:]  # the source and the name of the body parameter
    elif parts:
        parts = parts[1:]  # the source: query, path, header
    return ".".join(str(part) for part in parts) or None


_ABSENT = object()


def _at(value, path):
    """The part of a decoded JSON body at `path` (keys and indexes), or _ABSENT: a JSON null
    sent there is None, and is quoted as `null`."""
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return _ABSENT
    return value


def _sent(request, location):
    """The value the request's JSON body sent at `location` (ninja drops it from its errors),
    or None."""
    parts = list(location)
    if not parts or parts[0] != "body":
        return None
    try:
        value = json.loads(request.body or b"null")
    except (ValueError, RawPostDataException):
        return None
    value = _at(value, parts[2:])
    return None if value is _ABSENT else value


def _as_written(request, location) -> str | None:
    """The value sent at `location` as the caller wrote it (`1e999`, not inf; `"abc"`, not
    repr), shortened as every message quotes a typing (number_input.shown), or None when
    nothing was sent there."""
    parts = list(location)
    if parts[:1] == ["query"] and len(parts) == 2:
        return number_input.shown(request.GET[parts[1]]) if parts[1] in request.GET else None
    if parts[:1] == ["path"] and len(parts) == 2:
        kwargs = getattr(request.resolver_match, "kwargs", None) or {}
        return number_input.shown(str(kwargs[parts[1]])) if parts[1] in kwargs else None
    if parts[:1] != ["body"]:
        return None
    try:
        # Numbers kept as their text: a JSON number beyond a float (1e999) is quoted as sent.
        value = json.loads(request.body or b"null", parse_float=str, parse_int=str,
                           parse_constant=str)  # fmt: skip
    except (ValueError, RawPostDataException):
        return None
    value = _at(value, parts[2:])
    if value is _ABSENT:
        return None
    if isinstance(value, dict | list):
        return number_input.shown(json.dumps(_sent(request, location), ensure_ascii=False))
    return number_input.shown(json.dumps(value) if value is None or isinstance(value, bool)
                              else value)  # fmt: skip


def _written_at(request, field: str | None) -> str | None:
    """_as_written for a service's refusal of a body field (`key_results.0.title`)."""
    if field is None:
        return None
    path = [int(part) if part.isdigit() else part for part in field.split(".")]
    return _as_written(request, ("body", "payload", *path))


def _quoting(message: str, written: str | None) -> str:
    """`message` quoting what was sent, so that the caller sees which of its values is meant
    (a message that already quotes it is left as it is)."""
    if written is None or "“" in message:
        return message
    return _("“%(value)s”: %(message)s") % {"value": written, "message": message}


def _request_field(request, field: str) -> str:
    """The body field (or, without a body, the query parameter) behind a service's field
    name: the services name rows (`parent`, `manager`, `collaborators`), the request sent
    their ids (`parent_id`, `collaborator_ids`); a cycle sent by its earlier name `cycle_id`."""
    try:
        sent = json.loads(request.body or b"null")
    except (ValueError, RawPostDataException):
        return field
    if not isinstance(sent, dict):
        sent = request.GET
    if field in sent:
        return field
    candidates = (f"{field}_id", f"{field.removesuffix('s')}_ids")
    return next((name for name in candidates if name in sent), field)


def _confirmable(message: str, code: str | None) -> str:
    """A refusal the caller may confirm ("did you mean 45? … or confirm “0.45”", code
    OFF_SCALE), saying how it confirms it through the API: the services' words name the pages'
    confirm step, which the API has as the `confirm_scale` field."""
    if code != OFF_SCALE:
        return message
    return _("%(message)s To keep it, send it again with confirm_scale: true.") % {
        "message": message
    }


def _weak_tags(request) -> list[int]:
    """The versions the request's If-Match gives as weak entity tags (api.common.weak_tags)."""
    from mubiao.api.common import weak_tags  # api.common builds on this module

    try:
        return weak_tags(request.headers.get("If-Match"))
    except BadRequest:
        return []


def _body(detail: str, errors=()) -> dict:
    return {"detail": detail, "errors": list(errors)}


def install(api) -> None:
    """Register the handlers on a NinjaAPI instance."""

    def respond(request, status: int, body: dict, **headers):
        response = api.create_response(request, body, status=status)
        for name, value in headers.items():
            response[name.replace("_", "-")] = value
        return response

    @api.exception_handler(NinjaValidationError)
    def invalid_request(request, exc):
        errors = [
            {
                "field": name,
                "message": _quoting(
                    _pydantic_message(
                        {"input": _sent(request, error.get("loc", ())), **error}, name
                    ),
                    _as_written(request, error.get("loc", ())),
                ),
            }
            for error in exc.errors
            for name in [_field_name(error.get("loc", ()))]
        ]
        return respond(request, 422, _body(_("The request is not valid."), errors))

    @api.exception_handler(DjangoValidationError)
    def invalid_data(request, exc):
        if hasattr(exc, "error_dict"):
            errors = [
                {
                    "field": name,
                    "message": _confirmable(
                        _quoting(message, _written_at(request, name)), error.code
                    ),
                }
                for field, field_errors in exc.error_dict.items()
                for name in [None if field == "__all__" else _request_field(request, field)]
                for error in field_errors
                for message in error
            ]
        else:
            errors = [{"field": None, "message": str(message)} for message in exc.messages]
        return respond(request, 422, _body(_("The request is not valid."), errors))

    @api.exception_handler(UnknownParameters)
    def unknown_parameters(request, exc):
        if exc.known:
            taken = _("This operation takes only: %(names)s.") % {"names": ", ".join(exc.known)}
        else:
            taken = _("This operation takes no query parameters.")
        errors = [
            {"field": name, "message": _("Unknown query parameter “%(name)s”. %(taken)s")
             % {"name": name, "taken": taken}}
            for name in exc.unknown
        ]  # fmt: skip
        return respond(request, 422, _body(_("The request is not valid."), errors))

    @api.exception_handler(Refused)
    def refused_parameter(request, exc):
        # A query parameter given twice with different values, read by ninja (web.params).
        errors = [{"field": exc.name, "message": exc.message}]
        return respond(request, 422, _body(_("The request is not valid."), errors))

    @api.exception_handler(BadRequest)
    def bad_request(request, exc):
        status = 428 if isinstance(exc, PreconditionRequired) else 400
        return respond(
            request, status, _body(exc.message, [{"field": exc.field, "message": exc.message}])
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return respond(
            request,
            401,
            _body(_("Send a valid API token: Authorization: Bearer <token>.")),
            WWW_Authenticate='Bearer realm="mubiao"',
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        # ninja raises HttpError(400) for a body that is not JSON; its text is English only.
        if isinstance(exc.__cause__, DuplicateKey):
            # {"value": "5", "value": "6"}: json keeps the last, a value the sender may not
            # have meant (issue 9, probe 20); refused as a query parameter given twice is.
            duplicate = exc.__cause__
            message = _(
                "“%(key)s” is given twice in the request body (line %(line)s, column "
                "%(column)s): send each key once."
            ) % {"key": duplicate.key, "line": duplicate.line, "column": duplicate.column}
            errors = [{"field": duplicate.field, "message": message}]
            return respond(request, 422, _body(_("The request is not valid."), errors))
        if exc.status_code == 400:
            return respond(request, 400, _body(_("The request body is not valid JSON.")))
        return respond(request, exc.status_code, _body(str(exc)))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, _body(str(exc) or _("You are not allowed to do this.")))

    @api.exception_handler(ObjectDoesNotExist)
    def not_found(request, exc):
        return respond(request, 404, _body(_("Not found.")))

    @api.exception_handler(Http404)
    def http_404(request, exc):
        return respond(request, 404, _body(_("Not found.")))

    @api.exception_handler(Conflict)
    def conflict(request, exc):
        weak = _weak_tags(request)
        if weak:
            # If-Match uses the strong comparison (RFC 9110 §13.1.1): a weak tag never meets
            # it, whatever version it names, so the reason is the tag, not someone's change.
            shown = exc.current_version if exc.current_version in weak else weak[0]
            message = _(
                'If-Match compares versions strongly: a weak entity tag such as W/"%(version)s" '
                'never matches. Send the version as "%(version)s".'
            ) % {"version": shown}
            body = _body(message, [{"field": "If-Match", "message": message}])
            body["current_version"] = exc.current_version
            return respond(request, 412, body, ETag=f'"{exc.current_version}"')
        body = _body(_("Someone else changed this in the meantime; reload it and try again."))
        body["current_version"] = exc.current_version
        return respond(request, 409, body, ETag=f'"{exc.current_version}"')

    @api.exception_handler(RateLimited)
    def rate_limited(request, exc):
        return respond(
            request,
            429,
            _body(ngettext("Too many requests; try again in %(seconds)s second.",
                           "Too many requests; try again in %(seconds)s seconds.", exc.retry_after)
                  % {"seconds": exc.retry_after}),
            Retry_After=str(exc.retry_after),
        )  # fmt: skip
