"""The length and range limits of the model fields, checked before the database.

PostgreSQL refuses text longer than its column, a NUL character in text, a decimal with more
integer digits than its column holds and an integer out of its column's range; SQLite stores all
of them. So that both databases give the same answer, every save of a Mubiao model is checked
here first (a pre_save handler, connected in OkrsConfig.ready) and a value out of bounds is a
ValidationError naming the field, in the person's language, as the services raise for any other
bad value. The limits are read from the model fields: forms and API schemas take their
max_length from the same place (`max_length(Model, "field")`).

Services that validate before a bulk_create (which sends no pre_save) call `check()` themselves.
"""

import re
import unicodedata
from decimal import Decimal

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.accounts.addresses import normalise_email
from mubiao.okrs.numbers import significant_digits

# SQLite keeps decimals as floats and Django reads them back with 15 significant digits: a value
# with more digits would come back changed (123456789012.3456 as 123456789012.346), so no path
# accepts more, whatever the column's precision on PostgreSQL.
SIGNIFICANT_DIGITS = 15
# A check-in's note and next step, on every path (the web form said 2,000, the API 5,000).
CHECK_IN_TEXT = 2000
# A comment, on every path.
COMMENT_TEXT = 10_000
# An objective's description and retrospective, on every path (the API said 20,000; the web
# forms had no bound).
LONG_TEXT = 20_000
# A password as typed: no column holds it (only its hash), but no input is unbounded.
PASSWORD = 1000
# An e-mail address (RFC 5321's path limit; accounts.User.email).
EMAIL = 254
# The active (not archived) key results one objective holds, on every path that adds one
# (services.key_results.check_room: a new objective's, a key result added or restored, a copy).
ACTIVE_KEY_RESULTS = 20
# PostgreSQL's ranges (SQLite's integers are wider): the same answer on both databases.
_INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges
# Control characters other than tab and line breaks: PostgreSQL refuses NUL, spreadsheets and
# XML (an .xlsx export) refuse the rest.
_CONTROL = {chr(code) for code in range(32)} - {"\t", "\n", "\r"}


def escaped(text: str) -> str:
    """`text` with its control characters written as U+0000, for a message that quotes it: the
    raw character would be invisible, or break the page or terminal that shows the message."""
    return "".join(f"U+{ord(char):04X}" if char in _CONTROL else char for char in text)


# A line break as str.splitlines reads one (CR LF, the vertical tab and form feed, the file,
# group and record separators, NEL, U+2028 and U+2029) or a tab, with the spaces beside it.
_BREAK = re.compile(r" *(?:\r\n|[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029])+ *")


def one_line(text: str | None) -> str:
    """A single-line text (a title, a cycle's name) as stored on every path: each run of line
    breaks and tabs, with the spaces beside it, as one space, its ends trimmed; every other
    character as typed (two spaces, a no-break space, U+3000 stay). A web form's single-line
    input drops a line break the API or an import stored, joining the words on the next save
    (手机\n测试 became 手机测试), and an export writes one line per title: one representation
    everywhere keeps the form's value and the export's structure the stored ones."""
    return _BREAK.sub(" ", text or "").strip()


# Characters that show nothing: format characters (zero-width spaces and joiners, U+2060, the
# byte-order mark, direction marks), controls and separators.
_INVISIBLE_CATEGORIES = {"Cf", "Cc", "Zs", "Zl", "Zp"}


def visible(text: str) -> bool:
    """Whether `text` has a character a reader can see: a title of zero-width or direction
    marks only is as empty as one of spaces."""
    return any(unicodedata.category(char) not in _INVISIBLE_CATEGORIES for char in text or "")


def title_error(title: str, limit: int) -> str | None:
    """Why `title` (as one_line leaves it) cannot be a title, or None: every service that
    writes one asks this."""
    if not title:
        return _("This field is required.")
    if not visible(title):
        return _("Write at least one visible character; this has only invisible ones.")
    return text_error(title, limit)


def max_length(model: type[models.Model], field: str) -> int:
    """The max_length of `model.field`, for forms and API schemas."""
    return model._meta.get_field(field).max_length


