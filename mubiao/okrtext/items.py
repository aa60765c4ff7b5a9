"""Items under an objective (okrtext.parser): bullets and their nesting, label lines, field
lines under a key result or an objective, reStructuredText directives, wrapped item text.
"""

import re
from itertools import pairwise

from . import lexicon
from .headings import (
    _owner,
)
from .model import ParsedKeyResult, Problem
from .numbers import find_quantities, unit_key
from .problems import (
    BULLET_OUTSIDE,
    CONFIDENCE_NOT_READ,
    CURRENT_NOT_READ,
    DETAIL,
    KR_WITHOUT_OBJECTIVE,
    LABEL,
    MARKER_WITHOUT_TITLE,
    START_DIFFERS,
    STATUS_NOT_READ,
    TARGET_DIFFERS,
    UNREAD_FIELD,
)
from .reading import KeyResultReading, analyse
from .shapes import (
    _BULLET,
    _HEADING,
    _INITIATIVES_LABEL,
    _KEY_RESULT,
    _KR_LABEL,
    _OBJECTIVE,
    _OBJECTIVE_LABEL,
    _OUTLINE_NUMBER,
    _depth,
    _is,
    _match,
    unemphasise,
)
from .tables import (
    _cells,
    _with_values,
)
from .text import normalise, owner_names

# A key result's detail line that states its start (F15): `当前值: 250ms`, `current: 65 s`.
# The start words of a table's header and of a line (lexicon.START_WORD), and 现值 (h10v).
_START_WORDS = rf"(?:{lexicon.START_WORD}|现值)"
_BASELINE_DETAIL = re.compile(rf"{_START_WORDS}\s*[:：]\s*(?P<value>\S.*)$")
# One that states its target (h10x): `目标值: 95%`, `target: 95%`.
_TARGET_WORDS = r"(?i:目标值|目标|target(?:\s+value)?)"
_TARGET_DETAIL = re.compile(rf"(?:{_TARGET_WORDS}|(?i:goal))\s*[:：]\s*(?P<value>\S.*)$")
_AS_OF = re.compile(r"\s*[(（](?:(?i:as\s+of|as\s+at|per)\b|截至|截止|截止到)[^()（）]*[)）]")
# The value now (`Current: 51 (as of Week 8)`, `当前值：51`): the start when none is stated,
# else said as not imported (a check-in records it), never a key result (probe 20).
_CURRENT_DETAIL = re.compile(r"(?:(?i:current(?:\s+value)?)|当前值|当前|现值)\s*[:：]\s*\S")
# Its status (`Status: at risk`, `状态：有风险`): not imported, Mubiao works it out (h9b).
_STATUS_DETAIL = re.compile(r"(?:(?i:status)|状态)\s*[:：]\s*\S")
_STATUS_WORD = re.compile(r"(?i:\bstatus\b)|[状狀][态態]")
# Its confidence (`Confidence: High`, `信心指数：高`): said as not taken (brief h9t2).
_CONFIDENCE_DETAIL = re.compile(r"(?:(?i:confidence)|信心(?:指数)?|置信度)\s*[:：]\s*[^\s\d.]")
# One that names who owns it (`Owner: Emma`, `负责人：林晓`): read as a mention of them.
_OWNER_WORDS = r"(?:(?i:owner|dri|assignee|responsible)|负责人|责任人|执行人|对接人)"
_OWNER_DETAIL = re.compile(rf"{_OWNER_WORDS}\s*[:：]\s*(?P<value>\S.*)$")
# One that states when it is due (`Due: 2026-05-31`, `截止：6月底`).
_DUE_WORDS = (
    r"(?:(?i:due(?:\s+date)?|deadline|target\s+date|eta)|截止(?:日期|时间)?|截至|期限|完成时间"
    r"|时间节点)"
)
_DUE_DETAIL = re.compile(rf"{_DUE_WORDS}\s*[:：]\s*(?P<value>\S.*)$")
# Any field line of a key result: its start, target, progress or status (`- 进度: 66.7% ⚠️`).
_FIELD = re.compile(
    rf"(?:{_START_WORDS}|{_TARGET_WORDS}|(?i:进度|进展|状态|完成度|progress|status|score|得分|评分"
    # A template's labels beside a key result (probe 20): details, never a title of their own.
    r"|priority|confidence|on\s+track|metric|优先级|信心(?:指数)?|风险)"
    rf"|{_OWNER_WORDS}|{_DUE_WORDS})\s*[:：]"
)
# Any other labelled line indented under a key result, as Markdown continues an item
# (`Measurement: quarterly NPS survey`, `Source: Delighted dashboard`, `数据来源：CRM 报表`):
# a note on it, read no further, never an owner or an objective of its own (issue 10 §2).
_DETAIL_LABEL = re.compile(
    r"(?:[A-Za-z][\w'&/-]*(?:\s+[A-Za-z][\w'&/-]*){0,3}|[\u4e00-\u9fff]{2,8})\s*[:：]\s*\S"
)
# "对齐：公司目标", "Aligned to: Grow revenue" under an objective: the parent it supports, never
# an objective of its own (a role "对齐" before a one-line OKR).
_ALIGNED = re.compile(
    r"^>?\s*(?:对齐(?:到|至|于)?|上级目标|支撑目标|(?i:aligned\s+(?:to|with)|parent\s+objective"
    r"|supports))\s*[:：]\s*(?P<parent>\S.*?)\s*$"
)
# reStructuredText directives: ".. objective:: Title", ".. 目标:: 标题", ".. kr:: text",
# ".. 关键结果:: text", and the field lines under one (":owner: Sales", ":负责人: 客服部").
_DIRECTIVE = re.compile(
    r"^\s*\.\.\s+(?:(?P<objective>(?i:objective)|目标)|(?P<kr>(?i:kr|key[\s_-]?results?)"
    r"|关键(?:结果|成果)))\s*::\s*(?P<rest>.*)$"
)
_DIRECTIVE_FIELD = re.compile(r"^(?P<indent>\s+):(?P<key>[^:\s][^:]{0,30}):(?:\s+(?P<value>.*))?$")
# The fields that name an objective's owner; any other is reported (UNREAD_FIELD), never read.
_OWNER_FIELDS = {"owner", "team", "负责人", "团队", "部门"}


