"""Query parameters of every page, partial and export, read through one validated layer.

A query string is whatever anyone puts in a link: a NUL byte (which PostgreSQL refuses in a
query), control characters, a megabyte of text, `abc` where an id belongs, a list where one
value belongs. Views never read `request.GET` themselves; they ask for a typed value here.

A parameter someone gave is honoured or refused, never replaced by its default: `?sort=size`
on a table that cannot sort by size, `?status=late`, `?page=abc` or `?cycle=` a cycle that is
not there would otherwise show the default's figures under a request the reader made for
something else. The one exception is a table's order (`sort`): the same rows in another order
are no other figures, so an order the table does not have (an old link, a hand-edited one)
shows them in the default order (issue 12, probe 12: `?sort=bogus` was a 422 page); the API
still refuses it. Absent or empty, a parameter is its default; any other value the page cannot
take raises `Refused` (a message naming the parameter, the value and what it takes), which
web.middleware.RefusedParameterMiddleware answers 422 with a page in the reader's language
(JSON for the views that answer JSON), as the API answers a bad query parameter.

    text(request, "q", max_length=100) -> str        free text: control characters removed,
                                                     stripped, cut (never refused)
    integer(request, "exclude") -> int | None        a whole number from 1 to MAX_ID, or Refused
    choice(request, "status", Status.values) -> str | None   one of the choices, or Refused
    order(request, "sort", choices, default="name") -> str   one of the choices, else default
    bounded(request, "days", label=…, default=7, maximum=366) -> int   or Refused
    refuse_missing("cycle", value)                   Refused: names nothing the reader may see

A parameter given twice with different values (`?cycle=1&cycle=2`, a hand-edited link, two
filters merged) asks for two things where a page takes one: QueryDict would hand the view the
last and drop the other (issue 9). Every request's GET is a OneValueEach (set by
web.middleware.RefusedParameterMiddleware, for the pages and the API alike), whose single-value
reads refuse such a name wherever a view, a form or ninja reads it; a name nobody reads (a
campaign's utm_source, fbclid) is never looked at, so never refused.
"""

import re
from collections.abc import Iterable

from django import forms
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.id_sets import MAX_ID

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


class Refused(ValueError):
    """A parameter given with a value the page cannot take; `message` says which and why,
    `name` is the parameter."""

    def __init__(self, message: str, name: str = ""):
        super().__init__(message)
        self.message = message
        self.name = name


def _shown(raw: str) -> str:
    # The value as sent, quoted back: printable and short.
    return raw.translate(_CONTROL)[:40]


def integer(
    request: HttpRequest,
    name: str,
    *,
    minimum: int = 1,
    maximum: int = MAX_ID,
    label: str | None = None,
) -> int | None:
    """The parameter as a whole number within [minimum, maximum]; None when absent or empty;
    anything else refused, naming `label` (the field as the page shows it) or the parameter."""
    raw = _raw(request, name).strip()
    if raw == "":
        return None
    if _INTEGER.fullmatch(raw) and minimum <= int(raw) <= maximum:
        return int(raw)
    # A whole number past every id is said with the bound it passes (`ppage=` twenty 9s was
    # told it is no whole number of at least 1, probe 28).
    past = raw.isascii() and raw.isdigit() and (len(raw) > 19 or int(raw) > maximum)
    if maximum == MAX_ID and not past:
        message = _("%(field)s: “%(value)s” is not a whole number of at least %(minimum)s.")
    else:
        message = _("%(field)s: “%(value)s” is not a whole number from %(minimum)s to %(maximum)s.")
    raise Refused(
        message
        % {"field": label or name, "value": _shown(raw), "minimum": minimum, "maximum": maximum},
        name,
    )


def choice(request: HttpRequest, name: str, choices: Iterable[str]) -> str | None:
    """The parameter when it is one of `choices`; None when absent or empty; anything else
    refused, listing the choices."""
    raw = _raw(request, name)
    choices = list(choices)
    if raw == "" or raw in choices:
        return raw or None
    raise Refused(
        _("%(field)s: “%(value)s” is not one of: %(allowed)s.")
        % {"field": name, "value": _shown(raw), "allowed": ", ".join(choices)},
        name,
    )


def order(request: HttpRequest, name: str, choices: Iterable[str], *, default: str) -> str:
    """A table's sort: the parameter when it is one of `choices`, else `default` (see the
    module docstring: an order is never refused on a page, not even one given twice)."""
    try:
        raw = _raw(request, name)
    except Refused:
        return default
    return raw if raw in set(choices) else default


class OneValueEach(QueryDict):
    """A query string whose single-value reads of a name (`get`, `[name]`; MultiValueDict.get
    reads through `[name]`) refuse it when given with different values; `getlist` still gives
    them all to a view that takes several. Going over every name (`items`, `dict`: django-axes
    logs a failed sign-in's whole query string) reads none of them in particular and keeps
    QueryDict's last value, so that a tag nobody reads is not refused there."""

    def items(self):
        for key, values in self.lists():
            yield key, values[-1] if values else []

    def dict(self):
        return dict(self.items())

    def __getitem__(self, key):
        if said := different_values(key, self.getlist(key)):
            raise Refused(said, key)
        return super().__getitem__(key)


def different_values(field: str, values: list) -> str | None:
    """What is said of a name given `values` where one is taken (a query parameter, a form's
    single-valued field posted twice), or None when they are one value."""
    values = list(dict.fromkeys(str(value) for value in values))
    if len(values) < 2:
        return None
    return ngettext(
        "%(field)s: %(count)d different value was given (%(values)s); give one.",
        "%(field)s: %(count)d different values were given (%(values)s); give one.",
        len(values),
    ) % {
        "field": field,
        "count": len(values),
        "values": ", ".join(f"“{_shown(v)}”" for v in values[:5]),
    }


class OneValueEachForm(forms.Form):
    """A form whose single-valued fields posted more than once with different values (a
    duplicated `parent`, two pickers of one name, a hand-made request) are refused beside the
    field, naming the values, as a query parameter is (OneValueEach): Django's QueryDict.get
    takes the last and drops the rest without a word (issue 9). A field that takes several
    values (a multiple choice, its widget a list) reads them all."""

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not hasattr(self.data, "getlist"):
            return
        for name, field in self.fields.items():
            if _takes_several(field):
                continue
            if said := different_values(
                str(field.label or name), self.data.getlist(self.add_prefix(name))
            ):
                self.add_error(name, said)


def _takes_several(field: forms.Field) -> bool:
    widget = field.widget
    return (
        isinstance(field, forms.MultipleChoiceField)
        or getattr(widget, "allow_multiple_selected", False)
        or isinstance(widget, (forms.MultipleHiddenInput, forms.MultiWidget))
    )


def refuse_missing(name: str, value) -> None:
    """Raise Refused for a parameter that names nothing the reader may see (a cycle, a team,
    a template): one message whether it is not there or hidden, revealing nothing."""
    raise Refused(
        _("%(field)s: there is no “%(value)s”, or you cannot see it.")
        % {"field": name, "value": _shown(str(value))},
        name,
    )


def bounded(
    request: HttpRequest, name: str, *, label: str, default: int, maximum: int, minimum: int = 1
) -> int:
    """integer() with a default for an absent or empty parameter; a refusal names the field
    as the page shows it (`label`)."""
    value = integer(request, name, minimum=minimum, maximum=maximum, label=label)
    return default if value is None else value
