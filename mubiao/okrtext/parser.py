"""Parse OKRs written as text (DESIGN.md §5): owner sections, objectives, key results.

Every non-blank line ends up in exactly one place: an owner heading, an objective, a key
result, or `Document.problems` with the reason it was not read. Patterns run on the normalised
line (`text.normalise`: half-width punctuation, simplified characters), text is kept as written.

This module reads line by line and builds the document; the reading of each kind of line is in
its own module: `shapes` (the line shapes all parts tell apart), `headings` (owners, cycles,
titles), `tables` (rows read by their header), `items` (bullets, labels, field lines), and
`problems` (the messages of the lines not read).
"""

import re
from datetime import date

from . import exact
from .headings import (
    _EXAMPLE_LABEL,
    _PERIOD_GOALS,
    _PHRASE_NOT_ROLE,
    _ROLE,
    _ROLE_NAME,
    _VERDICT,
    HeadingReading,
    _is_period,
    _owner,
    _role_hint,
)
from .items import (
    _ALIGNED,
    _DETAIL_LABEL,
    _DIRECTIVE,
    _DIRECTIVE_FIELD,
    _FIELD,
    _START_WORDS,
    _STATUS_DETAIL,
    _STATUS_WORD,
    _TARGET_WORDS,
    ItemReading,
    _inline_okr,
    _join_wrapped,
)
from .model import Document, ParsedKeyResult, ParsedObjective, Problem, Section
from .numbers import chinese_numerals_value
from .problems import (
    AMBIGUOUS_NUMBER,
    ATTRIBUTE_BLOCK_NOT_AT_END,
    ATTRIBUTE_BLOCK_NOT_READ,
    ATTRIBUTE_BLOCK_UNREADABLE,
    ATTRIBUTE_TWICE,
    BARE_HEADING,
    BULLET_OUTSIDE,
    CONFIDENCE_NOT_READ,
    CURRENT_NOT_READ,
    DECORATION,
    DETAIL,
    FIELD_ON_THE_LINE,
    INITIATIVE,
    KR_MARKER_WITHOUT_TEXT,
    KR_WITHOUT_OBJECTIVE,
    LABEL,
    MARKER_WITHOUT_TITLE,
    PROSE,
    SCORE_COLUMN,
    START_DIFFERS,
    STATUS_NOT_READ,
    TARGET_DIFFERS,
    UNREAD_FIELD,
)
from .reading import Cycle, analyse
from .shapes import (
    _BOLD_LINE,
    _BULLET,
    _HEADING,
    _ITALIC_LINE,
    _KEY_RESULT,
    _KR_LABEL,
    _KR_OF_OBJECTIVE,
    _LIST_SEPARATOR,
    _OBJECTIVE,
    _OBJECTIVE_LABEL,
    _OBJECTIVE_NUMBER,
    _ROLE_KEY_RESULT,
    _RULE,
    _SENTENCE_END,
    _SEPARATORS,
    _WORDS,
    _depth,
    _is,
    _match,
    _split,
    unemphasise,
)
from .tables import (
    TableReading,
    _cells,
    _tab_cells,
    _table_row,
)
from .text import normalise, strip_noise, strip_separators, typed_weight

# The reading of headings, tables and items is in those modules (mixed into _Parser); the
# messages of the lines not read are `problems`', named here too, where importers look them up.
__all__ = [
    "AMBIGUOUS_NUMBER",
    "ATTRIBUTE_BLOCK_NOT_AT_END",
    "ATTRIBUTE_BLOCK_NOT_READ",
    "ATTRIBUTE_BLOCK_UNREADABLE",
    "ATTRIBUTE_TWICE",
    "BARE_HEADING",
    "BULLET_OUTSIDE",
    "CONFIDENCE_NOT_READ",
    "CURRENT_NOT_READ",
    "DECORATION",
    "DETAIL",
    "FIELD_ON_THE_LINE",
    "INITIATIVE",
    "KR_MARKER_WITHOUT_TEXT",
    "KR_WITHOUT_OBJECTIVE",
    "LABEL",
    "MARKER_WITHOUT_TITLE",
    "PROSE",
    "SCORE_COLUMN",
    "START_DIFFERS",
    "STATUS_NOT_READ",
    "TARGET_DIFFERS",
    "UNREAD_FIELD",
    "parse",
]


