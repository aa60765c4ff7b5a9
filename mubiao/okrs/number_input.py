"""Typed numbers for the services, forms and importers: okrs.numbers reads them, this module
words the refusal in the person's language (as a ValidationError on the field, or a plain
message for an import cell)."""

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mubiao.okrs import limits, numbers, rules
from mubiao.okrs.models import KeyResult
from mubiao.okrs.numbers import NumberError
from mubiao.okrs.wording import fill

# Every typed number is bounded by its column (okrs.limits.number_limits) on every path, so that
# no path stores what the database would refuse or round: a key result's values (start, target,
# current, a check-in's) and weights (objectives' and key results' alike, at least 0).
VALUE = limits.number_limits(KeyResult, "start_value")
WEIGHT = {**limits.number_limits(KeyResult, "weight"), "low": Decimal(0)}
# The typed fields of the services and the limits of their columns.
FIELDS = {"start_value": VALUE, "target_value": VALUE, "current_value": VALUE, "value": VALUE,
          "weight": WEIGHT}  # fmt: skip


# The names a refusal gives the fields whose range is their rule (a weight 0–9,999.99, a
# confidence 0–10, a share 0–100): the field and its rule are said in the message itself, on
# every path (beside the field on a page, in the API's errors, at an import's line and column,
# on the command line), not only by where the message is shown (issue 9, brief h9m: `1,5`
# was "ambiguous", `abc` "not a number", an empty weight "Enter a number.", none naming the
# weight nor its range). A key result's value is bounded by ±10¹⁵, no rule worth stating.
LABELS = {
    "weight": gettext_lazy("Weight"),
    "confidence": gettext_lazy("Confidence"),
    "aligned_share": gettext_lazy("Share of aligned objectives"),
    "reminder_hour": gettext_lazy("Reminder hour"),
    "reminder_weekday": gettext_lazy("Reminder weekday"),
}
# A field whose rule is more than its range: a weekday's numbers name days (h9f: `六` was
# stored as 6, Sunday, meant as Saturday), so every refusal states the numbering.
RULES = {
    "reminder_weekday": gettext_lazy("a whole number from 0 to 6 (0 = Monday … 6 = Sunday)"),
}


# The refusals whose hint is a number's general form (42, 4.5 or 1,234; decimals with a
# point; all its digits): on a small whole range (a confidence 0–10, a share 0–100) the range
# itself is the hint.
_GENERAL_HINTS = {"not_a_number", "ambiguous_comma", "not_whole", "too_many_places", "exponent",
                  "too_large", "too_small", "too_many_digits"}  # fmt: skip


def _shown(value, places: int) -> str:
    """`value` grouped with at most `places` decimal places, with "…" only where digits were cut
    (0.083333… days, but 0.12345 亿元 as it is)."""
    cut = round(value, places)
    return grouped(cut) + ("…" if cut != value else "")


# The refusals whose hint the field's rule replaces; the others keep theirs (`1,5`: 1.5 or
# 15?; `1e2`: 100; `50%`: no percent sign) and state the rule after it.
_RULE_HINTS = {"not_a_number", "not_whole", "too_many_places", "too_large", "too_small",
               "too_many_digits", "out_of_range"}  # fmt: skip


def rule(bounds: dict) -> str:
    """A bounded field's rule as a refusal states it: "a number from 0 to 9,999.99 with at
    most 2 decimal places", "a whole number from 0 to 10"."""
    said = {
        "low": number_format(bounds["low"], force_grouping=True),
        "high": number_format(bounds["high"], force_grouping=True),
    }
    if bounds.get("whole"):
        return _("a whole number from %(low)s to %(high)s") % said
    places = bounds.get("places", numbers.STORED_PLACES)
    return ngettext(
        "a number from %(low)s to %(high)s with at most %(places)s decimal place",
        "a number from %(low)s to %(high)s with at most %(places)s decimal places",
        places,
    ) % {**said, "places": places}


