"""The spreadsheet layout shared by the CSV and Excel importers and exporters.

One row per key result. Owner and objective repeat on every row of the objective (or are left
empty, or merged, below the first: an empty cell means "same as above"). Headers may be in
English or Chinese, in any order; unknown columns are ignored, so an export (which adds
progress, status and score) imports as it is.

column (中文)            values
owner (负责人)          email, name or job title of a member; `Team: 产品部`; the organization
objective (目标)        the objective's title
key result (关键结果)   the key result's title (empty: an objective without key results)
metric type (指标类型)  number, percent, currency, boolean, milestone (数值, 百分比, 金额, …)
start (起始值)          a number (default 0)
target (目标值)         a number (required for number, percent and currency)
current (当前值)        as a check-in reads it: a number, 完成/未完成 on a boolean (default:
                        the start value)
unit (单位)             text, e.g. `%`, `元`, `个`
direction (方向)        increase, decrease, at_least, at_most (提升, 降低, 不低于, 不高于)
due date (截止日期)     2026-03-31, 2026/3/31, 2026年3月31日 or an Excel date; without a
                        year (12月15日, Dec 15, 12/15) the date in the cycle
weight (权重)           a number ≥ 0 (default 1)
confidence (信心指数)   a whole number 0–10
progress from (进度来源) check-ins or aligned objectives (进展更新, 对齐的下级目标);
                        default: check-ins
kind (类型)             committed, aspirational (承诺型, 挑战型); first row of the objective
visibility (可见范围)   public, team, private (全员, 团队, 仅相关人); first row of the objective
description (描述)     the objective's description (line breaks kept); first row of the objective
objective progress from (目标进度来源) key results, aligned, mix (关键结果, 对齐目标, 混合):
                        where the objective's progress comes from (default: its key
                        results); first row of the objective
aligned share (对齐比例) in a mix, the aligned objectives' share: a whole percentage 0–100
                        (default 50); first row of the objective

Choice columns take the stored code or the label in either language (an export writes labels in
the exporting person's language: 挑战型, Stay at most). Exports add progress, status, score and
score note (the key result's), objective score and retrospective; imports ignore them (and say
so), so older exports (which wrote codes and had no objective score or retrospective) import as
well.

When metric type, start and target are all empty, the key result's title is read like text
(`续费率从 62% 提升至 68%` gives percent, 62 → 68, increase).
"""

import calendar
import re
from datetime import date, datetime
from decimal import Decimal
from functools import cache, reduce

from django.conf import settings
from django.utils import dateformat, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from mubiao.okrs import number_input, numbers
from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrtext.deadlines import (
    ambiguous_deadline,
    impossible_day,
    is_ambiguous_date,
    read_date,
)
from mubiao.okrtext.text import normalise

