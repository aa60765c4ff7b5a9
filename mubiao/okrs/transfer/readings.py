"""Turn okrtext's reading of a key result into the fields okrs.services.create_key_result takes.

Shared by the text importer and by playbook's "use this template" draft, so that a key result
written as text means the same thing wherever it comes from.

okrtext reads `start`, `target`, `unit`, `direction` and `due` from the text; the model wants a
metric type, start and target values and one of four directions. The choices made here:

- no number (a milestone such as "6 月底前发布风格指南") → metric type `milestone`, 0–100 %;
- unit `%` → `percent`; a currency unit (元, 万元, $, ¥, …) → `currency`; anything else `number`;
- increase with no baseline → start 0 ("达到 1,000 家" counts up from nothing);
- a floor reached for a level (`留存率不低于 40%`, `NPS at least 40`), as against a count done in
  the cycle (`读完至少 6 本书`, which counts up from 0), → a start is asked for, as below;
- decrease, or a level kept at a bound (under a ceiling, or above a floor: "Maintain 99.9%
  uptime", "维持可用性不低于 95%"), with no baseline → a start is asked for (`needs_start`):
  stored from the target it would be done before any check-in (issue 9 S2, docs/design-notes.md);
- a relative target is a change from the baseline, stored as the level it reaches in the
  baseline's unit: `从 5% 降低 20%` → 5 → 4 %, `从 30% 提升 5 个百分点` → 30 → 35 %,
  `从 100 万元减少 10 万元` → 1,000,000 → 900,000 元. Without a baseline (`成本降低 10%`,
  `毛利率提升 5 个百分点`, `较去年增长 20%`) or as a multiple (`翻倍`, `提升 2 倍`: ×2 or ×3 is read
  both ways) there is no level to store: the line is refused, naming what to write. Storing
  the change as the target or the start as the target would make a key result that is done,
  or measures the wrong thing, the moment it is created;
- maintain → `at_least` the target, or `at_most` when the bound written next to it is an upper
  one ("Keep churn at or below 2%", "维持在每周50单以下": the bound word decides, not the verb);
- a rate (`5 次/周`, `每周 3 次`, `3 interviews per week`) → its unit per its period (次/周);
- a range (`300-350 万元`, `5 到 8 家`) as the start or the target → asked (okrtext's "range"):
  okr-rules.md names no value of a range to commit to, so none is taken for the person;
- a baseline and target that contradict the direction word flip the direction rather than fail;
- a deadline with no calendar date (`本季度末`, `FY26 Q2`), or outside the cycle, is reported
  as a note by an import, the key result due at the cycle's end; a key result written alone
  (the writing form, the API: read_title) is refused naming its due date instead. okrtext
  already resolves a date written without a year inside the cycle, so this only happens to a
  year written in the text (`2024年Q3前`) or a month the cycle lacks. A due date the person wrote
  as a field (`due=`, a due date column or key) outside the cycle is refused by the services
  naming it, on every format (h9t, D10; docs/import-export.md).
"""

import contextlib
import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from mubiao.okrs import display, number_input, numbers, quality
from mubiao.okrs.models import Cycle, KeyResult
from mubiao.okrs.numbers import NumberError, read_number
from mubiao.okrs.transfer import columns
from mubiao.okrs.transfer.columns import a_date, ambiguous_date_message
from mubiao.okrs.transfer.errors import known_names
from mubiao.okrs.wording import sentences
from mubiao.okrtext.deadlines import before_a_period, is_ambiguous_date
from mubiao.okrtext.numbers import POINTS, find_quantities, unit_key
from mubiao.okrtext.reading import (
    NUMBER_REFUSALS,
    in_one_unit,
    read_key_result,
    unit_dimension,
    unreadable_example,
)
from mubiao.okrtext.text import normalise

CURRENCY_UNITS = {"元", "万元", "亿元", "美元", "$", "¥", "€", "£", "usd", "rmb", "cny", "eur",
                  "人民币", "欧元", "日元", "港元", "港币", "hkd", "gbp", "jpy"}  # fmt: skip


@dataclass
class KeyResultDraft:
    """Fields for create_key_result, plus notes on what was guessed, and what the title states
    that cannot be stored, by field ({"due_date": [message]}: a day its month lacks, a date
    that could be either of two, a deadline outside the cycle), refused where a key result is
    written alone (key_result_fields)."""

    fields: dict
    notes: list[str] = field(default_factory=list)
    refusals: dict[str, list[str]] = field(default_factory=dict)
    reading: object = None


def metric_type_for(unit: str | None) -> str:
    if unit == "%":
        return KeyResult.MetricType.PERCENT
    if unit and (
        unit.strip().lower() in CURRENCY_UNITS or unit_key(unit) in numbers.CURRENCY_WORDS
    ):
        return KeyResult.MetricType.CURRENCY
    return KeyResult.MetricType.NUMBER


def title_of(reading) -> str:
    """The key result's title: its text, with the mentions okrtext strips from the end kept
    (`…常见问题的解答@客户支持部门xx` stays addressed to the support team)."""
    title = (reading.text or "").strip()
    missing = [f"@{name}" for name in reading.mentions if f"@{name}" not in title]
    return " ".join([title, *missing]) if missing else title


def needs_start(reading) -> bool:
    """No start that the text states, where the key result cannot be measured without one: a
    relative target (no baseline to change from, or a multiple), a value to bring down, or a
    level to keep at a bound, under it or above it ("成本降低到 5 万元", "Keep churn at or
    below 2%", "Maintain 99.9% uptime", docs/design-notes.md): stored from the target itself
    it would be done, with no check-in, the moment it is made. An increase counts up from 0
    ("读完至少 6 本书", "达到 1,000 家"), unless it is a floor reached for a level ("NPS at
    least 40", "留存率不低于 40%": _floor_of_a_level), which has no natural 0."""
    if reading.target_type == "relative":
        return reading.start is None or reading.unit == "x"
    return (
        reading.target_type == "absolute"
        and reading.start is None
        and (reading.direction in ("decrease", "maintain") or _floor_of_a_level(reading))
    )


# A measure that is a level (a rate, a ratio, a score, uptime), not a count of things done in
# the cycle: it stands somewhere before the cycle starts, never at a natural 0.
_LEVEL = re.compile(
    r"率|比例|占比|满意度|评分|得分|可用性|可用率|NPS|CSAT|uptime|availability|rates?\b|ratio|"
    r"margin|score|rating|satisfaction",
    re.IGNORECASE,
)
# A share done of a piece of work ("至少完成 80% 的迁移") counts up from 0 like a count.
_ACCUMULATED = re.compile(r"完成|覆盖|迁移|上线|complete|done|migrat|cover", re.IGNORECASE)


def _floor_of_a_level(reading) -> bool:
    """A floor reached for a level ("留存率不低于 40%", "NPS at least 40"): read as an increase
    (okr-rules.md §6), but a level has no natural 0, so its start is asked for as a kept
    floor's is (issue 9 M2, docs/design-notes.md). A count done in the cycle ("读完至少 6
    本书", "At least 5 new partners") still counts up from 0."""
    if reading.direction != "increase" or getattr(reading, "bound", None) != "at_least":
        return False
    said = f"{reading.metric or ''} {reading.text or ''}"
    level = bool(_LEVEL.search(reading.metric or "")) or reading.unit == "%"
    return level and not _ACCUMULATED.search(said)