def message(
    error: NumberError,
    sent=None,
    bounds: dict | None = None,
    field: str | None = None,
    offered=None,
) -> str:
    """_message's sentence; for a field whose range is its rule (LABELS), the field named
    and its rule stated: "Weight “abc”: enter a number from 0 to 9,999.99 with at most 2
    decimal places." A special hint (`1,5`: 1.5 or 15?; `1e2`: 100) is kept, the field and
    its rule said with it."""
    if offered is None and bounds:
        offered = taken_by(bounds)
    said = _message(error, sent, bounds, offered, ruled=field in LABELS)
    bounds = {**{k: error.params[k] for k in ("whole", "low", "high") if k in error.params},
              **(bounds or {})}  # fmt: skip
    if field not in LABELS or None in (bounds.get("low"), bounds.get("high")):
        return said
    text = dict(error.params).get("text", "")
    if isinstance(sent, int | float | Decimal) and not isinstance(sent, bool):
        text = written(sent)
    filled = {"field": LABELS[field], "rule": RULES.get(field) or rule(bounds),
              "text": shown(str(text))}  # fmt: skip
    if error.code == "empty":
        return _("%(field)s: enter %(rule)s.") % filled
    # A whole number's range is its whole hint (`4,5` or `1,0` as a confidence: a whole number
    # from 0 to 10, on every route; comma_question's decimal and thousands fit no such field).
    if error.code in _RULE_HINTS | (_GENERAL_HINTS if bounds.get("whole") else set()):
        return _("%(field)s “%(text)s”: enter %(rule)s.") % filled
    return _("%(field)s: %(message)s It must be %(rule)s.") % {**filled, "message": said}


def ruled_refusal(field: str, sent, bounds: dict) -> str:
    """The one refusal of a field whose range is its rule (LABELS), for what no number reading
    answers (a weekday's day name): "Reminder weekday “六”: enter a whole number from 0 to 6
    (0 = Monday … 6 = Sunday)." """
    return _("%(field)s “%(text)s”: enter %(rule)s.") % {
        "field": LABELS[field],
        "rule": RULES.get(field) or rule(bounds),
        "text": quoted(sent),
    }


