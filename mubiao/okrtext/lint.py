"""The OKR linter: the checks of okr-rules.md §4 on text and on optional metadata."""

import calendar
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from . import lexicon, wordclass
from .deadlines import find_deadlines, main_deadline
from .messages import FOR_EXAMPLE, LANGUAGES, MESSAGES, UNREADABLE
from .model import Document
from .parser import parse
from .reading import NUMBER_REFUSALS, Analysis, analyse, json_number, unreadable_example
from .rules import ERROR, INFO, RULES, SEVERITIES
from .text import CJK, is_mostly_cjk


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    objective: int | None  # 1-based, counted across the whole document
    key_result: int | None  # 1-based within its objective
    line: int | None
    message: str
    suggestion: str
    # The other objective and key result a finding is about (OKR-P01's duplicate), numbered
    # as `objective` and `key_result`, so that a page can link to them.
    related_objective: int | None = None
    related_key_result: int | None = None

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class KRInput:
    text: str
    weight: float | None = None
    score: float | None = None
    confidence: float | None = None  # 0–1, or 0–10 as people enter it
    line: int | None = None
    source: str | None = None  # the line as written, for the column of what cannot be read
    # Stored (or imported) with a numeric start and target: measurable by those numbers,
    # whatever its title says (OKR-M01, OKR-M02 look at them, not only at the title's).
    measured: bool = False
    # The grading note of a key result graded below 1.0: it explains the miss (OKR-C02).
    note: str = ""
    # What an import will store beside the title, where it is known (issue 9 C3): the metric
    # type (a milestone is judged by it, not by a title read as one: a done/not-done key result
    # is none) and whether a start or current value is given (then the title need not say
    # where it starts, OKR-M04/M05).
    metric_type: str | None = None
    has_start: bool = False


# The metric types an exact line's `metric=` names that count in numbers (okrs.quality's).
_MEASURED_METRICS = ("number", "percent", "currency")


def _measured(kr) -> bool:
    """Whether an exact line (Mubiao's own export) states a numeric start and target, or the
    values beside the text give the key result its target (its title alone may state none:
    "Improve NPS" with 30 and 45 in its Baseline and Target columns)."""
    stated = kr.stated
    if not stated:
        # (a `Current:` value beside it gives neither: a check-in's)
        return bool({"start", "target"} & kr.beside.keys()) and kr.target is not None
    return bool(stated.get("start") and stated.get("target")) and (
        stated.get("metric", "number") in _MEASURED_METRICS
    )


@dataclass
class ObjectiveInput:
    title: str
    key_results: list[KRInput] = field(default_factory=list)
    owner: str | None = None
    cycle_start: date | None = None
    cycle_end: date | None = None
    kind: str | None = None  # "committed" or "aspirational"
    score: float | None = None
    note: str | None = None  # explanation or postmortem of a score
    has_parent: bool | None = None
    top_level: bool | None = None
    owner_kind: str | None = None  # "team" or "person": whose objective OKR-P02 talks about
    bottom_up: bool | None = None  # set by its owner rather than assigned (OKR-P03)
    line: int | None = None