def _kept_up(reading) -> bool:
    """A level kept above a floor: "maintain" with no upper bound written next to its target,
    or a floor reached for a level (_floor_of_a_level)."""
    if _floor_of_a_level(reading):
        return True
    return reading.direction == "maintain" and getattr(reading, "bound", None) != "at_most"


def held_for_start(reading) -> bool:
    """A key result whose only want is a start (`成本降低 10%`, `成本降低到 5 万元`): held back
    and shown by an import, not a refusal of the whole file, whether a line of text or a sheet's
    row states it; numbers, units or dates that cannot be read still refuse it (a guess would
    be stored otherwise). Mubiao's own export states its values (`stated`): never held."""
    return not getattr(reading, "stated", None) and not reading.unreadable and needs_start(reading)


def held_note(notes: list[str]) -> str:
    """Why a key result held for its start (held_for_start) is not imported, with its notes."""
    return sentences([*notes, _("This key result is not imported until the file states it.")])


# What okrtext refuses in a key result's date (a day its month lacks; a day and month that
# could be either, said by unreadable_messages): refused naming the due date, not its numbers.
DATE_REFUSALS = {"date", "ambiguous_date"}


def numbers_unread(reading) -> bool:
    """The reading's numbers cannot fill a key result's fields without a guess (a date that
    cannot be read leaves its numbers readable: it is refused naming the due date)."""
    unread = any(code not in DATE_REFUSALS for code, _written in reading.unreadable)
    return unread or needs_start(reading)


def levels_unread(reading) -> bool:
    """numbers_unread, but a title that states its target and only lacks its start ("把平均响应
    时间降到 2 小时", "成本降低到 5 万元") has a level to compare the fields with: the start is
    asked for where it is not entered, and the target compared where it is. One rule for the
    API and the writing form (which compared nothing there: 180 → 2 分钟 was saved beside
    "2 小时")."""
    start_only = needs_start(reading) and reading.target_type == "absolute"
    return numbers_unread(reading) and not (start_only and not reading.unreadable)


def title_refusals(reading) -> list[str]:
    """Why a key result's title cannot stand, whatever numbers are entered beside it: a number
    with two readings (`转化率达到 4,5%`: 4.5% or 4,500%?), `$4O k`, `1/3`, said as the text import
    says it (unreadable_messages). Stored, the title would say one number over fields holding
    another. One rule for the API, the writing form and the imports (h9m, issue 9)."""
    if any(code in NUMBER_REFUSALS for code, _written in reading.unreadable):
        return unreadable_messages(reading, dates=False)
    return []


# What okrtext refuses in a key result's numbers, and words against its numbers ("direction"),
# as against its date.
_NUMBER_REFUSALS = NUMBER_REFUSALS | {"direction"}


def _example(code: str, written: str, within) -> str:
    """How to write it, built from what was written (okrtext's unreadable_example)."""
    example = unreadable_example(code, written, within, quality.current_language())
    return f"“{example or written}”"


def unreadable_messages(
    reading, within: tuple[date, date] | None = None, *, dates: bool = True
) -> list[str]:
    """What okrtext could not read in a key result without guessing (KeyResultReading.
    unreadable), each said in the person's language: a number in the check-in box's own words
    (the same reader refuses it there), units or a date that cannot be. The text importer
    refuses a line with any of these; a draft (playbook, writing form) carries them as notes.
    `within` is the cycle (first, last day) the text is read for: a date that could be either of
    two is said with both, in that cycle. Without `dates`, only what is refused in its numbers
    (date_refusals says the rest, naming the due date)."""
    title = title_of(reading)
    messages = []
    unreadable = list(getattr(reading, "unreadable", ()))
    deadline = getattr(reading, "deadline", None)
    if getattr(reading, "due", None) is None and deadline and is_ambiguous_date(deadline, within):
        # "By 12/11": 11 December or 12 November; "6月15日" in a cycle that holds two. Refused
        # as a date cell is, never guessed.
        unreadable.append(("ambiguous_date", deadline))
    if not dates:
        unreadable = [(code, written) for code, written in unreadable if code not in DATE_REFUSALS]
    for code, written in unreadable:
        if code == "number":
            try:
                read_number(written)
                said = _("“%(text)s” cannot be read as one number.") % {"text": written}
            except NumberError as error:
                said = number_input.message(error)
        elif code == "fraction":
            said = _(
                "“%(text)s” is a fraction: write the value as one number, a percentage or a "
                "decimal (for example 33%% or 0.5)."
            ) % {"text": written}
        elif code == "metres_or_million":
            said = _(
                "“%(text)s” could be millions, metres or minutes: write millions with M or "
                "“million” (%(million)s), metres and minutes with their unit written out."
            ) % {"text": written, "million": written[:-1] + "M"}
        elif code == "units":
            said = _(
                "“%(text)s” gives the start and the target in different units: write both in "
                "the same unit, for example %(example)s."
            ) % {"text": written, "example": _example(code, written, within)}
        elif code == "direction":
            said = _(
                "“%(text)s”: the words say one direction and the numbers the other: correct "
                "the verb or the numbers, for example %(example)s."
            ) % {"text": written, "example": _example(code, written, within)}
        elif code == "separator":
            # "1.500": the question a dotted value field asks (numbers.ambiguous_separator),
            # without its "or confirm": text is read again as written, so only rewriting it
            # answers.
            said = number_input.separator_question(
                written, ".", read_number(written), confirmable=False
            )
        elif code == "letter":
            said = _(
                "“%(text)s” has a letter O among its digits: write the number in digits (0 for "
                "a zero)."
            ) % {"text": written}
        elif code == "range":
            said = _(
                "“%(text)s” is a range: write the one value you commit to, for example %(example)s."
            ) % {"text": written, "example": _example(code, written, within)}
        elif code == "ambiguous_date":
            said = ambiguous_date_message(written, within)
        else:
            said = _(
                "“%(text)s” names a day its month does not have: write a date that exists, for "
                "example %(example)s."
            ) % {"text": written, "example": _example(code, written, within)}
        messages.append(_("“%(kr)s”: %(problem)s") % {"kr": title, "problem": said})
    if any(code in _NUMBER_REFUSALS for code, _written in unreadable):
        # A start or target refused above (`从 4,5 秒降到 2 秒`) is missing only because it was
        # refused: "no start value" would contradict what the person wrote.
        return messages
    if needs_start(reading) and reading.target_type == "absolute":
        # Written as a value is shown (display.with_unit), so the example is well formed:
        # `from X to -$20,000`, `from X to 0 P0 incidents`, never `-20000$` or `0P0 incidents`.
        target = display.with_unit(reading.target, reading.unit or "")
        if _kept_up(reading):
            said = _(
                "no start value: write where it stands now (for example “(currently X)”); a "
                "start equal to the floor %(target)s would be done before any "
                "check-in."
            ) % {"target": target}
        else:
            said = _(
                "no start value: write where it starts (for example “from X to %(target)s”); a "
                "start equal to the target would be done before any "
                "check-in."
            ) % {"target": target}
        messages.append(_("“%(kr)s”: %(problem)s") % {"kr": title, "problem": said})
    elif needs_start(reading) and reading.unit == "x":
        # "翻倍", "提升到 2026 年的两倍", "Double DAU": a multiple of a value the title does not
        # write, never "a change by 2 x" (h9t).
        said = _(
            "a multiple of a value (×%(multiple)s) needs a starting value: write where it "
            "starts and the level to reach (for example “from 50,000 to 100,000”)."
        ) % {"multiple": display.with_unit(reading.target, "")}
        messages.append(_("“%(kr)s”: %(problem)s") % {"kr": title, "problem": said})
    elif needs_start(reading):
        amount = display.with_unit(reading.target, reading.unit or "")
        if reading.direction == "decrease":
            said = _(
                "a change by %(amount)s needs a starting value: write where it starts (for "
                "example “down %(amount)s from X”, or “from X down to Y”)."
            )
        else:
            said = _(
                "a change by %(amount)s needs a starting value: write where it starts (for "
                "example “up %(amount)s from X”) or the level to reach (for example “up to Y”)."
            )
        messages.append(
            _("“%(kr)s”: %(problem)s") % {"kr": title, "problem": said % {"amount": amount}}
        )
    return messages