def _message(
    error: NumberError, sent=None, bounds: dict | None = None, offered=None, ruled: bool = False
) -> str:
    """The sentence that says what is wrong with the typed number and how to write it; `sent`,
    the value as it arrived when it was a number (a JSON number, a spreadsheet cell), is quoted
    as its sender wrote it (written), not as the digits it was read from; `bounds`, the reader's
    limits, fit the hint to the field (a whole number from 0 to 10, not 4.5 or 1,234);
    `offered`, whether the path takes a reading typed as it is offered (a check-in: near the
    key result's range), so that no reading is offered that would be asked about again; a
    comma's readings only where the field's own rule is its range (`ruled`: a weight), never by
    the key result or the route (comma_question)."""
    p = dict(error.params)
    if isinstance(sent, int | float | Decimal) and not isinstance(sent, bool):
        p["text"] = written(sent)
    # A long typing is shown by its start (a 500-digit paste is not echoed whole).
    text = p["text"] = shown(str(p.get("text", "")))
    if error.code == "empty":
        return _("Enter a number.")
    # The reader's refusal carries its field's rule (whole, low, high); the caller's bounds say
    # it for the refusals that come before any value is read (`abc`, `4,5`).
    rule = {key: p[key] for key in ("whole", "low", "high") if key in p}
    bounds = {**rule, **(bounds or {})}
    if (
        error.code in _GENERAL_HINTS | {"out_of_range"}
        and bounds.get("whole")
        and None not in (bounds.get("low"), bounds.get("high"))
    ):
        return _("“%(text)s”: enter a whole number from %(low)s to %(high)s.") % {
            "text": text,
            "low": number_format(bounds["low"], force_grouping=True),
            "high": number_format(bounds["high"], force_grouping=True),
        }
    if error.code in ("not_whole", "out_of_range") and bounds.get("whole"):
        if bounds.get("low") is not None:
            return _("“%(text)s”: enter a whole number of at least %(low)s.") % {
                "text": text,
                "low": number_format(bounds["low"], force_grouping=True),
            }
        if bounds.get("high") is not None:
            return _("“%(text)s”: enter a whole number of at most %(high)s.") % {
                "text": text,
                "high": number_format(bounds["high"], force_grouping=True),
            }
    if error.code == "approximate":
        return _("“%(text)s” is approximate (“%(word)s”): enter the exact number measured.") % {
            "text": text,
            "word": p["typed"],
        }
    if error.code == "too_long":
        return ngettext(
            "“%(text)s” is too long for a number: enter at most %(length)s character.",
            "“%(text)s” is too long for a number: enter at most %(length)s characters.",
            numbers.MAX_LENGTH,
        ) % {"text": text, "length": numbers.MAX_LENGTH}
    if error.code == "ambiguous_comma":
        typed = str(error.params.get("text", ""))
        return comma_question(typed, taken=offered) if ruled else separator_question(typed, ",")
    if error.code == "ambiguous_dot":
        return _dot_question(text, p["unit"], p["read"], offered)
    if error.code == "smaller_magnitude":
        return _magnitude_question(text, p["unit"], p["number"], p["amount"], offered)
    if error.code == "wrong_unit":
        return fill(_("“%(text)s” is in %(typed)s, but this key result is counted in %(unit)s."), p)
    if error.code == "units_disagree":
        return fill(
            _(
                "“%(text)s” is in %(unit)s but “%(other)s” is in %(other_unit)s: write the values "
                "in one unit, or give the unit."
            ),
            {**p, "other": shown(str(p["other"]))},
        )
    if error.code == "unit_not_expected":
        return fill(_("“%(text)s”: enter the number alone, without %(typed)s."), p)
    if error.code == "a_change":
        return _(
            "“%(text)s” is a change, not a value: enter the new level itself (for example 35 "
            "or 35%%)."
        ) % {"text": text}
    if error.code == "a_share":
        return _(
            "“%(text)s” is a share of a whole (%(share)s%%): this key result counts a number, "
            "not a percentage; enter the number itself."
        ) % {"text": text, "share": grouped(p["share"])}
    if error.code == "half":
        return _(
            "“%(text)s”: “half” is not read as a number (half of what?); enter the value "
            "itself, for example 0.5, or 50%% on a percentage."
        ) % {"text": text}
    if error.code == "word_before":
        if p.get("read") is None:
            return fill(
                _("“%(text)s”: the word “%(typed)s” before the number is not read; enter the "
                  "value measured alone."),
                p,
            )  # fmt: skip
        return fill(
            _(
                "“%(text)s”: the word “%(typed)s” before the number is not read; enter the value "
                "measured alone (%(read)s, if that is the value)."
            ),
            {**p, "read": grouped(p["read"])},
        )
    if error.code == "two_signs":
        return _("“%(text)s” has two signs: enter one, for example -5 or 5.") % {"text": text}
    if error.code == "brackets":
        return _(
            "“%(text)s” is in brackets: write a negative number with a minus sign (%(negative)s), "
            "a positive one without brackets."
        ) % {"text": text, "negative": shown(p["negative"])}
    if error.code == "percent_not_allowed":
        if p.get("unit"):
            return fill(
                _(
                    "“%(text)s”: this key result is counted in %(unit)s, not in percent; enter "
                    "the number itself."
                ),
                p,
            )
        return _("“%(text)s”: enter the number itself, without a percent sign.") % p
    if error.code == "too_many_places":
        return _("“%(text)s”: enter at most %(places)s decimal places.") % p
    if error.code == "inexact_in_unit":
        return fill(
            _(
                "“%(text)s” is %(value)s %(unit)s, more decimal places than a value keeps "
                "(%(places)s): enter the value in %(unit)s, for example %(rounded)s."
            ),
            {
                **p,
                "value": _shown(p["read"], p["places"] + 2),
                # Rounded as people round (0.12345 → 0.1235), not to even.
                "rounded": grouped(
                    p["read"].quantize(Decimal(1).scaleb(-p["places"]), ROUND_HALF_UP)
                ),
            },
        )
    if error.code == "too_large":
        return _("“%(text)s” is too large: enter a number between -%(limit)s and %(limit)s.") % {
            "text": text,
            "limit": limits.readable_bound(p["limit"]),
        }
    if error.code == "too_small":
        return _("“%(text)s” is too small: enter a number between -%(limit)s and %(limit)s.") % {
            "text": text,
            "limit": limits.readable_bound(p["limit"]),
        }
    if error.code == "exponent":
        said = {"text": text, "limit": limits.readable_bound(p["limit"]), "meant": p.get("meant")}
        if said["meant"] is not None:  # what to type: 1e3 is 1000
            return (
                _(
                    "“%(text)s” is written with an exponent (e): write the number with all its "
                    "digits: %(meant)s."
                )
                % said
            )
        return (
            _(
                "“%(text)s” is written with an exponent (e): write the number with all its digits, "
                "at most %(limit)s."
            )
            % said
        )
    if error.code == "other_digit":
        return _(
            "“%(text)s” is written in digits Mubiao does not read (%(char)s): write the digits 0–9."
        ) % {"text": text, "char": p["char"]}
    if error.code == "not_plain_digit":
        return _(
            "“%(text)s”: write the number with the digits 0–9; superscripts and fractions such "
            "as ², ³ and ½ are not read as numbers."
        ) % {"text": text}
    if error.code == "too_many_digits":
        return _("“%(text)s”: enter at most %(digits)s significant digits.") % p
    if error.code == "not_whole":
        return _("“%(text)s”: enter a whole number.") % {"text": text}
    if error.code == "out_of_range":
        low = number_format(p["low"], force_grouping=True) if p["low"] is not None else None
        high = number_format(p["high"], force_grouping=True) if p["high"] is not None else None
        shown_bounds = {"text": text, "low": low, "high": high}
        if high is None:
            return _("“%(text)s”: enter a number of at least %(low)s.") % shown_bounds
        if low is None:
            return _("“%(text)s”: enter a number of at most %(high)s.") % shown_bounds
        return _("“%(text)s”: enter a number from %(low)s to %(high)s.") % shown_bounds
    if error.code == "negative_duration":
        return fill(_("“%(text)s”: a duration (%(unit)s) cannot be below zero."), p)
    if error.code == "a_range":
        return _(
            "“%(text)s” is a range, and a check-in is one value: enter the value measured, for "
            "example the middle (%(middle)s) or the latest."
        ) % {
            "text": text,
            "middle": grouped((Decimal(p["low"]) + Decimal(p["high"])) / 2) + p.get("scale", ""),
        }
    if error.code == "out_of":
        if p.get("top") is None:
            return _("“%(text)s”: enter the rating itself, for example 4.") % {"text": text}
        return fill(
            _(
                "“%(text)s”: this key result is rated out of %(top)s, not %(scale)s; enter the "
                "rating out of %(top)s."
            ),
            {"text": text, "top": p["top"], "scale": p["scale"]},
        )
    if error.code == "half_after_unit":
        return _("“%(text)s”: enter the number alone, for example %(meant)s.") % {
            "text": text,
            "meant": grouped(p["meant"]),
        }
    if error.code == "done_on_milestone":
        return _(
            "“%(text)s”: this key result is a milestone, checked in as percent complete: enter "
            "how far it is, from 0 to 100 (100 when it is done)."
        ) % {"text": text}
    if error.code == "m_on_time":
        return fill(
            _("“%(text)s”: “m” is not read on a time (metres? minutes?): write min or minutes."), p
        )
    if error.code == "not_done_word":
        return _("“%(text)s”: choose done or not done.") % {"text": text}
    return _("“%(text)s” is not a number; enter for example 42, 4.5 or 1,234.") % {"text": text}


