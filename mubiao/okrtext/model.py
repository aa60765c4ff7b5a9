"""The parsed document: sections (one per owner), objectives, key results, problems."""

from dataclasses import dataclass, field

from .reading import KeyResultReading


@dataclass
class ParsedKeyResult(KeyResultReading):
    """A key result's reading plus the 1-based line it was read from."""

    line: int = 0
    # The values an exact line states (okrtext.exact), as written: Mubiao's own export.
    stated: dict[str, str] = field(default_factory=dict)
    # The values read from beside the text, as written: a table row's start, target and due
    # cells, the `目标值:` / `current:` lines under it ("start", "target", "due"); "current":
    # a `Current:` line's value, the start or not (an import's first check-in, h9r).
    beside: dict[str, str] = field(default_factory=dict)
    # The detail lines under it whose value it took, by line, as what ("start", "target",
    # "current": the value now read as the start, "due", "owner"; a restated one "target",
    # "start" too): an importer says each at its line, so that no value typed is taken in silence.
    used: dict[int, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        # Beyond the reading's documented keys (DESIGN.md: read_key_result's to_dict gives
        # exactly those), a parsed document says what an import stores by (transfer.readings):
        # which side of the target a kept level keeps, the period of a rate (h10a), and the unit
        # a start in another unit of the target's dimension is written in (h10x).
        return {
            **super().to_dict(),
            "bound": self.bound,
            "per": self.per,
            "start_unit": self.start_unit,
            "line": self.line,
        }


@dataclass
class ParsedObjective:
    title: str
    line: int
    key_results: list[ParsedKeyResult] = field(default_factory=list)
    stated: dict[str, str] = field(default_factory=dict)  # as ParsedKeyResult.stated
    # Values read beside its title, as written: a weight typed in it (`O1（权重 40%）：…`, h10v).
    beside: dict[str, str] = field(default_factory=dict)
    # What an "aligned to: …" line under it (or `aligned_to=` in its attribute block) names, as
    # written: the title or number of the parent objective.
    aligned_to: str | None = None
    # The line that "aligned to: …" is written on, when it is a line of its own.
    aligned_to_line: int | None = None

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "line": self.line,
            **({"aligned_to": self.aligned_to} if self.aligned_to else {}),
            "key_results": [kr.to_dict() for kr in self.key_results],
        }


@dataclass
class Section:
    """The objectives of one owner (`owner` None when the text names nobody)."""

    owner: str | None
    objectives: list[ParsedObjective] = field(default_factory=list)
    line: int | None = None  # the owner heading's line, None without a heading
    # The team a heading names beside its person ("## Marketing — Emma Clarke",
    # "## 林晓（市场部）"): the person is the owner, the team is kept here
    # (docs/okrtext-headings.md).
    team: str | None = None


@dataclass(frozen=True)
class Problem:
    """A non-blank line that was not read as part of an OKR, and why."""

    line: int
    message: str
    # Where on the line, from 1, and the attribute concerned (an exact line's attribute block).
    column: int | None = None
    key: str = ""

    def to_dict(self) -> dict:
        found = {"line": self.line, "message": self.message}
        if self.column is not None:
            found.update(column=self.column, key=self.key)
        return found


@dataclass
class Document:
    sections: list[Section] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def objectives(self) -> list[ParsedObjective]:
        """All objectives in document order (lint indexes count across the whole document)."""
        return [objective for section in self.sections for objective in section.objectives]

    def to_dict(self) -> dict:
        return {
            "sections": [
                {
                    "owner": s.owner,
                    **({"team": s.team} if s.team else {}),
                    "objectives": [o.to_dict() for o in s.objectives],
                }
                for s in self.sections
            ],
            "problems": [p.to_dict() for p in self.problems],
        }