class StartNote(str):
    """start_taken_note's note: left out where the start is given beside the title."""


def besides_a_start_note(notes: list[str], fields: dict) -> list[str]:
    """`notes` read from a title (due_of_title's) without its "no start value is given"
    (StartNote) where the values are given beside the title (a start, current or target
    cell, key or attribute): whether 0 is taken is said by start_left_to_zero of those, once,
    never by the title alone ("Reach 50" beside a start of 10, h9w3)."""
    given = {"start_value", "current_value", "target_value"} & fields.keys()
    return [note for note in notes if not (given and isinstance(note, StartNote))]


def start_taken_note(title: str, start: Decimal, unit: str) -> str:
    """What an import and /okrtext/parse say of a key result given no start, stored from
    `start` (0 for an increase: "达到 1,000 家" counts up from nothing): the value nobody entered
    is said, per key result, never stored without a word (issue 9, h9r)."""
    return StartNote(
        _(
            "“%(kr)s”: no start value is given; it starts at %(start)s. Write where it starts "
            "(for example “from X to Y”) to set another."
        )
        % {"kr": title, "start": display.with_unit(start, unit or "")}
    )


def start_taken_notes(key_result: KeyResult, given) -> list[str]:
    """The note of a key result just created from the fields `given` (their names), whose start
    nobody gave and its title does not state: it starts at its stored start (0), said as an
    import says it, never taken in silence (the API's create, the web form's, h9w3)."""
    if {"start_value", "current_value"} & set(given):
        return []
    if (
        key_result.metric_type not in _MEASURED
        or read_key_result(key_result.title).start is not None
    ):
        return []
    return [start_taken_note(key_result.title, key_result.start_value, key_result.unit)]


def kind_taken_notes(objective) -> list[str]:
    """What a write says of an objective created with no kind given: it is committed, the
    default, said in the words the import says it (OKR-C01), never taken in silence (the API's
    create, the web form's, h9b)."""
    return [
        _(
            "“%(objective)s”: not marked committed or aspirational: taken as committed (the "
            "default)."
        )
        % {"objective": objective.title}
    ]


def start_left_to_zero(fields: dict) -> bool:
    """Whether the services start a key result of `fields` (a sheet's row, a JSON item) at the
    0 nobody gave: a number, percentage or amount with a target above 0, no start, no current
    value and no other direction given, whose title states no start of its own (the services
    take it from the title then: _start_and_direction_stated)."""
    target = fields.get("target_value")
    if (fields.get("metric_type") or KeyResult.MetricType.NUMBER) not in _MEASURED or fields.get(
        "progress_source"
    ) not in (
        None,
        "",
        KeyResult.ProgressSource.MANUAL,
    ):
        return False
    if fields.get("start_value") is not None or fields.get("current_value") is not None:
        return False
    if not isinstance(target, Decimal | int) or target <= 0:
        return False
    if fields.get("direction") not in (None, "", KeyResult.Direction.INCREASE):
        return False
    return read_key_result(str(fields.get("title") or "")).start is None


_MEASURED = (
    KeyResult.MetricType.NUMBER,
    KeyResult.MetricType.PERCENT,
    KeyResult.MetricType.CURRENCY,
)


def read_title(title: str, cycle: Cycle | tuple[date, date] | None) -> KeyResultDraft:
    """A key result's title read for the key result it states, in the cycle it is written for
    (its first and last day, or the Cycle): the one reading of every route that takes a
    key result from its title (the writing form, the API, imports, /okrtext/parse), so that
    one title is stored as the same fields, or refused alike, whichever route it came by."""
    within = (cycle.start_date, cycle.end_date) if isinstance(cycle, Cycle) else cycle
    return key_result_fields(read_key_result(title.strip(), cycle=within), within)


def said_as_stored(reading, cycle: Cycle | tuple[date, date] | None) -> dict | None:
    """The start, target and unit of a key result's reading as an import stores them
    (key_result_fields), for every route that says a reading rather than storing it
    (/okrtext/parse, `mubiao parse`): okrtext reads a magnitude into the number
    (`营收从 八百 提升到 两千 万元`: 8,000,000 → 20,000,000 元) where every route stores it
    as written (800 → 2,000 万元; docs/design-notes.md, "magnitude as written"), and parse
    answered the former (probe 27). A value the reading has not is left unsaid (None); None for
    a line the import refuses or holds back (its problem says why), states in attributes (read
    as a CSV cell: readings.stated_fields) or stores without its levels (no target: a milestone
    from 0 to 100 %, which `from 30 to X`'s 30 is not)."""
    if (
        getattr(reading, "stated", None)
        or reading.unreadable
        or held_for_start(reading)
        or reading.target is None
    ):
        return None
    fields = key_result_fields(reading, cycle).fields
    said = {
        "start": None if reading.start is None else fields.get("start_value"),
        "target": None if reading.target is None else fields.get("target_value"),
        "unit": fields.get("unit") or reading.unit or None,
    }
    if getattr(reading, "start_unit", None):
        # "from 3 hours to 45 minutes": said as stored, 180 → 45 minutes, in one unit.
        said["start_unit"] = None
    return said


def key_result_fields(reading, cycle: Cycle | tuple[date, date] | None) -> KeyResultDraft:
    """`reading` is an okrtext KeyResultReading (or ParsedKeyResult) read for `cycle` (a Cycle,
    or its first and last day); without one the due date is left as read. A deadline that
    cannot be a due date (a day its month lacks, a day and month that could be either, a day
    outside the cycle) is in KeyResultDraft.refusals, naming the due date: a key result written
    alone (the writing form, the API) is refused. An import notes a day outside the cycle and
    imports the key result due at the cycle's end: a document pasted whole (a year's OKRs into
    a quarter) is not refused line by line; the rest it refuses (unreadable_messages)."""
    within = (cycle.start_date, cycle.end_date) if isinstance(cycle, Cycle) else cycle
    dated = date_refusals(reading, within)
    due = reading.due
    outside = due is not None and within is not None and not within[0] <= due <= within[1]
    if outside:
        dated.append(
            _(
                "“%(kr)s”: the title's deadline “%(deadline)s” (%(due)s) lies outside the cycle "
                "(%(start)s – %(end)s): write a date within it in the title, or take the "
                "deadline out of the title for the cycle's end."
            )
            % {"kr": title_of(reading), "deadline": reading.deadline or due.isoformat(),
               "due": due.isoformat(), "start": within[0].isoformat(),
               "end": within[1].isoformat()}
        )  # fmt: skip
    draft = _drafted(reading, within, None if outside else due)
    if outside:
        draft.notes.append(outside_note(reading))
    draft.reading = reading
    if dated:
        draft.refusals["due_date"] = dated
    return draft


