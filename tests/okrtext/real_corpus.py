"""The real corpus (tests/okrtext/corpus/real): published key results and documents, by split.

Key results are read from `key_results_*.txt` (one per line, fields separated by " | ", see
README.md there), documents from `documents/*.md` (their `%%` lines give the source and the
structure a person sees). `split.txt` assigns every source page to `dev` or `holdout`.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mubiao.okrtext import KRInput, ObjectiveInput, lint_objectives, parse, read_key_result
from mubiao.okrtext.text import CJK

from .accuracy import FIELDS  # one list of fields, so that accuracy.table shows these figures

ROOT = Path(__file__).parent / "corpus" / "real"
YEAR = 2026  # the cycle year the corpus is read in (dates without a year)
_TYPES = {"A": "absolute", "R": "relative"}
_DIRECTIONS = {"up": "increase", "down": "decrease", "keep": "maintain", "ms": "milestone"}
_HANDLE = re.compile(r"(?<![\w.])@([\w.-]*\w)")


@dataclass(frozen=True)
class RealKR:
    source: str  # the page, without a #fragment: the unit of the split
    lang: str
    kr: str
    expected: dict  # field -> expected value; metric and unit hold a tuple of alternatives
    kind: str  # "n" measurable outcome, "y" activity, "v" outcome with nothing measurable
    added: bool = False  # added to dev after the split was made (key_results_added_dev.txt)


@dataclass(frozen=True)
class RealDocument:
    name: str
    source: str
    lang: str
    text: str
    # (owner alternatives or () for no owner, key results per objective)
    structure: tuple[tuple[tuple[str, ...], tuple[int, ...]], ...]


def page(source: str) -> str:
    return source.split("#", 1)[0]


def _value(cell: str) -> str | None:
    return None if cell == "-" else cell


def _number(cell: str) -> float | None:
    return None if cell == "-" else float(cell)


def _alternatives(cell: str) -> tuple[str, ...] | None:
    return None if cell == "-" else tuple(a.strip() for a in cell.split(" ~ "))


def load_key_results(sources: set[str] | None = None) -> list[RealKR]:
    """Every key result, or only those of the given source pages: lines of other pages are
    skipped before they are read (how the dev measurement keeps away from the holdout)."""
    entries = []
    for path in sorted(ROOT.glob("key_results_*.txt")):
        source = lang = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("@source "):
                _, _, lang, source = line.split(" ", 3)
                continue
            if sources is not None and page(source or "") not in sources:
                continue
            cells = [c.strip() for c in line.split(" | ")]
            if len(cells) != 11 or source is None:
                raise ValueError(f"{path.name}:{number}: 11 fields after an @source line")
            kr, kind = cells[0], cells[10]
            entries.append(
                RealKR(
                    source=page(source),
                    lang=lang,
                    kr=kr,
                    kind=kind,
                    expected=_expected(cells, kr),
                    added=path.name.startswith("key_results_added"),
                )
            )
    return entries


def _expected(cells: list[str], kr: str) -> dict:
    _, text, metric, start, target, kind_type, unit, direction, deadline, due, kind = cells
    return {
        "text": kr if text == "=" else text,
        "metric": _alternatives(metric),
        "start": _number(start),
        "target": _number(target),
        "target_type": _TYPES.get(kind_type),
        "unit": _alternatives(unit),
        "direction": _DIRECTIONS[direction],
        "deadline": _value(deadline),
        "due": _value(due),
        # The convention (okr-rules.md §5.5): every @handle, in order.
        "mentions": _HANDLE.findall(kr),
        "is_activity": kind == "y",
    }


def agreement(entries: list[RealKR]) -> tuple[int, dict[str, float]]:
    """(lines, share of agreeing fields) between the first annotation and the second, blind
    one in second_annotation.txt; phrases agree when their alternatives overlap."""
    first = {entry.kr: entry.expected for entry in entries}
    agree = dict.fromkeys(FIELDS, 0)
    lines = [
        line
        for line in (ROOT / "second_annotation.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for line in lines:
        cells = [c.strip() for c in line.split(" | ")]
        one, two = first[cells[0]], _expected(cells, cells[0])
        for field in FIELDS:
            if field in ("metric", "unit") and one[field] and two[field]:
                agree[field] += bool({fold(a) for a in one[field]} & {fold(b) for b in two[field]})
            else:
                agree[field] += one[field] == two[field]
    return len(lines), {f: agree[f] / len(lines) for f in FIELDS}


def load_documents(sources: set[str] | None = None) -> list[RealDocument]:
    """Every document, or only those of the given source pages (see load_key_results)."""
    documents = []
    for path in sorted((ROOT / "documents").glob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        meta = [line[2:].strip() for line in lines if line.startswith("%%")]
        source = next(m.split(":", 1)[1].strip() for m in meta if m.startswith("source:"))
        if sources is not None and page(source) not in sources:
            continue
        structure = []
        for item in (m.split(":", 1)[1] for m in meta if m.startswith("expect:")):
            owner, counts = item.rsplit(":", 1)
            owner = owner.strip()
            owners = () if owner == "-" else tuple(o.strip() for o in owner.split(" ~ "))
            structure.append((owners, tuple(int(n) for n in counts.split())))
        documents.append(
            RealDocument(
                name=path.stem,
                source=page(source),
                lang=path.stem.split("_", 1)[0],
                text="\n".join(line for line in lines if not line.startswith("%%")),
                structure=tuple(structure),
            )
        )
    return documents


def load_split() -> dict[str, str]:
    split = {}
    for line in (ROOT / "split.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, source = line.split(" ", 1)
            split[source.strip()] = name
    return split


# --- comparison (README.md: "How a reading is compared") --------------------------------------


def fold(text: str) -> str:
    """Width-, case- and space-insensitive form of a phrase."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


