"""Parse OKRs written as text (DESIGN.md §5): owner sections, objectives, key results.

Every non-blank line ends up in exactly one place: an owner heading, an objective, a key
result, or `Document.problems` with the reason it was not read. Patterns run on the normalised
line (`text.normalise`: half-width punctuation, simplified characters), text is kept as written.
"""

import re

from .model import Document, ParsedKeyResult, ParsedObjective, Problem, Section
from .reading import Cycle, analyse
from .text import normalise, strip_noise

_CN = "一二三四五六七八九十"
_SEP = r"[:.、)\-–—]"
_OBJECTIVE = re.compile(
    rf"^(?:O\s*\d*\s*{_SEP}|O\d+|(?i:objective)\s*\d*\s*{_SEP}|(?i:objective)\s+\d+"
    rf"|目标\s*(?:\d+|[{_CN}]+)?\s*{_SEP}|目标\s*(?:\d+|[{_CN}]+))\s*(?P<rest>.+)$"
)
_KEY_RESULT = re.compile(
    rf"^\(?(?:O\d+\s*[-.]?\s*)?(?:KR|(?i:key\s*results?)|关键结果)\s*(?:(?:\d+|[{_CN}]+)(?:\.\d+)?\)?\s*{_SEP}?"
    rf"|\)?\s*{_SEP})\s*(?P<rest>.+)$"
)
# "Sales (Closing Deals) KR: …" (GitLab): a key result with its role in front.
_ROLE_KEY_RESULT = re.compile(r"^[A-Z][\w &/()'-]{0,40}?\s+KR\s*\d*\s*:\s*(?P<rest>.+)$")
_OWNER_FORMS = (
    re.compile(r"^(?P<owner>.{1,30}?)\s*的\s*OKRs?\s*:?\s*$", re.IGNORECASE),
    re.compile(r"^(?P<owner>.{1,40}?)(?:'s|’s)\s+OKRs?\s*:?\s*$", re.IGNORECASE),
    re.compile(r"^OKRs?\s+(?:for|of)\s+(?P<owner>.{1,40}?)\s*:?\s*$", re.IGNORECASE),
    re.compile(r"^(?P<owner>.{1,40}?)\s+OKRs?\s*:?\s*$", re.IGNORECASE),
)
# "CEO:", "Product manager:", "产品经理:" — a role label, alone or before a one-line OKR.
_ROLE = re.compile(
    r"^(?P<role>[A-Z][A-Za-z&/ ()'.-]{0,40}|[\u4e00-\u9fff]{1,10})\s*:\s*(?P<rest>.*)$"
)
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<rest>.*?)\s*#*\s*$")
# "(1)", "1、" and "①" need no space after them, as Chinese documents write them ("（1）将…");
# "1." does ("1.5 倍" is a number).
_BULLET = re.compile(
    r"^(?P<indent>\s*)(?:(?:[-*•+·]|\d{1,2}[.)])\s+|(?:\d{1,2}、|\(\d{1,2}\)|[①-⑳])\s*)"
    r"(?P<rest>\S.*)$"
)
_RULE = re.compile(r"^\s*(?:[-*_=]\s*){3,}$|^\s*\|?[\s:|-]*-{3,}[\s:|-]*\|?\s*$")
_EMPHASIS = re.compile(r"\*\*|__|`")
_SENTENCE_END = re.compile(r"\.\s+|。")
_LIST_SEPARATOR = re.compile(r",\s+|，|;\s*|；")

_SEPARATORS = " :：.、-–—"
# "Q1 OKRs", "2026 年度 OKR", "FY27-Q1 OKRs", "2026 年第三季度 OKR": a period, not an owner.
_PERIOD = re.compile(
    r"^(?:(?:\d{4}\s*(?:年度?)?|Q[1-4]|H[12]|FY\s?\d{2,4}|第?[一二三四1-4]\s*季度|[上下]半年|年度"
    r"|季度)[\s/-]*)*$",
    re.I,
)

PROSE = "prose, not an OKR line: ignored"
BULLET_OUTSIDE = "bullet outside an objective: not read as a key result"
KR_WITHOUT_OBJECTIVE = "key result before any objective: ignored"
BARE_HEADING = "heading that names no owner, objective or key result: ignored"
DECORATION = "Markdown rule or table separator: ignored"


def parse(text: str, *, year: int | None = None, cycle: Cycle | None = None) -> Document:
    """Read OKR text into sections, objectives and key results; see the module docstring.

    `year` and `cycle` resolve dates written without a year, as in `read_key_result`.
    """
    return _Parser(text.splitlines(), year, cycle).run()