def outside_note(reading) -> str:
    """The note of an import on a date read from a title's prose outside the cycle: no field
    the person wrote (as a due date column or `due=` is, refused outside it), so the key
    result is imported without it, and the preview says so in these words on every format
    that carries prose (text, Markdown, a CSV, xlsx or JSON title; h9t, D10)."""
    due = reading.due
    return _(
        "“%(kr)s”: the deadline “%(deadline)s” (%(due)s) lies outside the cycle; the key "
        "result is due at the cycle's end instead."
    ) % {"kr": title_of(reading), "deadline": reading.deadline or due.isoformat(),
         "due": due.isoformat()}  # fmt: skip


def outside_the_cycle(reading, cycle: Cycle | tuple[date, date]) -> bool:
    """Whether a title's reading states a due date outside `cycle` (outside_note): a Cycle, or
    its first and last day."""
    first, last = (cycle.start_date, cycle.end_date) if isinstance(cycle, Cycle) else cycle
    due = reading.due
    return due is not None and not first <= due <= last


def due_of_title(
    title: str, fields: dict, within: tuple[date, date] | None, *, blank: bool = False
) -> tuple[list[str], list[str]]:
    """(refusals, notes) of the date a file's key result states in its title's prose where the
    row or item gives its own values (a CSV or xlsx row, a JSON item, a Markdown line's
    attributes), read as the title alone is read (key_result_fields; h9v: `3 月 1 日前注册用户
    达到 100` beside a target of 100 was due at the cycle's end without a word). A due date
    written as a field wins: nothing is read. Inside the cycle, the due date is set in
    `fields`; outside it, the key result is imported without it (`title_due` False: the
    services do not take it either) and the notes say so as every format does (outside_note);
    a deadline with no calendar date (`本季度末`) is noted alike. A date that cannot be one (a
    day its month lacks, a day and month that could be either) is refused, naming the title,
    as beside a title alone (date_refusals).

    `blank`: the file states the due date and left it blank (a due column's empty cell beside
    the row's values, a JSON `"due_date": null`, `due=""`: every export writes one, h9z): no due
    date, the title's left as text and said (blank_due_note), as a date outside the cycle is.
    A key result whose due date a person cleared while its title states one gained the
    title's on re-import through the export's blank cell."""
    if within is None:
        return [], []
    if fields.get("due_date") is not None:
        # Written as a field, the due date wins; a title stating another day is said (h9u).
        said = title_due_disagreement(read_title(title, within), fields["due_date"])
        if said is None:
            return [], []
        return [], [
            _(
                "“%(kr)s”: the title says “%(said)s” (%(title_due)s), but the due date is "
                "%(due)s. Imported with the due date as written: change one of them to agree."
            )
            % {"kr": title, **said}
        ]
    if blank:
        fields["title_due"] = False  # nor taken by the services (a milestone reads its title)
        reading = read_title(title, within).reading
        return [], [blank_due_note(reading)] if reading.deadline else []
    draft = read_title(title, within)
    reading = draft.reading
    said = unreadable_messages(reading, within)  # the title's numbers: the columns answer them
    notes = [note for note in draft.notes if note not in said]
    if outside_the_cycle(reading, within):
        fields["title_due"] = False
        return [], notes
    if refused := date_refusals(reading, within):
        return refused, notes
    if draft.fields.get("due_date") is not None:
        fields["due_date"] = draft.fields["due_date"]
    return [], notes


def title_due_disagreement(draft: KeyResultDraft, due: date | None) -> dict | None:
    """What a title read (`draft`, read_title) says of a due date `due` given beside it that is
    another day ("Sign 5 customers by Jan 20" due 2026-02-15): {"said": the deadline as
    written, "title_due": its date, "due": the one given}, or None where they agree or the
    title states no date (or one that cannot be the due date: refused or noted on its own).
    One comparison for every route, as title_disagreements is for the numbers: the API
    refuses, the writing form asks once, a file's row is imported as written and said
    (issue 9, h9u: a target against the title was refused, a due date stored). A day outside
    the cycle is compared all the same (h9x: "3月底前" beside a due date of 2026-12-01 in 2026
    Q4 was stored without a word): the title and the due date still say two days."""
    stated = draft.fields.get("due_date") or getattr(draft.reading, "due", None)
    if due is None or stated is None or stated == due:
        return None
    return {
        "said": draft.reading.deadline or stated.isoformat(),
        "title_due": stated.isoformat(),
        "due": due.isoformat(),
    }


def due_date_notes(
    title: str, cycle: Cycle, sent: dict, before: date | None, after: date | None
) -> list[str]:
    """What a write of a key result whose title `title` states a deadline says of its due date
    (the API's notice, the writing form's message after saving), in the import's words: one
    `sent` blank (cleared) leaves the title's date as text (blank_due_note), and an empty one
    (`before`) filled from the title (`after`, none `sent`) says the day it took (issue 9, h9x:
    both were silent)."""
    reading = read_title(title, cycle).reading
    if not reading.deadline:
        return []
    if "due_date" in sent:
        return [blank_due_note(reading)] if sent["due_date"] is None else []
    if before is None and after is not None:
        return [
            _("“%(kr)s”: the key result had no due date; it is now due %(due)s, as “%(deadline)s” "
              "in the title says.")
            % {"kr": title_of(reading), "due": after.isoformat(), "deadline": reading.deadline}
        ]  # fmt: skip
    return []


def blank_due_note(reading) -> str:
    """What an import says of a title stating a deadline beside a due date written blank."""
    return _(
        "“%(kr)s”: the due date is blank, so “%(deadline)s” in the title is left as text; the "
        "key result is due at the cycle's end. Write the date in the due date to set it."
    ) % {"kr": title_of(reading), "deadline": reading.deadline}


def date_refusals(reading, within: tuple[date, date] | None) -> list[str]:
    """What unreadable_messages says of `reading`'s deadline alone (a day its month lacks, a
    day and month that could be either)."""
    numbers = unreadable_messages(reading, within, dates=False)
    return [said for said in unreadable_messages(reading, within) if said not in numbers]