# A line that says what it is ("Baseline: 10", "**WHY:** …", "负责人：…"): never a wrapped tail.
_LABELLED = re.compile(r"^[^:：]{1,24}[:：]")


def _join_wrapped(lines: list[str]) -> set[int]:
    """Join a list item's soft-wrapped text: an indented plain line right under a bullet (no
    blank line between) continues the item's text, as in Markdown ("- Reach 100 customers in" over
    "  the enterprise segment"). Rewrites `lines` in place; returns the 1-based numbers of the
    lines joined into the item above (read no further)."""
    joined: set[int] = set()
    item: int | None = None  # index of the bullet line being continued
    item_indent = 0  # its bullet's indent, in columns
    for index, raw in enumerate(lines):
        if not raw.strip():
            item = None
            continue
        line = unemphasise(raw)
        bullet = _match(_BULLET, line)
        if bullet is not None or _match(_HEADING, line) or _cells(raw) or "\t" in raw.strip():
            item = index if bullet is not None and bullet["rest"].strip() else None
            if item is not None:
                item_indent = len(bullet["indent"].expandtabs(4))
            continue
        if item is None:
            continue
        body = line.strip()
        if (
            not raw[:1].isspace()
            or len(raw) - len(raw.lstrip()) <= item_indent
            or re.search(r"[:：]\s*$", lines[item])
            or _LABELLED.match(normalise(body))
            or _match(_KEY_RESULT, body)
            or _match(_OBJECTIVE, body)
            or _match(_ALIGNED, body)
            or body.startswith((">", "|", "```"))
        ):
            item = None
            continue
        head = lines[item].rstrip()
        cjk = re.search(r"[\u3400-\u9fff\uff00-\uffef]$", head) and re.match(
            r"[\u3400-\u9fff]", body
        )
        lines[item] = head + ("" if cjk else " ") + raw.strip()
        joined.add(index + 1)
    return joined


# In a paragraph: "O是“…”", "目标为…", "Objective: …" after the start or a sentence's end, then
# "KR1：…；KR2：…".
_INLINE_OBJECTIVE = re.compile(
    r"(?:^|(?<=[:;。.\s]))(?:O\d*|目标\d*|(?i:objective))\s*(?:是|为|:|(?i:is\b))\s*"
)
_INLINE_KEY_RESULT = re.compile(r"(?:KR|关键结果)\s*\d+\s*:")
_INLINE_STRIP = " \t“”\"'。;；.,，、"