def text_error(value: str, limit: int | None) -> str | None:
    """Why `value` cannot be stored in a text field of at most `limit` characters, or None."""
    bad = next((char for char in value if char in _CONTROL), None)
    if bad is not None:
        return _("Remove the control character U+%(code)04X from this text.") % {"code": ord(bad)}
    if any("\ud800" <= char <= "\udfff" for char in value):
        return _("This text contains characters that cannot be stored.")
    if limit is not None and len(value) > limit:
        return too_long(limit, len(value))
    return None


def too_many_key_results(objective_title: str, count: int) -> str:
    """The one refusal of an objective that would hold more than ACTIVE_KEY_RESULTS active key
    results, on every path (web forms, API, imports, copies, a restore), naming the objective
    and the limit."""
    return ngettext(
        "An objective holds at most %(limit)s key result, not counting archived ones; "
        "“%(objective)s” would have %(count)s. Archive or remove some, or put them in another "
        "objective.",
        "An objective holds at most %(limit)s key results, not counting archived ones; "
        "“%(objective)s” would have %(count)s. Archive or remove some, or put them in another "
        "objective.",
        ACTIVE_KEY_RESULTS,
    ) % {"objective": objective_title, "count": count, "limit": ACTIVE_KEY_RESULTS}


def too_long(limit: int, length: int) -> str:
    """The one message for text over its limit, on every path (web forms, API, CLI, import):
    the limit is allowed, so "at most", and how long the text is."""
    return _("Keep this at most %(limit)s characters long (it has %(length)s).") % {
        "limit": f"{limit:,}",
        "length": f"{length:,}",
    }


class TextField(forms.CharField):
    """A form's text field that refuses what :func:`text_error` refuses, in its words: Django's
    own checks said "Ensure this value has at most 500 characters" and "Null characters are not
    allowed" where the API, CLI and import say one message per limit. No HTML maxlength: a
    browser counts an emoji as two and silently cut the typing (260 🚀 kept 250), where the
    server refuses text over the limit with a message naming it in characters."""

    def __init__(self, *args, pasted: bool = False, **kwargs):
        # `pasted`: text an import reads, which names a control character by its line and
        # column (okrs.transfer.decoding); only its length is checked here.
        self.pasted = pasted
        super().__init__(*args, **kwargs)
        replaced = validators.MaxLengthValidator | validators.ProhibitNullCharactersValidator
        self.validators = [v for v in self.validators if not isinstance(v, replaced)]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

    def validate(self, value):
        super().validate(value)
        if not value:
            problem = None
        elif self.pasted:
            over = len(value) > self.max_length
            problem = too_long(self.max_length, len(value)) if over else None
        else:
            problem = text_error(value, self.max_length)
        if problem:
            raise ValidationError(problem, code="text")


class EmailField(TextField, forms.EmailField):
    """An e-mail address a person types, with TextField's one message per limit, read as
    accounts.addresses.normalise_email reads it (full-width letters, ＠ and 。, spaces, any
    case) before it is checked. A text input: the browser's own e-mail input refuses
    `ａｌｉｃｅ＠…` before the form is sent."""

    widget = forms.TextInput(
        attrs={"inputmode": "email", "autocomplete": "email", "spellcheck": "false",
               "autocapitalize": "none"}
    )  # fmt: skip

    def to_python(self, value):
        return normalise_email(super().to_python(value))


class URLField(TextField, forms.URLField):
    """A web address field with TextField's one message per limit."""


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def readable_bound(value) -> str:
    """A limit as a person reads it, the same in every message on every path: a power of ten
    from a million on as 10¹⁵ (sixteen digits are not read at a glance), any other with the
    language's thousands separators (1,000)."""
    from django.utils.formats import number_format

    number = Decimal(str(value)).normalize()
    digits, exponent = abs(number).as_tuple().digits, number.as_tuple().exponent
    if digits == (1,) and exponent >= 6:
        return ("-" if number < 0 else "") + "10" + str(exponent).translate(_SUPERSCRIPT)
    return number_format(number, force_grouping=True)