def _drafted(reading, within: tuple[date, date] | None, due: date | None) -> KeyResultDraft:
    """key_result_fields's fields and notes, due on `due`."""
    title = title_of(reading)
    if not reading.unit and (noun := _counted_after_target(reading)):
        # "用户从 1.2万 提升到 3万 用户": 用户 counted (in 万: 万用户), as "30k users" (h9o).
        reading = replace(reading, unit=noun)
    if getattr(reading, "start_unit", None):
        # "from 3 hours to 45 minutes": stored as 180 → 45 minutes (one unit, the smaller).
        start, target, unit = in_one_unit(reading)
        reading = replace(reading, start=start, target=target, unit=unit, start_unit=None)
    notes: list[str] = unreadable_messages(reading, within)
    if due is not None and reading.deadline and before_a_period(reading.deadline):
        notes.append(
            _(
                "“%(kr)s”: “%(deadline)s” is read as due %(due)s, before the month, quarter or "
                "week it names begins. To mean its end, write it as, for example, “by end of "
                "December” or “by end of Q3”."
            )
            % {"kr": title, "deadline": reading.deadline, "due": due.isoformat()}
        )
    impossible = any(code == "date" for code, _written in getattr(reading, "unreadable", ()))
    if impossible or (
        reading.due is None and reading.deadline and is_ambiguous_date(reading.deadline, within)
    ):
        pass  # said above (unreadable_messages), naming the date as written
    elif reading.due is None and reading.deadline and within is not None:
        # "本季度末", "FY26 Q2", "6 个月内": a deadline without a calendar day is said, not lost.
        notes.append(
            _(
                "“%(kr)s”: “%(deadline)s” gives no calendar date; the key result is due at the "
                "cycle's end. Write the date (for example “by Jan 15”) to set another."
            )
            % {"kr": title, "deadline": reading.deadline}
        )
    if reading.target is None or reading.direction == "milestone":
        return KeyResultDraft(
            {
                "title": title,
                "metric_type": KeyResult.MetricType.MILESTONE,
                "start_value": Decimal(0),
                "target_value": Decimal(100),
                "unit": "%",
                "direction": KeyResult.Direction.INCREASE,
                "due_date": due,
            },
            notes,
        )
    if needs_start(reading):
        # No start to store (said in the notes): a draft leaves it for the person to write (and
        # a relative target's level with it), rather than prefilling a key result that is done
        # when saved. A ceiling's target is known: "成本降低到 5 万元" keeps its 5 万元.
        absolute = reading.target_type == "absolute"
        target, unit = None, reading.unit
        if absolute:  # in the magnitude written (5 万元), as a stated start would be
            _start, target, unit = _as_written(
                reading, Decimal(reading.target), Decimal(reading.target)
            )
            unit = _per_period(unit, reading)
        return KeyResultDraft(
            {
                "title": title,
                "metric_type": metric_type_for(reading.unit),
                "start_value": None,
                "target_value": target,
                "unit": "" if unit == "x" else (unit or "")[:30],
                "direction": KeyResult.Direction.AT_LEAST
                if absolute and _kept_up(reading)
                else KeyResult.Direction.DECREASE
                if reading.direction == "decrease" or absolute
                else KeyResult.Direction.INCREASE,
                "due_date": due,
            },
            notes,
        )
    if reading.target_type == "relative":
        return KeyResultDraft({"title": title, "due_date": due, **_changed(reading)}, notes)
    target = Decimal(reading.target)
    start = Decimal(reading.start) if reading.start is not None else None
    taken = False
    if reading.direction == "maintain" and getattr(reading, "bound", None) == "at_most":
        # "Keep churn at or below 2% (currently 2%)": kept under the bound, not above it (the
        # start is stated: needs_start asked for it otherwise).
        direction = KeyResult.Direction.AT_MOST
    elif reading.direction == "maintain":  # a start is stated: needs_start asked for it otherwise
        direction = KeyResult.Direction.AT_LEAST
    elif reading.direction == "decrease":
        if start is None:
            direction, start = KeyResult.Direction.AT_MOST, target
        else:
            direction = KeyResult.Direction.DECREASE
    else:
        taken = start is None
        direction, start = KeyResult.Direction.INCREASE, Decimal(0) if start is None else start
    if direction == KeyResult.Direction.INCREASE and target < start:
        direction = KeyResult.Direction.DECREASE
    elif direction == KeyResult.Direction.DECREASE and target > start:
        direction = KeyResult.Direction.INCREASE
    metric_type = metric_type_for(reading.unit)
    start, target, unit = _as_written(reading, start, target)
    unit = _per_period(unit, reading)
    if taken:
        # Said, not stored silently (h9r): "Reach 50 paying teams" starts at 0; in the unit
        # stored (`覆盖 3 万人` starts at 0 万人: it said 0 人 beside 0 万人 → 3 万人, probe 28).
        notes.append(start_taken_note(title, start, unit))
    return KeyResultDraft(
        {
            "title": title,
            "metric_type": metric_type,
            "start_value": start,
            "target_value": target,
            "unit": unit,
            "direction": direction,
            "due_date": due,
        },
        notes,
    )


_CJK_WORD = re.compile(r"\s?([\u4e00-\u9fff]{1,6})(?=\s*(?:$|[,，;；。)）(（]))")


def _counted_after_target(reading) -> str | None:
    """The noun a Chinese title writes right after its target, ending the clause, where it is
    what the title counts (a word of its metric): 用户 in "用户从 1.2万 提升到 3万 用户",
    "用户数达到 3 万用户" (okrtext reads it into the metric; "30k users" gives the unit `users`).
    None for a word that is no such noun ("3万 以上") and where none is written."""
    if reading.target is None or reading.target_type != "absolute":
        return None
    text = normalise(reading.text or "")
    targets = [q for q in find_quantities(text) if q.value == Decimal(reading.target)]
    if not targets or targets[-1].unit is not None:
        return None
    word = _CJK_WORD.match(text, targets[-1].end)
    noun = word.group(1) if word else None
    metric = (reading.metric or "").replace(" ", "")
    return noun if noun and noun in metric else None


def _as_written(reading, start: Decimal, target: Decimal) -> tuple[Decimal, Decimal, str]:
    """The start, target and unit of `reading` (read in its base unit: "80 万元" is 800000 元)
    in the magnitude the title writes them in: (80, 100, "万元") for "从 80 万元提升到 100 万元",
    where the target and a start the title states are written with the same magnitude; as
    read otherwise ("从 5000 元到 1 万元" has none in common)."""
    unit = (reading.unit or "")[:30]
    text = normalise(reading.text or "")
    wanted = [target] if reading.start is None else [start, target]
    quantities = find_quantities(text)
    # "10万+" is 10 万 or more: its magnitude is read without the plus.
    found = {q.value: text[q.start : q.end].strip().rstrip("+ ") for q in quantities}
    if reading.start is not None and start not in found and target in found:
        found[start] = _written_once(text, quantities, start, found[target], unit)
    if any(found.get(value) is None for value in wanted):
        return start, target, unit
    counted_in = numbers.magnitude_unit([found[value] for value in wanted], unit)
    if not counted_in:
        return start, target, unit
    factor = numbers.unit_factor(counted_in)
    # As written: 80, not 8E+1 or 0E-4 (a form shows these values back in its fields).
    start, target = (Decimal(format((v / factor).normalize(), "f")) for v in (start, target))
    return start, target, counted_in


def _written_once(text: str, quantities, start: Decimal, target: str, unit: str) -> str | None:
    """The start as written where the title writes its unit once, after the target (`从 800
    提升到 2000 万元`, `from 800 to 2,000k USD`): okrtext reads the bare start in the target's
    unit and magnitude (800 万元), so it is written in them, as `从 800 万元提升到 2000 万元`
    writes it, and both forms store the same (h9t, B8). None when no bare number of the title
    is the start so read."""
    counted_in = numbers.magnitude_unit([target], unit)
    factor = numbers.unit_factor(counted_in) if counted_in else 1
    for quantity in quantities:
        written = text[quantity.start : quantity.end].strip()
        bare = quantity.unit is None and not numbers.typed_with_magnitude(written)
        if factor > 1 and bare and quantity.value * factor == start:
            return f"{written}{counted_in}"
    return None


