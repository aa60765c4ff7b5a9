"""Pieces every resource uses: bounded input types, pagination, If-Match, references by id."""

import re
from decimal import ROUND_DOWN, Decimal
from functools import partial
from typing import Annotated, get_args, get_origin

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    PlainValidator,
    StrictBool,
    WithJsonSchema,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

from mubiao.api.errors import BadRequest, PreconditionRequired
from mubiao.id_sets import MAX_ID  # a larger number in a path or a body is a 422, not an overflow
from mubiao.okrs import limits, number_input, numbers, rules
from mubiao.okrs.services import ANY_VERSION, Conflict
from mubiao.okrs.services._common import version_met
from mubiao.web.stale import MAX_VERSION


def _not_true_false(value):
    """JSON true / false where a number is expected is refused (pydantic's lax integers would
    read true as 1: a confidence of 1, the member with id 1)."""
    if isinstance(value, bool):
        raise PydanticCustomError("number_not_bool", "a number, not true or false")
    if isinstance(value, RefusedNumber):
        # The one reader's refusal (_typed_numbers), said by api.errors as it is.
        raise PydanticCustomError("number_refused", "{refused}", {"refused": str(value)})
    return value


NotTrueFalse = BeforeValidator(_not_true_false)

_DIGITS = re.compile(r"-?[0-9]+")


def _ascii_digits(value):
    """A whole number a program sends (an id; a query's `limit`, `offset`, `days`): text in
    the ASCII digits 0–9 as the schema documents it, else refused naming the parameter
    (api.errors). Neither the reader of what people type (okrs.numbers: `ten`, `１０`, `十`)
    nor pydantic's lax integers (` 10 `, `10.0`, `+10`, `1_0`) read it: a program's `limit=ten`
    is a bug to report, not a number to guess (issue 9, h9q). A minus sign is left for the
    bound to refuse; JSON numbers are pydantic's."""
    if isinstance(value, str):
        if not _DIGITS.fullmatch(value):
            raise PydanticCustomError("number_not_digits", "a whole number in digits 0-9")
        return value if len(value) > 30 else int(value)
    return value


# Marks a number read exactly (never by _typed_numbers).
Digits = BeforeValidator(_ascii_digits)
Id = Annotated[int, Field(ge=1, le=MAX_ID), NotTrueFalse, Digits]
# A count or position a program sends in a query (`limit`, `offset`, `days`).
Count = Annotated[int, NotTrueFalse, Digits]


def _typed_numbers(cls, data):
    """Numbers sent as text in a whole-number or decimal field (a body's `aligned_share`,
    `weight`, `year`; a query's `limit`, `days`) read as every form reads a typed number
    (okrs.numbers: full-width `５０`, `1,000`); text the reader refuses is left for pydantic,
    whose refusal then says the reader's words (api.errors). Pydantic's own int parsing took
    `50` and refused `５０` ("Enter a whole number")."""
    values = getattr(data, "_obj", data)
    if not isinstance(values, dict):
        return data
    read = {}
    for name, field in cls.model_fields.items():
        sent = values.get(field.alias or name, values.get(name))
        kinds = set(get_args(field.annotation)) | {field.annotation}
        # `Annotated[int, …] | None` (a reminder's hour): the number type inside, and its marks
        # (`Id | None` is a program's number, read exactly: Digits).
        inner = [get_args(kind) for kind in kinds if get_origin(kind) is Annotated]
        kinds |= {args[0] for args in inner}
        marks = [*field.metadata, *(mark for args in inner for mark in args[1:])]
        if not isinstance(sent, str) or not kinds & {int, Decimal} or Digits in marks:
            continue
        if int in kinds and (bounds := _whole_range(field)) and sent.isprintable():
            # A whole number with a range (a reminder's hour 0–23): read with it, so that a
            # refusal states the range and never offers a reading outside it (h9e: `5,0` was
            # offered as 5000). Text no digit reader reads (a lone surrogate, a control
            # character) is left to pydantic's refusal, which does not quote it.
            try:
                read[field.alias or name] = int(numbers.read_number(sent, **bounds))
            except numbers.NumberError as error:
                read[field.alias or name] = RefusedNumber(number_input.message(error, sent, bounds))
            continue
        try:
            number = numbers.read_number(sent)
        except numbers.NumberError:
            continue
        whole = number == number.to_integral_value()
        if Decimal in kinds or whole:
            read[field.alias or name] = int(number) if int in kinds and whole else number
    return {**values, **read} if read else data