# The metric's lenient comparison (docs/okrtext-metric.md, "How a reading is compared"): the
# same measured noun, whatever its determiners, brackets, scope and outer modifiers.
_BRACKET = re.compile(r"[(（][^)）]*[)）]")
_DETERMINERS = {"the", "a", "an", "our", "their", "its", "all", "total", "overall"}
_MEASURE_OF = {"number", "count", "amount"}
# Nouns that say nothing without their "of" phrase: "share of repeat orders".
_RELATIONAL = {
    "share", "portion", "percentage", "proportion", "ratio", "fraction", "proof", "suite",
}  # fmt: skip
_POST_MODIFIER = {
    # prepositions: scope, owner, source or purpose of the measured noun
    "of", "for", "in", "on", "to", "from", "across", "within", "at", "by", "with", "about",
    "among", "over", "during", "after", "before", "into", "via", "through", "under", "vs",
    "versus", "against", "between", "without",
    # clauses and participles that qualify the noun
    "that", "which", "who", "where", "when", "while", "so", "using", "including", "covering",
    "following", "excluding", "found", "delivered", "shipped", "completed", "closed", "resolved",
    "made", "done", "reviewed", "signed", "received", "sent", "published", "every", "each",
}  # fmt: skip
_PERIOD = {"day", "week", "month", "quarter", "year", "sprint"}
_ZH_MEASURE_SUFFIX = re.compile(r"[率数量额度值]|得分|分数|满意度|覆盖率|时长|周期")


def _words(phrase: str) -> list[str]:
    """Case-, width- and punctuation-insensitive words of an English phrase, brackets dropped."""
    text = _BRACKET.sub(" ", unicodedata.normalize("NFKC", phrase).casefold()).replace("&", " and ")
    return re.findall(r"[\w%$€£¥.-]+", text.replace("/", " ").replace(". ", " "))


def _core(words: list[str]) -> list[str]:
    """The measured noun with its pre-modifiers: no determiner, no leading "number of", and
    nothing from the first post-modifier on ("organic traffic to the blog" → organic traffic;
    "water a day" → water)."""
    words = [w.rstrip(".") for w in words]
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    if len(words) > 2 and words[0] in _MEASURE_OF and words[1] == "of":
        words = words[2:]
    for index, word in enumerate(words):
        after = words[index + 1] if index + 1 < len(words) else ""
        # "a day", "per week", "per 30 days" are periods; "per employee" is part of a ratio.
        period = word in ("a", "an", "per") and (after in _PERIOD or after[:1].isdigit())
        relational = word == "of" and words[index - 1] in _RELATIONAL
        if index and (word in _POST_MODIFIER or period) and not relational:
            return [w for w in words[:index] if w not in _DETERMINERS]
    return [w for w in words if w not in _DETERMINERS]


def _same_metric(got: str, want: str) -> bool:
    if fold(got) == fold(want):
        return True
    if CJK.search(want):
        # Chinese names its head noun last: a reading without the annotation's outer modifiers
        # (or with more of them) matches while it keeps more than one two-character word
        # ("渠道成本" is "招聘渠道成本", "政策" is not "人员招聘政策") and more than the
        # measure's suffix ("满意度").
        short, long = sorted((fold(_BRACKET.sub("", got)), fold(_BRACKET.sub("", want))), key=len)
        return (
            long.endswith(short)
            and len(short) >= min(3, len(long))
            and not _ZH_MEASURE_SUFFIX.fullmatch(short)
        )
    mine, theirs = _core(_words(got)), _core(_words(want))
    short, long = sorted((mine, theirs), key=len)
    # The same head noun with at least its nearest modifier: "reply time" is "total reply
    # time", "time" is not.
    return (
        bool(short) and long[len(long) - len(short) :] == short and len(short) >= min(2, len(long))
    )