# What a field's bounds (read's keywords) say to read_number, for the readings a refusal offers.
_READ_KEYWORDS = ("unit", "percent", "places", "whole", "digits", "low", "high", "level",
                  "signed")  # fmt: skip


def taken_by(bounds: dict, offered=None):
    """Whether a reading (`4.5`, `45`) is taken as typed by a field of these `bounds` and by the
    path asking (`offered`, None: any): the one test of which readings a refusal offers (a
    decimal comma's, separator_question; a dot's or a magnitude's question), so that a weight,
    a confidence and a grade offer only what they take (issue 9, D12: a grade's `1,0` offered
    10; `9999,5` as a weight of 0–9,999.99 offered 99995)."""
    kept = {key: bounds[key] for key in _READ_KEYWORDS if key in bounds}

    def takes(reading: str) -> bool:
        try:
            numbers.read_number(reading, **kept)
        except NumberError:
            return False
        return offered is None or offered(reading)

    return takes


def _dot_question(text: str, unit: str, read: Decimal, offered) -> str:
    """`1.200` on a key result that counts whole things (ambiguous_dot): both readings named,
    and offered to be typed where the reader takes each as typed on `unit` and the path takes
    it (`offered`). `12.345`'s decimal reading is itself a dot before three digits, asked about
    again; 1,000 on a key result of 0 → 50 is asked about again as far from its range (h10m E11:
    a reading offered and typed was asked about once more)."""
    said = {"text": text, "unit": unit, "meant": grouped(read * 1000), "read": grouped(read)}

    taken = taken_by({"unit": unit, "level": True}, offered)
    thousands, decimal = taken(said["meant"]), taken(said["read"])
    if thousands and decimal:
        return fill(_(
            "“%(text)s” on a key result counted in %(unit)s: did you mean %(meant)s (a dot "
            "grouping thousands) or %(read)s (a decimal point)? Enter %(meant)s or %(read)s."
        ), said)  # fmt: skip
    if thousands:
        return fill(_(
            "“%(text)s” on a key result counted in %(unit)s: did you mean %(meant)s (a dot "
            "grouping thousands)? Enter %(meant)s."
        ), said)  # fmt: skip
    if decimal:
        return fill(_(
            "“%(text)s” on a key result counted in %(unit)s: did you mean %(read)s (a decimal "
            "point)? Enter %(read)s."
        ), said)  # fmt: skip
    return fill(_(
        "“%(text)s” on a key result counted in %(unit)s: is the dot grouping thousands "
        "(%(meant)s) or a decimal point (%(read)s)? Enter the value measured, without a dot "
        "before three digits."
    ), said)  # fmt: skip