def range_message(bound) -> str:
    """The one refusal of a number beyond ±`bound` (a column's decimal_bound)."""
    return _("Enter a number between -%(bound)s and %(bound)s.") % {"bound": readable_bound(bound)}


def decimal_bound(field: models.DecimalField) -> Decimal:
    """The magnitude every value of `field` stays below. SQLite keeps decimals as floats (15
    significant digits): a column wider than that loses one integer digit, so that rounding to 15
    digits never carries a value past the column's precision (Django then fails to read it)."""
    digits = field.max_digits - field.decimal_places - (1 if field.max_digits > 15 else 0)
    return Decimal(10) ** digits


def bound_included(field: models.DecimalField) -> bool:
    """Whether `field` holds its decimal_bound itself (10¹⁵ in 20 digits with 4 places: yes; a
    weight's 10⁴ in 6 digits with 2: no). Where it does, the bound is a value, both ends, as
    "between -10¹⁵ and 10¹⁵" says (issue 9, h9b2: exactly -10¹⁵ was refused with that range)."""
    return len(str(int(decimal_bound(field)))) <= field.max_digits - field.decimal_places


def beyond_bound(field: models.DecimalField, value: Decimal) -> bool:
    """Whether `value` lies outside what `field` holds (decimal_bound, bound_included)."""
    bound = decimal_bound(field)
    return abs(value) > bound if bound_included(field) else abs(value) >= bound


def number_limits(model: type[models.Model], field: str) -> dict:
    """How a number typed or sent for `model.field` is bounded on every path (web forms, API,
    imports, services), as okrs.numbers.read_number takes it: at most the column's decimal
    places and SIGNIFICANT_DIGITS digits, and below decimal_bound."""
    column = model._meta.get_field(field)
    high = decimal_bound(column)
    if not bound_included(column):
        high -= Decimal(1).scaleb(-column.decimal_places)
    return {
        "places": column.decimal_places,
        "digits": min(column.max_digits, SIGNIFICANT_DIGITS),
        "low": -high,
        "high": high,
    }


def integer_range(model: type[models.Model], field: str) -> dict:
    """{"min_value", "max_value"} of an integer column (PostgreSQL's range), for form fields."""
    low, high = _INTEGER_RANGES[model._meta.get_field(field).get_internal_type()]
    return {"min_value": low, "max_value": high}


def _decimal_error(field: models.DecimalField, value: Decimal) -> str | None:
    if not value.is_finite():
        return _("Enter a number.")
    bound = decimal_bound(field)
    if beyond_bound(field, value):
        return range_message(bound)
    if significant_digits(value) > SIGNIFICANT_DIGITS:
        return _("Enter at most %(digits)s significant digits.") % {"digits": SIGNIFICANT_DIGITS}
    return None


def _integer_error(field: models.Field, value: int) -> str | None:
    low, high = _INTEGER_RANGES.get(field.get_internal_type(), (None, None))
    if low is not None and not low <= value <= high:
        return _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
    return None


def errors(instance: models.Model) -> dict[str, str]:
    """{field name: message} for every field of `instance` whose value the database would
    refuse."""
    found = {}
    for field in instance._meta.concrete_fields:
        if field.is_relation:
            continue
        value = getattr(instance, field.attname)
        message = None
        if isinstance(value, str) and isinstance(field, models.CharField | models.TextField):
            message = text_error(value, field.max_length)
        elif isinstance(value, Decimal) and isinstance(field, models.DecimalField):
            message = _decimal_error(field, value)
        elif isinstance(value, int) and not isinstance(value, bool):
            message = _integer_error(field, value)
        if message:
            found[field.name] = message
    return found


def check(instance: models.Model) -> None:
    """ValidationError({field: message}) when the database would refuse a value."""
    if found := errors(instance):
        raise ValidationError(found)


def check_before_save(sender, instance, raw=False, **kwargs) -> None:
    if not raw and sender.__module__.startswith("mubiao."):
        check(instance)
