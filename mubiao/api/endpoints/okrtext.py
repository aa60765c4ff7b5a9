"""`/okrtext/parse` and `/okrtext/lint`: OKRs written as text, read and checked (DESIGN.md §5).

mubiao.okrtext is imported inside the endpoints: it is pure Python and only these two
endpoints need it.
"""

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from mubiao.api.auth import actor
from mubiao.api.common import Body, Id, reference, text
from mubiao.api.errors import responses
from mubiao.okrs import selectors
from mubiao.okrs.models import Cycle
from mubiao.okrs.transfer.importer import MAX_LINE_CHARS
from mubiao.okrtext import parser as okrtext_parser
from mubiao.orgs.rules import today_for

router = Router(tags=["okr text"])

MAX_TEXT = 100_000


class TextIn(Body):
    """One request shape for both endpoints, read by one reader (as the text import reads)."""

    text: text(MAX_TEXT)
    year: int | None = Field(
        None, ge=1900, le=2200, description="Resolves deadlines such as `Q1` (default: this year)."
    )
    cycle_id: Id | None = Field(
        None,
        description="Read dates in this cycle, as an import into it does (`1月15日` in a "
        "November–January cycle is the coming January); overrides `year`.",
    )
    lang: Literal["zh-hans", "en"] | None = Field(
        None, description="Language of messages (default: the request's)."
    )


class KeyResultReadingOut(Schema):
    text: str
    metric: str | None
    start: float | None
    target: float | None
    target_type: Literal["absolute", "relative"] | None
    unit: str | None
    direction: Literal["increase", "decrease", "maintain", "milestone"]
    deadline: str | None
    due: date | None
    mentions: list[str]
    is_activity: bool
    held: bool = Field(
        False,
        description="The text marks the key result on hold (`(on hold)`, `[paused]`, "
        "`（暂停）`, `【搁置】`, `暂缓：`, `— deferred`, `，延期`); the mark is not in `text`. An "
        "import stores it as an active key result and notes that it was on hold.",
    )
    bound: Literal["at_least", "at_most"] | None = Field(
        None,
        description="The bound written next to an absolute target (`at or below 2%`: at_most, "
        "`不低于 95%`: at_least), or for a level kept with none written the side its measure's "
        "words say is better (`Keep churn at 2%`: at_most): the side a kept level is kept on.",
    )
    per: str | None = Field(
        None,
        description="The period a counted target is a rate over (`5 次/周`, `每周 3 次`: 周; "
        "`3 interviews per week`: week); `unit` stays the counted measure, the import stores "
        "the unit per this period (次/周).",
    )
    start_unit: str | None = Field(
        None,
        description="The unit the start is written in when it is another unit of the target's "
        "dimension (`from 3 hours to 45 minutes`: hours); the import stores both in the smaller.",
    )
    line: int
    key_result: "StoredKeyResultOut | None" = Field(
        None,
        description="What an import of the line into the cycle stores (the same reading as "
        "every route that takes a key result from its title: the writing form, the API, "
        "imports), in the unit it is stored in (`50 万元`: 50 in 万元, where `target` is the "
        "text's 500000 元); null where the line is refused (its problem is listed) or held "
        "for its start, or states its values (Mubiao's own export).",
    )


class StoredKeyResultOut(Schema):
    metric_type: Literal["number", "percent", "currency", "milestone"]
    start_value: float
    target_value: float
    unit: str
    direction: Literal["increase", "decrease", "at_least", "at_most"]
    due_date: date | None = Field(..., description="null: due at the cycle's end.")


KeyResultReadingOut.model_rebuild()


class ParsedObjectiveOut(Schema):
    title: str
    line: int
    key_results: list[KeyResultReadingOut]


class SectionOut(Schema):
    owner: str | None
    # A team named beside the owner ("## Marketing — Emma Clarke"): docs/okrtext-headings.md.
    team: str | None = None
    objectives: list[ParsedObjectiveOut]


class ProblemOut(Schema):
    line: int
    column: int | None = Field(
        None,
        description="1-based character of the line where the problem is (an attribute's "
        "`key=`), when it is known.",
    )
    message: str
    refused: bool = Field(
        True,
        description="The text import stops on it (nothing is imported until it is fixed); "
        "false: the import goes ahead and notes it (a line it ignores, an attribute it does "
        "not read, a deadline outside the cycle).",
    )


class DocumentOut(Schema):
    sections: list[SectionOut]
    problems: list[ProblemOut]