@dataclass
class LintConfig:
    """An organization's choices: severities per rule, rules switched off, thresholds."""

    severities: dict[str, str] = field(default_factory=dict)  # "OKR-M07" or "M07" → severity
    disabled: set[str] = field(default_factory=set)
    kr_min: int = 2
    kr_max: int = 5
    objectives_max: int = 5
    objectives_recommended: int = 3
    key_results_per_owner_max: int = 20
    objective_max_words: int = 15
    objective_max_chars: int = 100
    objective_max_cjk: int = 35
    topic_max_words: int = 3
    topic_max_cjk: int = 4

    @classmethod
    def from_value(cls, value: "LintConfig | dict | None") -> "LintConfig":
        """Accept a LintConfig, a dict with the same keys (rule values "off" disable), or None."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        options = dict(value)
        severities = {}
        disabled = {_rule_id(r) for r in options.pop("disabled", ())}
        for rule, setting in options.pop("rules", options.pop("severities", {})).items():
            if setting in ("off", False, None):
                disabled.add(_rule_id(rule))
            else:
                severities[_rule_id(rule)] = setting
        unknown = set(options) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown lint options: {', '.join(sorted(unknown))}")
        return cls(severities=severities, disabled=disabled, **options)

    def __post_init__(self) -> None:
        self.severities = {_rule_id(k): v for k, v in self.severities.items()}
        self.disabled = {_rule_id(r) for r in self.disabled}
        for rule, severity in self.severities.items():
            if rule not in RULES or severity not in SEVERITIES:
                raise ValueError(f"bad severity setting: {rule}={severity}")

    def severity(self, rule: str, default: str | None = None) -> str:
        return self.severities.get(rule, default or RULES[rule].severity)


def _rule_id(rule: str) -> str:
    rule_id = rule if rule.startswith("OKR-") else f"OKR-{rule}"
    if rule_id not in RULES:
        raise ValueError(f"unknown rule: {rule}")
    return rule_id


def lint(
    document_or_text: Document | str,
    *,
    lang: str | None = None,
    config: LintConfig | dict | None = None,
    year: int | None = None,
    cycle: tuple[date, date] | None = None,
) -> list[Finding]:
    """Check OKR text (or a parsed Document) against the rule catalogue. Text is read as
    `parse(text, year=year, cycle=cycle)` reads it, and checked against the cycle (first and
    last day) as an import into it is."""
    if isinstance(document_or_text, str):
        document = parse(document_or_text, year=year, cycle=cycle)
    else:
        document = document_or_text
    lines = document_or_text.splitlines() if isinstance(document_or_text, str) else []
    cycle_start, cycle_end = cycle or (None, None)

    def source(line: int | None) -> str | None:
        return lines[line - 1] if line and line <= len(lines) else None

    objectives = [
        ObjectiveInput(
            title=objective.title,
            key_results=[
                KRInput(kr.text, line=kr.line, source=source(kr.line), measured=_measured(kr))
                for kr in objective.key_results
            ],
            owner=section.owner,
            cycle_start=cycle_start,
            cycle_end=cycle_end,
            line=objective.line,
        )
        for section in document.sections
        for objective in section.objectives
    ]
    return lint_objectives(objectives, lang=lang, config=config)


def lint_objectives(
    objectives: list[ObjectiveInput],
    *,
    lang: str | None = None,
    config: LintConfig | dict | None = None,
) -> list[Finding]:
    """Check objectives with their key results and whatever metadata is known."""
    if lang is None:
        words = " ".join(
            o.title + " " + " ".join(k.text for k in o.key_results) for o in objectives
        )
        lang = "zh-hans" if is_mostly_cjk(words) else "en"
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}")
    return _Linter(objectives, lang, LintConfig.from_value(config)).run()


# "Ensure a clear hiring process", "Ensure a smooth onboarding experience for new hires" promise
# a quality: a deliverable's word inside the noun phrase ("hiring", "hires", "each release")
# delivers nothing. Only a delivery said done ("Ensure the app is launched") does (h10n).
_ENSURE = re.compile(r"(?i:^\W*(?:ensure|make\s+sure)\b)")
_DELIVERED = re.compile(
    rf"(?i:\b(?:is|are|be|been|gets?)\s+(?:\w+ly\s+)?(?:{lexicon.DELIVERABLE.pattern}))"
)


def _target_as_said(analysis: Analysis) -> str:
    """The target quoted in a message as it was written, with the unit written after it
    (`$50k`, `Zero P0 incidents`: never rebuilt from its value and unit, which made 50000$ and
    0P0 incidents), or a placeholder as written ("xx 家"), which has no value: a message never
    says "None" (issue 9 m2)."""
    reading, norm = analysis.reading, analysis.normalised
    said = next(
        (q for q in reversed(analysis.targets) if q.value == reading.target or q.is_placeholder),
        None,
    )
    if said is None:
        return f"{json_number(reading.target)}{reading.unit or ''}" if reading.target else ""
    end = said.end
    unit = reading.unit or ""
    if unit and unit not in norm[said.start : end] and norm[end:].lstrip().startswith(unit):
        end = norm.index(unit, end) + len(unit)
    return norm[said.start : end]


@dataclass
class _Objective:
    """An objective with its index and the analyses of its title and key results."""

    index: int
    input: ObjectiveInput
    title: Analysis
    key_results: list[Analysis]


class _Linter:
    def __init__(self, objectives: list[ObjectiveInput], lang: str, config: LintConfig) -> None:
        self.lang = lang
        self.config = config
        self.findings: list[Finding] = []
        self.objectives = [
            _Objective(
                i, o, analyse(o.title), [analyse(kr.text, source=kr.source) for kr in o.key_results]
            )
            for i, o in enumerate(objectives, start=1)
        ]

    def run(self) -> list[Finding]:
        for objective in self.objectives:
            self._structure(objective)
            self._objective_wording(objective)
            for number, analysis in enumerate(objective.key_results, start=1):
                self._key_result(objective, number, analysis)
            self._key_result_set(objective)
            self._time(objective)
            self._grading(objective)
        self._owner_sets()
        return self.findings

    def _add(
        self,
        rule: str,
        objective: _Objective | None,
        key_result: int | None = None,
        *,
        variant: str | None = None,
        severity: str | None = None,
        related: tuple[int, int | None] = (None, None),
        **params: object,
    ) -> None:
        if rule in self.config.disabled:
            return
        key = f"{rule}:{variant}" if variant else rule
        singular = (
            MESSAGES.get(f"{key}:one", {}).get(self.lang) if params.get("count") == 1 else None
        )
        text = singular or MESSAGES[key][self.lang]
        line = None
        if objective is not None:
            line = objective.input.line
            if key_result is not None:
                line = objective.input.key_results[key_result - 1].line or line
        self.findings.append(
            Finding(
                rule=rule,
                severity=self.config.severity(rule, severity),
                objective=objective.index if objective else None,
                key_result=key_result,
                line=line,
                message=text[0].format(**params),
                suggestion=text[1].format(**params),
                related_objective=related[0],
                related_key_result=related[1],
            )
        )

    # --- §4.1 structure ---------------------------------------------------------------------

    def _structure(self, objective: _Objective) -> None:
        count = len(objective.key_results)
        config = self.config
        if count == 0:
            self._add("OKR-S01", objective)
        elif count < config.kr_min:
            self._add("OKR-S02", objective, variant="few", count=count, minimum=config.kr_min)
        elif count > config.kr_max:
            self._add("OKR-S02", objective, variant="many", count=count, maximum=config.kr_max)
        title = objective.input.title
        cjk = len(CJK.findall(title))
        words = len(title.split()) if not cjk else 0
        too_long = "\n" in title.strip() or (
            cjk > config.objective_max_cjk
            if cjk
            else words > config.objective_max_words or len(title) > config.objective_max_chars
        )
        if too_long:
            self._add("OKR-S05", objective, **self._length(title.strip(), words))

    @staticmethod
    def _length(title: str, words: int) -> dict[str, object]:
        """How long a title is, as OKR-S05 says it (its message's variant and counts): its
        lines when it has a line break, else every character it has (a count of its Chinese
        characters alone said 5 字 of 16), with its words where it has no Chinese."""
        if (lines := len(title.splitlines())) > 1:
            return {"variant": "lines", "lines": lines}
        if not words:
            return {"variant": "characters", "characters": len(title)}
        return {"variant": "words", "words": words, "characters": len(title)}

    # --- §4.2 objective wording -------------------------------------------------------------

    def _objective_wording(self, objective: _Objective) -> None:
        title = objective.title.normalised.strip()
        reading = objective.title.reading
        if reading.target is not None or objective.title.placeholder:
            number = _target_as_said(objective.title)
            self._add("OKR-O01", objective, number=number, metric=reading.metric or title)
        if match := lexicon.BUSINESS_AS_USUAL.search(title):
            self._add("OKR-O02", objective, word=match.group())
        if self._is_topic(title):
            self._add("OKR-O03", objective, title=objective.input.title.strip())
        superlative = lexicon.SUPERLATIVE.search(title)
        if superlative and not any(a.targets for a in objective.key_results):
            self._add("OKR-O04", objective, word=superlative.group())
        if lexicon.LAUNCH.search(title) and not any(
            self._is_outcome_metric(a) for a in objective.key_results
        ):
            self._add("OKR-O05", objective)
        if match := lexicon.TIMID.search(title):
            self._add("OKR-O06", objective, word=match.group())

    def _is_topic(self, title: str) -> bool:
        cjk = len(CJK.findall(title))
        if cjk:
            # "团队建设" is a topic; "提升续费" opens with its verb and is not.
            words = title[CJK.search(title).start() :]
            return cjk <= self.config.topic_max_cjk and not lexicon.CJK_VERB.match(words)
        words = re.findall(r"[A-Za-z][\w'-]*", title)
        has_verb = any(
            pattern.fullmatch(word)
            for word in words
            for pattern in (
                lexicon.OBJECTIVE_VERB,
                lexicon.INCREASE,
                lexicon.DECREASE,
                lexicon.MAINTAIN,
                lexicon.DELIVERABLE,
                lexicon.ACTIVITY_EN,
            )
        )
        return len(words) <= self.config.topic_max_words and not has_verb

    @staticmethod
    def _is_outcome_metric(analysis: Analysis) -> bool:
        reading = analysis.reading
        has_target = reading.target is not None or analysis.placeholder
        return has_target and not reading.is_activity

    # --- §4.3–4.4 one key result ------------------------------------------------------------

    def _key_result(self, objective: _Objective, number: int, analysis: Analysis) -> None:
        reading = analysis.reading
        norm = analysis.normalised
        given = objective.input.key_results[number - 1]
        numeric = bool(analysis.targets) or given.measured
        milestone = (
            given.metric_type == "milestone"
            if given.metric_type
            else reading.direction == "milestone"
        )
        metric = reading.metric or reading.text
        deliverable = bool(
            (_DELIVERED if _ENSURE.match(norm) else lexicon.DELIVERABLE).search(norm)
        )
        # A dated or stated checkable result ("5月前取得c2驾照", "The DHT is enabled by default",
        # "Pass the AWS certification by May 30") is measurable: done or not by a date. Work
        # the activity lexicon names ("Research pricing by March 1") has no end to check.
        checkable = bool(
            (analysis.deadlines and not (reading.is_activity and _activity_verb(norm)))
            or lexicon.STATE_DONE.search(norm)
            or lexicon.state_verb(norm)
            # "在冲刺开始后，没有新的故事被带入冲刺中": nothing of the kind, checked at the end.
            or bool(re.search(r"(?:^|[，,；;])\s*" + lexicon.NONE_LEFT_ZH.pattern, norm))
        )
        # Numbers the reader could not read are its problem, said with their column; the
        # checks that need them (measurable, vague, a milestone's date) wait until they are.
        unread = self._unreadable(objective, number, reading.unreadable)
        if not numeric and not deliverable and not checkable and not unread:
            self._add("OKR-M01", objective, number, metric=metric)
        if not numeric and not unread and (vague := lexicon.VAGUE.search(norm)):
            self._add("OKR-M02", objective, number, word=vague.group(), metric=metric)
        if hedge := lexicon.HEDGING.search(norm):
            self._add("OKR-M03", objective, number, word=hedge.group())
        target = _target_as_said(analysis)
        # A number the reader could not read leaves no target to advise on ("4,5万" read as
        # 30000 was quoted back in "成本从 4,5万从 X 提升到 30000").
        measured = reading.target is not None and not unread
        if measured and analysis.has_change_verb and not (analysis.has_baseline or given.has_start):
            if reading.target_type == "relative":
                self._add("OKR-M05", objective, number, target=target)
            elif reading.direction in ("increase", "decrease"):
                self._add("OKR-M04", objective, number, target=target, metric=metric)
        if measured and self._bare_users(reading.metric or ""):
            self._add("OKR-M06", objective, number)
        if analysis.placeholder:
            self._add("OKR-M07", objective, number)
        if milestone and deliverable and not lexicon.ARTIFACT.search(norm):
            self._add("OKR-M08", objective, number)
        if measured and not self._has_direction_word(analysis):
            self._add("OKR-M09", objective, number, target=target)
        if (
            len(analysis.targets) >= 2
            and reading.start is None
            and _joined(analysis)
            and not unread
        ):
            self._add("OKR-S06", objective, number, count=len(analysis.targets))
        self._activity(objective, number, analysis)
        if milestone and not analysis.deadlines and not objective.input.cycle_end and not unread:
            self._add("OKR-A03", objective, number)

    def _unreadable(self, objective: _Objective, number: int, unreadable) -> bool:
        """A finding for each number, pair of units or date the reader could not read (the
        reader's problem, with its column on the line as written); whether a number or a unit
        was among them."""
        kr = objective.input.key_results[number - 1]
        written_line = kr.source or kr.text
        for code, written in unreadable:
            found = written_line.find(written)
            message, suggestion = UNREADABLE[code][self.lang]
            example = unreadable_example(code, written, self._cycle(objective), self.lang)
            params = {
                "text": written,
                "column": found + 1 if found >= 0 else "?",
                "example": FOR_EXAMPLE[self.lang].format(example=example) if example else "",
            }
            self.findings.append(
                Finding(
                    rule="unreadable",
                    severity=ERROR,
                    objective=objective.index,
                    key_result=number,
                    line=kr.line or objective.input.line,
                    message=message.format(**params),
                    suggestion=suggestion.format(**params),
                )
            )
        return any(code in NUMBER_REFUSALS for code, _written in unreadable)

    @staticmethod
    def _cycle(objective: _Objective) -> tuple[date, date] | None:
        start, end = objective.input.cycle_start, objective.input.cycle_end
        return (start, end) if start and end else None

    @staticmethod
    def _bare_users(metric: str) -> bool:
        return bool(lexicon.BARE_USERS.search(metric)) and not lexicon.USER_QUALIFIER.search(metric)

    @staticmethod
    def _has_direction_word(analysis: Analysis) -> bool:
        verbs = (lexicon.DELIVERABLE, lexicon.ACTIVITY_EN, lexicon.OUTCOME_EN, lexicon.CJK_VERB)
        return (
            analysis.has_comparator
            or analysis.has_change_verb
            or analysis.reading.start is not None
            # A bound the reading keeps ("Top 3", "前三": a rank is at most its place).
            or analysis.reading.bound is not None
            or bool(re.search(r"(?i:\bto\b|\bby\b)|至|到|达", analysis.normalised))
            or any(v.search(analysis.normalised) for v in verbs)
        )

    def _activity(self, objective: _Objective, number: int, analysis: Analysis) -> None:
        norm = analysis.normalised
        reading = analysis.reading
        # One decision for the reader and the linter: the reading's is_activity (§5). A bare
        # dated delivery is work done ("Hire 8 engineers by end of Q2", "2月底前推出客户支持方案"):
        # the date makes it checkable (no OKR-M01), not an outcome. A dated delivery with an
        # acceptance criterion ("季度末前上线…看板，覆盖 100% 付费账户", "…signed off by
        # engineering") is a committed milestone, left to OKR-A02/A03.
        accepted = bool(
            analysis.deadlines
            and lexicon.DELIVERABLE.search(norm)
            and not _activity_verb(norm)
            and not lexicon.TODO_ZH.search(norm)
            and lexicon.ACCEPTANCE.search(norm)
        )
        # A title that states no number on a key result whose values measure it ("* star start",
        # 0 → 10) is the name of what is counted, not work to do: the values say the result.
        named = reading.target is None and objective.input.key_results[number - 1].measured
        if (
            reading.is_activity
            and not analysis.outcome_after_purpose
            and not accepted
            and not named
        ):
            self._add("OKR-A01", objective, number, verb=_activity_verb(norm) or _main_word(norm))
            if cadence := lexicon.CADENCE.search(norm):
                self._add("OKR-A04", objective, number, word=cadence.group())
        if (
            analysis.skipped
            and any(q.skip in ("identifier", "version") for q in analysis.skipped)
            and reading.direction == "milestone"
            and not lexicon.PURPOSE.search(norm)
        ):
            name = reading.metric or reading.text
            self._add("OKR-A05", objective, number, name=name)

    # --- §4.4 and §4.7 across one objective's key results -----------------------------------

    def _key_result_set(self, objective: _Objective) -> None:
        analyses = objective.key_results
        # A key result stored (or stated) with a numeric start and target measures a result by
        # them, whatever its title says (`付费客户` 1,200 → 3,000 人: a spreadsheet's row).
        measured = any(kr.measured for kr in objective.input.key_results)
        if analyses and not measured and not any(self._is_outcome_metric(a) for a in analyses):
            self._add("OKR-A02", objective)
        weights = [kr.weight for kr in objective.input.key_results if kr.weight is not None]
        if weights and len(set(weights)) > 1:
            self._add("OKR-P04", objective)
        volume = next((a for a in analyses if _is_volume(a)), None)
        if volume and not any(lexicon.QUALITY.search(a.normalised) for a in analyses):
            metric = volume.reading.metric or volume.reading.text
            number = analyses.index(volume) + 1
            self._add("OKR-P05", objective, number, metric=metric)

    # --- §4.5 time --------------------------------------------------------------------------

    def _time(self, objective: _Objective) -> None:
        cycle_end = objective.input.cycle_end
        dated = [a for a in objective.key_results if a.deadlines]
        if cycle_end is None and not objective.title.deadlines and not dated:
            self._add("OKR-T01", objective)
        year = (
            cycle_end.year
            if cycle_end
            else objective.input.cycle_start and objective.input.cycle_start.year
        )
        # Without a year, dates are compared within one year (2000 is a leap year) and shown
        # as month-day.
        reference = year or 2000
        cycle_start = objective.input.cycle_start
        # A date written without a year lies in the cycle (a November–January cycle's "12 月底").
        within = (cycle_start, cycle_end) if cycle_start and cycle_end else None

        def show(day: date) -> str:
            return day.isoformat() if year or day.year != reference else day.strftime("%m-%d")

        dues = [main_deadline(a.deadlines).due(reference, within=within) for a in dated]
        last = cycle_end or _quarter_end(dues)
        all_dated = len(dated) >= 2 and len(dated) == len(objective.key_results)
        if all_dated and len(set(dues)) == 1 and last is not None and dues[0] == last:
            self._add("OKR-T02", objective, due=show(dues[0]))
        title_deadline = main_deadline(objective.title.deadlines)
        title_due = title_deadline.due(reference, within=within) if title_deadline else None
        for number, analysis in enumerate(objective.key_results, start=1):
            if not analysis.deadlines:
                continue
            due = main_deadline(analysis.deadlines).due(reference, within=within)
            if due is None:
                continue
            for limit, names in (
                (cycle_end, ("周期结束", "cycle end")),
                (title_due, ("目标的截止日期", "objective's deadline")),
            ):
                if limit is not None and due > limit:
                    name = names[0] if self.lang == "zh-hans" else names[1]
                    self._add(
                        "OKR-T03",
                        objective,
                        number,
                        due=show(due),
                        limit=show(limit),
                        limit_name=name,
                    )
                    break

    # --- §4.6 type and grading --------------------------------------------------------------

    def _grading(self, objective: _Objective) -> None:
        data = objective.input
        kind = data.kind
        for number, kr in enumerate(data.key_results, start=1):
            if kr.score is not None and not _valid_score(kr.score):
                self._add("OKR-C06", objective, number, score=kr.score)
            if kr.confidence is not None:
                confidence = kr.confidence / 10 if kr.confidence > 1 else kr.confidence
                if confidence >= 0.9 and kind == "aspirational":
                    self._add(
                        "OKR-C05", objective, number, variant="high", confidence=kr.confidence
                    )
                elif confidence <= 0.2:
                    self._add("OKR-C05", objective, number, variant="low", confidence=kr.confidence)
        if data.score is not None and not _valid_score(data.score):
            self._add("OKR-C06", objective, score=data.score)
        score = _objective_score(data)
        if kind == "committed" and score is not None and score < 1:
            misses = [kr.note for kr in data.key_results if kr.score is not None and kr.score < 1]
            if not miss_explained(data.note or "", misses):
                self._add("OKR-C02", objective, variant="committed", score=score)
        elif kind == "aspirational" and score is not None and score < 0.4:
            self._add("OKR-C02", objective, variant="aspirational", severity=INFO, score=score)
        if kind == "committed" and len(data.key_results) == 1:
            self._add("OKR-C04", objective)
        if data.has_parent is False and data.top_level is False:
            kind = data.owner_kind if data.owner_kind in ("team", "person") else None
            self._add("OKR-P02", objective, variant=kind)

    # --- §4.1, §4.6, §4.7 per owner ---------------------------------------------------------

    def _owner_sets(self) -> None:
        by_owner_cycle: dict[tuple, list[_Objective]] = defaultdict(list)
        by_owner: dict[str | None, list[_Objective]] = defaultdict(list)
        for objective in self.objectives:
            data = objective.input
            by_owner_cycle[(data.owner, data.cycle_start, data.cycle_end)].append(objective)
            by_owner[data.owner].append(objective)
        for (owner, _, _), group in by_owner_cycle.items():
            self._owner_cycle(owner, group)
        for owner, group in by_owner.items():
            self._sandbagging(owner, group)
        untyped = [o for o in self.objectives if o.input.kind is None]
        if untyped:
            self._add("OKR-C01", untyped[0])
        self._bottom_up()

    def _owner_name(self, owner: str | None) -> str:
        if owner:
            return owner
        return "该负责人" if self.lang == "zh-hans" else "This owner"

    def _owner_cycle(self, owner: str | None, group: list[_Objective]) -> None:
        name = self._owner_name(owner)
        config = self.config
        if len(group) > config.objectives_max:
            self._add(
                "OKR-S03",
                group[0],
                variant="many",
                owner=name,
                count=len(group),
                maximum=config.objectives_max,
            )
        elif len(group) > config.objectives_recommended:
            self._add(
                "OKR-S03", group[0], variant="several", severity=INFO, owner=name, count=len(group)
            )
        total = sum(len(o.key_results) for o in group)
        if total > config.key_results_per_owner_max:
            self._add(
                "OKR-S04",
                group[0],
                owner=name,
                count=total,
                maximum=config.key_results_per_owner_max,
            )
        self._duplicates(group)

    def _duplicates(self, group: list[_Objective]) -> None:
        seen: list[tuple[_Objective, int, set[str]]] = []
        for objective in group:
            for number, analysis in enumerate(objective.key_results, start=1):
                tokens = _tokens(analysis.normalised)
                for other, other_number, other_tokens in seen:
                    if other is not objective and _similar(tokens, other_tokens):
                        self._add(
                            "OKR-P01",
                            objective,
                            number,
                            related=(other.index, other_number),
                            # Named by title, as every list shows them (a number means
                            # nothing on a page that lists objectives by title).
                            other_objective=other.input.title,
                            other_key_result=other.input.key_results[other_number - 1].text,
                        )
                        break
                seen.append((objective, number, tokens))

    def _sandbagging(self, owner: str | None, group: list[_Objective]) -> None:
        name = self._owner_name(owner)
        kinds = {o.input.kind for o in group if o.input.kind}
        scored = defaultdict(list)
        for objective in group:
            score = _objective_score(objective.input)
            if objective.input.kind == "aspirational" and score is not None:
                scored[(objective.input.cycle_start, objective.input.cycle_end)].append(score)
        scores = [s for cycle in scored.values() for s in cycle]
        if len(scored) >= 2 and (sum(scores) / len(scores) >= 0.9):
            average = round(sum(scores) / len(scores), 2)
            self._add(
                "OKR-C03",
                group[0],
                variant="sandbagging",
                owner=name,
                cycles=len(scored),
                average=average,
            )
        elif kinds == {"committed"}:
            self._add("OKR-C03", group[0], variant="no_aspirational", severity=INFO, owner=name)

    def _bottom_up(self) -> None:
        known = [o for o in self.objectives if o.input.bottom_up is not None]
        if known:
            share = 100 * sum(o.input.bottom_up for o in known) // len(known)
            if share < 40:
                self._add("OKR-P03", None, share=share)


def _activity_verb(norm: str) -> str | None:
    """The activity verb a KR starts with or is built on (OKR-A01), if any."""
    if match := lexicon.TODO_ZH.search(norm):
        return match.group()
    stripped = _blank_opening_deadline(norm)
    if CJK.search(stripped[:8]):
        first = lexicon.first_cjk_verb(stripped)
        return first.group() if first and lexicon.ACTIVITY_ZH.fullmatch(first.group()) else None
    word = re.match(r"\W*([A-Za-z]+(?:\s+(?:up|on|with))?)", stripped)
    if word and lexicon.ACTIVITY_EN.fullmatch(word.group(1)):
        return word.group(1)
    return None


def _main_word(norm: str) -> str:
    """The word a KR's work is named by, for the message: its first verb, else its first word;
    a deadline that opens the KR is neither ("截止二月底…" named "截止二月" as the work)."""
    norm = _blank_opening_deadline(norm)
    verb = lexicon.first_cjk_verb(norm) if CJK.search(norm[:8]) else None
    if verb is not None:
        return verb.group()
    first = re.search(r"[\w-]+(?:%|\+)?|\S+", norm)
    if first is None:
        return norm
    word = first.group()
    if not CJK.search(word):
        return word  # "Launch", "3D", "100%": a whole word
    # Chinese runs on without spaces: quote its first words whole, never half of one
    # ("品牌知名度…", not "品牌知名"), and say with an ellipsis that more follows.
    quoted = ""
    for token in wordclass.zh_tokens(word):
        if quoted and len(quoted) + len(token.word) > _QUOTED_CHARS:
            return f"{quoted}…"
        quoted += token.word
    return quoted


_QUOTED_CHARS = 6  # how much of a Chinese key result a message quotes as its work


def _blank_opening_deadline(norm: str) -> str:
    """norm without a deadline that opens it: "Q1 拜访…", "By March 7, visit…"."""
    opening = [d.end for d in find_deadlines(norm) if not norm[: d.start].strip()]
    return (norm[opening[0] :] if opening else norm).strip(" ,，:：")


def _joined(analysis: Analysis) -> bool:
    """Two targets joined by "and", a comma or 、 (OKR-S06), not a from→to pair."""
    first, second = analysis.targets[0], analysis.targets[1]
    between = analysis.normalised[first.end : second.start]
    return bool(re.search(r"(?i:\band\b)|[,;、]|并且|同时|和|及", between))


def _is_volume(analysis: Analysis) -> bool:
    """A KR that pushes a count or a speed (OKR-P05)."""
    reading = analysis.reading
    if reading.target is None or reading.unit in ("%", "x"):
        return False
    target = next((q for q in analysis.targets if q.value == reading.target), None)
    return target is not None and target.kind == "count" and reading.direction == "increase"


def _tokens(norm: str) -> set[str]:
    """Words for en, character pairs for zh: enough to compare two KRs (OKR-P01)."""
    words = set(re.findall(r"[a-z0-9]+", norm.lower()))
    cjk = "".join(CJK.findall(norm))
    return words | {cjk[i : i + 2] for i in range(len(cjk) - 1)}


def _similar(a: set[str], b: set[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= 0.8


def _valid_score(score: float) -> bool:
    value = Decimal(str(score))
    return 0 <= value <= 1 and value == value.quantize(Decimal("0.1"))


def miss_explained(retrospective: str, miss_notes: Sequence[str]) -> bool:
    """Whether a committed objective graded below 1.0 explains the miss (OKR-C02: "no
    explanation or postmortem note"): in its retrospective, or in the grading note of every key
    result graded below 1.0 (the form asks each of them for one). Below 1.0 with no key result
    below it (weights) leaves only the retrospective to explain it. The one rule of grading
    (okrs.services.grading) and of "Check OKRs": what one takes, the other does not flag."""
    if (retrospective or "").strip():
        return True
    return bool(miss_notes) and all((note or "").strip() for note in miss_notes)


def _objective_score(data: ObjectiveInput) -> float | None:
    if data.score is not None:
        return data.score
    scores = [kr.score for kr in data.key_results if kr.score is not None]
    if scores and len(scores) == len(data.key_results):
        # As the services store it: one decimal, rounded half up (0.675 → 0.7, as shown).
        mean = sum(Decimal(str(score)) for score in scores) / len(scores)
        return float(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return None


def _quarter_end(dues: list[date | None]) -> date | None:
    """Without a cycle, the last day of the quarter the dates fall in (OKR-T02)."""
    known = [d for d in dues if d is not None]
    if not known:
        return None
    latest = max(known)
    month = (latest.month - 1) // 3 * 3 + 3
    return date(latest.year, month, calendar.monthrange(latest.year, month)[1])