# (key, English header, Chinese header, other accepted spellings)
COLUMNS = (
    ("owner", "owner", "负责人", ("所有者", "owner email")),
    ("objective", "objective", "目标", ("o", "objective title", "目标名称")),
    ("key_result", "key result", "关键结果", ("kr", "key results", "关键结果名称")),
    ("metric_type", "metric type", "指标类型", ("metric", "type of metric")),
    ("start", "start", "起始值", ("start value", "baseline", "基线", "初始值")),
    ("target", "target", "目标值", ("target value",)),
    ("current", "current", "当前值", ("current value",)),
    ("unit", "unit", "单位", ()),
    ("direction", "direction", "方向", ()),
    ("due_date", "due date", "截止日期", ("due", "deadline", "截止时间")),
    ("weight", "weight", "权重", ()),
    ("confidence", "confidence", "信心指数", ("信心",)),
    ("progress_source", "progress from", "进度来源", ("progress source",)),
    ("kind", "kind", "类型", ("okr type", "承诺型/挑战型")),
    ("visibility", "visibility", "可见范围", ()),
    ("description", "description", "描述", ("objective description", "目标描述", "说明")),
    (
        "objective_progress",
        "objective progress from",
        "目标进度来源",
        ("objective progress source",),
    ),
    ("aligned_share", "aligned share", "对齐比例", ("share of aligned objectives", "对齐目标比例")),
    # Which rows make one objective: two objectives of one owner with the same title are two
    # objectives, not one with both's key results (an export numbers them; an import reads it).
    (
        "objective_number",
        "objective no.",
        "目标编号",
        ("objective number", "objective #", "目标序号"),
    ),
    # The objective or key result of the same file it is aligned to, as the JSON format names
    # them: O3 (objective no. 3), O3.KR2 (its second key result); else the title or number of
    # an objective already in Mubiao (transfer.parents).
    ("aligned_to", "aligned to", "对齐到", ("aligned with", "parent", "上级")),
)
# Export-only columns: derived values, ignored when imported.
DERIVED = (
    ("progress", gettext_lazy("progress")),
    ("status", gettext_lazy("status")),
    ("score", gettext_lazy("score")),
    ("score_note", gettext_lazy("score note")),
    ("objective_score", gettext_lazy("objective score")),
    ("retrospective", gettext_lazy("retrospective")),
)
# Around a header as people write it: a byte order mark or zero-width space pasted along, a
# colon (`邮箱：`), a required-field star (`邮箱*`), a note in brackets (`邮箱（必填）`,
# `Email (required)`).
_HEADER_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"))
_HEADER_NOTE = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])\s*$")
_HEADER_MARKS = ":*"


def header_text(value) -> str:
    """A header cell as compared with the known spellings: half-width, invisible characters,
    marks and a trailing note removed, spaces and underscores as one space, case folded."""
    written = normalise(str(value).translate(_HEADER_INVISIBLE)).replace("_", " ")
    written = _HEADER_NOTE.sub("", written.strip().strip(_HEADER_MARKS).strip())
    return " ".join(written.strip().strip(_HEADER_MARKS).split()).casefold()


def header_keys(columns) -> dict[str, str]:
    """Each spelling of a column table's headers (as header_text writes it) → its key."""
    return {
        header_text(spelling): key
        for key, en, zh, others in columns
        for spelling in (key, en, zh, *others)
    }


_HEADER_KEYS = header_keys(COLUMNS)


# The grades an export writes (a key result's score and its note, its objective's score and
# retrospective): read only so that the preview says they are not imported
# (grades_not_imported), never dropped without a word (issue 9).
GRADES = ("score", "score_note", "objective_score", "retrospective")


@cache
def _grade_keys() -> dict[str, str]:
    """Each spelling of a grade column, as any UI language's export heads it → its key."""
    spellings = {}
    for key, label in DERIVED:
        # The progress too: read beside the values it was exported with (plan.stated_progress).
        if key in GRADES or key == "progress":
            spellings[header_text(key)] = key
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    spellings[header_text(str(label))] = key
    return spellings


def header_key(text) -> str | None:
    if text is None:
        return None
    spelled = header_text(text)
    return _HEADER_KEYS.get(spelled) or _grade_keys().get(spelled)


def grades_not_imported(count: int) -> str:
    """The preview's note on a file's grades: a grade is given in its cycle's grading (the
    graded key result's own check-ins and the retrospective), not carried in by a file."""
    return ngettext(
        "%(count)s score or retrospective in this file is not imported: grades are given "
        "when the cycle is graded.",
        "%(count)s scores and retrospectives in this file are not imported: grades are given "
        "when the cycle is graded.",
        count,
    ) % {"count": count}


def headers(language_zh: bool) -> list[str]:
    return [zh if language_zh else en for _key, en, zh, _others in COLUMNS]