class RefusedNumber:
    """Text sent in a whole-number field with a range that the one reader refused: the field's
    NotTrueFalse refuses it as "number_refused", and api.errors says `message` (the range as
    its hint)."""

    def __init__(self, message: str):
        self.refused_number = message

    def __str__(self) -> str:
        return self.refused_number


def _whole_range(field) -> dict | None:
    """The range of a whole-number field (`Field(ge=0, le=23)`) as the reader's bounds."""
    low = next((m.ge for m in field.metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in field.metadata if hasattr(m, "le")), None)
    if low is None or high is None:
        return None
    return {"whole": True, "low": Decimal(low), "high": Decimal(high)}


class TypedNumbers(Schema):
    """An input schema (a request body, a query) whose number fields read text as typed."""

    @model_validator(mode="before")
    @classmethod
    def _read_typed_numbers(cls, data):
        return _typed_numbers(cls, data)


class Body(TypedNumbers):
    """The base of every request body (and of the objects inside one).

    A field it does not know is a 422 naming it, never silently ignored (a client that sends
    `cycle_id` to an operation that cannot move must learn so). ninja's Schema reads any object
    by its attributes, so that responses can be built from model rows; a request body must be a
    JSON object, or `[null, null]`, `"o"` and `3` would pass as an object with every field at
    its default."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data):
        # ninja hands the value over wrapped in its attribute reader (DjangoGetter).
        if not isinstance(getattr(data, "_obj", data), dict | Schema):
            raise ValueError(_("Enter an object."))
        return data


# A request body's yes/no field: JSON true or false only. Pydantic's lax bool also takes "yes",
# "on", 1 and "0", so `{"weights": "yes"}` switched weights on (issue 9 re-probe): what a client
# sends is applied as it means it or refused, never guessed.
Flag = StrictBool


def decimal(minimum, maximum, places: int, digits: int | None = None):
    """A JSON number read exactly as a Decimal (no float rounding), with at most `places`
    decimals and `digits` significant digits: what its column keeps, so what is stored is what
    was sent. A numeric string is accepted too, but the schema promises a number, which is what
    clients should send."""
    return Annotated[
        Decimal,
        Field(allow_inf_nan=False, ge=minimum, le=maximum, decimal_places=places),
        AfterValidator(partial(_significant, digits=digits)),
        WithJsonSchema({"type": "number", "minimum": _json(minimum, digits),
                        "maximum": _json(maximum, digits),
                        "multipleOf": float(Decimal(1).scaleb(-places))}),
    ]  # fmt: skip


def _significant(value: Decimal, digits: int | None) -> Decimal:
    # pydantic's max_digits fixes the whole digits too (a 15-digit number would need 11 whole
    # digits with 4 places); the limit is the significant digits (okrs.limits).
    if digits is not None and limits.significant_digits(value) > digits:
        raise PydanticCustomError("decimal_max_digits", "too many digits", {"max_digits": digits})
    return value


def _json(bound, digits: int | None) -> int | float:
    """A bound as the schema states it: the one of at most `digits` significant digits
    (999999999999999.9999 with 15 digits is 999999999999999, which a float keeps exactly)."""
    bound = Decimal(bound)
    if digits is not None:
        whole = len(str(abs(int(bound))))
        bound = bound.quantize(Decimal(1).scaleb(-max(0, digits - whole)), rounding=ROUND_DOWN)
    return int(bound) if bound == bound.to_integral_value() else float(bound)


def column_number(bounds: dict):
    """A number bounded as number_input bounds it for its column on every path."""
    return decimal(bounds["low"], bounds["high"], bounds["places"], bounds["digits"])


# A key result's or objective's weight as read: the one it counts with, and the one stored
# (rules.weight_in_effect), distinct while the organization has weights off.
WEIGHT_IN_EFFECT = Field(
    ...,
    description="The weight it counts with: the stored weight while the organization has "
    "weights on; 1 with them off (every one counts equally). Sending it back is no change.",
)
STORED_WEIGHT = Field(
    ...,
    description="The weight stored, kept for when weights are turned on again; equal to "
    "`weight` while they are on.",
)


def weight_in_effect(row, context) -> float:
    """`row`'s weight as it counts in the requesting member's organization."""
    organization = context["request"].auth.membership.organization
    return rules.weight_in_effect(row.weight, organization.weights_enabled)


# A weight as every path bounds it (okrs.number_input); scores have one decimal.


def typed_number(value):
    """A key result's value (start, target, current, a check-in's) as sent: a JSON number kept
    exact, text (and true / false) handed to the services, which read it as every form and
    import reads it (okrs.number_input.read_value, in the key result's unit: `280人`, `2,000`,
    `5万元` on a 千元 key result), so that one string means one value on every path."""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | float | Decimal):
        return value if isinstance(value, Decimal) else Decimal(number_input.as_text(value))
    raise PydanticCustomError("decimal_type", "not a number")


# A key result's start, target or current value: a number, or text read as typed.
Value = Annotated[
    object,
    PlainValidator(typed_number),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}]}),
]
# A weight: the schema states its column's bounds, and text or a number is read by the one
# reader (okrs.number_input, in the services) with every value's refusals: `"1e3"` was read
# by pydantic as 1000 here while `1e3` as a value was refused (issue 9).
# The schema says it takes text too, as Value, Score and Confidence do.
Weight = Annotated[
    object,
    PlainValidator(typed_number),
    WithJsonSchema(
        {
            "anyOf": [
                column_number(number_input.WEIGHT).__metadata__[-1].json_schema,
                {"type": "string"},
            ]
        }
    ),
]


# A grade: 0.0–1.0 with one decimal (the services say so when it is not), or text read as the
# grading page reads it (okrs.numbers.read_score: `60%`, `六成`).
Score = Annotated[
    object,
    PlainValidator(typed_number),
    WithJsonSchema(
        {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1, "multipleOf": 0.1},
                   {"type": "string"}]}
    ),
]  # fmt: skip
# What a grade's `score` takes: as the grading form's "left blank: not graded yet".
SCORE_OR_CLEARED = (
    "0.0–1.0 with one decimal; null (or an empty string) clears a stored score: not graded."
)
# A confidence as sent: a whole number, or text the services read as every form reads it
# (`７`, `7`), each refusal quoting what was sent.
Confidence = Annotated[
    object,
    PlainValidator(typed_number),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0, "maximum": 10},
                              {"type": "string"}]}),
]  # fmt: skip


def whole_number(low: int, high: int):
    """A whole number with a small range a person may type (a reminder's hour 0–23): a number,
    or text the services read as every form reads it, each refusal naming the field and its
    range (number_input.message) whatever was wrong, `50.5`, `150`, `-1` or `1,5` (h9f: said
    as "Enter a whole number.", "at most 23", "不小于 0" and "0 到 23" by turns)."""
    return Annotated[
        object,
        PlainValidator(typed_number),
        WithJsonSchema({"anyOf": [{"type": "integer", "minimum": low, "maximum": high},
                                  {"type": "string"}]}),
    ]  # fmt: skip


def _share(value):
    """An aligned share as sent: a JSON number or text handed to the services, which read it
    as the form and the imports do (okrs.services._common.read_share: a whole number from 0 to
    100, `50%` and `５０` taken, each refusal naming the field and its range). Pydantic's
    integer refused `"50,0"` with the general reader's words, offering 50,000 (probe 28)."""
    if value is None:
        raise PydanticCustomError("int_type", "a whole number")
    return typed_number(value)


# A whole percentage 0–100 (an objective's aligned share): a number, or text read as typed.
Percent = Annotated[
    object,
    PlainValidator(_share),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0, "maximum": 100},
                              {"type": "string"}]}),
]  # fmt: skip
MAX_LIMIT = 200
MAX_OFFSET = 10**9


