"""Text and Markdown → planned objectives, through okrtext.parse.

Owner headings (`产品经理的OKR`, `## Alice <alice@acme.test>`, `Team: 产品部`) are looked up in
the organization (owners.OwnerDirectory); objectives under no heading, or under a heading that
names nobody, belong to the person importing, and the unmatched headings are reported. Lines
the parser could not read are reported with their line number, never dropped silently.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mubiao.okrs import limits, number_input
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.okrs.transfer import columns
from mubiao.okrs.transfer.columns import CellError, kr_value
from mubiao.okrs.transfer.errors import Failures, ImportFailed, Location, quoting
from mubiao.okrs.transfer.owners import OwnerDirectory, names_exactly
from mubiao.okrs.transfer.plan import (
    FIELD_COLUMNS,
    OBJECTIVE_FIELD_COLUMNS,
    PlannedKeyResult,
    PlannedObjective,
    stated_progress,
)
from mubiao.okrs.transfer.readings import (
    GRADE_ATTRIBUTES,
    STATED_KEY_RESULT,
    STATED_OBJECTIVE,
    held_for_start,
    held_note,
    key_result_fields,
    metric_type_for,
    read_title,
    stated_fields,
    title_against_columns,
    title_of,
    unreadable_messages,
)
from mubiao.okrs.wording import sentences
from mubiao.okrtext import parse
from mubiao.okrtext import parser as okrtext_parser

# okrtext is pure Python and speaks English; its fixed problem messages are translated here.
PROBLEM_MESSAGES = {
    okrtext_parser.PROSE: gettext_lazy("prose, not an OKR line: ignored"),
    okrtext_parser.BULLET_OUTSIDE: gettext_lazy(
        "bullet outside an objective: not read as a key result"
    ),
    okrtext_parser.KR_WITHOUT_OBJECTIVE: gettext_lazy("key result before any objective: ignored"),
    okrtext_parser.BARE_HEADING: gettext_lazy(
        "heading that names no owner, objective or key result: ignored"
    ),
    okrtext_parser.DECORATION: gettext_lazy("Markdown rule or table separator: ignored"),
    okrtext_parser.LABEL: gettext_lazy("label line: introduces the items under it"),
    okrtext_parser.INITIATIVE: gettext_lazy(
        "initiative planned under the objective: not a key result"
    ),
    okrtext_parser.DETAIL: gettext_lazy("detail of the key result above: not a key result"),
    okrtext_parser.CURRENT_NOT_READ: gettext_lazy(
        "current value of the key result above: imported as its current value, the first "
        "check-in (its start is stated)"
    ),
    okrtext_parser.CONFIDENCE_NOT_READ: gettext_lazy(
        "confidence of the key result above: not imported (Mubiao keeps confidence as 0 to 10 and "
        "has no documented value for words such as High or Medium; give it with a check-in)"
    ),
    okrtext_parser.STATUS_NOT_READ: gettext_lazy(
        "status of the key result: not imported (Mubiao works a key result's status out from its "
        "check-ins and the pace)"
    ),
    okrtext_parser.FIELD_ON_THE_LINE: gettext_lazy(
        "field written after the key result on its line: not imported (only a start, target or"
        " current value the title does not state, an owner or a due date is read there)"
    ),
    okrtext_parser.START_DIFFERS: gettext_lazy(
        "start of the key result above, other than the one it states: not imported"
    ),
    okrtext_parser.TARGET_DIFFERS: gettext_lazy(
        "target of the key result above, other than the one it states: not imported"
    ),
    okrtext_parser.MARKER_WITHOUT_TITLE: gettext_lazy("objective marker without a title: ignored"),
    okrtext_parser.KR_MARKER_WITHOUT_TEXT: gettext_lazy("key result marker without text: ignored"),
    okrtext_parser.SCORE_COLUMN: gettext_lazy(
        "table column of progress, score or status: not read (check-ins record progress)"
    ),
    okrtext_parser.ATTRIBUTE_TWICE: gettext_lazy(
        "attribute given twice in the attribute block: the line is not read"
    ),
    okrtext_parser.ATTRIBUTE_BLOCK_UNREADABLE: gettext_lazy(
        "attribute block that cannot be read (a quote not closed?): the line is not read"
    ),
    okrtext_parser.ATTRIBUTE_BLOCK_NOT_AT_END: gettext_lazy(
        "attribute block not at the end of the line: the line is not read"
    ),
    okrtext_parser.ATTRIBUTE_BLOCK_NOT_READ: gettext_lazy(
        "attribute block not read (only one at the end of the line is): its values are not imported"
    ),
    okrtext_parser.UNREAD_FIELD: gettext_lazy(
        "field that is not read (only :owner: or :team: under an objective is): ignored"
    ),
    okrtext_parser.AMBIGUOUS_NUMBER: gettext_lazy(
        "key result with a number that cannot be read without guessing (a comma that does not"
        " separate thousands such as 4,5, or an exponent such as 1e16): write 4.5 (a decimal) or"
        " 4500 / 4,500 (thousands); the key result is kept but cannot be imported until then"
    ),
}

# A detail line under a key result whose value it took (okrtext ParsedKeyResult.used), said at
# its line on every route that reads text (import preview, `mubiao import --dry-run`,
# /okrtext/parse, `mubiao parse`): no value typed is taken, or left, in silence (issue 9).
USED_MESSAGES = {
    "start": gettext_lazy("start of the key result above: used as its start"),
    "target": gettext_lazy("target of the key result above: used as its target"),
    "current": gettext_lazy(
        "current value of the key result above: used as its start (no other start is given)"
    ),
    "due": gettext_lazy("due date of the key result above: used as its due date"),
    "owner": gettext_lazy("owner of the key result above: kept in its title as a mention"),
}


def used_lines(document) -> list[tuple[int, str]]:
    """(line, message) for each detail line a key result of `document` took its value from."""
    return sorted(
        (line, str(USED_MESSAGES[used]))
        for objective in document.objectives
        for reading in objective.key_results
        for line, used in reading.used.items()
    )


# An exact line's attributes by the column key a service's error is located with (plan.py):
# a refusal names the attribute as written (`okrs.md, line 4, attribute “start”`).
STATED_KEY_RESULT_ATTRIBUTES = {
    FIELD_COLUMNS[field]: attribute for attribute, field in STATED_KEY_RESULT.items()
}
STATED_OBJECTIVE_ATTRIBUTES = {
    OBJECTIVE_FIELD_COLUMNS[field]: attribute
    for attribute, field in STATED_OBJECTIVE.items()
    if field in OBJECTIVE_FIELD_COLUMNS
}


def problem_message(message: str) -> str:
    """An okrtext problem in the person's language (the import preview, the API's parse)."""
    return str(PROBLEM_MESSAGES.get(message, message))


def read_text(
    text: str, location: Location, cycle: Cycle, owners: OwnerDirectory
) -> tuple[list[PlannedObjective], list[str], list[str], object]:
    """(objectives, unmatched owner labels, problems, the parsed document for the linter)."""
    document = parse(text, cycle=(cycle.start_date, cycle.end_date))
    planned, unmatched, problems = [], [], []
    # Every line's error at once, in line order (as a CSV's rows): a file is fixed in one pass.
    failures = Failures()
    _refuse_unreadable_blocks(document, location, failures)
    # What is wrong with the text is said by text_problems alone, as /okrtext/parse, /lint and
    # `mubiao parse` say it: each refusal stops the import at its line (and attribute). Those
    # the services refuse in the same words (`by_services`) are left to them, so that a key
    # result's other questions (a target's scale) are asked with them, in one pass.
    within = (cycle.start_date, cycle.end_date)
    weights_on = cycle.organization.weights_enabled
    for problem in text_problems(document, text, within, weights_on=weights_on):
        if problem["refused"] and not problem["by_services"]:
            where = location.at(line=problem["line"], column=problem["attribute"])
            failures.add(problem["line"], ImportFailed(problem["bare"], where))
    said = [
        (problem.line, problem_message(problem.message))
        for problem in document.problems
        if problem.message != okrtext_parser.AMBIGUOUS_NUMBER  # refused above, on its KR
    ]
    problems.extend(
        _("%(where)s: %(message)s")
        % {"where": location.at(line=line).describe(), "message": message}
        for line, message in sorted([*said, *used_lines(document)], key=lambda s: s[0])
    )
    lines = text.splitlines()  # as parse numbers them
    for section in document.sections:
        label = _heading_label(lines, section, owners)
        owner = owners.resolve(label) if label else None
        if label and owner is None and label not in unmatched:
            unmatched.append(label)
        for objective in section.objectives:
            key_results, held = [], []
            for reading in objective.key_results:
                where = location.at(line=reading.line)
                headers = {}
                progress = None
                if reading.stated:  # Mubiao's own export: the values as stored
                    # The progress they make as stored (plan.stated_progress): not a field.
                    progress = stated_progress(reading.stated.pop("progress", None))
                    try:
                        draft = stated_fields(
                            reading.stated, STATED_KEY_RESULT, reading.text, cycle
                        )
                    except CellError:  # `due=` that is no date: refused by text_problems
                        continue
                    draft.fields["title"] = reading.text
                    headers = STATED_KEY_RESULT_ATTRIBUTES
                    if said := _held_stated(draft, reading.text, cycle):
                        # `收入翻倍 {confidence=7}`: held as the line without its attributes.
                        note = held_note(said)
                        held.append((PlannedKeyResult(draft.fields, where), note))
                        problems.append(
                            _("%(where)s: %(message)s")
                            % {"where": where.describe(), "message": note}
                        )
                        continue
                else:
                    draft = key_result_fields(reading, cycle)
                    if weight := reading.beside.get("weight"):
                        # A weight typed in the title (`（权重 50%）`): the key result's weight,
                        # taken or refused by the services as a weight column's (h10v).
                        draft.fields["weight"] = weight
                    if reading.held:
                        # "(on hold)", "【搁置】", "— deferred": okrtext took the mark off the
                        # title, and a key result has no on-hold state to keep it in: said.
                        draft.notes.append(
                            _(
                                "“%(kr)s” is marked on hold in the text; it is imported as an "
                                "active key result without the mark."
                            )
                            % {"kr": title_of(reading)}
                        )
                _current_beside(reading, draft)
                if reading.stated or {"start", "target"} & reading.beside.keys():
                    # As a sheet's row: the numbers written beside the title (an exact line's
                    # values, a table's cells) are imported, and said where the title disagrees.
                    draft.notes += title_against_columns(reading.text, draft.fields, cycle)[1]
                if held_for_start(reading):
                    # One key result without its start does not stop the file: it is shown at
                    # its line, and the rest of the document is imported without it.
                    note = held_note(draft.notes)
                    held.append((PlannedKeyResult(draft.fields, where), note))
                    problems.append(
                        _("%(where)s: %(message)s") % {"where": where.describe(), "message": note}
                    )
                    continue
                key_results.append(
                    PlannedKeyResult(draft.fields, where, headers=headers, stated_progress=progress)
                )
                problems.extend(
                    _("%(where)s: %(message)s") % {"where": where.describe(), "message": note}
                    for note in draft.notes
                )
            # Mubiao's export states each objective's reference (`ref=O3`): an alignment in
            # the file names it (`aligned_to=O3`, `O3.KR2`), as a sheet's or JSON's does.
            ref = (objective.stated or {}).pop("ref", None) or None
            if ref:
                ref = ref.upper().replace(" ", "")
                for number, kr in enumerate(key_results, start=1):
                    kr.ref = f"{ref}.KR{number}"
            stated = stated_fields(objective.stated, STATED_OBJECTIVE, objective.title, cycle)
            if weight := objective.beside.get("weight"):
                stated.fields["weight"] = weight  # `O1（权重 40%）：…`, as a weight column's
            problems.extend(
                _("%(where)s: %(message)s")
                % {"where": location.at(line=objective.line).describe(), "message": note}
                for note in stated.notes
            )
            planned.append(
                PlannedObjective(
                    owner_label=label,
                    owner=owner,
                    title=objective.title,
                    location=location.at(line=objective.line),
                    fields=stated.fields,
                    key_results=key_results,
                    held=held,
                    headers=STATED_OBJECTIVE_ATTRIBUTES if objective.stated else {},
                    ref=ref,
                    parent_ref=objective.aligned_to.upper().replace(" ", "")
                    if objective.aligned_to
                    else None,
                    parent_label=objective.aligned_to,
                    owner_location=location.at(line=section.line) if section.line else None,
                    parent_location=location.at(line=objective.aligned_to_line)
                    if objective.aligned_to_line
                    else None,
                )
            )
    failures.raise_any(read=(planned, unmatched, problems))
    stated = [o.stated for o in document.objectives]
    stated += [kr.stated for o in document.objectives for kr in o.key_results]
    if grades := sum(1 for each in stated for key in GRADE_ATTRIBUTES if (each or {}).get(key)):
        problems.append(columns.grades_not_imported(grades))
    return planned, unmatched, problems, document


def _heading_label(lines: list[str], section, owners: OwnerDirectory) -> str | None:
    """The owner a section's heading names. okrtext reads a heading as people write it: it
    strips a role in front (`Team: `) and reads `@acme.test` as a mention. A heading that
    states its kind or an e-mail and names an owner so (`## Team: Ops <x@y.test>`,
    `## bob@acme.test`, as exports write them) is taken as written, so the kind decides, not
    the name; any other heading as okrtext read it (`## Team: 产品部的OKR`)."""
    if section.line:
        written = lines[section.line - 1].strip().lstrip("#").strip()
        if names_exactly(written) and owners.resolve(written):
            return written
    return section.owner


def _refuse_unreadable_blocks(document, location: Location, failures: Failures) -> None:
    """An exact line (Mubiao's own export) whose attribute block cannot be read as written
    stops the import at its line and column: an attribute given twice (which value is meant?),
    or a block that breaks off (`unit="人}`), never one of two values kept or braces read into
    a title."""
    for problem in document.problems:
        where = location.at(line=problem.line, column=problem.column)
        if problem.message == okrtext_parser.ATTRIBUTE_TWICE:
            failures.add(
                problem.line,
                ImportFailed(
                    _("“%(key)s” is given twice in the attribute block; keep the one you mean.")
                    % {"key": problem.key},
                    where,
                ),
            )
        if problem.message == okrtext_parser.ATTRIBUTE_BLOCK_NOT_AT_END:
            failures.add(
                problem.line,
                ImportFailed(
                    _(
                        "the attribute block must end the line: write the title first and "
                        "the block after it (KR1: title {target=5})."
                    ),
                    where,
                ),
            )
        if problem.message == okrtext_parser.ATTRIBUTE_BLOCK_UNREADABLE:
            failures.add(
                problem.line,
                ImportFailed(
                    _(
                        "the attribute block cannot be read from here: close each quote and "
                        'write every attribute as key=value or key="value".'
                    ),
                    where,
                ),
            )


def unreadable_key_results(document, within: tuple[date, date] | None) -> list[tuple[object, str]]:
    """(reading, message) for each key result of a parsed document that okrtext could not
    read without guessing (readings.unreadable_messages, in the active language): what the
    import refuses and `/okrtext/parse` reports as problems (at the reading's line), so that
    one text has one set of problems whatever reads it. `within`: the cycle (first, last day)
    the text is read for."""
    found = []
    for objective in document.objectives:
        for reading in objective.key_results:
            if reading.stated:
                continue  # Mubiao's own export: the stated values are read by the services
            if messages := unreadable_messages(reading, within):
                found.append((reading, sentences(messages)))
    return found


# The numbers an exact line's attributes state, and how the services read each (the one reader,
# okrs.number_input): a value in its key result's metric type and unit, a weight, a confidence.
_STATED_NUMBERS = {"start_value", "target_value", "current_value", "weight", "confidence"}
_VALUES = ("start_value", "target_value", "current_value")


def text_problems(
    document, text: str, within: tuple[date, date] | None, *, weights_on: bool = True
) -> list[dict]:
    """{line, column, message} for what the text import refuses or notes in a parsed document,
    in the active language, read by the same readers it reads with: a key result okrtext could
    not read without guessing (unreadable_key_results), a value beyond what a key result keeps
    (`到 9999999999999999999 人`), an attribute block's number or date that cannot be read
    (`{target=1e5}`, `{due=2月30日}`), an attribute Mubiao does not read (`{strat=5}`) and a
    title the services refuse (over 500 characters). The text import refuses what this refuses
    (read_text), and `/okrtext/parse`, `/okrtext/lint` and `mubiao parse` report these, so that
    one text has one set of problems whatever reads it (issue 9). `column`: 1-based, where the
    attribute or the line starts; `attribute`: the attribute's name (None: the line's);
    `refused`: the import stops on it (else it imports and notes it); `by_services`: refused
    by the services in these words when the row is written (a value or a title), not by the
    reader. `weights_on`: the organization's setting, for a weight's "did you mean" (with
    weights off only the weight in effect is offered, as the services offer it)."""
    cycle = _Within(*within) if within else None
    lines = text.splitlines()  # as parse numbers them
    found = []

    def add(line: int, message: str, attribute: str | None = None, refused: bool = True,
            by_services: bool = False) -> None:  # fmt: skip
        written = lines[line - 1] if 0 < line <= len(lines) else ""
        at = written.find(f"{attribute}=") if attribute else -1
        column = at + 1 if at >= 0 else None
        # A refused attribute is named in the message (`attribute “target”: “abc” is not a
        # number`), as the import's location names it (errors.Location): a line and column
        # alone do not say which of `{start=… target=…}` was refused (A4). `bare`: the message
        # without it, for the import, whose location says it.
        named = (
            _("%(where)s: %(message)s")
            % {"where": _("attribute “%(attribute)s”") % {"attribute": attribute},
               "message": message}
            if at >= 0 and refused
            else message
        )  # fmt: skip
        found.append({"line": line, "column": column, "message": named, "bare": message,
                      "refused": refused, "attribute": attribute if at >= 0 else None,
                      "by_services": by_services})  # fmt: skip

    refused = unreadable_key_results(document, within)
    for reading, message in refused:
        # One held for its start is shown, not refused: the rest of the file is imported.
        add(reading.line, message, refused=not held_for_start(reading))
    refused = {id(reading) for reading, _said in refused}
    for objective in document.objectives:
        _title_problem(objective.title, Objective, objective.line, add)
        if weight := objective.beside.get("weight"):  # `O1（权重 40%）：…` (h10v)
            _number_problem(weight, "weight", {}, objective.line, add, weights_on=weights_on)
        if objective.stated:
            _stated_problems(objective.stated, STATED_OBJECTIVE, objective.title, objective.line,
                             cycle, add, weights_on)  # fmt: skip
        for reading in objective.key_results:
            if reading.stated:
                _title_problem(reading.text, KeyResult, reading.line, add)
                _stated_problems(reading.stated, STATED_KEY_RESULT, reading.text, reading.line,
                                 cycle, add, weights_on)  # fmt: skip
            elif id(reading) not in refused and not held_for_start(reading):
                draft = key_result_fields(reading, within)
                _title_problem(draft.fields["title"], KeyResult, reading.line, add)
                for name in ("start_value", "target_value"):
                    if draft.fields.get(name) is not None:
                        _number_problem(draft.fields[name], name, {}, reading.line, add)
                if weight := reading.beside.get("weight"):
                    # `KR1：…（权重 50%）`: read as a weight column's value is (h10v).
                    _number_problem(weight, "weight", {}, reading.line, add, weights_on=weights_on)
                for note in draft.notes:  # as the import notes them (a due outside the cycle)
                    add(reading.line, note, refused=False)
    return found


def _current_beside(reading, draft) -> None:
    """A `Current:` line's value under a key result whose start is stated (okrtext keeps it
    beside, "current"), as its current value: created with it, the key result's first check-in,
    as a sheet's Current column is (h9r: it was said as not imported). One the check-in box
    refuses (`4,5`, a word) is said, the key result imported at its start."""
    written = reading.beside.get("current")
    fields = draft.fields
    if not written or fields.get("start_value") is None or fields.get("target_value") is None:
        return
    if fields.get("metric_type") not in _MEASURED:
        return
    try:
        value = kr_value(written, fields["metric_type"], fields.get("unit") or "",
                         (fields["start_value"], fields["target_value"]))  # fmt: skip
    except CellError as error:
        draft.notes.append(
            _("“%(kr)s”: the current value “%(value)s” is not imported: %(problem)s")
            % {"kr": title_of(reading), "value": written, "problem": error}
        )
        return
    if value is not None and value != fields["start_value"]:
        fields["current_value"] = value


_MEASURED = (KeyResult.MetricType.NUMBER, KeyResult.MetricType.PERCENT,
             KeyResult.MetricType.CURRENCY)  # fmt: skip


def _held_stated(draft, title: str, cycle) -> list[str] | None:
    """The notes of a line whose attributes give none of its numbers (`收入翻倍
    {confidence=7}`), where its title states a change without its start: held back, as the
    line without attributes, a sheet's row or a JSON item with only its title is (h9v; the
    services refused it naming a `target` attribute it did not have); else None."""
    if {"metric_type", "start_value", "target_value"} & draft.fields.keys() or cycle is None:
        return None
    said = read_title(title, (cycle.start_date, cycle.end_date))
    if not held_for_start(said.reading):
        return None
    return [*said.notes, *(note for note in draft.notes if note not in said.notes)]


def _title_problem(title: str, model, line: int, add) -> None:
    """A title the services would refuse (over its length), in their words: a key result's
    quoting it as the import's refusal of a service's field does."""
    if problem := limits.title_error(limits.one_line(title), limits.max_length(model, "title")):
        add(line, problem if model is Objective else quoting(problem, title), by_services=True)


class _Within:
    """A cycle's dates, as stated_fields reads a due date within them."""

    def __init__(self, start_date: date, end_date: date):
        self.start_date, self.end_date = start_date, end_date