class ChoiceTable(dict):
    """Spellings of a stored choice (casefolded) → its code: the code, the spellings listed and,
    added on first use (translations need the app registry), its label in every UI language."""

    def __init__(self, choices, *groups: tuple[str, tuple[str, ...]]):
        super().__init__()
        self.choices = choices
        self.labelled = False
        for value, spellings in groups:
            for spelling in (value, *spellings):
                self[spelling.casefold()] = value

    def lookup(self, text: str) -> str | None:
        if not self.labelled:
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    for value, label in self.choices.choices:
                        self.setdefault(normalise(str(label)).casefold(), value)
            self.labelled = True
        return self.get(normalise(text).casefold())


METRIC_TYPES = ChoiceTable(
    KeyResult.MetricType,
    (KeyResult.MetricType.NUMBER, ("数值", "数字", "num")),
    (KeyResult.MetricType.PERCENT, ("百分比", "%", "percentage")),
    (KeyResult.MetricType.CURRENCY, ("金额", "货币", "money")),
    (KeyResult.MetricType.BOOLEAN, ("是否完成", "是/否", "done / not done", "yes/no")),
    (KeyResult.MetricType.MILESTONE, ("里程碑",)),
)
DIRECTIONS = ChoiceTable(
    KeyResult.Direction,
    (KeyResult.Direction.INCREASE, ("提升", "增加", "提升至", "increase to", "up")),
    (KeyResult.Direction.DECREASE, ("降低", "减少", "降低至", "decrease to", "down")),
    (KeyResult.Direction.AT_LEAST, ("不低于", "至少", "保持不低于", "stay at least", "at least")),
    (KeyResult.Direction.AT_MOST, ("不高于", "至多", "保持不高于", "stay at most", "at most")),
)
PROGRESS_SOURCES = ChoiceTable(  # a key result's
    KeyResult.ProgressSource,
    (KeyResult.ProgressSource.MANUAL, ("check-ins", "打卡", "手动")),
    (KeyResult.ProgressSource.CHILDREN, ("aligned objectives", "对齐的目标", "子目标")),
)
KINDS = ChoiceTable(
    Objective.Kind,
    (Objective.Kind.COMMITTED, ("承诺型", "承诺")),
    (Objective.Kind.ASPIRATIONAL, ("挑战型", "挑战", "stretch")),
)
VISIBILITIES = ChoiceTable(
    Objective.Visibility,
    (Objective.Visibility.PUBLIC, ("全员", "everyone", "公开")),
    (Objective.Visibility.TEAM, ("团队",)),
    (Objective.Visibility.PRIVATE, ("仅相关人", "only people involved", "私密")),
)


OBJECTIVE_PROGRESS_SOURCES = ChoiceTable(
    Objective.ProgressSource,
    (Objective.ProgressSource.KEY_RESULTS, ("关键结果", "key results", "krs")),
    (Objective.ProgressSource.ALIGNED, ("对齐目标", "aligned objectives")),
    (Objective.ProgressSource.MIX, ("混合", "both")),
)


class CellError(ValueError):
    """A cell's value is not what its column takes; the message says why."""


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class QuotedText(str):
    """An Excel cell's text stored as text by its quote prefix (what Excel keeps of a typed
    `'=x`, and how our xlsx exports guard a formula's first character): exactly what was
    written, never a formula guard to undo."""


def text(value) -> str:
    if is_empty(value):
        return ""
    return _unguarded(_cell_text(value).strip(), value)


def free_text(value) -> str:
    """A cell of free text (a description) as written: its spaces and line breaks kept, only
    our exports' formula guard undone."""
    if value is None:
        return ""
    return _unguarded(_cell_text(value), value)


def _cell_text(value) -> str:
    """A cell as the spreadsheet shows it and a refusal quotes it (number_input.written): a
    number at the digits it holds (1/3 is 0.333333333333333; quoting its binary float's
    0.3333333333333333 beside the refusal's digits showed the number twice), 1e16 with its
    exponent, a boolean as TRUE / FALSE."""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        return number_input.written(value)
    return str(value)