def _per_period(unit: str, reading) -> str:
    """A rate's unit: the count per its period ("5 次/周", "每周 3 次" → 次/周; "8 blog posts per
    quarter" → blog posts/quarter), so that the key result says what its number counts."""
    per = getattr(reading, "per", None)
    if not per or len(f"{unit}/{per}") > 30:
        return unit
    return f"{unit}/{per}"


def _changed(reading) -> dict:
    """A relative target's fields: the baseline changed by the amount, in the baseline's unit
    (its percent sign, else the amount's unit)."""
    start, amount = Decimal(reading.start), Decimal(reading.target)
    sign = -1 if reading.direction == "decrease" else 1
    if reading.unit == "%":  # by a percentage, or by percentage points ("5 个百分点", "5 pp")
        points = POINTS.search(reading.text or "")  # "5 个百分点", "5 pp": not 5 %
        target = start + sign * amount if points else start * (1 + sign * amount / 100)
        # The start as written on the line or beside it (`- Current: 40 bugs`, a start cell):
        # a unit given there is the key result's (brief h9t2).
        said = " ".join([reading.text or "", *getattr(reading, "beside", {}).values()])
        written = next((q for q in find_quantities(normalise(said)) if q.value == start), None)
        unit = written.unit if written is not None and written.unit else ""
    else:  # an amount in the target's own unit (减少 10 万元)
        target, unit = start + sign * amount, reading.unit or ""
    return {
        "metric_type": metric_type_for(unit),
        "start_value": start,
        "target_value": target,
        "unit": unit[:30],
        "direction": KeyResult.Direction.DECREASE if sign < 0 else KeyResult.Direction.INCREASE,
    }


# The attributes of an exact line (okrtext.exact: Mubiao's own Markdown export) → the fields of
# create_objective / create_key_result they state. Values stay text: the services read them as
# any typed value, and refuse a bad one naming its field.
STATED_OBJECTIVE = {"kind": "kind", "visibility": "visibility", "description": "description",
                    "progress": "progress_source", "aligned_share": "aligned_share"}  # fmt: skip
STATED_KEY_RESULT = {"metric": "metric_type", "start": "start_value", "target": "target_value",
                     "current": "current_value", "unit": "unit", "direction": "direction",
                     "weight": "weight", "due": "due_date",
                     "confidence": "confidence", "progress_source": "progress_source"}  # fmt: skip


# A grade on an exact line (the export writes a graded line's score and the note written with
# it, an objective's retrospective): not imported, as a sheet's grade columns are not; read
# only to be counted and said so (text_reader: columns.grades_not_imported), never as unknown.
GRADE_ATTRIBUTES = ("score", "score_note", "retrospective")


def stated_fields(stated: dict, names: dict, title: str, cycle: Cycle | None) -> KeyResultDraft:
    """The fields an exact line states; attributes it does not know are reported, not used."""
    fields, notes = {}, []
    read, unread = known_names(
        {key: value for key, value in stated.items() if key not in GRADE_ATTRIBUTES}, names
    )
    for key, meant in unread:  # a typo (`taget`) with the attribute it likely meant
        said = {"title": title, "attribute": key, "meant": meant}
        notes.append(
            _(
                "“%(title)s”: “%(attribute)s” is not an attribute Mubiao reads: ignored. Did "
                "you mean “%(meant)s”?"
            )
            % said
            if meant
            else _("“%(title)s”: “%(attribute)s” is not an attribute Mubiao reads: ignored.") % said
        )
    for key, value in read.items():
        if key == "due":
            # Read as every date cell is (columns.a_date); a date it cannot read stops the
            # import on its line (CellError), as it stops a CSV row: never ignored.
            within = (cycle.start_date, cycle.end_date) if cycle is not None else None
            # One outside the cycle is refused by the services, naming it, as a due date
            # column's is: a field the person wrote is stored as written or refused (h9t).
            fields["due_date"] = a_date(value, within)
        else:
            fields[names[key]] = value
    read_values(fields)
    refusals = {}
    if names is STATED_KEY_RESULT and cycle is not None:
        # A date in the title's prose, as beside a title alone (due_of_title, h9v).
        # `due=""` (every exported line states its due date): none, the title's left as text.
        blank = "due" in read and columns.is_empty(read["due"])
        refused, noted = due_of_title(
            title, fields, (cycle.start_date, cycle.end_date), blank=blank
        )
        # A start or target given as an attribute: the title's "starts at 0" is not said (h9r).
        notes += besides_a_start_note(noted, fields)
        if refused:
            refusals["due_date"] = refused
    return KeyResultDraft(fields, notes, refusals)


def read_values(fields: dict) -> None:
    """A file's start, target and current value as written (a text line's `target=1.2万`, a
    JSON item's "200人") read in place as a CSV's cells are (columns.level, kr_value), the unit
    taken from them where none is given, as a CSV row takes it: the preview shows, and the
    services store, the numbers a CSV would. A value a cell refuses is left as written: the
    services refuse it naming its field and place (never read here as decimal.Decimal, a 500)."""
    written = [fields.get(name) for name in ("start_value", "target_value", "current_value")]
    # Values written as percentages with no type (`{start=4% target=10%}`) measure one, as a
    # sheet's cells do (tabular: written_percent): not a number that lost its "%".
    untyped = not fields.get("metric_type") and (fields.get("unit") or "").strip() in ("", "%")
    if untyped and any(isinstance(v, str) and v.strip().endswith(("%", "％")) for v in written[:2]):
        fields["unit"] = "%"
    _metric_from_unit(fields, fields.get("unit"))
    if all(_as_the_services_read(value) for value in written) or (
        fields.get("metric_type") in _FIXED_SCALES
    ):
        return
    try:
        unit = numbers.clean_unit(columns.text(fields.get("unit"))) or columns.written_unit(
            *written
        )
    except columns.CellError:  # 5 万元 beside 3 万人: the services refuse them naming both
        return
    if unit and not fields.get("unit"):
        fields["unit"] = unit
    _metric_from_unit(fields, unit)
    metric_type = fields.get("metric_type")
    # A percent sign only where a percentage is measured or the type is left to be inferred.
    percent = metric_type in (None, "", KeyResult.MetricType.PERCENT)
    levels = ()
    for name in ("start_value", "target_value"):
        with contextlib.suppress(columns.CellError):  # refused by the services
            if not _as_the_services_read(fields.get(name)):  # left out: the title's, if any
                fields[name] = columns.level(fields[name], unit, percent, levels)
        read = fields.get(name)
        levels = (*levels, read if isinstance(read, Decimal) else None)
    if not _as_the_services_read(fields.get("current_value")):
        with contextlib.suppress(columns.CellError):  # refused by the services
            fields["current_value"] = columns.kr_value(
                fields["current_value"], metric_type or KeyResult.MetricType.NUMBER, unit, levels
            )


def _metric_from_unit(fields: dict, unit) -> None:
    """A key result's unit given beside its title (`{unit="%"}`, `{unit="万元"}`, a JSON item's
    "unit") with no metric type sets it as the same unit read from the title does
    (metric_type_for: a percentage, an amount of money): never a number 4 → 10 in “%”
    (issue 9)."""
    if fields.get("metric_type") or not isinstance(unit, str) or not unit.strip():
        return
    if (metric_type := metric_type_for(unit.strip())) != KeyResult.MetricType.NUMBER:
        fields["metric_type"] = metric_type