class CycleQuery(Schema):
    """The cycle a report is about, named `cycle` as every list filter names it. `cycle_id`,
    its name on the insights and coaching operations before h9m, is still read (it was
    published); both at once must agree."""

    cycle: Id | None = Field(None, description="Default: the current cycle.")
    cycle_id: Id | None = Field(
        None, description="The earlier name of `cycle`.", json_schema_extra={"deprecated": True}
    )

    @model_validator(mode="after")
    def _one_name(self):
        if self.cycle_id is not None:
            if self.cycle not in (None, self.cycle_id):
                raise ValueError(
                    _("Send the cycle once, as `cycle` (`cycle_id` is its earlier name).")
                )
            self.cycle = self.cycle_id
        return self


# A query's numbers are a program's (Count, Id): read exactly, never as typed (TypedNumbers is
# for bodies).
class PageQuery(Schema):
    """limit/offset paging; every list filter schema extends it."""

    limit: Count = Field(50, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
    offset: Count = Field(0, ge=0, le=MAX_OFFSET)


# Lists count at most this many rows past the page asked for.
COUNT_AHEAD = 1000


class Page(Schema):
    count: int = Field(
        ...,
        description=f"How many there are, counted up to {COUNT_AHEAD:,} rows past this page.",
    )
    count_capped: bool = Field(
        ..., description="Counting stopped early: there are more than `count`."
    )
    limit: int
    offset: int


def page_of(item: type[Schema], name: str) -> type[Page]:
    """A named page schema (`ObjectivePage`) whose items are `item`."""
    return create_model(name, __base__=Page, items=(list[item], ...))


def paginate(queryset: QuerySet, query: PageQuery) -> dict:
    """One page of an (already stably ordered) queryset and the count, which stops
    COUNT_AHEAD rows past the page (in no order): a list of 1,000,000 key results is not
    counted whole on every request."""
    bound = query.offset + query.limit + COUNT_AHEAD
    counted = queryset.order_by()[: bound + 1].count()
    return {
        "count": min(counted, bound),
        "count_capped": counted > bound,
        "limit": query.limit,
        "offset": query.offset,
        "items": list(queryset[query.offset : query.offset + query.limit]),
    }


IF_MATCH_DESCRIPTION = (
    'The `version` you last read (or a list of versions, `"3", "4"`, met by any one); '
    'the write is refused (409) if it moved on. A weak tag (`W/"3"`) never matches (412).'
)


# One element of an If-Match list (RFC 9110 §13.1.1, §8.8.3): an entity tag, weak (`W/`) or
# not, quoted or (as clients send a version read from the body) bare, or nothing (an empty
# element, which a recipient accepts and ignores: RFC 9110 §5.6.1.2); then a comma or the end.
_ELEMENT = re.compile(r'[ \t]*(?:(W/)?(?:"([^"]*)"|([^\s",]+)))?[ \t]*(,|$)')


def if_match_tags(if_match: str) -> list[tuple[bool, int]]:
    """The entity tags of an If-Match header other than `*`, as (weak, version) pairs; a header
    that is no list of them (`"3" "4"`, `*, 3`, a tag that is no version) is a 400 naming it."""
    text, at, tags = if_match.strip(), 0, []
    while True:
        found = _ELEMENT.match(text, at)
        if found is None:
            raise _malformed_if_match()
        value = found[2] if found[2] is not None else found[3]
        if value is not None:
            # Up to a PositiveIntegerField's largest value: a digested version
            # (common.Digested) uses that whole range.
            if not (value.isascii() and value.isdigit()) or len(value) > 10:
                raise _malformed_if_match()
            if int(value) > MAX_VERSION:
                raise _malformed_if_match()
            tags.append((found[1] is not None, int(value)))
        at = found.end()
        if not found[4]:  # the end
            break
    if not tags:
        raise _malformed_if_match()
    return tags


def weak_tags(if_match: str | None) -> list[int]:
    """The versions an If-Match header gives as weak entity tags (`W/"4"`), which never meet
    it: If-Match uses the strong comparison (RFC 9110 §13.1.1)."""
    if if_match is None or not if_match.strip() or if_match.strip() == ANY_VERSION:
        return []
    return [version for weak, version in if_match_tags(if_match) if weak]


def expected_version(if_match: str | None) -> int | frozenset[int] | str | None:
    """The version in an If-Match header: `3` or `"3"`; the versions of a list of them
    (`"3", "4"`: met by any one, RFC 9110 §13.1.1), as a frozenset; ANY_VERSION for `*` (any
    current version: the row exists, else the route's 404); None without the header. A weak
    tag (`W/"3"`) is met by no version (the strong comparison, §13.1.1): a header of weak tags
    alone is the empty set, whose Conflict the API answers 412 (errors.conflict). A header
    that is none of these (`"3" "4"`, `*, 3`, a tag that is no version) is a 400 naming it."""
    if if_match is None or not if_match.strip():
        return None
    if if_match.strip() == ANY_VERSION:
        return ANY_VERSION
    versions = {version for weak, version in if_match_tags(if_match) if not weak}
    return next(iter(versions)) if len(versions) == 1 else frozenset(versions)


def _malformed_if_match() -> BadRequest:
    return BadRequest(
        "If-Match",
        _(
            "If-Match must carry the version you read, e.g. 3, or a list of them separated "
            'by commas, e.g. "3", "4".'
        ),
    )


class Digested(Schema):
    """A representation of a row that has no version column (the organization, a team, a
    cycle, a member): its `version` is a digest of everything else it shows, as the web's forms
    for those rows use (web.stale.digest), so that whoever changes what a client read (another
    admin, an import, a directory sync) moves it, and If-Match is honoured as for objectives."""

    version: int = Field(
        0, description="Send it back as `If-Match` to refuse a write over someone else's change."
    )

    @model_validator(mode="after")
    def _digest(self):
        from mubiao.web.stale import digest

        self.version = digest(self.model_dump(mode="json", exclude={"version"}))
        return self


def lock_row(model, pk) -> None:
    """Holds the row (if any) until the write's transaction ends, so that the version checked
    by check_version is the one written over (a row that is not there is the 404 read next)."""
    list(model.objects.select_for_update().filter(pk=pk).values_list("pk", flat=True))


def check_version(if_match: str | None, current) -> None:
    """expected_version for a row read as `current` (a Digested representation, or anything
    with a `version`): a stale If-Match is the same Conflict (409 with the current version) as
    an objective's, raised before anything is written."""
    if not version_met(current.version, expected_version(if_match)):
        raise Conflict(current.version)


def required_version(if_match: str | None) -> int | str:
    """expected_version for a write that replaces a whole text (a report's draft): the header
    is required, a 428 without it; `*` is the caller's choice to write over any version."""
    version = expected_version(if_match)
    if version is None:
        raise PreconditionRequired(
            "If-Match", _("Send If-Match with the version you read, e.g. If-Match: 3.")
        )
    return version


def reference(queryset: QuerySet, pk: int | None, field: str):
    """The row a request body names by id, looked up in what the caller may see.

    A missing, hidden or foreign row is one and the same validation error, so that ids of
    other organizations or of private objectives reveal nothing.
    """
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _("No such item, or you cannot see it.")})
    return found