def _unguarded(result: str, value) -> str:
    """`result` without the formula guard of our CSV exports (and of xlsx exports before they
    used the quote prefix): "'=SUM" was "=SUM", "''x" was "'x"."""
    if isinstance(value, QuotedText):
        return result
    if len(result) > 1 and result[0] == "'" and result[1] in _GUARDED:
        return result[1:]
    return result


def number(
    value, unit: str = "", percent: bool = True, field: str | None = None, offered=None, **bounds
) -> Decimal | None:
    """A cell's number within its column's limits (`bounds`, by default a key result value's:
    number_input.VALUE), as on every other path. A spreadsheet's own numbers are read as their
    plain digits; text is read as people type it (okrs.numbers: `1,234`, `3.5万`, `280人` in the
    row's unit, `62%` where `percent` allows it, never `4,5` as 45). `offered`, as
    number_input.message takes it: the readings a refusal may offer."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("not a number"))
    bounds = bounds or number_input.VALUE
    try:
        if isinstance(value, int | float | Decimal):
            return numbers.read_number(number_input.number_text(value, bounds["places"]), **bounds)
        return numbers.read_number(text(value), unit=unit, percent=percent or unit == "%", **bounds)
    except numbers.NumberError as error:
        raise CellError(number_input.message(error, value, bounds, field, offered)) from None


def written_unit(*values) -> str:
    """The unit `values` are written in (okrs.numbers.values_unit: `¥1,000` → ¥), or "";
    CellError naming both where they disagree, as the API refuses them."""
    try:
        return numbers.values_unit(*(text(value) for value in values))
    except numbers.NumberError as error:
        raise CellError(number_input.message(error)) from None


def level(
    value, unit: str = "", percent: bool = True, levels: tuple = (), offered=None
) -> Decimal | None:
    """A key result's start or target as `number` reads it, where a change (`+5`, `15pp`) is
    refused as every path refuses it (okrs.numbers.read_number's `level`); `levels`, the row's
    values read before it (its start): on a range below zero `+20` is the level 20, as the API
    reads it (numbers.signed_scale). `offered`: what a refusal may offer
    (services.key_results.level_offers)."""
    signed = numbers.signed_scale(unit, levels)
    return number(value, unit, percent, None, offered, **number_input.VALUE, level=True,
                  signed=signed)  # fmt: skip


def kr_value(value, metric_type: str, unit: str = "", levels: tuple = ()) -> Decimal | None:
    """A key result's value (its current value) read as a check-in reads it
    (okrs.numbers.read_value): `完成` / `未完成` on a done / not-done key result, `40%` on a
    milestone, `280人` in 人; `levels`, the start and target of its row (okrs.numbers.read_value:
    `+5` on an NPS, `4/5` on a 5-point rating)."""
    if is_empty(value):
        return None
    if isinstance(value, bool) and metric_type == KeyResult.MetricType.BOOLEAN:
        return Decimal(value)  # a spreadsheet's TRUE / FALSE cell: done / not done
    if isinstance(value, bool):
        raise CellError(_("not a number"))
    typed = number_input.as_text(value) if isinstance(value, int | float | Decimal) else text(value)
    try:
        return numbers.read_value(typed, metric_type=metric_type, unit=unit, levels=levels)
    except numbers.NumberError as error:
        raise CellError(
            number_input.message(error, value, offered=current_offered(metric_type, unit, levels))
        ) from None


def current_offered(metric_type: str, unit: str, levels: tuple):
    """What a current value's "did you mean" may offer (number_input.message's `offered`): the
    readings the key result of the row takes as typed once imported, as a check-in's question
    offers (services.scale.taken_as_typed); any reading where the row gives no range."""
    # Imported here: the services read this module's readings (transfer.readings).
    from mubiao.okrs.services.scale import taken_as_typed

    start, target = (*levels, None, None)[:2]
    if start is None or target is None:
        return None
    kr = KeyResult(metric_type=metric_type, unit=unit, start_value=start, target_value=target)
    kr.direction = KeyResult.Direction.DECREASE if target < start else KeyResult.Direction.INCREASE
    return lambda reading: taken_as_typed(kr, reading)


def confidence(value) -> int | None:
    """A confidence: a whole number from 0 to 10, refused naming the field."""
    return whole_number(value, 0, 10, "confidence")


def share(value) -> int | None:
    """An aligned share: a whole number from 0 to 100, refused naming the field."""
    return whole_number(value, 0, 100, "aligned_share", unit="%", percent=True)  # as read_share


def weight(value) -> Decimal | None:
    """A weight: a plain number as its column keeps it (number_input.WEIGHT)."""
    return number(value, percent=False, field="weight", **number_input.WEIGHT)


def whole_number(
    value, low: int, high: int, field: str | None = None, unit: str = "", percent: bool = False
) -> int | None:
    """A whole number from `low` to `high` (a confidence 0–10, a share 0–100), read by the one
    reader with the field's rule, so that a cell is refused in the words of every other path
    (number_input.message: the field and its rule; `1,0` offers 1.0 or 10 as the API does, a
    digit of another script asks for 0–9), never in words of its own (issue 9, D12, D15)."""
    if isinstance(value, bool):  # a spreadsheet's TRUE: no number, as the API refuses true
        raise CellError(
            _("“%(text)s”: enter a number, not true or false.") % {"text": str(value).lower()}
        )
    bounds = {"whole": True, "low": low, "high": high, "places": numbers.STORED_PLACES}
    result = number(value, unit, percent, field=field, **bounds)
    return None if result is None else int(result)


def choice(value, table: ChoiceTable) -> str | None:
    raw = text(value)
    if not raw:
        return None
    found = table.lookup(raw)
    if found is None:
        options = ", ".join(dict.fromkeys(table.values()))
        message = _("“%(value)s” is not one of: %(options)s")
        raise CellError(message % {"value": raw, "options": options})
    return found


# ASCII digits (full-width ones are normalised to them): a date in digits of another script is
# not read by int() as if typed in 0–9 (issue 9, D15).
_DATE = re.compile(r"^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?$")


def a_date(value, within: tuple[date, date] | None = None) -> date | None:
    """A date cell. Within a cycle (first, last day), a date written without a year
    (`12月15日`, `Dec 15`, `12/15`, `3月底`) is read as text import reads it: the cycle's."""
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    typed = normalise(str(value)).strip()
    match = _DATE.match(typed)
    if match:
        year, month, day = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise CellError(_no_such_day(str(value).strip(), year, month)) from None
    elif within is not None and (found := read_date(typed, within)):
        return found
    if is_ambiguous_date(typed, within):
        raise CellError(ambiguous_date_message(typed, within))
    if impossible := impossible_day(typed, within):
        year, month, written_year = impossible
        raise CellError(_no_such_day(str(value).strip(), year, month, written_year=written_year))
    raise CellError(not_a_date_message(str(value).strip(), within))