def _as_the_services_read(value) -> bool:
    """Whether a value is left to the services as it was: none given, a number, or text that
    is a plain decimal (`1.200`, `66`, `1e3`), whose questions the services ask (`1.200` on
    0 → 5,000 USD: "did you mean 1,200?", which a value read here as 1.2 would lose)."""
    if value is None or isinstance(value, (Decimal, int, float)):
        return True
    # In ASCII digits only: Decimal() takes ٣٠٠, 𝟑𝟎𝟎, `1_000` and ` 5 ` too, which the reader
    # refuses or reads as typed (issue 9, D15).
    return isinstance(value, str) and bool(_PLAIN_DECIMAL.fullmatch(value))


# A plain decimal as a program writes it, in ASCII digits: `66`, `-1.200`, `1e3`.
_PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


# Fixed 0 → 100 % and 0 → 1: the services refuse a start or target given as they say it.
_FIXED_SCALES = (KeyResult.MetricType.MILESTONE, KeyResult.MetricType.BOOLEAN)


# The fields a key result's title states its numbers in (key_result_fields), in the order a
# disagreement is said.
TITLE_NUMBERS = ("metric_type", "direction", "start_value", "target_value", "unit")


def describe_numbers(fields: dict) -> str:
    """ "8 → 3 % (Decrease to), due 2026-12-31": the numbers of a key result as the writing form
    shows them; a start or target not entered (or refused) is "?", never left out (`€3,000,000,
    Increase to` read as the start)."""
    due = fields.get("due_date")
    due = _("due %(date)s") % {"date": due.isoformat()} if due else ""
    metric_type = fields.get("metric_type")
    if metric_type in (KeyResult.MetricType.MILESTONE, KeyResult.MetricType.BOOLEAN):
        # A fixed range: done / not done reads as such, never `0 → 1`.
        return _(", ").join(filter(None, [str(KeyResult.MetricType(metric_type).label), due]))
    direction = dict(KeyResult.Direction.choices).get(fields.get("direction"), "")
    start, target = fields.get("start_value"), fields.get("target_value")
    unit = fields.get("unit") or ""
    # A value a file gives as text (`abc`, `٣`) is read by the one reader, "?" where it refuses
    # it (the services refuse it, naming its field): never Decimal() of the text, a 500.
    values = " → ".join(
        _("?") if (read := _as_level(v, unit)) is None else display.with_unit(read, unit)
        for v in (start, target)
    )
    # In the language's brackets and commas: “？ → 3 分钟（降低到）” (issue 9).
    measured = (
        _("%(values)s (%(direction)s)") % {"values": values, "direction": direction}
        if direction
        else values
    )
    return _(", ").join(filter(None, [measured, due]))


def title_disagreements(
    read: dict, entered: dict, *, baseline_read: bool, compared=TITLE_NUMBERS
) -> list[str]:
    """The fields of `compared` whose value in `entered` (values read, in its unit) says other
    than the title's numbers `read` (key_result_fields): the target, the start where the title
    states one, whether the numbers go down, and a unit of another kind than the title's (45%
    in 人). One rule for the writing form (which asks), the API (which refuses) and imports
    (which say it)."""

    entered_unit = entered.get("unit") or ""

    def in_entered_unit(value) -> Decimal | None:
        return _in_unit(_decimal(value), read.get("unit") or "", entered_unit)

    found = []
    if "unit" in compared and _units_of_other_kinds(read.get("unit") or "", entered_unit):
        found.append("unit")
    lower = {KeyResult.Direction.DECREASE, KeyResult.Direction.AT_MOST}
    if "direction" in compared and (entered["direction"] in lower) != (read["direction"] in lower):
        found.append("direction")
    if (
        baseline_read
        and "start_value" in compared
        and _decimal(entered["start_value"]) != in_entered_unit(read["start_value"])
    ):
        found.append("start_value")
    if "target_value" in compared and _decimal(entered["target_value"]) != in_entered_unit(
        read["target_value"]
    ):
        found.append("target_value")
    return found


def levels_in_unit(read: dict, unit: str) -> dict | None:
    """The one rule for a key result given fewer numbers than its title states (issue 9, h9a):
    the title's numbers `read` (key_result_fields) said in `unit`, the unit given with the
    fields (blank: the title's own), for the fields not given. "把平均响应时间降到 2 小时" over
    分钟 is a target of 120, "覆盖 3 万人" over 人 30,000: the level the title states, never its
    number in a unit it is not written in (2 分钟). None where the unit given is of another kind
    than the title's (2 小时 over 人, 62% over 元): there is no level to take, and the key
    result is refused naming both units (title_disagreement_messages on "unit"). Every route
    takes it so: the API, the writing form, every import, the CLI (docs/import-export.md)."""
    title_unit, unit = read.get("unit") or "", numbers.clean_unit(unit or "")
    if not unit or numbers.same_unit(title_unit, unit):
        return {name: read[name] for name in TITLE_NUMBERS}
    if _units_of_other_kinds(title_unit, unit):
        return None
    values = {name: _in_unit(_decimal(read[name]), title_unit, unit)
              for name in ("start_value", "target_value")}  # fmt: skip
    return {**{name: read[name] for name in TITLE_NUMBERS}, **values, "unit": unit}


def _in_unit(value: Decimal | None, unit: str, entered_unit: str) -> Decimal | None:
    """A title's number `value` in `unit` said in the entered unit, read as a check-in typed in
    the title's unit would be (`$2,000,000` on M USD is 2, `50000元` on 千元 is 50, `2 小时` on
    分钟 120); as written where the units are of different kinds (then the unit disagrees, and
    that is said)."""
    if value is None or unit in ("", "%") or numbers.same_unit(unit, entered_unit):
        return value
    try:
        return numbers.read_number(_with_unit(value, unit), unit=entered_unit, places=12)
    except numbers.NumberError:
        return value


def _with_unit(value: Decimal, unit: str) -> str:
    return f"{unit}{value:f}" if unit in numbers.CURRENCY_SYMBOLS else f"{value:f}{unit}"


def _units_of_other_kinds(title_unit: str, entered_unit: str) -> bool:
    """A unit entered that the title's number cannot be said in: of another kind (a
    percentage, money, a measured dimension such as time, or a count of something) — 45% in 人,
    万元 in 人, 分钟 in 人. Two counts are one kind whatever they name ("customers" beside
    "reference customers outside China", 次 beside 次/季度: the title's words, not a
    disagreement), as are two currencies or two units of one dimension (their numbers are
    compared converted); no unit on either side is no disagreement (the title's number is
    written bare, or the person left the unit to the title)."""
    if not title_unit or not entered_unit or numbers.same_unit(title_unit, entered_unit):
        return False
    return _unit_kind(title_unit) != _unit_kind(entered_unit)


def _unit_kind(unit: str) -> str:
    if unit == "%":
        return KeyResult.MetricType.PERCENT
    if numbers.counts_money(unit):  # 元, 英镑, k USD, 千元
        return KeyResult.MetricType.CURRENCY
    return unit_dimension(numbers.unit_scale(unit)[1] or unit) or "count"