def _magnitude_question(text: str, unit: str, number: Decimal, amount: Decimal, offered) -> str:
    """`1千` or `5k` on a key result counted in 万元 (smaller_magnitude): the number in the
    unit (1,000 万元) or the amount in the unit's base (1,000 元, 0.1 万元), both named and
    offered to be typed where the reader takes each as typed on `unit` and the path takes it
    (`offered`), as _dot_question does; never one of them chosen without a word (issue 9,
    h9w)."""
    base = numbers.unit_base(unit)
    said = {"text": text, "unit": unit, "number": grouped(number), "amount": grouped(amount),
            "base": base}  # fmt: skip

    if base:
        question = _(
            "“%(text)s” on a key result counted in %(unit)s: did you mean %(number)s %(unit)s, "
            "or %(number)s %(base)s (%(amount)s %(unit)s)?"
        )
    else:
        question = _(
            "“%(text)s” on a key result counted in %(unit)s: did you mean %(number)s %(unit)s, "
            "or %(number)s (%(amount)s %(unit)s)?"
        )
    taken = taken_by({"unit": unit, "level": True}, offered)
    readings = [r for r in (said["number"], said["amount"]) if taken(r)]
    if len(readings) == 2:
        enter = _("Enter %(one)s or %(other)s.") % {"one": readings[0], "other": readings[1]}
    elif readings:
        enter = _("Enter %(one)s.") % {"one": readings[0]}
    else:
        enter = _("Enter the value in %(unit)s, without a magnitude.")
    asked = fill(question, said)
    return asked + ("" if asked.endswith(("？", "。")) else " ") + fill(enter, said)


def comma_question(typed: str, *, taken=None) -> str:
    """The one message of a number refused for its comma (`4,5`: numbers.ambiguous_separator),
    said alike by every route (the web forms and check-ins, the API, every import format, the
    CLI), whatever the key result or the route: the web said "write 4.5 or 45", the JSON
    import "write 4.5" and the docs "4.5 or 4,500" (probe 27). It offers the readings of what
    was typed (numbers.comma_readings): the comma as a decimal point (4.5) and as grouping
    thousands (4500, written 4,500), never the digits run together (45, a misreading of both).
    `taken`, for a field whose own rule is its range (a grade, a weight; never a key result's
    value): only the readings it takes (a grade's `1,0`: 1.0 alone)."""
    readings = numbers.comma_readings(typed)
    if taken is not None and not (readings and taken(readings[0])):
        readings = []  # no decimal reading the field takes: the general rule, no reading
    decimal, *grouping = readings or [None]
    grouping = [r for r in grouping if taken is None or taken(r)]
    said = {"text": shown(typed), "decimal": decimal}
    if decimal is None:
        return (
            _(
                "“%(text)s” is ambiguous: write decimals with a point (4.5) and group thousands "
                "in threes (4,500)."
            )
            % said
        )
    if grouping:
        found = re.search(r"\d+", grouping[0])
        said["thousands"] = grouping[0]
        said["grouped"] = (
            grouping[0][: found.start()] + f"{int(found[0]):,}" + grouping[0][found.end() :]
        )
        return (
            _(
                "“%(text)s” is ambiguous: write %(decimal)s (a decimal) or %(thousands)s / "
                "%(grouped)s (thousands)."
            )
            % said
        )
    # `1.234,5`: a dot groups thousands, so the comma is a decimal one. Said as what to write,
    # not asked: a comma is never read, so no path can take a "yes" (probe 18).
    return _("“%(text)s” cannot be read as written: write %(decimal)s.") % said


