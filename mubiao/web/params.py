"""Query parameters of every page and partial, read through one validated layer.

A query string is whatever anyone puts in a link: a NUL byte (which PostgreSQL refuses in a
query), control characters, a megabyte of text, `abc` where an id belongs, a list where one
value belongs. Views never read `request.GET` themselves; they ask for a typed value here and
get either a value of that type within its bounds or the default, so that a bad parameter is
ignored like an unknown one (a filter that is not understood filters nothing), never a 500.

    text(request, "q", max_length=100) -> str        control characters removed, stripped, cut
    integer(request, "exclude") -> int | None        a whole number from 1 to MAX_ID
    choice(request, "status", Status.values) -> str | None

A parameter that chooses which figures a page shows (adoption's `days`) is the exception:
ignoring a bad value would show the default's figures under a heading the reader did not
ask for, so `bounded` refuses it (`Refused`, a message naming the field and the value; the
view answers 422), as the API does.

    bounded(request, "days", label=…, default=7, maximum=366) -> int   or raises Refused
"""

import re
from collections.abc import Iterable

from django.http import HttpRequest
from django.utils.translation import gettext as _

# Primary keys are 64-bit integers on both databases.
MAX_ID = 2**63 - 1
# Characters no search or filter means: PostgreSQL refuses NUL, the rest are never typed.
_CONTROL = dict.fromkeys(range(32)) | {0x7F: None}
_INTEGER = re.compile(r"-?[0-9]{1,19}")


def _raw(request: HttpRequest, name: str) -> str:
    # The last value of a repeated parameter, as QueryDict.get gives it.
    return request.GET.get(name, "") or ""


def text(request: HttpRequest, name: str, *, max_length: int = 100) -> str:
    """The parameter as text without control characters, stripped, at most `max_length`
    characters (a longer search finds nothing a shorter one would not)."""
    return _raw(request, name).translate(_CONTROL).strip()[:max_length]


def integer(
    request: HttpRequest, name: str, *, minimum: int = 1, maximum: int = MAX_ID
) -> int | None:
    """The parameter as a whole number within [minimum, maximum], else None."""
    raw = _raw(request, name).strip()
    if not _INTEGER.fullmatch(raw):
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None


def choice(request: HttpRequest, name: str, choices: Iterable[str]) -> str | None:
    """The parameter when it is one of `choices`, else None."""
    raw = _raw(request, name)
    return raw if raw in set(choices) else None


class Refused(ValueError):
    """A parameter given with a value the page cannot take; `message` says which and why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def bounded(
    request: HttpRequest, name: str, *, label: str, default: int, maximum: int, minimum: int = 1
) -> int:
    """The parameter as a whole number within [minimum, maximum]; `default` when absent or
    empty; anything else refused, naming the field (`label`, as the page shows it) and the
    value as sent."""
    raw = _raw(request, name).strip()
    if raw == "":
        return default
    if _INTEGER.fullmatch(raw) and minimum <= int(raw) <= maximum:
        return int(raw)
    raise Refused(
        _("%(field)s: “%(value)s” is not a whole number from %(minimum)s to %(maximum)s.")
        % {"field": label, "value": raw.translate(_CONTROL)[:40], "minimum": minimum,
           "maximum": maximum}
    )  # fmt: skip