class FindingOut(Schema):
    rule: str = Field(..., description="e.g. OKR-M02 (okr-rules.md)")
    severity: Literal["error", "warning", "info"]
    objective: int | None = Field(..., description="1-based, in document order.")
    key_result: int | None = Field(..., description="1-based within its objective.")
    line: int | None
    message: str
    suggestion: str | None
    related_objective: int | None = Field(
        None, description="The other objective the finding names (a duplicate's), 1-based."
    )
    related_key_result: int | None = Field(
        None, description="The other key result the finding names, 1-based within it."
    )


class LintOut(Schema):
    findings: list[FindingOut]


def _reading(request, payload: TextIn) -> tuple[dict, str]:
    """How both endpoints read the text, as the text import reads it: in the cycle's dates
    when one is named, else in `year` (default the organization's year); and the language of
    the messages."""
    _refuse_long_lines(payload.text)
    reading, lang, _cycle = _read_in(request, payload)
    return reading, lang


def _read_in(request, payload: TextIn) -> tuple[dict, str, Cycle]:
    """_reading, and the cycle an import would read into: the one named, else the year's
    (unsaved), for what a stated line would be stored as (_say_stored)."""
    me = actor(request)
    cycle = reference(selectors.cycles(me), payload.cycle_id, "cycle_id")
    lang = payload.lang or ("zh-hans" if translation.get_language() == "zh-hans" else "en")
    if cycle is not None:
        return {"cycle": (cycle.start_date, cycle.end_date)}, lang, cycle
    year = payload.year or today_for(me.organization).year
    whole_year = Cycle(organization_id=me.organization_id, name=str(year),
                       start_date=date(year, 1, 1), end_date=date(year, 12, 31))  # fmt: skip
    return {"year": year}, lang, whole_year