def _stated_problems(
    stated: dict, names: dict, title: str, line: int, cycle, add, weights_on: bool = True
) -> None:
    try:
        draft = stated_fields(stated, names, title, cycle)
    except CellError as error:  # `due=` that is no date: the import stops on it
        add(line, str(error), "due")
        draft = stated_fields({k: v for k, v in stated.items() if k != "due"}, names, title, cycle)
    if names is STATED_KEY_RESULT and (held := _held_stated(draft, title, cycle)):
        add(line, held_note(held), refused=False)  # held, with its notes, as read_text holds it
    else:
        for note in draft.notes:
            attribute = next(
                (key for key in stated if key not in names and f"“{key}”" in note), None
            )
            add(line, note, attribute, refused=False)  # imported, with the note
    for message in draft.refusals.get("due_date", ()):  # the title's date (due_of_title)
        add(line, message)
    model = KeyResult if names is STATED_KEY_RESULT else Objective
    for key, value in stated.items():
        # `{metric=abc}`, `{kind=abc}`: the attribute, its value and the values it takes, on
        # every route (the services' "Select a valid choice." named neither, and /okrtext/parse,
        # /lint and `mubiao parse` said nothing of it; issue 9).
        choices = _CHOICES[model].get(names.get(key))
        if choices is not None and draft.fields.get(names[key]) not in choices.values:
            options = ", ".join(choices.values)
            add(line, _("“%(value)s” is not one of: %(options)s") % {"value": value,
                "options": options}, key)  # fmt: skip
    # Values read in the unit the key result gets: stated, else the one its values are written
    # in (`target="50万元"`: 万元 on creation, as the services take it).
    read_in = dict(stated)
    # The metric type and unit the import stores it with (`{unit="%"}`: a percentage).
    read_in.setdefault("metric", draft.fields.get("metric_type"))
    if draft.fields.get("unit") == "%":
        read_in["unit"] = "%"
    if not (read_in.get("unit") or "").strip():
        values = {f: v for k, v in stated.items() if (f := names.get(k)) in _VALUES}
        try:
            read_in["unit"] = number_input.values_unit(values)
        except ValidationError as error:  # 5 万元 over 3 万人: said naming both
            for field, messages in error.message_dict.items():
                key = next(k for k in stated if names.get(k) == field)
                for message in messages:
                    add(line, message, key)
            return
    # The start beside them, as the services read a target after the start: `+20` over a start
    # of -5 is the level 20 (numbers.signed_scale), not a change.
    levels = ()
    start_key = next((k for k in stated if names.get(k) == "start_value"), None)
    if start_key is not None:
        try:
            start = number_input.read_value(
                stated[start_key], "start_value", metric_type=_metric_type(read_in),
                unit=read_in["unit"],
            )  # fmt: skip
            levels = (start,)
        except ValidationError:
            pass  # said as the start's own problem below
    for key, value in stated.items():
        field = names.get(key)
        if field in _STATED_NUMBERS or field == "aligned_share":
            _number_problem(value, field, read_in, line, add, attribute=key, levels=levels,
                            weights_on=weights_on)  # fmt: skip