def separator_question(
    typed: str,
    separator: str,
    read: Decimal | None = None,
    *,
    confirmable: bool = True,
    offered=None,
) -> str:
    """What every path asks about a number whose `separator` gives it two readings
    (numbers.ambiguous_separator), `typed` as it was typed (quoted as shown): a comma is
    never read, so it asks for the number again; a dot read as `read` (a start or target)
    offers both readings and keeps `read` once confirmed, where the path can confirm it (a
    value field); not `confirmable` (a key result's text, refused until it is rewritten), it
    offers the two readings alone; a dot with nothing read (a file separated by semicolons,
    the layout whose dots group thousands) asks for either. A comma is said in one sentence
    on every route, whatever the path takes (comma_question). `offered`, as message takes it:
    only the readings of a dot the path takes as typed."""
    if separator == ",":
        return comma_question(typed)
    if read is not None:
        readings = {"value": typed, "read": grouped(read), "meant": grouped(read * 1000)}
        if not confirmable:
            return (
                _(
                    "“%(value)s” was read as %(read)s; with a dot grouping thousands it would be "
                    "%(meant)s. Enter %(meant)s or %(read)s."
                )
                % readings
            )
        return (
            _(
                "“%(value)s” was read as %(read)s; with a dot grouping thousands it would be "
                "%(meant)s. Enter %(meant)s or %(read)s, or confirm “%(value)s”."
            )
            % readings
        )
    said = {"value": typed.strip(), **_semicolon_readings(typed.strip())}
    thousands = offered is None or offered(said["thousands"])
    decimal = offered is None or offered(said["decimal"])
    if thousands and decimal:
        question = _(
            "“%(value)s” is ambiguous in a file separated by semicolons, where a dot may group "
            "thousands: write %(thousands)s if it does, or %(decimal)s for a decimal."
        )
    elif thousands:
        question = _(
            "“%(value)s” is ambiguous in a file separated by semicolons, where a dot may group "
            "thousands: write %(thousands)s if it does (as a decimal it is not a value this "
            "cell takes)."
        )
    elif decimal:
        question = _(
            "“%(value)s” is ambiguous in a file separated by semicolons, where a dot may group "
            "thousands: write %(decimal)s for a decimal (with the dot grouping thousands it is "
            "not a value this cell takes)."
        )
    else:
        question = _(
            "“%(value)s” is ambiguous in a file separated by semicolons, where a dot may group "
            "thousands, and neither reading is a value this cell takes: write the value "
            "without a dot before three digits."
        )
    return question % said


def _semicolon_readings(typed: str) -> dict:
    """The two readings of the number in `typed` (`1.000 USD`) in a file whose dots may group
    thousands: {"thousands": "1000 USD", "decimal": "1 USD"}, each written as typed around
    the number, the decimal without the zeros that would make it ambiguous again."""
    found = re.search(r"\d[\d.]*", typed)
    if found is None:
        return {"thousands": typed, "decimal": typed}
    number = found[0]
    decimal = number.rstrip("0").rstrip(".") if "." in number else number
    head, tail = typed[: found.start()], typed[found.end() :]
    return {"thousands": head + number.replace(".", "") + tail,
            "decimal": head + (decimal or "0") + tail}  # fmt: skip


def grouped(number: Decimal) -> str:
    """A value as a message shows it: grouped in the person's language, no trailing zeros."""
    return number_format(number.normalize() + 0, force_grouping=True)