def _inline_okr(line: str) -> tuple[str, list[str]] | None:
    """(objective, key results) of a paragraph that writes one OKR inline, or None."""
    norm = normalise(line)
    objective = _INLINE_OBJECTIVE.search(norm)
    if objective is None:
        return None
    markers = list(_INLINE_KEY_RESULT.finditer(norm, objective.end()))
    if not markers:
        return None
    title = line[objective.end() : markers[0].start()].strip(_INLINE_STRIP)
    ends = [m.start() for m in markers[1:]] + [len(line)]
    key_results = [
        line[m.end() : end].strip(_INLINE_STRIP) for m, end in zip(markers, ends, strict=True)
    ]
    if not title or not all(key_results):
        return None
    return title, key_results


class ItemReading:
    """The parser's reading of items, labels and field lines (mixed into parser._Parser)."""

    def _label(self, number: int, body: str) -> bool:
        """ "Key results:" opens the list of the objective above; "Objective 2" alone announces
        a title on the next line."""
        # "1.2 关键成果（KR）", "二、目标(O)": an outline number before a label heading.
        body = _OUTLINE_NUMBER.sub("", body)
        if _is(_INITIATIVES_LABEL, body):
            self._problem(number, LABEL, closes_list=True)
            self.initiatives = True
            return True
        if _is(_KR_LABEL, body):
            self.initiatives = False
            self._problem(number, LABEL, closes_list=False)
            self.bullets_open = self.objective is not None
            # Bullets under the label are its items at any indent, the objective's own too
            # ("1. Title" / "Key results" / "- …"); a next objective has a label under it.
            self.bullet_objective_indent = None
            self.label_items = 0 if self.objective is not None else None
            return True
        if _is(_OBJECTIVE_LABEL, body):
            self.initiatives = False
            if self._following(number) is None:
                self._problem(number, MARKER_WITHOUT_TITLE)
            else:
                self._problem(number, LABEL, closes_list=False)
                self.title_follows = True
            return True
        return False

    def _label_item(self, number: int, body: str, *, bulleted: bool) -> bool:
        """A plain line under "关键结果：" is one of its key results, as the label says, until a
        blank line after them or a line that says what it is (an objective, a marked key
        result, an owner, another label). Bullets or "KR1：" lines under the label are its
        items instead: a plain line after them is no key result."""
        if (
            bulleted
            or _match(_KEY_RESULT, body)
            or (self.label_items and not self.lines[number - 2].strip())
        ):
            self.label_items = None  # the items are bullets, or a blank line ended them
            return False
        if _match(_OBJECTIVE, body) or _owner(body) or re.search(r"[:：]\s*$", body):
            return False
        self._key_result(number, body)
        self.label_items += 1
        return True

    def _continues_numbering(self, number: int) -> bool:
        """True when line `number` is numbered one after the last key result read, at its
        indent (`3.` under `2.`): the same list, whatever came between."""
        if self.objective is None or not self.objective.key_results:
            return False
        numbered = [
            re.match(r"^(\s*)(\d{1,2})[.)、]", self.lines[n - 1])
            for n in (self.objective.key_results[-1].line, number)
        ]
        return all(numbered) and (
            numbered[0][1] == numbered[1][1] and int(numbered[1][2]) == int(numbered[0][2]) + 1
        )

    def _text_follows(self, number: int) -> bool:
        """True when the next line is plain text that says nothing of its own (no bullet,
        heading, marker or label): the text of a marker written alone on line `number`."""
        line = self._following(number)
        if line is None or _match(_BULLET, line) or _match(_HEADING, line):
            return False
        body = line.strip()
        return not (
            _match(_OBJECTIVE, body)
            or _match(_KEY_RESULT, body)
            or _is(_KR_LABEL, body)
            or _is(_OBJECTIVE_LABEL, body)
        )

    def _bullet(self, number: int, indent: int, body: str) -> None:
        if not self.bullets_open and self._continues_numbering(number):
            # "2. …", a paragraph of prose, "3. …": the list the prose interrupted goes on.
            self.bullets_open = True
        child_follows = self._next_bullet_indent(number) > indent
        following = self._following(number)
        if following is not None and _is(_KR_LABEL, following.strip()):
            # "1. PostHog in the EU" over "Key results" and its bullets: the label says the
            # numbered line is the objective they measure.
            self._objective(number, body, bullet_indent=indent)
        elif self.objective is not None and self.bullets_open:
            nested = self.bullet_objective_indent is not None
            if not nested or indent > self.bullet_objective_indent:
                self._key_result(number, body)
                if self.key_result_indent is None:
                    # Bullets deeper than the key results are their details (outline layouts).
                    self.key_result_indent = indent
            elif self.objectives_marked:
                # Objectives are written "O1：…": an unmarked bullet at their level is outline.
                self._problem(number, BULLET_OUTSIDE)
            else:
                self._objective(number, body, bullet_indent=indent)
        elif (
            (
                child_follows
                or (self.heading_level is not None and self._siblings_nest(number, indent))
            )
            and not self._marked_objective_under(number, indent)
            # "• 关键结果背景与挑战：" over its points: a topic the sub-points explain.
            and not re.search(r"[:：]\s*$", body)
        ):
            self._objective(number, body, bullet_indent=indent)
        elif (
            self.section is not None
            and self.objective is None
            and analyse(body, year=self.year).targets
        ):
            # "## Platform team" / "### Q2 2021" over measured items: key results whose objective
            # the text does not name; a team, a person or a cycle is never read as one.
            self._problem(number, KR_WITHOUT_OBJECTIVE)
        else:
            self._problem(number, BULLET_OUTSIDE)

    def _siblings_nest(self, number: int, indent: int) -> bool:
        """True when a later bullet at `indent`, before the next heading, has bullets under it:
        under an owner heading those bullets are objectives with their key results, and a
        sibling with none is an objective whose key results are not written yet ("### Company
        Wide:" over "* Having successful users" and "* Being a better company" with its own)."""
        depths = []
        for raw in self.lines[number:]:
            line = unemphasise(raw)
            if _match(_HEADING, line):
                break
            if bullet := _match(_BULLET, line):
                depths.append(_depth(bullet))
        return any(a == indent and b > a for a, b in pairwise(depths))

    def _marked_objective_under(self, number: int, indent: int) -> bool:
        """True when an "O1："-style objective is nested under the bullet on line `number`:
        that bullet is an outline point of the text around the OKR, not an objective."""
        for raw in self.lines[number:]:
            if not raw.strip():
                continue
            line = unemphasise(raw)
            bullet = _match(_BULLET, line)
            if bullet is None or _depth(bullet) <= indent:
                return False
            if _match(_OBJECTIVE, bullet["rest"]):
                return True
        return False

    def _next_bullet_indent(self, number: int) -> int:
        """Indent of the next non-blank line if it is a bullet, else -1. An indented paragraph
        that says nothing of an OKR continues the list item above it, as in Markdown ("1. **Title**"
        then "    **WHY:** …" then "   - KR: …"): the bullet after it decides."""
        for raw in self.lines[number:]:
            if not raw.strip():
                continue
            bullet = _match(_BULLET, raw)
            if bullet:
                return _depth(bullet)
            body = unemphasise(raw).strip()
            if not raw[:1].isspace() or _match(_KEY_RESULT, body) or _match(_OBJECTIVE, body):
                return -1
        return -1

    def _directive(self, number: int, directive: dict[str, str]) -> None:
        """ ".. objective:: Title" or ".. kr:: text": a line that says what it is, with its field
        lines under it."""
        if directive["objective"]:
            self._objective(number, directive["rest"])
            self.directive = "objective" if self.objective is not None else None
        else:
            self._key_result(number, directive["rest"])
            self.directive = "kr" if self._read_here(number) else None

    def _directive_field(self, number: int, field: dict[str, str]) -> None:
        """ ":owner: Sales" under an objective's directive names its owner: the objective moves
        to that owner's section (the current one when it is theirs already). Any other field,
        or one under a key result, is reported with its name and column."""
        key, owner = field["key"].strip(), (field["value"] or "").strip()
        if self.directive != "objective" or key.casefold() not in _OWNER_FIELDS or not owner:
            column = len(field["indent"]) + 1
            self.document.problems.append(Problem(number, UNREAD_FIELD, column=column, key=key))
            return
        self._move_objective(number, owner, level=None)

    def _objective_field(self, number: int, body: str) -> bool:
        """`Owner: Emma Clarke` / `负责人：林晓` right under an objective, before its key results,
        names its owner: it moves to that owner's section, the line is no owner heading of its
        own. Any other field there (`Due: end of Q3`, `进度：40%`) is reported with its name, as
        an unread directive field is. Whether the line was such a field."""
        objective = self.objective
        if (
            objective is None
            or objective.key_results
            or not _FIELD.match(normalise(body))
            or _match(_OBJECTIVE, body)
        ):
            return False
        above = next((n for n in range(number - 1, 0, -1) if self.lines[n - 1].strip()), None)
        if above != objective.line and above not in self.detail_lines:
            return False
        self.detail_lines.add(number)
        if owner := _OWNER_DETAIL.match(normalise(body)):
            home, level = self.section, self.heading_level
            self._move_objective(number, body[owner.start("value") :].strip(), level=level)
            if self.section is not home:
                self.resume = home
            return True
        key = re.split(r"\s*[:：]", body, maxsplit=1)[0].strip()
        column = len(self.lines[number - 1]) - len(self.lines[number - 1].lstrip()) + 1
        self.document.problems.append(Problem(number, UNREAD_FIELD, column=column, key=key))
        return True

    def _under_a_key_result(self, number: int) -> bool:
        """True when the last non-blank line before line `number` is the key result last read,
        or a field line read into it."""
        above = next((n for n in range(number - 1, 0, -1) if self.lines[n - 1].strip()), None)
        return above is not None and (self._read_here(above) or above in self.detail_lines)

    def _detail(self, number: int, body: str) -> None:
        """A field line under a key result: read (_read_field), or its problem said at it."""
        if (message := self._read_field(body, number)) is not None:
            self._problem(number, message, closes_list=False)

    def _read_field(self, body: str, number: int = 0) -> str | None:
        """A labelled field of the key result last read, on line `number` under it (0: written
        after it on its own line): its start, target, owner or due date is read into it, and
        what a line under it was used as recorded (ParsedKeyResult.used); a start or target the
        key result states already is taken when it says the same. None when the field was read
        or taken, else the problem it makes: the restated value that differs, a current value,
        a confidence or a status not read, or DETAIL (any other field: progress)."""
        if self._value_detail(body, number):
            return None
        kr = (
            self.objective.key_results[-1]
            if self.objective and self.objective.key_results
            else None
        )
        norm = normalise(body)
        if self._owner_detail(body) or self._due_detail(body):
            used = "owner" if _OWNER_DETAIL.match(norm) else "due"
        elif (message := self._restated(kr, body)) is not None:
            if message:
                return message
            used = _value_kind(norm)
        elif _CURRENT_DETAIL.match(norm):
            return CURRENT_NOT_READ
        elif _CONFIDENCE_DETAIL.match(norm):
            return CONFIDENCE_NOT_READ
        elif _STATUS_DETAIL.match(norm):
            return STATUS_NOT_READ
        else:
            return DETAIL
        if number:  # a line of its own (not a field written after the title): said at it
            kr.used[number] = used
        return None

    def _restated(self, kr: ParsedKeyResult | None, body: str) -> str | None:
        """`- Target: 4 weeks` under "… to 4 weeks": a start or target line (not `Current:`)
        that the key result states already. "" when it says the same value (taken, as the
        title's), the problem to report when it says another (the title's is kept), None for
        any other line."""
        norm = normalise(body)
        stated = _BASELINE_DETAIL.match(norm) or _TARGET_DETAIL.match(norm)
        if kr is None or kr.stated or stated is None or _CURRENT_DETAIL.match(norm):
            return None
        kind = _value_kind(norm)
        kept = getattr(kr, kind)
        if kept is None:
            return None
        value = _AS_OF.sub("", body[stated.start("value") :]).strip()
        read = [q for q in find_quantities(value) if q.value is not None]
        same = (
            len(read) == 1
            and read[0].value == kept
            and (
                read[0].unit is None
                or kr.unit is None
                or unit_key(read[0].unit) == unit_key(kr.unit)
            )
        )
        return "" if same else {"start": START_DIFFERS, "target": TARGET_DIFFERS}[kind]

    def _owner_detail(self, body: str) -> bool:
        """`Owner: Emma` / `负责人：林晓、王伟` / `DRI: @dana` under a key result: each name is
        mentioned by it, as a handle after its text would be (a key result's owner hint)."""
        stated = _OWNER_DETAIL.match(normalise(body))
        if stated is None or self.objective is None or not self.objective.key_results:
            return False
        kr = self.objective.key_results[-1]
        value = body[stated.start("value") :]
        kr.mentions.extend(n for n in owner_names(value) if n not in kr.mentions)
        return True

    def _due_detail(self, body: str) -> bool:
        """`Due: 2026-05-31` / `截止：6月底` under a key result that states no deadline: read as
        the deadline its own line would have said."""
        stated = _DUE_DETAIL.match(normalise(body))
        if stated is None or self.objective is None or not self.objective.key_results:
            return False
        kr = self.objective.key_results[-1]
        value = body[stated.start("value") :].strip()
        reading = analyse(value, year=self.year, cycle=self.cycle).reading
        if reading.deadline is None or kr.deadline is not None:
            return False
        kr.deadline, kr.due = reading.deadline, reading.due
        return True

    def _value_detail(self, body: str, number: int = 0) -> bool:
        """`- 当前值: 250ms` / `- current: 65 s` / `- 基线：3.2 秒` under a key result without a
        start states its start, `- 目标值: 95%` / `- target: 95%` under one without a target
        its target: read as the same key result written in one line would be ("…至 95%（当前值
        250ms）"), its text kept as written. Whether it was such a line."""
        norm = normalise(body)
        stated = _BASELINE_DETAIL.match(norm) or _TARGET_DETAIL.match(norm)
        if stated is None or self.objective is None or not self.objective.key_results:
            return False
        kr = self.objective.key_results[-1]
        kind = "start" if stated.re is _BASELINE_DETAIL else "target"
        # "51 (as of Week 8)": the remark says when, its number is no value.
        value = _AS_OF.sub("", body[stated.start("value") :]).strip()
        current = kind == "start" and bool(_CURRENT_DETAIL.match(norm))
        if current and not kr.stated:
            # The value now, kept as written whether or not it is the start (an import records
            # it as the key result's first check-in, h9r).
            kr.beside["current"] = value
        # `Current: 40` then `Baseline: 30`: the baseline is the start, whatever the order; the
        # current value read as the start until then is said as the value now (h9r).
        replaces = (
            kind == "start" and not current and id(kr) in self.current_lines and not kr.stated
        )
        if not replaces and (
            getattr(kr, kind) is not None
            or kr.stated
            or (kind in kr.beside and not (current and kr.beside.get("start") is None))
        ):
            return False  # stated already (`Baseline: 42` then `Current: 51`): said, not read
        if replaces:
            moved = self.current_lines.pop(id(kr))
            kr.used.pop(moved, None)
            self._problem(moved, CURRENT_NOT_READ, closes_list=False)
        elif current:
            self.current_lines[id(kr)] = number
        if number:  # a line of its own (not a field written after the title): said at it
            kr.used[number] = "current" if current else kind
        # A second detail line is read with the first ("目标值" then "当前值").
        details = {key: v for key, v in {**kr.beside, kind: value}.items() if key != "current"}
        reading = analyse(_with_values(kr.text, details), year=self.year, cycle=self.cycle).reading
        if getattr(reading, kind) is None:
            if kind == "start" and kr.target is None:
                # `Baseline: 42` before `Target: 60`: read with the target
                kr.beside = {**details, **_current(kr.beside)}
                return True
            self.current_lines.pop(id(kr), None)  # not read: said at its own line
            kr.used.pop(number, None)
            return False
        self._read_again(kr, reading)
        kr.beside = {**details, **_current(kr.beside)}
        return True

    def _read_again(self, kr: ParsedKeyResult, reading: KeyResultReading | str) -> None:
        """`kr` as `reading` (or the reading of that text) reads it, its text, mentions and hold
        as the key result's own line said."""
        if isinstance(reading, str):
            reading = analyse(reading, year=self.year, cycle=self.cycle).reading
        for name, read in vars(reading).items():
            if name not in ("text", "mentions", "held"):
                setattr(kr, name, read)


def _value_kind(norm: str) -> str:
    """Whether a start or target line (`Baseline: 42`, `目标值: 60`) states the start or the
    target."""
    return "start" if _BASELINE_DETAIL.match(norm) else "target"


def _current(beside: dict[str, str]) -> dict[str, str]:
    """The `Current:` value kept beside a key result ({} without one)."""
    return {"current": beside["current"]} if "current" in beside else {}