# A weight's label (`权重`, `weight`, `weighting`), and a number as a field's value may open
# (`-5`, `30%`, `四十`).
_WEIGHT_LABEL = r"(?:权重|(?i:weight(?:ing)?)\b)"
_VALUE_OPENS = r"[-+]?(?:\d|[零〇一二两三四五六七八九十百])"
_PROGRESS_WORDS = r"(?:(?i:progress)|进度|进展|完成度)"
# A weight written after the title with no colon (`，权重 30`, `- weight 30`) is a field too.
_WEIGHT_FIELD = rf"{_WEIGHT_LABEL}\s*[:：]?\s*(?={_VALUE_OPENS})"
# A separator (` - `, `|`, `;`, `,`, full-width too) before a field's label (`Target:`,
# `Current:`, `Status:`, `目标值：`, `当前：`, `状态：`, `权重 30`) on a key result's own line.
_INLINE_FIELD = re.compile(rf"(?:\s+[-–—]\s+|\s*[|;,]\s*)(?={_FIELD.pattern}|{_WEIGHT_FIELD})")
# One piece of a bracketed trailer that is a labelled field: a field line's label with its colon
# (`状态：有风险`, `负责人：林晓`), or a value's label before a number with none (`start 70%`,
# `基线 70%`, `完成度 60%`, `权重 四十`), or a weight said after its number (`30% weight`).
_PIECE = re.compile(
    rf"(?:{_FIELD.pattern}|{_WEIGHT_LABEL}\s*[:：])"
    rf"|(?P<bare>(?:{_START_WORDS}|{_TARGET_WORDS}|{_WEIGHT_LABEL}|{_PROGRESS_WORDS}))\s*"
    rf"(?={_VALUE_OPENS})"
)
_WEIGHT_AFTER = re.compile(rf"(?P<value>[-+]?\d+(?:\.\d+)?\s*%?)\s*{_WEIGHT_LABEL}\s*$")
_WEIGHT_VALUE = re.compile(
    rf"{_WEIGHT_LABEL}\s*[:：]?\s*(?P<value>[-+]?\d+(?:\.\d+)?\s*[%％]?|[零〇一二两三四五六七八九十百]+)\s*$"
)
_VALUE_PIECE = re.compile(rf"(?:{_START_WORDS}|{_TARGET_WORDS})")
_PROGRESS_IN_WORDS = re.compile(rf"{_PROGRESS_WORDS}\s*[:：]?\s*[^\d\s]\D*$")
# A bracket ending the title (`(…)`, `（…）`, `[…]`, `【…】`), and the separators of its pieces
# (`,` `，` `;` `；`, never a comma between digits).
_TRAILER = re.compile(r"\s*[(\[【](?P<body>[^()\[\]【】]+)[)\]】]\s*[.。]?\s*$")
_PIECE_SEPARATOR = re.compile(r"\s*(?:;|(?<!\d),|,(?!\d{3}))\s*")


def _bracket_fields(text: str) -> tuple[str, list[str]]:
    """A key result's text without a bracketed trailer of labelled fields, and those fields
    ("… to 95% (start 70%, weight 20)": "… to 95%", ["start: 70%", "weight 20"]; h10w: the
    trailer stayed in the title, or `…（状态：有风险，负责人：林晓）` was cut at its comma). Each
    piece must be a field; a bracket of one start or target (`（基线 70%）`) is the title's own,
    read with it as before. A bare label gets its colon, as a field line's has one."""
    norm = normalise(text)
    found = _TRAILER.search(norm)
    if found is None:
        return text, []
    body = norm[found.start("body") : found.end("body")]
    written = text[found.start("body") : found.end("body")]
    pieces, at = [], 0
    for cut in [*_PIECE_SEPARATOR.finditer(body), None]:
        end = cut.start() if cut else len(body)
        pieces.append((body[at:end].strip(), written[at:end].strip()))
        at = cut.end() if cut else at
    fields = []
    for norm_piece, piece in pieces:
        if _WEIGHT_AFTER.fullmatch(norm_piece):
            fields.append(piece)
            continue
        label = _PIECE.match(norm_piece)
        if label is None:
            return text, []
        if label["bare"] and not _WEIGHT_VALUE.match(norm_piece):
            piece = f"{piece[: label.end()].rstrip()}: {piece[label.end() :]}"
        fields.append(piece)
    if len(fields) == 1 and _VALUE_PIECE.match(normalise(fields[0])):
        return text, []
    return text[: found.start()].rstrip(), fields


def _field_weight(field: str) -> str | None:
    """The weight a field states (`权重 30`, `weight: 2`, `30% weight`, `权重 四十`), as written
    (Chinese numerals as digits), or None for any other field."""
    norm = normalise(field)
    found = _WEIGHT_VALUE.match(norm) or _WEIGHT_AFTER.fullmatch(norm)
    if found is None:
        return None
    value = re.sub(r"\s+", "", found["value"]).replace("％", "%")
    if value.isdigit() or value[:1] in "-+" or value[:1].isdigit():
        return value
    numeral = chinese_numerals_value(value)
    return str(numeral) if numeral is not None else None


def _inline_fields(text: str) -> tuple[str, list[str]]:
    """A key result's text without the labelled fields written after it, and those fields
    ("Cut churn - Target: 2% | Status: ⏳": "Cut churn", ["Target: 2%", "Status: ⏳"])."""
    cuts = list(_INLINE_FIELD.finditer(normalise(text)))
    if not cuts:
        return text, []
    ends = [cut.start() for cut in cuts[1:]] + [len(text)]
    fields = [text[cut.end() : end].strip() for cut, end in zip(cuts, ends, strict=True)]
    return text[: cuts[0].start()].rstrip(), [f for f in fields if f]