# The attributes whose value is one of a set, by the field they state (readings.STATED_*).
_CHOICES = {
    KeyResult: {"metric_type": KeyResult.MetricType, "direction": KeyResult.Direction,
                "progress_source": KeyResult.ProgressSource},
    Objective: {"kind": Objective.Kind, "visibility": Objective.Visibility,
                "progress_source": Objective.ProgressSource},
}  # fmt: skip


def _metric_type(stated: dict) -> str:
    """The metric type stated (`metric=`), else the one its unit sets (readings.
    metric_type_for, as the import stores it), a number where none or no known one is."""
    metric_type = stated.get("metric") or metric_type_for((stated.get("unit") or "").strip())
    known = metric_type in KeyResult.MetricType.values
    return metric_type if known else KeyResult.MetricType.NUMBER


def _number_problem(
    value,
    field: str,
    stated: dict,
    line: int,
    add,
    attribute=None,
    levels: tuple = (),
    weights_on: bool = True,
) -> None:
    """`value` read for `field` as the services read it (`levels`: the start read beside it);
    its refusal, if any, added."""
    from mubiao.okrs.services._common import _confidence, read_share, weight_offered

    try:
        if field == "confidence":
            _confidence(value)
        elif field == "aligned_share":
            read_share(value)
        elif field == "weight":
            number_input.read(value, field, offered=weight_offered(weights_on))
        else:
            number_input.read_value(
                value,
                field,
                metric_type=_metric_type(stated),
                unit=stated.get("unit") or "",
                levels=() if field == "start_value" else levels,
            )
    except ValidationError as error:
        for messages in error.message_dict.values():
            for message in messages:
                add(line, message, attribute, by_services=True)
