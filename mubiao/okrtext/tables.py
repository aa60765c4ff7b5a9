"""Tables of OKRs (okrtext.parser): Markdown, bare-pipe and tab-separated rows read by their
header's columns (docs/import-export.md, "Tables").
"""

import re

from . import exact, lexicon
from .headings import (
    _ROLE_NAME,
)
from .model import ParsedKeyResult, Problem
from .problems import (
    AMBIGUOUS_NUMBER,
    ATTRIBUTE_TWICE,
    LABEL,
    SCORE_COLUMN,
)
from .reading import analyse, conversion_factor
from .shapes import (
    _BOLD_LINE,
    _EMPHASIS,
    _ENUMERATED,
    _KEY_RESULT,
    _OBJECTIVE,
    _RULE,
    _is,
    _match,
    _split,
)
from .text import CJK, normalise, owner_names

# Table header cells naming the objective and key result columns.
_OWNER_COLUMN = re.compile(
    r"(?i:owner|assignee)|负责人|责任人|承担人|^(?:负责|责任|所属|执行)?(?:部门|团队)$"
    r"|^(?i:team|department|dept\.?)$"
)
# Progress, score and status columns: a snapshot of the old cycle, never part of the key result
# (progress comes from check-ins).
_SCORE_COLUMN = re.compile(
    r"(?i:progress|score|status|grade|confidence)|进度|进展|得分|评分|分数|完成度|完成率|完成情况|状态|信心"
)
# A column numbering the rows ("| # | Key Result |", "| 序号 | 关键结果 |"): its cells ("**KR1**",
# "1") are the rows' enumerators, never a row of their own (h10v: under `#` a row's "**KR1**"
# made the row a line, every cell glued into its title).
_NUMBER_COLUMN = re.compile(
    r"^\s*(?:#|№|(?i:no\.?|nr\.?|s/n|id|kr\s*#|#\s*kr))\s*$|^\s*(?:序号|编号|序)\s*$"
)
_PRIORITY_COLUMN = re.compile(r"^\s*(?i:priority|prio|P)\s*$|^\s*优先级\s*$")
# The columns of a key result's values, a whole header cell each ("基线/当前值" names one column
# twice): the start, the target and the due date, read into the key result of the row.
_START_WORD = lexicon.START_WORD
_TARGET_WORD = r"(?i:target(?:\s+(?:value|level))?|goal\s+value)|目标值|目标数值|期望值|目标水平"
_DUE_WORD = (
    r"(?i:timeline|deadline|due(?:\s+date)?|by\s+when|when|target\s+date|end\s+date|eta|date"
    r"|time\s*frame)|截止(?:时间|日期)?|完成(?:时间|日期|时限)|时间节点|时间|期限|时限|日期"
)
_VALUE_COLUMNS = {
    role: re.compile(rf"^\s*(?:{word})(?:\s*/\s*(?:{word}))*\s*$")
    for role, word in (("start", _START_WORD), ("target", _TARGET_WORD), ("due", _DUE_WORD))
}
# A period named in brackets after a header's word ("Baseline (Q4 2024)", "目标值（2026）").
_PERIOD_NOTE = re.compile(
    r"\s*[(（]\s*(?:(?i:as\s+of|as\s+at|by|end\s+of|in)\s+|截至|截止)?"
    r"[^()（）]*\d[^()（）]*[)）]\s*$"
)
# "1 Finish the base use-case": an objective's number before its title in a table cell.
_LEADING_NUMBER = re.compile(r"^\s*\d{1,2}[.)、]?\s+")
_KR_COLUMN = re.compile(r"(?i:key\s*results?|^KRs?$)|关键(?:结果|成果)")
_OBJECTIVE_COLUMN = re.compile(r"(?i:objectives?|^O$)|目标")
_MARKER_ONLY = re.compile(r"^\s*(?:O|KR|目标|关键结果)\s*\d+\s*$", re.IGNORECASE)
_KR_IN_CELL = re.compile(r"(?<!^)\s+(?=(?:KR|关键结果)\s*\d+\s*[:=])")
# A bullet starting a line of a cell ("- Reach 50 teams<br>- Cut churn …").
_BULLET_IN_CELL = re.compile(r"^\s*[-*•·]\s+")
# A line break written in a cell (`<br>`, `<br/>`, `<br />`), as Markdown tables write one.
_BR = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)
# A break inside a phrase: after a word that leads to what follows ("从 30<br>到 50", "from
# 30<br>to 50"), or before a lower-case word or such a word.
_PHRASE_GOES_ON = re.compile(r"(?:[从由到至和与及、,，]|(?i:\b(?:to|from|and|of|by|the|a|in)))$")
_PHRASE_WENT_ON = re.compile(r"^(?:[a-z]|[到至]|(?:to|by|from)\b)")