SHOWN_LENGTH = 24


def shown(text: str) -> str:
    """`text` as a message quotes it: at most SHOWN_LENGTH characters, then an ellipsis;
    control characters written as U+0000 (limits.escaped)."""
    text = text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"
    return limits.escaped(text)


def number_text(value, places: int) -> str:
    """as_text(value), for read_number. A number sent as a number (a JSON `1e308` or `5e-324`,
    a cell's 1E+300) has no typing to be too long: one whose digits are longer than any typed
    number (numbers.MAX_LENGTH) is refused for why it cannot be stored, too large or with too
    many decimal places, as its typed digits would be."""
    text = as_text(value)
    if isinstance(value, int | float | Decimal) and len(text) > numbers.MAX_LENGTH:
        if abs(Decimal(text)) >= 1:
            code = "too_large" if Decimal(text) > 0 else "too_small"
            raise NumberError(code, text=text, limit=numbers.MAX_ABS)
        raise NumberError("too_many_places", text=text, places=places)
    return text


def read(value, field: str, *, offered=None, **limits) -> Decimal:
    """`value` (typed text, or a number from the API or a spreadsheet cell) as a Decimal, read
    by okrs.numbers.read_number with `limits`, its keywords (by default its column's, FIELDS).
    ValidationError({field: message}); `offered` as message takes it."""
    _refuse_true_false(value, field)
    bounds = {**FIELDS.get(field, {}), **limits}
    places = bounds.get("places", numbers.STORED_PLACES)
    try:
        return numbers.read_number(number_text(value, places), **bounds)
    except NumberError as error:
        # A reading offered is one this field reads, within its bounds, and the path takes.
        offered = taken_by(bounds, offered)
        raise ValidationError({field: message(error, value, bounds, field, offered)}) from None


def _refuse_true_false(value, field: str) -> None:
    """true / false sent where a number is expected (an API's JSON, a spreadsheet's TRUE) is
    refused, never read as 1 / 0 (nor quoted back as "True")."""
    if isinstance(value, bool):
        raise ValidationError(
            {
                field: _("“%(text)s”: enter a number, not true or false.")
                % {"text": str(value).lower()}
            }
        )


def read_value(
    value, field: str, *, metric_type: str, unit: str = "", levels: tuple = (), offered=None
) -> Decimal:
    """A key result's value (check-in, current value) as typed for its metric type: true /
    false only on a done / not-done key result; `levels` as okrs.numbers.read_value takes
    them (the key result's start and target); `offered` as message takes it."""
    if isinstance(value, bool) and metric_type == KeyResult.MetricType.BOOLEAN:
        value = "1" if value else "0"
    _refuse_true_false(value, field)
    try:
        typed = number_text(value, VALUE["places"])
        return numbers.read_value(typed, metric_type=metric_type, unit=unit, levels=levels, **VALUE)
    except NumberError as error:
        raise ValidationError({field: message(error, value, offered=offered)}) from None


def values_unit(values: dict, *, magnitude: bool = True) -> str:
    """The unit {field: value} are written in (okrs.numbers.values_unit, `magnitude` as it
    takes it), or ValidationError on the field whose value disagrees with the first."""
    try:
        return numbers.values_unit(*values.values(), magnitude=magnitude)
    except NumberError as error:
        field = next(name for name, value in values.items() if value is error.params["other"])
        raise ValidationError({field: message(error)}) from None


# The refusals that state a number's limits (10¹⁵, 4 decimal places): a grade's are its own.
_LIMITS = {"too_large", "too_many_places", "too_many_digits", "out_of_range"}


def read_score(value, field: str) -> Decimal:
    """A grade typed or sent (okrs.numbers.read_score: `0.6`, `60%`, `六成`). One beyond a
    number's limits is refused with the grade's range (`1e0` was told "at most 10¹⁵"); one
    written with an exponent (`0.7e0`) is asked for in digits, as every number is."""
    _refuse_true_false(value, field)
    try:
        return numbers.read_score(number_text(value, 1))
    except NumberError as error:
        if error.code == "ambiguous_comma":
            # `1,0`: write 1.0 (10 is no score), as every route says a decimal comma.
            said = comma_question(shown(error.params["text"]), taken=_a_score)
            raise ValidationError({field: said}) from None
        if error.code == "exponent":
            said = _(
                "“%(text)s” is written with an exponent (e): write the score with its digits, "
                "for example 0.7."
            ) % {"text": shown(error.params["text"])}
        else:
            said = score_refusal(value) if error.code in _LIMITS else message(error, value)
        raise ValidationError({field: said}) from None