def references(queryset: QuerySet, pks: list[int], field: str) -> list:
    rows = {row.pk: row for row in queryset.filter(pk__in=set(pks))}
    missing = [pk for pk in pks if pk not in rows]
    if missing:
        raise ValidationError(
            {field: _("No such item, or you cannot see it: %(ids)s.")
             % {"ids": ", ".join(map(str, missing))}}
        )  # fmt: skip
    return [rows[pk] for pk in dict.fromkeys(pks)]


def _clean_text(value: str) -> str:
    # Control characters (PostgreSQL rejects NUL) and lone surrogates cannot be stored: refused
    # here, naming the field, in the words of every other path (limits.text_error), instead of
    # failing in the database. The length is pydantic's max_length, checked first.
    if problem := limits.text_error(value, None):
        raise ValueError(problem)
    return value


def text(max_length: int | None = None, **field):
    """A string input type: bounded, storable."""
    return Annotated[str, AfterValidator(_clean_text), Field(max_length=max_length, **field)]


class PersonFields(Schema):
    """Resolvers for the person behind a membership (email, names), shared by `/me` and
    `/members`; each schema declares the fields it shows."""

    @staticmethod
    def resolve_email(membership) -> str:
        return membership.user.email

    @staticmethod
    def resolve_name(membership) -> str:
        return membership.name

    @staticmethod
    def resolve_display_name(membership) -> str:
        return membership.display_name