def _unbroken(cell: str) -> str:
    """A cell's text with its line breaks read as a person sees them: none between Chinese
    characters ("提升客户<br>规模"), a space elsewhere (h9r: the `<br>` was kept as text)."""
    pieces = _BR.split(cell)
    text = pieces[0]
    for piece in pieces[1:]:
        joint = "" if CJK.search(text[-1:]) and CJK.search(piece[:1]) else " "
        text = f"{text}{joint}{piece}" if text and piece else text or piece
    return text


def _lines_of_a_cell(cell: str) -> list[str]:
    """A key result cell's lines (`<br>`): one key result each, as a person reads a cell
    listing them, but for a line that goes on the phrase before it ("Raise NPS from 30<br>to
    50"), read with it (h9r: two key results were read as one, `<br>` in its text)."""
    lines: list[str] = []
    for piece in _BR.split(cell):
        if not piece.strip():
            continue
        if lines and (_PHRASE_GOES_ON.search(lines[-1]) or _PHRASE_WENT_ON.match(piece)):
            lines[-1] = _unbroken(f"{lines[-1]}<br>{piece}")
        else:
            lines.append(piece)
    return lines


def _with_values(text: str, values: dict[str, str]) -> str:
    """A key result's text with a target and a start stated beside it ("客诉率降低" with "3%":
    "客诉率降低至 3%"; "Improve NPS" with 45 and 30: "Improve NPS to 45（当前值 30）")."""
    text = text.rstrip("。.;；")
    if "target" in values:
        text += f"至 {values['target']}" if CJK.search(text) else f" to {values['target']}"
    if "start" in values:
        text += f"（当前值 {values['start']}）"
    return text


def _cells(line: str) -> list[str] | None:
    """A table row's cells, or None for a line that is no table row. Rows may leave out the
    outer pipes ("O1：… | KR1：… |"), as pasted Markdown often does."""
    stripped = line.strip()
    if stripped.count("|") < 2 and not (stripped.startswith("|") and stripped.endswith("|")):
        return None
    if not (stripped.startswith("|") or stripped.endswith("|")):
        return None
    return [c.strip() for c in stripped.strip("|").split("|")]


def _cell_columns(raw: str, cells: list[str]) -> list[int | None]:
    """The column (from 1) each of a row's cells starts at in its line."""
    found, at = [], 0
    for cell in cells:
        start = raw.find(cell, at) if cell else -1
        found.append(start + 1 if start >= 0 else None)
        if start >= 0:
            at = start + len(cell)
    return found


def _bold_only_first(cells: list[str]) -> bool:
    """ "| **1 Finish the base use-case** | | |": a row titled in its first cell alone."""
    first = cells[0] if cells else ""
    return (
        bool(_BOLD_LINE.match(first))
        and bool(_EMPHASIS.sub("", first).strip())
        and not any(c.strip() for c in cells[1:])
    )


def _tab_cells(line: str, *, continuing: bool) -> list[str] | None:
    """A row of a table copied from a web page or a spreadsheet (cells separated by tabs), or
    None. Under such a table's header a row may leave its first cells empty ("⇥KR2 …")."""
    body = line.rstrip().lstrip(" ")
    if "\t" not in body.lstrip("\t") and not (continuing and body.startswith("\t")):
        return None
    return [cell.strip() for cell in body.split("\t")]


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