def parse(text: str, *, year: int | None = None, cycle: Cycle | None = None) -> Document:
    """Read OKR text into sections, objectives and key results; see the module docstring.

    `year` and `cycle` resolve dates written without a year, as in `read_key_result`.
    """
    return _Parser(text.splitlines(), year, cycle).run()


class _Parser(HeadingReading, TableReading, ItemReading):
    def __init__(self, lines: list[str], year: int | None, cycle: Cycle | None) -> None:
        self.lines = lines
        self.year = year
        self.cycle = cycle
        self.document = Document()
        self.section: Section | None = None
        self.heading_level: int | None = None  # level of the Markdown heading naming the owner
        self.objective: ParsedObjective | None = None
        self.bullets_open = False  # bare bullets are key results of the current objective
        self.bullet_objective_indent: int | None = None  # set when objectives are bullets too
        self.key_result_indent: int | None = None  # bullets deeper than a KR bullet are details
        self.title_follows = False  # an objective label alone: its title is the next line
        self.kr_text_follows = False  # "Key Result 1:" alone: its text is the next line
        # Plain lines read as key results after "关键结果：" / "Key results:" (None: no such
        # label open); counts them, so that a blank line after some of them ends the list.
        self.label_items: int | None = None
        # Lines under "Initiatives:" are the objective's planned work until the next objective,
        # key result, owner or label.
        self.initiatives = False
        self.objectives_marked = False  # the text writes its objectives "O1：…"
        self.numbered: dict[str, ParsedObjective] = {}  # "O2：…" by its number, in this section
        self.columns: dict[int, str] | None = None  # a table's column roles, from its header
        self.bare = False  # the table's rows leave out their outer pipes
        # Sections opened by a topic title ("Customer Service OKR Examples", "Team Level OKRs",
        # "客服岗位OKR示例") rather than by a possessive ("产品经理的OKR", "Marketing's OKRs").
        self.titled_sections: list[Section] = []
        # The line of a key result written as a heading or a plain line, while the field
        # bullets under it ("- 当前值: 250ms") are being read.
        self.fields_of: int | None = None
        # The reStructuredText directive whose field lines are being read: "objective", "kr".
        self.directive: str | None = None
        # Indented field lines read into the key result above them ("  Baseline: 400").
        self.detail_lines: set[int] = set()
        # The `Current:` line each key result's start was read from (items._value_detail), by
        # id: a `Baseline:` line after it states the start, the current value said as such.
        self.current_lines: dict[int, int] = {}
        # The due date a cycle heading ("### Q2 2021", "## 2026 年度") gives the key results
        # under it that state none, and that heading's level (a heading at it or above ends it).
        self.period: tuple[int, date | None] | None = None
        # The section an objective moved out of by its `Owner:` line, reopened for the next
        # objective (the owner line was that objective's alone).
        self.resume: Section | None = None
        # The level and name of the team heading open ("## Platform team", "## Docs" over
        # headings of its own): a person heading under it is the owner, with that team beside
        # (docs/okrtext-headings.md).
        self.team_heading: tuple[int, str] | None = None
        # The lines whose attribute block was read: one that held only `aligned_to=` leaves
        # nothing in `stated`, and was said "not read" while it was applied (probe 28).
        self.blocks_read: set[int] = set()

    def run(self) -> Document:
        after_front_matter = self._front_matter()
        joined = _join_wrapped(self.lines)
        for number, raw in enumerate(self.lines, start=1):
            if raw.strip() and number > after_front_matter and number not in joined:
                self._line(number, raw.rstrip())
        self.document.sections = [
            s for s in self.document.sections if s.objectives or s.owner is not None
        ]
        self._untitle()
        self._unread_blocks()
        return self.document

    # --- classification -------------------------------------------------------------------

    def _line(self, number: int, raw: str) -> None:
        if problem := exact.block_problem(raw):
            code, column, key = problem
            message = ATTRIBUTE_TWICE if code == "twice" else ATTRIBUTE_BLOCK_UNREADABLE
            self.document.problems.append(Problem(number, message, column=column, key=key))
            return
        if stated := exact.read_line(raw):
            self._exact(number, *stated)
            return
        if self.directive is not None and (field := _match(_DIRECTIVE_FIELD, raw)):
            self._directive_field(number, field)
            return
        self.directive = None
        if directive := _match(_DIRECTIVE, raw):
            self._directive(number, directive)
            return
        if _RULE.match(raw):
            self._problem(number, DECORATION, closes_list=False)
            return
        bare = self._bare_cells(number, raw)
        cells = bare or _cells(raw) or _tab_cells(raw, continuing=self.columns is not None)
        if cells is None:
            self.columns = None
        elif self._table(number, cells, bare=bare is not None):
            return
        # A table row of an objective's and a key result's cells side by side is read cell by
        # cell (_table_row), so that a cell's attribute block ends its text, not the row's
        # pipes (h9z: `| O1: … | KR1: … {target=5} |` was refused as a block not at the end).
        side_by_side = (
            cells is not None and exact.BLOCK_IN_TEXT.search(raw) and len(_table_row(raw)) > 1
        )
        if not side_by_side and (inline := _inline_okr(raw)):
            # "…OKR：O是“…”。KR1：…；KR2：…" in one paragraph: an objective and its key results.
            title, key_results = inline
            self._objective(number, title)
            for text in key_results:
                self._key_result(number, text)
            return
        for part in _table_row(raw):
            self._read(number, part)

    def _deeper_than_key_result(self, text: str) -> bool:
        """Whether `text` is indented deeper than the line of the key result last read: a
        note under it (`   Source: …`), not a line of the list at its own margin."""
        if self.objective is None or not self.objective.key_results:
            return False
        above = self.lines[self.objective.key_results[-1].line - 1]
        return len(text) - len(text.lstrip()) > len(above) - len(above.lstrip())

    def _read(self, number: int, text: str) -> None:
        line = unemphasise(text)
        text_follows, self.kr_text_follows = self.kr_text_follows, False
        if heading := _match(_HEADING, line):
            self._heading(number, len(heading["hashes"]), heading["rest"])
            return
        bullet = _match(_BULLET, line)
        body = bullet["rest"] if bullet else line.strip()
        if bullet and self._emoji_title(number, bullet):
            bullet = None  # "🎯 O1: …" decorates the objective's line; the list is under it
        indent = _depth(bullet) if bullet else None
        fields_of, self.fields_of = self.fields_of, None
        if (
            fields_of is not None
            and bullet
            and (
                _FIELD.match(normalise(body))
                # "### Key Result 1.1: Developer NPS" over "- **Metric:** …": any labelled
                # bullet is a field of it (probe 20), unless it says it is an OKR line itself.
                or (
                    _DETAIL_LABEL.match(normalise(body))
                    and not _match(_OBJECTIVE, body)
                    and not _match(_KEY_RESULT, body)
                )
            )
        ):
            # "#### KR1: P99 延迟 < 200ms" or "KR1: …" over "- 当前值: 250ms", "- 目标值: 200ms",
            # "- 进度: 125%": the key result's fields, listed under it, no key results.
            self.fields_of = fields_of
            self._detail(number, body)
            return
        if text_follows and not bullet:
            self._key_result(number, body)  # checked by _text_follows: a plain line
            return
        if (
            not bullet
            and text[:1].isspace()
            and (
                _FIELD.match(normalise(body))
                or (_DETAIL_LABEL.match(normalise(body)) and self._deeper_than_key_result(text))
            )
            and not _match(_OBJECTIVE, body)
            and not _match(_KEY_RESULT, body)
            and self._under_a_key_result(number)
        ):
            # "- Increase MQLs to 650" over "  Baseline: 400" / "  Owner: Emma" / "  截止：6月底":
            # the item's fields, indented under it as Markdown continues an item; the list goes on.
            self.detail_lines.add(number)
            self._detail(number, body)
            return
        if not bullet and self._objective_field(number, body):
            return
        if self._label(number, body):
            return
        if (
            _ITALIC_LINE.match(text)
            and not _match(_KEY_RESULT, body)  # `*KR1: …*`: a key result set in italics
            and self.objective is not None
            and not self.objective.key_results
            and not bullet
        ):
            # "### Objective 1: …" over "_Objectives should be ambitious…_": a template's
            # helper note in italics, never the objective instead of the heading.
            self._problem(number, PROSE, closes_list=False)
            return
        if self.initiatives and not (
            _match(_OBJECTIVE, body)
            or _match(_KEY_RESULT, body)
            or _owner(body)
            or (not bullet and self._heads_a_list(number, body, emphasised=False))
        ):
            self._problem(number, INITIATIVE, closes_list=False)
            return
        self.initiatives = False
        if self.label_items is not None and self._label_item(number, body, bulleted=bool(bullet)):
            return
        if self.objective is not None and (aligned := _match(_ALIGNED, body)):
            self.objective.aligned_to = aligned["parent"]
            self.objective.aligned_to_line = number
            return
        if (
            self.title_follows
            and not bullet
            and not _match(_KEY_RESULT, body)
            and not re.search(r"[:：]\s*$", body)
        ):
            self._objective(number, body)
            return
        if (
            indent is not None
            and self.key_result_indent is not None
            and indent > self.key_result_indent
        ):
            self._detail(number, body)
            return
        if bullet and not _match(_OBJECTIVE, body) and not _match(_KEY_RESULT, body):
            if _owner(body) and self._next_is_objective(number):
                # "• 公司级OKR" over "O:…": a bulleted title naming whose OKRs follow.
                self._marked(number, body, indent)
            else:
                self._bullet(number, indent, body)
        elif not self._marked(number, body, indent):
            self._unmarked(number, body, emphasised=bool(_BOLD_LINE.match(text)))
        elif indent is not None and _match(_KEY_RESULT, body):
            self.key_result_indent = indent
        if _match(_KEY_RESULT, body) and self._read_here(number):
            self.fields_of = number

    def _read_here(self, number: int) -> bool:
        """True when the key result last read is the one on line `number`."""
        last = self.objective.key_results[-1:] if self.objective is not None else []
        return bool(last) and last[0].line == number

    def _marked(self, number: int, body: str, indent: int | None = None) -> bool:
        """Lines that say what they are: "O1:", "KR2:", "目标一：", owner headings, role lines."""
        if (match := _match(_KR_OF_OBJECTIVE, body)) and match["o"] in self.numbered:
            # "KR2-O2：…" listed after all the objectives: it belongs to the one it names.
            self.objective = self.numbered[match["o"]]
            self._key_result(number, match["rest"])
            return True
        if match := _match(_KEY_RESULT, body) or _match(_ROLE_KEY_RESULT, body):
            if re.search(r"[?？]\s*[^\s)）]", match["rest"]) and not re.search(
                r"\d", body[: -len(match["rest"])]
            ):
                # "KR：业绩怎样增长？用关键结果来衡量。": an unnumbered marker before a question
                # and its answer explains what key results are; it is none.
                self._problem(number, PROSE, closes_list=False)
                return True
            self._key_result(number, match["rest"])
            return True
        if match := _match(_OBJECTIVE, body):
            self._objective(number, match["rest"], bullet_indent=indent)
            self.objectives_marked = True
            if self.objective is not None and (numbered := _OBJECTIVE_NUMBER.match(body)):
                self.numbered[numbered.group(1)] = self.objective
            return True
        owner = _owner(body)
        if owner:
            self._section(number, owner, level=None)
            if _owner(body, possessive_only=True) is None:
                self.titled_sections.append(self.section)
            return True
        return False

    def _unmarked(self, number: int, body: str, *, emphasised: bool = False) -> None:
        label = re.match(r"^(?P<label>[^:：]{1,20})[:：]\s*(?P<rest>.*)$", body)
        if label and _is(_EXAMPLE_LABEL, label["label"].strip()):
            # "案例:目标“提升用户留存率”", "✅ Good: Increase D7 retention …": the label says
            # what the example is; the rest is read as if written alone, it names no owner.
            if label["rest"]:
                self._read(number, label["rest"])
            else:
                self._problem(number, PROSE)
            return
        role = _match(_ROLE, body)
        if role and (
            _PHRASE_NOT_ROLE.match(role["role"])
            # "第三季度目标：" titles a period's goals
            or _is(_PERIOD_GOALS, role["role"].strip())
        ):
            role = None  # "A few notes before the list:", "举例：" introduce text, name nobody
        if role and not role["rest"]:
            self._section(number, role["role"].strip(), level=None)
        elif role and _is(_ROLE_NAME, role["rest"].strip()) and self._next_is_objective(number):
            # "二级部门：北京销售团队" over "O：…": the label says what level the name after it is.
            self._section(number, role["rest"].strip(), level=None)
        elif role and self._one_line_okr(number, role["role"].strip(), role["rest"]):
            return
        elif role and self._heads_a_list(number, role["rest"], emphasised=True):
            # "Support: Resolve tickets faster" or "销售部：扩大渠道" over its key results: the
            # role prefix names the owner (an owner hint, never part of the objective).
            self._section(number, role["role"].strip(), level=None)
            self._objective(number, role["rest"])
        elif _is(_ROLE_NAME, body) and (
            self._next_is_objective(number) or self._next_heads_a_list(number)
        ):
            # "产品主管" over "O：…", or over a plain objective line with its items under it.
            self._section(number, body, level=None)
        elif self._heads_a_list(number, body, emphasised=emphasised):
            self._objective(number, body)  # a plain line with its key results under it
        else:
            self._problem(number, PROSE)

    def _emoji_title(self, number: int, bullet: dict[str, str]) -> bool:
        """ "🎯 O1: …", or "🚀 Grow revenue" over a list marked otherwise ("- …", "1️⃣ …"): a
        pictograph decorating a title, not a bullet of its own. Keycaps number items; a
        pictograph that marks its siblings too ("👉 …" after "👉 …") is their bullet."""
        emoji = bullet["emoji"]
        if not emoji or re.match(r"[0-9#*]|\U0001F51F", emoji) or _is(_VERDICT, emoji):
            # A keycap numbers an item; a check or a cross ("✅ Good: …", "❌ Bad: …") judges
            # the example after it: neither decorates a title.
            return False
        if _match(_OBJECTIVE, bullet["rest"]):
            return True
        following, previous = self._following(number), self._previous(number)
        after = _match(_BULLET, following) if following else None
        before = _match(_BULLET, previous) if previous else None
        return (
            after is not None
            and after["emoji"] != emoji
            and (before is None or before["emoji"] != emoji)
            and self._heads_a_list(number, bullet["rest"], emphasised=False)
        )

    def _previous(self, number: int) -> str | None:
        """The last non-blank line before line `number`, without emphasis."""
        for raw in reversed(self.lines[: number - 1]):
            if raw.strip():
                return unemphasise(raw)
        return None

    def _following(self, number: int) -> str | None:
        """The next non-blank line after line `number`, without emphasis."""
        for raw in self.lines[number:]:
            if raw.strip():
                return unemphasise(raw)
        return None

    def _next_is_objective(self, number: int) -> bool:
        line = self._following(number)
        if line is None:
            return False
        bullet = _match(_BULLET, line)
        return bool(_match(_OBJECTIVE, bullet["rest"] if bullet else line.strip()))

    def _next_heads_a_list(self, number: int) -> bool:
        """True when the next non-blank line is a plain line that heads a list of key results."""
        for following, raw in enumerate(self.lines[number:], start=number + 1):
            if not raw.strip():
                continue
            line = unemphasise(raw)
            body = line.strip()
            if _match(_BULLET, line) or _match(_HEADING, line) or _match(_ROLE, body):
                return False
            return not _is(_ROLE_NAME, body) and self._heads_a_list(
                following, body, emphasised=bool(_BOLD_LINE.match(raw))
            )
        return False

    def _heads_a_list(self, number: int, body: str, *, emphasised: bool) -> bool:
        """A plain line is an objective when key results follow it: a label line, "KR1:" lines,
        or unmarked bullets, if the line is set in bold or the bullets measure something (a
        list of article links under "相关推荐" does not)."""
        if re.search(r"[:：.。!！?？]\s*$", body) or len(body) > 120 or not _WORDS.search(body):
            return False
        bullets = []
        for raw in self.lines[number:]:
            if not raw.strip():
                continue
            line = unemphasise(raw)
            if heading := _match(_HEADING, line):
                line = heading["rest"]
            bullet = _match(_BULLET, line)
            text = bullet["rest"] if bullet else line.strip()
            if not bullets and (_is(_KR_LABEL, text) or _match(_KEY_RESULT, text)):
                return True
            if not bullet or _match(_OBJECTIVE, text) or _is(_OBJECTIVE_LABEL, text):
                break
            bullets.append(text)
        if emphasised:
            return bool(bullets)
        # A dated item is measured too: "截止 10 月底开发 4 个用例", "Sign two partners by May".
        readings = [analyse(t, year=self.year) for t in bullets]
        measured = [a for a in readings if a.targets or a.deadlines]
        return len(bullets) >= 2 and bool(measured)

    def _move_objective(self, number: int, owner: str, *, level: int | None) -> None:
        """The objective being read moves to `owner`'s section (stays when it is theirs)."""
        objective = self.objective
        if self.section.owner == owner:
            return
        self.section.objectives.remove(objective)
        self._section(number, owner, level=level)
        self.section.objectives.append(objective)
        self.objective, self.bullets_open = objective, True

    def _one_line_okr(self, number: int, role: str, rest: str) -> bool:
        """`Role: Objective. KR, KR, KR.` as GitLab and Sourcegraph write them."""
        end = _SENTENCE_END.search(normalise(rest))
        if end is None or len(role.split()) > 4:
            return False
        title, results = rest[: end.start()], rest[end.end() :]
        texts = [t.strip(" .。") for t in _split(_LIST_SEPARATOR, results) if t.strip(" .。")]
        readings = [analyse(t, year=self.year, cycle=self.cycle) for t in texts]
        if not title.strip() or not any(a.targets for a in readings):
            return False
        self._section(number, role, level=None)
        self._objective(number, title.strip(" .。"))
        for text in texts:
            self._key_result(number, text)
        return True

    # --- building -------------------------------------------------------------------------

    def _section(self, number: int, owner: str | None, *, level: int | None) -> None:
        self.resume = None
        self.section = Section(owner=owner, line=number)
        self.numbered = {}
        self.document.sections.append(self.section)
        self.heading_level = level
        self.objective = None
        self.bullets_open = False
        self.label_items = None
        self.initiatives = False
        self.key_result_indent = None

    def _objective(
        self, number: int, text: str, *, bullet_indent: int | None = None, verbatim=False
    ) -> None:
        if (home := self.resume) is not None:
            # The objective before was moved to the owner its `Owner:` line named: this one is
            # the owner's it stands under again.
            self._section(number, home.owner, level=self.heading_level)
            self.section.line, self.section.team = home.line, home.team
        if not verbatim and (hint := _role_hint(text)):
            role, text = hint
            if self.section is None or self.section.owner != role:
                # The role names the owner (an owner hint): a section of its own, at the level of
                # the owner heading it may stand under.
                self._section(number, role, level=self.heading_level)
        stated = None
        if not verbatim and (trailing := exact.read_trailing(text)):
            text, stated = trailing  # `- O1: 标题 {kind=committed}`, as an exact line's
            verbatim = True
        weight = None
        if not verbatim:
            # `O1: Delight customers (weight 60%)`, `O1：提升续约，权重 30`: a trailer of its weight
            # alone is cut from the title and read as the weight, as a key result's (h10w).
            for cut, fields in (_bracket_fields(text), _inline_fields(text)):
                if fields and all(_field_weight(f) is not None for f in fields):
                    text, weight = cut, _field_weight(fields[-1])
                    break
        title = text if verbatim else strip_noise(strip_separators(text, _SEPARATORS))[0]
        if quoted := re.fullmatch(r"“([^“”]+)”|「([^「」]+)」|『([^『』]+)』|\"([^\"]+)\"", title):
            title = next(group for group in quoted.groups() if group)
        if not title:
            self._problem(number, MARKER_WITHOUT_TITLE)
            return
        if self.section is None:
            self.section = Section(owner=None)
            self.document.sections.append(self.section)
        self.objective = ParsedObjective(title=title, line=number)
        if not verbatim and (weight := weight or self._typed_weight(number, text, title)):
            self.objective.beside["weight"] = weight  # `O1（权重 40%）：…`, cut from the title
        if stated is not None:
            self.objective.aligned_to = stated.pop("aligned_to", None) or None
            self.objective.stated = stated
            self.blocks_read.add(number)
        self.section.objectives.append(self.objective)
        self.label_items = None
        self.initiatives = False
        self.bullets_open = True
        self.bullet_objective_indent = bullet_indent
        self.key_result_indent = None
        self.title_follows = False

    def _exact(self, number: int, marker: str, title: str, stated: dict[str, str]) -> None:
        """An objective or key result line of Mubiao's export, read verbatim (okrtext.exact)."""
        if marker == "O":
            self._objective(number, title, verbatim=True)
            self.objective.aligned_to = stated.pop("aligned_to", None) or None
            self.objective.stated = stated
            self.objectives_marked = True
            self.blocks_read.add(number)
        elif self.objective is None:
            self._problem(number, KR_WITHOUT_OBJECTIVE)
        else:
            self._stated_key_result(number, title, stated)

    def _stated_key_result(self, number: int, title: str, stated: dict[str, str]) -> None:
        """A key result whose attribute block states its values: the title is read for the
        rest (its deadline, direction …) and kept as written, with no mentions taken out."""
        reading = analyse(title, year=self.year, cycle=self.cycle).reading
        reading.text, reading.mentions = title, []
        self.objective.key_results.append(
            ParsedKeyResult(**vars(reading), line=number, stated=stated)
        )

    def _key_result(self, number: int, text: str) -> None:
        if self._block_refused(number, text):
            return
        if self.objective is None and not self._title_above(number):
            self._problem(number, KR_WITHOUT_OBJECTIVE)
            return
        if trailing := exact.read_trailing(text):
            # `- KR5: 新用户 {target=1.2万 unit="人"}`, `1. …`, `关键结果1：… {…}`: the block is
            # read as an exact line's is, whatever the line's shape (issue 9).
            self._stated_key_result(number, *trailing)
            self.bullets_open = True
            return
        # "… to 4 weeks - Target: 4 weeks | Current: 8 weeks | Status: ⏳": the labelled fields
        # after the title are its fields, as on lines under it (brief h9t2), never its text.
        text, trailer = _bracket_fields(text)
        text, fields = _inline_fields(text)
        fields += trailer
        # A date written without its year is in the year of the cycle heading it stands under.
        due = self.period[1] if self.period is not None else None
        year = due.year if due is not None else self.year
        analysis = analyse(
            strip_separators(text, _SEPARATORS),
            year=year,
            cycle=self.cycle,
            source=self.lines[number - 1] if number <= len(self.lines) else None,
        )
        reading = analysis.reading
        if analysis.ambiguous:
            # "4,5%" is 4.5 in much of Europe and two numbers elsewhere: ask, do not guess. The
            # key result stays (KeyResultReading.unreadable) so the numbering stays the user's.
            self._problem(number, AMBIGUOUS_NUMBER, closes_list=False)
        if not reading.text:
            if self._text_follows(number):
                # "• Key Result 1:" with its text on the next, indented line.
                self._problem(number, LABEL, closes_list=False)
                self.kr_text_follows = True
            else:
                self._problem(number, KR_MARKER_WITHOUT_TEXT)
            return
        if reading.deadline is None and due is not None:
            reading.due = due  # the cycle heading's end: the key result states none of its own
        kr = ParsedKeyResult(**vars(reading), line=number)
        self.objective.key_results.append(kr)
        self.bullets_open = True
        status = False
        for field in fields:
            if (weight := _field_weight(field)) is not None:
                kr.beside["weight"] = weight  # `(start 70%, weight 20)`, `- weight 30` (h10w)
            elif _PROGRESS_IN_WORDS.match(normalise(field)):
                status = True  # `（进展：有风险）`: a status in words, said as a status is
            else:
                self._field_on_the_line(number, field)
        if "weight" not in kr.beside and (weight := self._typed_weight(number, text, kr.text)):
            # `KR1：…（权重 50%）`: cut from the title, read as its weight (h10v: dropped).
            kr.beside["weight"] = weight
        # A status written on the line (`— Status: at risk`, `(Status: at risk)`) that the
        # title does not keep is said at the line, never dropped in silence (h9b).
        if (
            status
            or any(_STATUS_DETAIL.match(normalise(f)) for f in fields)
            or (_STATUS_WORD.search(text) and not _STATUS_WORD.search(reading.text))
        ):
            self._problem(number, STATUS_NOT_READ, closes_list=False)

    def _typed_weight(self, number: int, text: str, title: str) -> str | None:
        """The weight typed in an objective's or key result's text, or between its marker and
        its title on line `number` (`KR2（权重30%）：…`, read with the marker), as written."""
        line = self.lines[number - 1] if 0 < number <= len(self.lines) else ""
        at = line.find(title[:12]) if title else -1
        return typed_weight(text) or (typed_weight(line[:at]) if at > 0 else None)

    def _field_on_the_line(self, number: int, field: str) -> None:
        """A labelled field written after the key result on line `number` (`Target: 300`,
        `Owner: Emma`, `Confidence: 7`): read as a line under it would be (_read_field); any
        field that would be said there (a confidence, a priority, a target other than the
        title's) is said at its column (FIELD_ON_THE_LINE), never dropped in silence. A status
        is said by the caller (STATUS_NOT_READ)."""
        if self._read_field(field) in (None, STATUS_NOT_READ):
            return
        line = self.lines[number - 1]
        key = re.split(r"\s*[:：]", field, maxsplit=1)[0].strip()
        column = line.find(field) + 1 or None
        self.document.problems.append(Problem(number, FIELD_ON_THE_LINE, column=column, key=key))

    def _block_refused(self, number: int, text: str) -> bool:
        """A key result's text meant to end in an attribute block that cannot be read as
        written (an attribute twice, a quote not closed): the line is not read, as an exact
        line's is not (exact.block_problem), at the column of the line it is at."""
        if (problem := exact.trailing_problem(text)) is None:
            return False
        code, column, key = problem
        raw = self.lines[number - 1] if number <= len(self.lines) else ""
        at = raw.rfind(text[column - 1 :])
        if at < 0:
            # A table row's cells joined (`KR1: 新用户 {target=5}` and its owner's cell): the
            # column of the block itself in the line.
            piece = text[column - 1 :]
            at = raw.find(piece[: piece.find("}") + 1] or piece)
        message = {"twice": ATTRIBUTE_TWICE, "not_at_end": ATTRIBUTE_BLOCK_NOT_AT_END}.get(
            code, ATTRIBUTE_BLOCK_UNREADABLE
        )
        self.document.problems.append(
            Problem(number, message, column=at + 1 if at >= 0 else None, key=key)
        )
        return True

    def _unread_blocks(self) -> None:
        """An attribute block (`{target=5}`) on a line read as an objective or a key result
        that was not read as one (not at the end of the line, say): said, never kept in the
        title without a word. Lines with a problem of their own are said already."""
        read = {kr.line for o in self.document.objectives for kr in o.key_results if kr.stated}
        read |= {o.line for o in self.document.objectives if o.stated}
        read |= self.blocks_read
        said = {problem.line for problem in self.document.problems}
        lines = {kr.line for o in self.document.objectives for kr in o.key_results}
        lines |= {o.line for o in self.document.objectives}
        for number in sorted(lines - read - said):
            raw = self.lines[number - 1] if number <= len(self.lines) else ""
            if found := exact.BLOCK_IN_TEXT.search(raw):
                self.document.problems.append(
                    Problem(number, ATTRIBUTE_BLOCK_NOT_READ, column=found.start() + 1)
                )

    def _title_above(self, number: int) -> bool:
        """ "Q4 OKRs:" or "## Platform goals" right above key results with no objective: the
        title is what they measure, read as their objective (the line read as prose or a bare
        heading is read after all). Whether there was such a line."""
        above = next((n for n in range(number - 1, 0, -1) if self.lines[n - 1].strip()), None)
        problems = self.document.problems
        if above is None or not problems or problems[-1].line != above:
            return False
        if problems[-1].message not in (PROSE, BARE_HEADING):
            return False
        line = unemphasise(self.lines[above - 1]).strip()
        heading = _match(_HEADING, line)
        title = (heading["rest"] if heading else line).strip().rstrip(":：").strip()
        if not title or len(title) > 60 or _SENTENCE_END.search(normalise(title)):
            return False
        if heading and _is_period(title):
            return False  # "### Q2 2021" dates the key results under it; it measures nothing
        problems.pop()
        self._objective(above, title)
        return True

    def _problem(self, number: int, message: str, *, closes_list: bool = True) -> None:
        self.document.problems.append(Problem(number, message))
        if closes_list:
            self.bullets_open = False  # prose ends a list: later bullets belong to something else
            self.label_items = None