def not_a_date_message(written: str, within: tuple[date, date] | None = None) -> str:
    """The refusal of what is no date, quoting it, with the ways to write one; the example is
    the cycle's last day (`within`), never a day outside the cycle."""
    shown = number_input.shown(written)
    if within is None:
        # No cycle gives a year (a cycle's own dates, the API): a day and month alone is
        # said as such, not as no date at all.
        if read_date(normalise(written).strip(), _ANY_YEAR):
            return _("“%(value)s” has no year: write it as 2026-12-31.") % {"value": shown}
        return _("“%(value)s” is not a date: write it as 2026-12-31.") % {"value": shown}
    last = within[1]
    # The day as the person's language writes it (Mar 31, 3月31日): an example follows the
    # message's language.
    day = dateformat.format(last, pgettext("a day and month, as a date format", "M j"))
    return _("“%(value)s” is not a date: write it as %(example)s, or %(day)s in this cycle.") % {
        "value": shown,
        "example": last.isoformat(),
        "day": day,
    }


# A leap year, so that any day and month written without a year is read as one (2月29日).
_ANY_YEAR = (date(2000, 1, 1), date(2000, 12, 31))


def _no_such_day(written: str, year: int | None, month: int, *, written_year: bool = True) -> str:
    """`2027-02-30`, `Feb 30`: which part does not exist and, where the year is known (written,
    or the cycle's for that month), the last day the month has, written as the date was (ISO
    where a year was written, else day and month in the message's language); never a day in
    another month. Without a year (no cycle), the most days the month ever has."""
    shown = number_input.shown(written)
    if not 1 <= month <= 12:
        return _("“%(value)s” is not a date: a year has 12 months.") % {"value": shown}
    said = {"value": shown, "month": month, "month_name": MONTHS[month]}
    if year is None:
        said["days"] = calendar.monthrange(2000, month)[1]  # a leap year: the most days
        return (
            ngettext(
                "“%(value)s” is not a date: %(month_name)s has at most %(days)s day.",
                "“%(value)s” is not a date: %(month_name)s has at most %(days)s days.",
                said["days"],
            )
            % said
        )
    said["days"] = calendar.monthrange(year, month)[1]
    last = date(year, month, said["days"])
    said["year"] = year
    said["last"] = (
        last.isoformat()
        if written_year
        else dateformat.format(last, pgettext("a day and month, as a date format", "M j"))
    )
    return (
        ngettext(
            "“%(value)s” is not a date: %(month_name)s %(year)s has %(days)s day; write %(last)s.",
            "“%(value)s” is not a date: %(month_name)s %(year)s has %(days)s days; write %(last)s.",
            said["days"],
        )
        % said
    )