def same(field: str, got: object, want: object) -> bool:
    if field == "metric":
        if want is None or got is None:
            return got is want
        return any(_same_metric(str(got), w) for w in want)
    if field == "unit":
        if want is None or got is None:
            return got is want
        return fold(str(got)) in {fold(w) for w in want}
    if field == "deadline" and isinstance(got, str) and isinstance(want, str):
        return fold(got) == fold(want)
    if field in ("start", "target"):
        return (got is None and want is None) or (
            got is not None and want is not None and float(got) == float(want)
        )
    if field == "text" and isinstance(got, str):
        return got.strip() == want
    return got == want


def assert_work_delivering(kr: str, metric: str) -> None:
    """`kr` reads as work that delivers `metric` (compared as the corpus compares metrics): an
    activity, a milestone with no target (the table tests of work, h10u)."""
    reading = read_key_result(kr, year=2026)
    assert same("metric", reading.metric, (metric,)), reading.metric
    assert (reading.target, reading.direction, reading.is_activity) == (None, "milestone", True), (
        reading
    )


def evaluate(entries: list[RealKR]) -> tuple[dict[str, float], list[tuple[str, str, object]]]:
    """(accuracy per field, misses as (kr, field, got, expected))."""
    hits = dict.fromkeys(FIELDS, 0)
    misses = []
    for entry in entries:
        got = read_key_result(entry.kr, year=YEAR).to_dict()
        for field in FIELDS:
            if same(field, got[field], entry.expected[field]):
                hits[field] += 1
            else:
                misses.append((entry.kr, field, got[field], entry.expected[field]))
    return {f: hits[f] / len(entries) if entries else 1.0 for f in FIELDS}, misses


def structure_of(document: RealDocument) -> list[tuple[str | None, tuple[int, ...]]]:
    """What `parse` made of a document: (owner, key results per objective) per owned section."""
    parsed = parse(document.text, year=YEAR)
    return [
        (section.owner, tuple(len(o.key_results) for o in section.objectives))
        for section in parsed.sections
        if section.objectives
    ]


def structure_matches(document: RealDocument) -> bool:
    got = structure_of(document)
    if len(got) != len(document.structure):
        return False
    for (owner, counts), (owners, want_counts) in zip(got, document.structure, strict=True):
        owner_ok = (
            owner is None
            if not owners
            else owner is not None and fold(owner) in {fold(o) for o in owners}
        )
        if not owner_ok or counts != want_counts:
            return False
    return True


# --- the linter on the real corpus (issue 10 §5) --------------------------------------------------

# A good, measurable outcome flagged by one of these is a false positive ...
VAGUE_OR_ACTIVITY = {"OKR-M01", "OKR-M02", "OKR-A01", "OKR-A04"}
# ... and an activity or unmeasurable KR with none of these is a false negative.
ANY_FINDING = VAGUE_OR_ACTIVITY | {"OKR-M03", "OKR-M08", "OKR-A03"}


def kr_findings(entry: RealKR) -> set[str]:
    """Rules the linter reports on the key result alone, in an objective of a 2026 cycle."""
    objective = ObjectiveInput(
        "Objective", [KRInput(entry.kr)], cycle_start=date(2026, 1, 1), cycle_end=date(2026, 12, 31)
    )
    return {f.rule for f in lint_objectives([objective]) if f.key_result == 1}


def linter_rates(entries: list[RealKR]) -> tuple[float, float, list[tuple[str, str, set]]]:
    """(false-positive rate on outcomes, false-negative rate on activities/unmeasurable, misses)."""
    outcomes = [e for e in entries if e.kind == "n"]
    flagged = [e for e in entries if e.kind in ("y", "v")]
    misses = []
    false_positives = false_negatives = 0
    for entry in outcomes:
        if found := kr_findings(entry) & VAGUE_OR_ACTIVITY:
            false_positives += 1
            misses.append(("false positive", entry.kr, found))
    for entry in flagged:
        if not kr_findings(entry) & ANY_FINDING:
            false_negatives += 1
            misses.append(("false negative", entry.kr, set()))
    return (
        false_positives / len(outcomes) if outcomes else 0.0,
        false_negatives / len(flagged) if flagged else 0.0,
        misses,
    )