def _refuse_long_lines(written: str) -> None:
    """The text import's line limit (importer.MAX_LINE_CHARS), checked before reading: the
    reader's time grows faster than a line's length (one line of 8,000 characters held a
    worker for 13 s), and no OKR line is that long."""
    for number, line in enumerate(written.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise ValidationError(
                {
                    "text": _(
                        "Line %(line)s is longer than %(limit)s characters; no OKR line is "
                        "that long."
                    )
                    % {"line": number, "limit": f"{MAX_LINE_CHARS:,}"}
                }
            )


@router.post("/okrtext/parse", response=responses(DocumentOut), summary="Read OKRs from text")
def parse_text(request, payload: TextIn):
    from mubiao import okrtext
    from mubiao.okrs.transfer.text_reader import (
        problem_message,
        text_problems,
        unreadable_key_results,
        used_lines,
    )

    _refuse_long_lines(payload.text)
    reading, lang, cycle = _read_in(request, payload)
    parsed = okrtext.parse(payload.text, **reading)
    document = parsed.to_dict()
    # okrtext speaks English; the person reads its problems in their language, as on the web.
    with translation.override(lang):
        for problem in document["problems"]:
            # An attribute block the import cannot read stops it; the rest it notes.
            problem["refused"] = problem["message"] in REFUSED_PROBLEMS
            problem["message"] = problem_message(problem["message"])
        # What the import refuses on a key result's line (`从 2 小时降到 30 分钟`: two units),
        # the same problems in the same words: parse answered start 2, target 30 and none.
        refused = unreadable_key_results(parsed, reading.get("cycle"))
        # And every other problem the import refuses or notes (`{target=1e5}`, `{due=2月30日}`,
        # a target beyond 10¹⁵, `{strat=5}`): text_reader.text_problems, issue 9.
        checked = text_problems(
            parsed, payload.text, reading.get("cycle"),
            weights_on=actor(request).organization.weights_enabled,
        )  # fmt: skip
        # A key result refused for its number is said once, in the import's words (“6，5” is
        # ambiguous: write 6.5 (a decimal) …), as the import says it: not also as AMBIGUOUS_NUMBER.
        said = {problem["line"] for problem in checked}
        ambiguous = problem_message(okrtext_parser.AMBIGUOUS_NUMBER)
        document["problems"] = [
            problem
            for problem in document["problems"]
            if not (problem["message"] == ambiguous and problem["line"] in said)
        ] + checked
        # The detail lines a key result took its values from, as the import preview says them.
        document["problems"] += [
            {"line": line, "message": message, "refused": False}
            for line, message in used_lines(parsed)
        ]
    refused = {id(kr) for kr, _said in refused}
    with translation.override(lang):
        _say_stored(request, parsed, document, cycle, reading.get("cycle"), refused)
    document["problems"].sort(key=lambda problem: problem["line"])
    return document


def _say_stored(request, parsed, document: dict, cycle, within, refused: set[int]) -> None:
    """Each key result's `key_result`: the fields an import stores it as (readings.
    key_result_fields, the one reading of a title), beside okrtext's reading of the text. A
    line that states its values in attributes (`{start=二十5 target=三千 unit="人"}`) is read
    as the import reads and stores it (readings.stated_fields, services.stored_as), and its
    `start`, `target` and `unit` are those values: they were answered as null, though the
    import stored them (issue 9, A4)."""
    from mubiao.okrs.transfer.readings import held_for_start, key_result_fields, said_as_stored

    for section, said in zip(parsed.sections, document["sections"], strict=True):
        for objective, said_objective in zip(section.objectives, said["objectives"], strict=True):
            for kr, said_kr in zip(objective.key_results, said_objective["key_results"],
                                   strict=True):  # fmt: skip
                if kr.stated:
                    _say_stated(request, kr, said_kr, cycle)
                    continue
                if id(kr) in refused or held_for_start(kr):
                    continue
                fields = key_result_fields(kr, within).fields
                said_kr["key_result"] = {name: fields[name] for name in STORED}
                # The reading itself as stored (said_as_stored, the one function of every
                # route that says a reading): parse said 八百 … 两千 万元 as 8,000,000 元.
                said_kr.update(said_as_stored(kr, within) or {})


def _say_stated(request, kr, said_kr: dict, cycle) -> None:
    """A stated line's values as the import stores them; nothing where it refuses the line
    (text_problems says why, naming the attribute)."""
    from mubiao.okrs import services
    from mubiao.okrs.transfer.columns import CellError
    from mubiao.okrs.transfer.readings import STATED_KEY_RESULT, stated_fields

    try:
        fields = stated_fields(kr.stated, STATED_KEY_RESULT, kr.text, cycle).fields
    except CellError:  # `due=` that is no date: refused, said by text_problems
        return
    stored = services.stored_as(actor(request), cycle, {**fields, "title": kr.text})
    if stored is None:
        return
    said_kr["key_result"] = {name: getattr(stored, name) for name in STORED}
    if "start" in kr.stated:
        said_kr["start"] = stored.start_value
    if "target" in kr.stated:
        said_kr["target"] = stored.target_value
    said_kr["unit"] = stored.unit or None
    # The direction as stored, in the reading's terms: an attribute-only line read no
    # direction from its title ("milestone") though it is stored as an increase (issue 9).
    if stored.metric_type in (stored.MetricType.MILESTONE, stored.MetricType.BOOLEAN):
        said_kr["direction"] = "milestone"
    elif stored.direction in (stored.Direction.AT_LEAST, stored.Direction.AT_MOST):
        said_kr["direction"], said_kr["bound"] = "maintain", str(stored.direction)
    else:
        said_kr["direction"] = str(stored.direction)


# okrtext's problems that stop the text import (text_reader: an attribute block it cannot
# read; an ambiguous number is refused on its key result, as unreadable_key_results says).
REFUSED_PROBLEMS = {
    okrtext_parser.ATTRIBUTE_TWICE,
    okrtext_parser.ATTRIBUTE_BLOCK_UNREADABLE,
    okrtext_parser.ATTRIBUTE_BLOCK_NOT_AT_END,
    okrtext_parser.AMBIGUOUS_NUMBER,
}

# What /okrtext/parse says an import stores a key result as (StoredKeyResultOut).
STORED = ("metric_type", "start_value", "target_value", "unit", "direction", "due_date")


@router.post("/okrtext/lint", response=responses(LintOut), summary="Check OKRs written as text")
def lint_text(request, payload: TextIn):
    from mubiao import okrtext
    from mubiao.okrs.transfer.text_reader import text_problems

    reading, lang = _reading(request, payload)
    config = actor(request).organization.settings.get("lint") or None
    linted = okrtext.lint(payload.text, lang=lang, config=config, **reading)
    findings = [finding.to_dict() for finding in linted]
    # What the import refuses or notes, as parse lists it (issue 9), each once at its line: a
    # line okrtext's own `unreadable` finding already asks about is not asked about twice.
    with translation.override(lang):
        parsed = okrtext.parse(payload.text, **reading)
        problems = text_problems(
            parsed, payload.text, reading.get("cycle"),
            weights_on=actor(request).organization.weights_enabled,
        )  # fmt: skip
    asked = {f["line"] for f in findings if f["rule"] == "unreadable"}
    findings += [_finding(problem) for problem in problems if problem["line"] not in asked]
    return {"findings": findings}


def _finding(problem: dict) -> dict:
    """A problem of text_problems as a lint finding: an error where the import refuses it, a
    warning where it imports the line and notes it (an attribute it ignores)."""
    return {
        "rule": "unreadable",
        "severity": "error" if problem["refused"] else "warning",
        "objective": None,
        "key_result": None,
        "line": problem["line"],
        "message": problem["message"],
        "suggestion": None,
    }