class _Parser:
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

    def run(self) -> Document:
        for number, raw in enumerate(self.lines, start=1):
            if raw.strip():
                self._line(number, raw.rstrip())
        self.document.sections = [
            s for s in self.document.sections if s.objectives or s.owner is not None
        ]
        return self.document

    # --- classification -------------------------------------------------------------------

    def _line(self, number: int, raw: str) -> None:
        if _RULE.match(raw):
            self._problem(number, DECORATION)
            return
        for part in _table_row(raw):
            self._read(number, part)

    def _read(self, number: int, text: str) -> None:
        line = _EMPHASIS.sub("", text)
        if heading := _match(_HEADING, line):
            self._heading(number, len(heading["hashes"]), heading["rest"])
            return
        bullet = _match(_BULLET, line)
        body = bullet["rest"] if bullet else line.strip()
        if bullet and not _match(_OBJECTIVE, body) and not _match(_KEY_RESULT, body):
            self._bullet(number, len(bullet["indent"].expandtabs(4)), body)
        elif not self._marked(number, body):
            self._unmarked(number, body)

    def _marked(self, number: int, body: str) -> bool:
        """Lines that say what they are: "O1:", "KR2:", "目标一：", owner headings, role lines."""
        if match := _match(_KEY_RESULT, body) or _match(_ROLE_KEY_RESULT, body):
            self._key_result(number, match["rest"])
            return True
        if match := _match(_OBJECTIVE, body):
            self._objective(number, match["rest"])
            return True
        owner = _owner(body)
        if owner:
            self._section(number, owner, level=None)
            return True
        return False

    def _unmarked(self, number: int, body: str) -> None:
        role = _match(_ROLE, body)
        if role and not role["rest"]:
            self._section(number, role["role"].strip(), level=None)
        elif not (role and self._one_line_okr(number, role["role"].strip(), role["rest"])):
            self._problem(number, PROSE)

    def _heading(self, number: int, level: int, text: str) -> None:
        if self._marked(number, text):
            return
        if self.heading_level is not None and level > self.heading_level:
            self._objective(number, text)  # a sub-heading under an owner heading
        elif re.search(r"OKR", text, re.IGNORECASE) or not text:
            self._problem(number, BARE_HEADING)  # a document title such as "# Q1 OKRs"
        else:
            self._section(number, strip_noise(text)[0], level=level)

    def _bullet(self, number: int, indent: int, body: str) -> None:
        child_follows = self._next_bullet_indent(number) > indent
        if self.objective is not None and self.bullets_open:
            nested = self.bullet_objective_indent is not None
            if not nested or indent > self.bullet_objective_indent:
                self._key_result(number, body)
                return
            self._objective(number, body, bullet_indent=indent)
        elif child_follows:
            self._objective(number, body, bullet_indent=indent)
        else:
            self._problem(number, BULLET_OUTSIDE)

    def _next_bullet_indent(self, number: int) -> int:
        """Indent of the next non-blank line if it is a bullet, else -1."""
        for raw in self.lines[number:]:
            if raw.strip():
                bullet = _match(_BULLET, raw)
                return len(bullet["indent"].expandtabs(4)) if bullet else -1
        return -1

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

    def _section(self, number: int, owner: str, *, level: int | None) -> None:
        self.section = Section(owner=owner, line=number)
        self.document.sections.append(self.section)
        self.heading_level = level
        self.objective = None
        self.bullets_open = False

    def _objective(self, number: int, text: str, *, bullet_indent: int | None = None) -> None:
        title = strip_noise(text.strip(_SEPARATORS))[0]
        if not title:
            self._problem(number, "objective marker without a title: ignored")
            return
        if self.section is None:
            self.section = Section(owner=None)
            self.document.sections.append(self.section)
        self.objective = ParsedObjective(title=title, line=number)
        self.section.objectives.append(self.objective)
        self.bullets_open = True
        self.bullet_objective_indent = bullet_indent

    def _key_result(self, number: int, text: str) -> None:
        if self.objective is None:
            self._problem(number, KR_WITHOUT_OBJECTIVE)
            return
        reading = analyse(text.strip(_SEPARATORS), year=self.year, cycle=self.cycle).reading
        if not reading.text:
            self._problem(number, "key result marker without text: ignored")
            return
        self.objective.key_results.append(ParsedKeyResult(**vars(reading), line=number))
        self.bullets_open = True

    def _problem(self, number: int, message: str) -> None:
        self.document.problems.append(Problem(number, message))
        self.bullets_open = False  # prose ends a list: later bullets belong to something else


def _match(pattern: re.Pattern[str], text: str) -> dict[str, str] | None:
    """Match on the normalised text; return the groups as written in `text` (same indexes)."""
    match = pattern.match(normalise(text))
    if match is None:
        return None
    return {name: text[match.start(name) : match.end(name)] for name in match.groupdict()}


def _split(pattern: re.Pattern[str], text: str) -> list[str]:
    parts, start = [], 0
    for match in pattern.finditer(normalise(text)):
        parts.append(text[start : match.start()])
        start = match.end()
    return [*parts, text[start:]]


def _owner(text: str) -> str | None:
    for form in _OWNER_FORMS:
        match = _match(form, text)
        if (
            match
            and not re.search(r"[?？!！。]", match["owner"])
            and not _PERIOD.match(match["owner"])
        ):
            return strip_noise(match["owner"])[0] or None
    return None


def _table_row(line: str) -> list[str]:
    """A line, or a table row's cells read as lines.

    "| KR1 | 续费率达到 80% |" is one line, "KR1 续费率达到 80%". A row that holds an objective
    and its key result side by side ("| O1：提升转化 | KR1：转化率达到 5% | @增长组 |") is one
    line per marked cell, each with the unmarked cells after it (the owner column stays a mention).
    """
    stripped = line.strip()
    if not (stripped.startswith("|") and stripped.endswith("|")):
        return [line]
    parts: list[list[str]] = []
    marked_in_part = False
    for cell in (c.strip() for c in stripped.strip("|").split("|")):
        if not cell:
            continue
        body = _EMPHASIS.sub("", cell)
        marked = bool(_match(_OBJECTIVE, body) or _match(_KEY_RESULT, body))
        if not parts or (marked and marked_in_part):
            parts.append([])
            marked_in_part = False
        parts[-1].append(cell)
        marked_in_part = marked_in_part or marked
    return [" ".join(part) for part in parts] or [line]