def _a_score(reading: str) -> bool:
    """Whether `reading` is a score as typed: 0.0–1.0 with one decimal (rules.validate_score)."""
    try:
        rules.validate_score(numbers.read_score(reading))
    except (NumberError, ValueError):
        return False
    return True


def score_refusal(value) -> str:
    """The one refusal of a grade outside 0.0–1.0 with one decimal, quoting what was typed or
    sent (`mubiao grade`, the API: no field beside it)."""
    number = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    typed = written(value) if number else str(value).strip()
    return _("“%(value)s”: %(message)s") % {
        "value": shown(typed),
        "message": _("A score is a number from 0.0 to 1.0 with one decimal."),
    }


# A binary floating-point number (a spreadsheet's cell) holds 15 significant
# digits a person wrote or a formula computed; the digits after them are the binary
# representation's noise (0.1 + 0.2 is 0.30000000000000004), which a spreadsheet never shows.
FLOAT_DIGITS = limits.SIGNIFICANT_DIGITS


class SentNumber(Decimal):
    """A JSON number as its digits read it, with `sent`, the text the sender wrote: a refusal
    quotes that (`0.0000001` as sent, never the `1E-7` a Decimal prints)."""

    sent: str


def json_number(written: str) -> Decimal | str:
    """A JSON number with a fraction or exponent (json's `parse_float`), read exactly as written:
    its digits are text the sender wrote, not a binary cell, so `0.30000000000000004` has 17
    places and is refused as the same typed as a string is (it was stored as 0.3), and
    `999999999999.9999` is refused for its digits, never stored rounded to 1e12. One beyond a
    float's range (`1e999`) is kept as written, so that its refusal quotes it; a whole number
    written with `.0` (JSON encoders write 1e15 so) is quoted back without it."""
    if not math.isfinite(float(written)):
        return written
    exact = Decimal(written)
    whole = exact == exact.to_integral_value() and "e" not in written.lower()
    if whole:
        return Decimal(int(exact))
    number = SentNumber(written)
    number.sent = written
    return number


def written(value) -> str:
    """A number as a refusal quotes it: as its sender wrote it when that was with an exponent
    (a JSON `1e300`, a cell's 1E+300), not as the 301 digits as_text reads it as; a JSON
    number as its sender wrote it (`0.0000001`, not 1e-7: SentNumber); else as_text."""
    if isinstance(value, SentNumber):
        return value.sent.replace("E+", "e").replace("e+", "e").replace("E", "e")
    if isinstance(value, float) and math.isfinite(value) and "e" in repr(value):
        return repr(value).replace("e+", "e")
    if isinstance(value, Decimal) and value.is_finite() and "E" in str(value):
        return str(value).replace("E+", "e").replace("E", "e")
    return as_text(value)


def quoted(typed) -> str:
    """A value as a refusal quotes it: text as the person typed it (`2亿`, never the
    200000000 it was read as), a number as its sender wrote it (written), at most
    SHOWN_LENGTH characters (shown)."""
    return shown(typed.strip() if isinstance(typed, str) else written(typed))


def as_text(value):
    """A number as the plain digits a person would type (Decimal('1E+2') → '100', 0.1 → '0.1'),
    so that numbers and text meet the same limits; text as it is. A float is read at the
    FLOAT_DIGITS it carries: an xlsx cell computed as 0.1 + 0.2 is 0.3, as the spreadsheet
    showed it (JSON numbers arrive as Decimal, exactly as written: json_number); the column's
    limits then apply to what is left."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e300:
        value = Decimal(int(value))  # JSON's 1e15 is quoted back as 1000000000000000, no ".0"
    if isinstance(value, float):
        value = Decimal(f"{value:.{FLOAT_DIGITS}g}") if math.isfinite(value) else Decimal(value)
    value = Decimal(value)
    return format(value, "f") if value.is_finite() else str(value)