def ambiguous_date_message(written: str, within: tuple[date, date] | None = None) -> str:
    """The one answer, on every path, to a date that could be either of two: a day and month
    (`03/04`, `By 12/11`; no order is guessed, whatever the language, as both are in use in
    both), or a day a cycle longer than a year holds twice (`6月15日`). It names the dates that
    were typed, in the cycle `within`, never an example nobody wrote."""
    deadline = ambiguous_deadline(written, within)
    readings = [str(day) for day in deadline.readings(within)] if deadline else []
    if len(readings) < 2:  # no cycle to give the year: the two orders of what was typed
        orders = deadline.orders if deadline else ()
        readings = [f"{month:02d}-{day:02d}" for month, day in orders] or [written]
    options = reduce(
        lambda one, other: _("%(one)s or %(other)s") % {"one": one, "other": other}, readings
    )
    if deadline is not None and not deadline.orders:
        return _("“%(value)s” is in this cycle twice, as %(options)s: write the year.") % {
            "value": written,
            "options": options,
        }
    return _("“%(value)s” can be read as month/day or as day/month: write %(options)s") % {
        "value": written,
        "options": options,
    }


# First characters a spreadsheet reads as the start of a formula, and the guard's own
# apostrophe (so that text that starts with one survives the guard's removal on import).
_GUARDED = "=+-@\t\r'"


def is_guarded(value) -> bool:
    """Text that a spreadsheet would run as a formula (or whose apostrophe it would take as
    the guard)."""
    return isinstance(value, str) and value[:1] != "" and value[0] in _GUARDED


def guard_formula(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe in a CSV file
    (CSV injection); text() removes it again. Only for text cells: numbers are never guarded.
    An xlsx cell is guarded by guard_cell instead."""
    return "'" + value if is_guarded(value) else value


def guard_cell(cell):
    """An xlsx cell (openpyxl's, written or write-only) whose text a spreadsheet would run as
    a formula, stored as text with Excel's quote prefix, as Excel stores a typed `'=x`: it
    shows and reads back exactly the text (an apostrophe in the value, as CSV needs, was
    shown by Excel and read back by every other reader). Returns the cell."""
    if is_guarded(cell.value):
        cell.data_type = "s"  # openpyxl takes a string starting with "=" as a formula
        cell.quotePrefix = True
    return cell