class TableReading:
    """The parser's reading of table rows (mixed into parser._Parser)."""

    def _table(self, number: int, cells: list[str], *, bare: bool = False) -> bool:
        """A table with a header naming its objective and key result columns: each row is read
        by column, extra columns (progress, owner, score) are never glued into the text."""
        roles = {}
        # "Baseline (Q4 2024)", "Current (as of 2025-02-01)": a header cell may name its period
        # in brackets; the column is the word's (h10v: the row was read as a line, glued).
        cells_read = [_PERIOD_NOTE.sub("", cell) for cell in cells]
        for index, cell in enumerate(cells_read):
            body = normalise(_EMPHASIS.sub("", cell))
            value = next((role for role, p in _VALUE_COLUMNS.items() if p.match(body)), None)
            if _OWNER_COLUMN.search(body) and len(body) <= 30:
                roles[index] = "owner"
            elif value:
                # A second start column ("| Baseline | Target | Current |") is where the key
                # result stands now: progress, which check-ins record.
                roles[index] = "score" if value in roles.values() else value
            elif _KR_COLUMN.search(body) and len(body) <= 30:
                roles[index] = "key_result"
            elif _OBJECTIVE_COLUMN.search(body) and len(body) <= 30:
                roles[index] = "objective"
            elif _SCORE_COLUMN.search(body) and len(body) <= 30:
                roles[index] = "score"
            elif _PRIORITY_COLUMN.match(body):
                roles[index] = "priority"
            elif _NUMBER_COLUMN.match(body):
                roles[index] = "number"
        numbering = {i for i, role in (self.columns or {}).items() if role == "number"}
        if any(
            _MARKER_ONLY.match(normalise(_EMPHASIS.sub("", c)))
            for i, c in enumerate(cells)
            if i not in numbering
        ):
            return False  # "| O1 | 提升续费率 |": the row says what it is
        header = all(len(c) <= 30 and not re.search(r"\d", c) for c in cells_read)
        if (
            header
            and roles
            and 0 not in roles
            and not {"key_result", "objective"} & set(roles.values())
            and self._bold_rows_follow(number)
        ):
            # "| **IPFS Cluster** | **Priority** | **Owner** | **End-Q** |" over bold rows that
            # fill only the first cell ("| **1 Finish the base use-case** | | | |"): those are
            # the objectives, the rows under each its key results, the first cell their text.
            roles[0] = "key_result"
        if "key_result" in roles.values() and header:
            self.columns, self.bare = roles, bare
            self._problem(number, LABEL, closes_list=False)
            if "score" in roles.values():
                self._problem(number, SCORE_COLUMN, closes_list=False)
            return True
        if self.columns is None:
            return False
        cell = {
            role: cells[i].strip() if i < len(cells) else "" for i, role in self.columns.items()
        }
        objective = _unbroken(cell.get("objective", ""))
        key_results = cell.get("key_result", "")
        if (
            self.columns.get(0) == "key_result"
            and "objective" not in self.columns.values()
            and _bold_only_first(cells)
        ):
            objective, key_results = _LEADING_NUMBER.sub("", _EMPHASIS.sub("", cells[0])), ""
        if objective and not key_results and _ENUMERATED.match(objective):
            key_results, objective = objective, ""  # a row continuing the objective above
        # The owner column, or a column of team names under a header that names no role
        # ("| 战略 | 目标 | 关键结果 | 执行 |" with "销售部" in each row).
        written = cell.get("owner") or next(
            (
                c.strip()
                for i, c in enumerate(cells)
                if i not in self.columns and _is(_ROLE_NAME, c.strip())
            ),
            "",
        )
        # "Sales Team" and "Emma Clarke" are one name each; "@增长组 @市场部", "王伟、李娜" or
        # "Liam Turner, Sophia Patel" are several: read as an `Owner:` line reads them (h10v).
        owners = [written.strip()] if _is(_ROLE_NAME, written) else owner_names(written)
        if objective and len(owners) == 1 and not re.search(r"[@＠]", written):
            # A name on the objective's row is whose objective it is (an owner hint, as a heading
            # would be), never text glued to its key results.
            if self.section is None or self.section.owner != owners[0]:
                self._section(number, owners[0], level=None)
            owners = []
        elif self.section is not None and owners == [self.section.owner]:
            owners = []  # the objective's owner again on a row that continues it
        if objective:
            marked = _match(_OBJECTIVE, _EMPHASIS.sub("", objective))
            self._objective(number, marked["rest"] if marked else _EMPHASIS.sub("", objective))
        # Other names (written "@增长组", or one per key result) own each key result: mentions.
        texts = [
            text for line in _lines_of_a_cell(key_results) for text in _split(_KR_IN_CELL, line)
        ]
        for text in texts:
            body = _EMPHASIS.sub("", _ENUMERATED.sub("", _BULLET_IN_CELL.sub("", text)))
            marked = _match(_KEY_RESULT, body)
            body = marked["rest"] if marked else body
            if owners and exact.BLOCK_IN_TEXT.search(body):
                # `新用户 {target=5}` beside an owner cell: the block ends the cell, so the owners
                # are the key result's own, not text after its block (h9z: refused, no column).
                self._key_result(number, body)
                last = self.objective.key_results[-1] if self._read_on(number) else None
                if last is not None and last.stated:
                    last.mentions = list(owners)
                continue
            # Each name whole ("Emma Clarke"), never re-read as handles in the text (h10v).
            self._key_result(number, body)
            last = self.objective.key_results[-1] if self._read_on(number) else None
            if last is not None:
                last.mentions.extend(n for n in owners if n not in last.mentions)
        values = {role: cell[role] for role in _VALUE_COLUMNS if cell.get(role)}
        # The cells are the values of one key result, read on this row (not refused).
        last = self.objective.key_results[-1] if self._read_on(number) else None
        if len(texts) == 1 and values and last is not None and last.stated:
            # A start, target or due cell beside the key result's attribute block is one more
            # of its attributes; one the block gives too is refused at the cell, as an attribute
            # given twice is (h9z: the cell was dropped without a word).
            at = _cell_columns(self.lines[number - 1], cells)
            index = {role: i for i, role in self.columns.items()}
            for role, value in values.items():
                if role in last.stated:
                    self.objective.key_results.pop()
                    self.document.problems.append(
                        Problem(number, ATTRIBUTE_TWICE, column=at[index[role]], key=role)
                    )
                    break
                last.stated[role] = value
        elif len(texts) == 1 and values and last is not None:
            self._cell_values(number, last, values)
        return True

    def _read_on(self, number: int) -> bool:
        """Whether the key result last read was read on line `number`."""
        krs = self.objective.key_results if self.objective else []
        return bool(krs) and krs[-1].line == number

    def _cell_values(self, number: int, kr: ParsedKeyResult, cells: dict[str, str]) -> None:
        """A row's start, target and due cells, each read alone by the readers of the text
        ("1.2万", "40%", "Q3 2026", "6月底"), into the row's key result. A cell wins over a value
        its text states (docs/import-export.md, "Tables"): it is what the person typed into the
        field, the text a title. A cell that states no value is passed over."""
        read = {
            role: analyse(text, year=self.year, cycle=self.cycle) for role, text in cells.items()
        }
        target = read["target"].reading if "target" in read else None
        start = read["start"].reading if "start" in read else None
        if target is not None and target.target is None:
            target = None  # "TBD", "见附件"
        if start is not None and (start.start if start.start is not None else start.target) is None:
            start = None
        if kr.target is None and target is not None:
            # "Improve NPS" with 45 and 30 in its cells reads as "Improve NPS to 45 (当前值 30)"
            # would: the metric, direction and bound come from the text and the values.
            said = {"target": cells["target"], **({"start": cells["start"]} if start else {})}
            self._read_again(kr, _with_values(kr.text, said))
        if target is not None:
            kr.target, kr.target_type = target.target, target.target_type
            kr.unit = target.unit or kr.unit
        if start is not None:
            kr.start = start.start if start.start is not None else start.target
            kr.unit = kr.unit or start.unit
            kr.start_unit = None
            if start.unit and start.unit != kr.unit:
                if conversion_factor(start.unit, kr.unit) is None:  # "200 元" against "30 美元"
                    kr.unreadable.append(("units", f"{cells['start']} → {cells.get('target')}"))
                else:  # "3 hours" against "45 minutes": one dimension (reading.in_one_unit)
                    kr.start_unit = start.unit
        # The numbers say which way: "从8%降到3%" with 12% as its target goes up.
        if (
            kr.start is not None
            and kr.target is not None
            and kr.start_unit is None
            and kr.target != kr.start
            and kr.direction in ("increase", "decrease")
        ):
            kr.direction = "increase" if kr.target > kr.start else "decrease"
        kr.beside.update(cells)
        if "due" in read and read["due"].reading.deadline:
            kr.deadline, kr.due = read["due"].reading.deadline, read["due"].reading.due
        for role, analysis in read.items():
            # What a value cell holds that cannot be read without guessing ("40-45万", "4,5",
            # "11月31日") is said on the key result, as it would be in its text.
            kr.unreadable.extend(
                found
                for found in analysis.reading.unreadable
                if (found[0] == "date") == (role == "due")
            )
            if analysis.ambiguous and role != "due":
                self._problem(number, AMBIGUOUS_NUMBER, closes_list=False)

    def _bare_cells(self, number: int, raw: str) -> list[str] | None:
        """The cells of a row of a table written without its outer pipes ("Objective | Key
        Result | Target" over "--- | --- | ---"): its header, over such a separator, and the
        rows under it, whose first cell may be blank (" | Raise NPS | 45"). None for any other
        line."""
        if "|" not in raw or (self.columns is not None and not self.bare):
            return None
        if self.columns is None:
            following = self._following(number)
            stripped = raw.strip()
            if stripped.startswith("|") or stripped.endswith("|") or following is None:
                return None
            if "|" not in following or not _RULE.match(following):
                return None
        return [cell.strip() for cell in raw.strip().split("|")]

    def _bold_rows_follow(self, number: int) -> bool:
        """True when a row of the table under line `number` fills only its first cell, in bold."""
        for raw in self.lines[number:]:
            cells = _cells(raw)
            if cells is None:
                return False
            if _bold_only_first(cells):
                return True
        return False