def title_disagreement_messages(
    read: dict, fields: list[str], entered: dict | None = None, *, in_file: bool = False
) -> dict[str, list[str]]:
    """{field: message} for each field of `fields` that disagrees with the title's numbers
    `read`, each saying what the title says, for a path that refuses (the API). Where the unit
    `entered` (the fields' values, read) is not the title's, the message names both units
    and, where one converts into the other, the value the title's is in the entered unit
    (title "2 小时", unit 分钟: 120; "3 万人" in 人: 30,000)."""
    said = {
        "unit": lambda: read.get("unit") or "",
        "direction": lambda: str(dict(KeyResult.Direction.choices)[read["direction"]]),
        "start_value": lambda: _number_said(read["start_value"], read),
        "target_value": lambda: _number_said(read["target_value"], read),
    }
    title_unit, unit = read.get("unit") or "", ((entered or {}).get("unit") or "").strip()
    other_unit = title_unit not in ("", "%") and unit and not numbers.same_unit(title_unit, unit)
    messages = {}
    for name in fields:
        shown = {"said": said[name](), "reading": describe_numbers(read), "unit": unit}
        value = read.get(name) if name in ("start_value", "target_value") else None
        converted = _in_unit(_decimal(value), title_unit, unit) if other_unit else None
        if other_unit and converted is not None and converted != _decimal(value):
            message = _(
                "The title says “%(said)s”, which is %(converted)s in %(unit)s, the unit given: "
                "enter %(converted)s, or change the title."
            ) % {**shown, "converted": number_input.grouped(converted)}
        elif other_unit and name == "unit":
            message = _(
                "The title counts in %(title_unit)s, but the unit given is %(unit)s: give "
                "%(title_unit)s, or change the title."
            ) % {**shown, "title_unit": title_unit}
        elif in_file:
            # A file's row is written, not sent: said in the file's words (probe 20 found the
            # API's "send" in the import preview).
            message = _(
                "The title says “%(said)s” (it reads %(reading)s): write in the file what the "
                "title says, or change the title."
            )
            message %= shown
        else:
            message = _(
                "The title says “%(said)s” (it reads %(reading)s): send what the title says, "
                "or change the title."
            )
            message %= shown
        messages[name] = [message]
    return messages


def title_level(title: str, cycle: Cycle) -> dict | None:
    """The numbers a key result's title states a level with (key_result_fields: "降到 2 小时",
    "从 62% 提升至 68%"), for a row or item that leaves its target blank (levels_in_unit takes
    them in its unit); None where it states none to take (a milestone, a change without its
    start, a number with two readings)."""
    return _level(read_title(title, cycle))


def _level(draft: KeyResultDraft) -> dict | None:
    reading = draft.reading
    if (
        reading.target is None
        or reading.direction == "milestone"
        or levels_unread(reading)
        or title_refusals(reading)
    ):
        return None
    return draft.fields


def title_against_columns(title: str, fields: dict, cycle: Cycle) -> tuple[list[str], list[str]]:
    """(refusals, notes) of a file's row or item against its title (issue 9, h9m, h9a). Refused:
    a title the API refuses whatever numbers are sent (title_refusals: `转化率达到 4,5%` beside
    45). Noted: a start or target that says other than the title, compared in the row's unit
    (title "2 小时", unit 分钟, target 2; "覆盖 3 万人" in 人 with 3; "从8%降到3%" with 5), said
    as the API says it, naming both units where they differ. A file's columns are its numbers, as
    Mubiao exported them: the row is imported as they say, and the preview says the
    disagreement before it is confirmed, so that a key result stored so (kept on the writing
    form, which asks) imports again as it was (docs/import-export.md). Units of other
    kinds (a title's 62% over a currency's columns) are the columns' to say: the title's
    number measures something else than the key result's.
    A blank target is the title's level in the row's unit (levels_in_unit, the services)."""
    draft = read_title(title, cycle)
    reading = draft.reading
    if refused := title_refusals(reading):
        return refused, []
    read = _level(draft)
    unit = fields.get("unit") or ""
    if read is None or "target_value" not in fields or not _measured_by_hand(fields):
        return [], []
    if _units_of_other_kinds(read.get("unit") or "", unit):
        return [], []
    entered = {**fields, **{name: _as_level(fields.get(name), unit)
                            for name in ("start_value", "target_value")}}  # fmt: skip
    if entered["target_value"] is None:
        return [], []  # refused by the services, naming its cell
    found = title_disagreements(read, entered, baseline_read=reading.start is not None,
                                compared=("start_value", "target_value"))  # fmt: skip
    said = title_disagreement_messages(read, found, entered, in_file=True)
    shown = describe_numbers({**read, **fields, "due_date": None})
    return [], [
        _("“%(kr)s”: %(problem)s Imported as its columns say (%(fields)s).")
        % {"kr": title, "problem": message, "fields": shown}
        for messages in said.values()
        for message in messages
    ]


def _measured_by_hand(fields: dict) -> bool:
    """A number, percent or currency key result checked in by hand: a milestone's or a done /
    not-done one's numbers are fixed (0 → 100 %, 0 → 1), and aligned objectives give a share
    done, whatever number the title counts."""
    fixed = (KeyResult.MetricType.MILESTONE, KeyResult.MetricType.BOOLEAN)
    return fields.get("metric_type") not in fixed and fields.get("progress_source") in (
        None,
        KeyResult.ProgressSource.MANUAL,
    )


def _as_level(value, unit: str) -> Decimal | None:
    """A start or target as a file gives it (a JSON item's "2,000", "280人"; a sheet's cell
    read already), or None where it cannot be read (the services refuse it then)."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = number_input.as_text(value)
    try:
        return numbers.read_number(str(value), unit=unit, level=True, signed=True)
    except NumberError:
        return None


def _decimal(value) -> Decimal | None:
    """A value compared with a title's: read already, or read by the one reader (_as_level);
    None where none is given or the reader refuses it."""
    return None if value in (None, "") else _as_level(value, "")


def _number_said(value, read: dict) -> str:
    said = _decimal(value)
    return _("?") if said is None else display.with_unit(said, read.get("unit") or "")


def title_from_start(title: str, unit: str, start: Decimal, new_start: Decimal) -> str | None:
    """`title` re-worded to start from `new_start` where it states `start` (its key result's
    stored start, in `unit`) once ("从 80 家提升到 100 家" carried from 90: "从 90 家提升到 100
    家"), so that a carried key result's title and numbers agree; the title as it is where it
    states no start; None where the start cannot be re-worded with certainty (written twice,
    or in another magnitude): the person is asked."""
    reading = read_key_result(title.strip())
    if reading.start is None or reading.target is None or numbers_unread(reading):
        return title
    written = _plain(start)
    spots = list(re.finditer(rf"(?<![\d.,]){re.escape(written)}(?![\d.,])", title))
    if len(spots) != 1:
        return None
    spot = spots[0]
    reworded = title[: spot.start()] + _plain(new_start) + title[spot.end() :]
    again = read_key_result(reworded.strip())
    if again.start is None or numbers_unread(again):
        return None
    read = key_result_fields(again, None).fields
    entered = {"start_value": new_start, "unit": unit}
    if title_disagreements(read, entered, baseline_read=True, compared=("start_value",)):
        return None
    return reworded


def _plain(value: Decimal) -> str:
    """120, 1.5, -5: a number as a title writes it (no exponent, no trailing zeros)."""
    text = f"{Decimal(value).normalize():f}"
    return "0" if text == "-0" else text
