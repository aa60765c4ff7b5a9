"""The structured reading of one key result (okr-rules.md §6)."""

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from itertools import pairwise

from . import lexicon, wordclass
from .deadlines import Deadline, find_deadlines, find_windows, main_deadline
from .numbers import (
    AT_LEAST_PLUS,
    CURRENCY_CODES,
    DATE_OFFSET,
    EN_NUMBER_WORDS,
    GRADE_WORD,
    POINTS,
    RATE_AT_END,
    TECH_WORD,
    Quantity,
    comma_between_digits,
    context_before,
    find_quantities,
    rate_period,
    start_to_target,
    unit_key,
    written_scale,
)
from .text import (
    CJK,
    EMOJI_BULLET,
    HOLD_WORD,
    MENTION,
    hold_off,
    is_mostly_cjk,
    normalise,
    strip_noise,
)

# A KR's own enumerator when given a whole line: "KR1:", "KR 1.2", "关键结果1：", "O2-KR1",
# in Markdown bold or italics ("**KR1**:", "*Key Result 2*:", "_KR1:_"), and "1." glued to
# Chinese text ("1.舉辦"; "1.5 倍" is a number), after a bullet or an emoji set as one ("✅ KR2
# …"); a bracket after it is its alias ("KR2(关键成果2):"), unless it puts the key result on
# hold ("KR2（暂停）：…").
_ENUMERATOR = re.compile(
    r"^\s*(?:[-*•+]\s+|" + EMOJI_BULLET + r"\s*)?"
    r"(?:【\s*(?:KR|关键(?:结果|成果))\s*\d*(?:\.\d+)?\s*】\s*"
    r"|(?:\*{1,2}|_{1,2})?\(?(?:O\d+\s*[-.]?\s*)?(?:KR|Key Results?|关键(?:结果|成果))\s*#?\s*\d*"
    r"(?:\.\d+)?\)?(?:\*{1,2}|_{1,2})?\s*(?:\((?!\s*" + HOLD_WORD + r"\s*\))[^)]{0,10}\))?"
    r"\s*[:.、)=-]?(?:\*{1,2}|_{1,2})?\s*"
    r"|\d{1,2}[.)、]\s+|\d{1,2}[.)](?=[\u3400-\u9fff]))",
    re.IGNORECASE,
)
# An area's tag before a key result: "[Competitor]", "[Mobile]", "[竞品]" (Feishu's "【销售】" and
# an owner's "[momack2]" are noise, text.strip_noise).
_TAG = re.compile(r"\[[^\]\d\[]{1,24}\]\s*")
# A single letter the author set off in emphasis ("Launch *X*", "Sign *x* design partners") names
# a thing, even where a placeholder letter could stand (h9j); the marks are gone once the noise
# is stripped, so the letters are taken from the line as written.
_EMPHASISED_LETTER = re.compile(r"(?<![\w*`])(\*{1,2}|_{1,2}|`)([A-Za-z])\1(?![\w*`])")
_BASELINE_BEFORE = re.compile(
    r"(?i:\bfrom\b|\bup from\b|\bdown from\b|\bcurrent(?:ly)?(?: is| at)?\b|\bvs\.?|\bbaseline\b"
    r"|\bwas\b|\bfrom\s+avg\.?)|从|由|当前(?:值)?(?:为|是)?|目前(?:为|是)?|现为|现在(?:为|是)?|基线|当前基准"
    # A start word a table header knows, inline: right before the number ("（现状 70%）",
    # "现状：65%", "(starting value 70%)"), English "start" / "current" in brackets or with a
    # colon only ("Start 5 pilots" starts nothing) (h10v).
    rf"|(?:{lexicon.START_WORD_ZH})\s*(?:为|是)?\s*:?\s*$"
    r"|(?i:\b(?:baseline|start(?:ing)?\s+(?:value|point|level)|current\s+(?:value|level))\b)"
    r"\s*(?i:is|of|at)?\s*:?\s*$"
    r"|(?:\(\s*|\b)(?i:start(?:ing)?|current)\s*:\s*$"
    # Where it stands now, in brackets: "(now 35)", "(today: 35)", "(as of today 35)".
    r"|\(\s*(?i:now|today|as\s+of\s+today)(?:\s+(?:is|at))?\s*:?"
    # A past level in brackets after the target: "(去年 12%)", "(last year: 3%)", "(Q3: 108%)".
    r"|\(\s*(?:去年|上年|上季度|上个?月|(?i:last\s+(?:year|quarter|month)|LY|LQ|Q[1-4]))"
    r"\s*(?:为|是|:)?"
)
_BASE_NAMED = re.compile(
    r"(?i:\bcompared (?:to|with)\b|\b(?:YoY|QoQ|MoM)\b|-over-|\bthan last\b)"
    r"|较(?:上|去|前)|同比|环比|比(?:上|去)"
)
_BY = re.compile(r"(?i:\bby\s*$)")
_ZH_RELATIVE_VERB = re.compile(r"(?:增长|提升|提高|增加|降低|减少|下降|上升|缩短|减)\s*(?:了)?\s*$")
_EN_RELATIVE_VERB = re.compile(
    r"(?i:\b(?:increas|grow|improv|reduc|cut|decreas|lower|lift|boost|rais)\w*\b)"
)
# "a 20% increase in X": a percentage named as a change by the noun after it.
_CHANGE_NOUN = re.compile(
    r"\s*(?i:(?:percent(?:age)?\s+)?(?:increase|growth|rise|reduction|decrease|drop|decline"
    r"|improvement|uplift|lift|gain|cut|boost)s?)\b"
)
# The level a key result reaches, which a change before it leads to ("by 20% to $5M",
# "增长 20% 至 500 万"); "at least", "超过" inside the measure's description qualify a noun.
_LEVEL_REACHED = re.compile(r"(?i:\b(?:to|reach\w*|hit)\s*$)|(?:至|到|达到|达|为|突破)\s*$")
_TARGET_MARKER = re.compile(
    r"(?i:\b(?:to|reach\w*|hit|achiev\w*|at least|above|below|under)\s*$)"
    r"|(?:至|到|达到|达|为|突破|不少于|不低于|不超过|低于|超过)\s*$"
)
# What separates a second target from the first: a comma, or "and" with a verb of its own
# ("Grow paid seats to 8,000 and cut refund rate below 3%").
_SECOND_CLAUSE = re.compile(rf"[,;，；]|\b(?i:and|while|plus)\s+(?:{lexicon.EN_VERB.pattern})|并")
_ZH_CHANGE_FIRST = re.compile(rf"(?:{lexicon.CHANGE_VERB_ZH})(?=[^,，;；。\d]{{2,}})")
_ZH_LEVEL_MARKER = re.compile(
    r"至|到|达到|达|为|在|以内|以下|以上|不超过|不低于|低于|高于|[,，;；]"
)
_EN_FIRST_WORD = re.compile(r"^\W*([A-Za-z][A-Za-z-]*(?:\s+(?:up|on|with|out))?)")

# A phrasal verb ("Speed up", "Shut down", "Wind down", "Phase out"): a verb's base form and its
# particle are one verb. The particle is no change ("Costs down 10%") and no part of the object.
_PHRASAL_EN = re.compile(r"(?i:([a-z]+)\s+(?:up|down|out|off)\b\s*)")


def _phrasal_verb(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The phrasal verb opening text[start:end], verb and particle, or None."""
    match = _PHRASAL_EN.match(text, start, len(text) if end is None else end)
    return match if match and wordclass.is_en_verb_lemma(match.group(1)) else None


# Words trimmed from the ends of a metric phrase.
_LEAD_VERB_EN = re.compile(rf"(?:{lexicon.EN_VERB.pattern})(?:\s+|$)")
# A first word followed by a determiner is an imperative verb the lexicons need not know
# ("Digitise the supplier contracts", "Refresh our brand guidelines"): no noun is followed by one.
_IMPERATIVE_EN = re.compile(
    r"(?i:[a-z][a-z-]*\s+(?=(?:the|our|a|an|all|every|each|their|its|this|these|those)\s))"
)
_ADVERB_EN = re.compile(r"(?i:[a-z]{2,}ly)\s+(?P<verb>[a-z]+)\b")
_FILLER_EN = re.compile(
    rf"(?:(?i:the|our|a|an|all|total)(?:\s+|$)|(?:{lexicon.HEDGE_LEAD.pattern})\s*"
    # "Ensure that all APIs respond …", "Make sure that errors stay …": the clause after the
    # frame states the measure.
    r"|(?i:(?:make\s+)?sure(?:\s+that)?|that|which|whether)\s+)"
)
# Words ending in 约 that are no "about": the work of signing or booking.
_WORD_IN_YUE = re.compile(r"[签簽续續预預合邀违違履制节節]约$")
_TRAIL_EN = re.compile(
    r"(?i:\s*(?:\b(?:from|to|by|at|of|above|below|under|over|at least|less than|more than|at or"
    r"|(?:not?\s+)?(?:higher|lower|greater)\s+than|no\s+(?:less|fewer)\s+than"
    r"|or more|or higher|or less|or lower"
    r"|fewer than|no more than|at most|is|are|up|down|in|for|with|than|reach\w*|hits?|stays?"
    r"|remains?|within)\b|[=<>≥≤:])\s*)$"
)
_FILLER_ZH = re.compile(
    r"(?:将|把|使|让|确保|推动|促使|令|的|并|改进|优化|完善|改善|每天|每周|每月|每日|每双月|每季度|每年"
    r"|每场|每局|每次|每单|定期|至少|最少|尽量|争取|力争"
    r"|以上|以下|以内|之内"
    r"|较(?:上|去|前)一?个?(?:季度|年|月|周)|同比|环比"
    # How the work goes, before its verb: "顺利完成Sprint2", "按时上线…".
    rf"|(?:顺利|按时|如期|及时|成功|全面)(?={lexicon.CJK_VERB.pattern}))+"
)
_TRAIL_ZH = re.compile(
    r"(?:从|由|达到|达|提升至|提升到|提高至|提高到|提升|提高|增长至|增长到|增长|增加到|增加至|增加"
    r"|降低至|降低到|降低|减少至|减少到|减少|缩短至|缩短到|缩短|下降至|下降到|上升至|上升到|降至|降到"
    r"|升至|至|到|为|在|不少于"
    r"|不低于|不超过|不高于|不大于|不小于|不多于|少于|低于|超过|高于|大于|小于|至少|最少|至多|最多"
    r"|保持在|稳定在|保持|维持在|维持|控制在|突破|的|是"
    # A modal before the change verb: "故事点可以从45个增加到55个" measures 故事点.
    r"|可以|能够|需要|应当|应该"
    # A rank's "前" ("排名进入前三", "跻身行业前十"): the ranking is the measure (numbers._ranks).
    r"|(?:进入|跻身|位列|位居|稳居|挤进|冲进|冲入|杀入)?前"
    r"|达成|实现|上升|下降|当前值?|目前|现|同比|环比|较(?:上|去|前)一?个?(?:季度|年|月|周)"
    r"|比(?:上|去|前)一?个?(?:季度|年|月|周)(?:同期)?)\s*$"
)
_CLAUSE_BREAK = re.compile(r"[,，;；。!！?？]\s*|:\s+|：")
_ZH_TAIL_STOP = re.compile(
    r"[,，;；。(（]|以(?=[提增降减促驱达])|从而|以便|使|并|(?:和|及)(?=\s*[\d一二两三四五六七八九十])|与"
    r"|在(?=\s?\d)|通过"
    # "保持在65分或增加": the way it may move after the level, no measure.
    r"|或(?=\s?(?:增加|提升|提高|降低|减少|下降|上升))"
)
_ZH_OR_BOUND = re.compile(r"\s?或\s?(?:以上|以下|更[高多好低少])")
_ZH_PREPOSITION = re.compile(r"与|和|跟|同|对|向|为")
_DOTTED_THOUSANDS = re.compile(r"(?<![\d.,])[1-9]\d{0,2}\.\d{3}(?![\d.,]|\s?[万亿千kKMBwW])")

# A purpose bracket says why the work is done, never the key result's measure: "(so that 80% of
# customers renew)", "（为了让续约率达到 80%）", "（以便…）", "（旨在…）" (on the normalised text).
_PURPOSE = re.compile(r"\(\s*(?:(?i:so\s+that|in\s+order\s+to)\b|为了|以便|旨在)[^()]*\)")
# Text that is code, not a quantity the key result states: a code span (`retry(3)`), a
# spreadsheet formula (=1+2, =SUM(A1)), a calculation (1+1, 2*3), an identifier with an
# underscore (x86_64, config_v2) or a call in lower case with code for its arguments (retry(3);
# "T100（前100大客户）" is a name, _EXPANDED). Its digits are no start or target: "=1+2"
# was read as a target of 2 and the key result refused for values the title never stated.
_CODE = re.compile(
    r"`[^`\n]*`"
    r"|(?<!\S)=(?:[A-Za-z]\w*\([^()]*\)|[^\s|｜，,;；]+)"
    r"|(?<![\w.])\d+(?:\.\d+)?(?:\s*[+*×÷^=]\s*\d+(?:\.\d+)?)+(?![\w.%])"
    r"|\b[A-Za-z_]\w*_\w*"
    r"|\b[a-z_]\w*\([A-Za-z0-9_.,:'\"=]*\)"
)
# A name and what it stands for, one in brackets after the other: "NPS (Net Promoter Score)",
# "T100 (Top 100 Accounts)", "Net Promoter Score (NPS)", "净推荐值（NPS）", "NPS（净推荐值）". The
# bracket is no number of the key result and no second measure: one name.
_ACRONYM = r"[A-Z][A-Za-z0-9&]{0,8}[A-Z0-9]"
_EXPANDED = re.compile(
    rf"(?<![A-Za-z0-9])(?P<short>{_ACRONYM})\s*\((?P<long>[A-Za-z][^()]{{2,60}})\)"
)
_SHORT_AFTER = re.compile(rf"\(\s*(?P<short>{_ACRONYM})\s*\)")
_NAMED_ZH = re.compile(
    rf"[\u4e00-\u9fff]\s*\(\s*{_ACRONYM}\s*\)"
    rf"|(?<![A-Za-z0-9]){_ACRONYM}\s*\(\s*[\u4e00-\u9fff][^()]{{0,20}}\)"
)
_WORD_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]")


def _stands_for(short: str, long: str) -> bool:
    """Whether `long` spells out `short`: the same first letter, and the acronym's letters and
    digits in its words in order ("CSAT": Customer SATisfaction; "T100": Top 100). "Q3 (July to
    September)" names a period: no acronym."""
    letters = [c for c in short.casefold() if c.isalnum()]
    spelt = iter(c for c in long.casefold() if c.isalnum())
    return letters[0] == long[0].casefold() and all(c in spelt for c in letters)


_CONTENT_WORD = re.compile(
    r"(?<![A-Za-z0-9])(?!(?i:and|of|on|for|the|to|in|with|&)(?![A-Za-z0-9]))[A-Za-z][\w-]*"
)


def _names(norm: str) -> list[tuple[int, int]]:
    """The brackets of `norm` that give a name's acronym or its expansion."""
    spans = [m.span() for m in _EXPANDED.finditer(norm) if _stands_for(m["short"], m["long"])]
    spans += [m.span() for m in _NAMED_ZH.finditer(norm)]
    for short in _SHORT_AFTER.finditer(norm):
        # "Net Promoter Score (NPS)": the words just before spell it, from its first letter.
        before = _WORD_START.finditer(norm, max(0, short.start() - 60), short.start())
        starts = [word.start() for word in before]
        # Joining words ("objectives and key results (OKR)", "return on investment (ROI)") have
        # no letter in it: up to as many again may stand between its words (h10u).
        spelt = (
            s
            for s in starts[-2 * len(short["short"]) :]
            if _stands_for(short["short"], norm[s : short.start()])
            and len(_CONTENT_WORD.findall(norm, s, short.start())) <= len(short["short"])
        )
        if (start := next(spelt, None)) is not None:
            spans.append((start, short.end()))
    return [(norm.index("(", start), end) for start, end in spans]


def _acronym_kept_in_unit(
    cleaned: str, commas: str, quantity: Quantity, names: list[tuple[int, int]] | None = None
) -> Quantity:
    """The counted noun as written when a name's acronym in brackets stands inside it ("3
    test-driven development (TDD) cycles"): the bracket, blanked for reading numbers, is no unit
    of its own and does not join the words around it into another noun (h10s)."""
    words = (quantity.unit or "").split()
    if len(words) < 2:
        return _name_as_counted_noun(cleaned, commas, quantity, names) if names else quantity
    spread = re.compile(r"\s+".join(map(re.escape, words)))
    found = spread.match(
        commas, quantity.end + len(commas[quantity.end :]) - len(commas[quantity.end :].lstrip())
    )
    if found and "(" in cleaned[found.start() : found.end()]:
        return replace(quantity, unit=" ".join(cleaned[found.start() : found.end()].split()))
    return _name_as_counted_noun(cleaned, commas, quantity, names) if names else quantity


def _name_not_cut(
    cleaned: str, metric: str, names: list[tuple[int, int]], target: Quantity | None
) -> str:
    """The metric with the whole name when it stops inside one ("objectives and key" of
    "objectives and key results (OKR)"), or the counted noun holding it (h10u)."""
    unit = target.unit if target is not None and target.unit else ""
    if (
        "(" in unit
        and unit.startswith(metric)
        and (metric.endswith(")") or re.match(r"\s+[A-Za-z]", unit[len(metric) :]))
    ):
        return unit  # "3 objectives and key results (OKR) workshops"
    at = cleaned.find(metric)
    if at < 0:
        return metric
    rest = re.match(r"\s+[A-Za-z][A-Za-z\s-]*\([^()]*\)", cleaned[at + len(metric) :])
    if rest is None or not any(end == at + len(metric) + rest.end() for _, end in names):
        return metric
    if _NOT_A_HEAD.match(rest.group().split()[0]):
        return metric  # "20 leads on objectives and key results (OKR)": the name is elsewhere
    whole = cleaned[at : at + len(metric) + rest.end()]
    if target is not None and target.unit and target.unit.startswith(whole):
        return target.unit  # "3 objectives and key results (OKR) workshops"
    return whole


_NOT_A_HEAD = re.compile(
    r"(?i:for|to|by|in|on|at|with|of|per|and|or|from|across|within|each|every|this|next|that)$"
)


def _name_as_counted_noun(
    cleaned: str, commas: str, quantity: Quantity, names: list[tuple[int, int]]
) -> Quantity:
    """ "3 objectives and key results (OKR) workshops", "2 return on investment (ROI) reports":
    a name spelt out right after the number, its acronym in brackets, then the noun counted;
    the unit reader stopped at the joining word or the bracket (h10u)."""
    begin = quantity.end + len(commas[quantity.end :]) - len(commas[quantity.end :].lstrip())
    for start, end in names:
        if not 0 < start - begin <= 70 or re.search(r"[\d,;，；。:：]", commas[begin:start]):
            continue
        short = cleaned[start + 1 : end - 1].strip()
        head = re.match(r"\s+([A-Za-z][\w-]*)", cleaned[end:])
        if not short or not _stands_for(short, cleaned[begin:start]):
            return quantity
        if head is None or _NOT_A_HEAD.match(head.group(1)):
            return quantity
        return replace(quantity, unit=" ".join(cleaned[begin : end + head.end()].split()))
    return quantity


def _asides(norm: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The spans of `norm` read past: purpose brackets and code (_CODE), and names with their
    acronym or their expansion in brackets (part of the metric as written, no number of it)."""
    read_past = [m.span() for m in _PURPOSE.finditer(norm)] + [
        m.span() for m in _CODE.finditer(norm)
    ]
    return read_past, _names(norm)


def _inside_any(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span blanked, the same length."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


@dataclass
class KeyResultReading:
    """What a key result says: see okr-rules.md §6 for each field's convention."""

    text: str
    metric: str | None
    start: Decimal | None
    target: Decimal | None
    target_type: str | None
    unit: str | None
    direction: str
    deadline: str | None
    due: date | None
    mentions: list[str] = field(default_factory=list)
    is_activity: bool = False
    # What the text says that cannot be read without guessing, as (code, text as written):
    # a number whose comma groups no thousands or that has an exponent (`4,5`, `1.234,5`,
    # `1e16`: "number"), a letter O for a zero (`$4O k`: "letter"), a baseline and target in
    # different units (`从 3 分钟降到 30 秒`, `from ¥100万 to $200k`: "units"), a range as the
    # start or the target (`40-45 万`: "range"), a day its month does not have (`11 月 31 日`:
    # "date"). The values are not
    # guessed: an import refuses such a line, naming it (mubiao.okrs.transfer.readings).
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    # The bound written next to an absolute target, whatever verb keeps it: "at_most" ("Keep
    # churn at or below 2%", "维持在每周50单以下"), "at_least" ("不低于95%"), else None. A
    # "maintain" reading is kept under it or above it by this, never by the verb.
    bound: str | None = None
    # The period a counted target is a rate over ("周" for "5 次/周" or "每周 3 次", "week" for
    # "3 interviews per week"), else None: the unit stays the counted measure (§6), the rate is
    # the unit per this period (a key result stores 次/周, transfer.readings).
    per: str | None = None
    # The unit the start is written in when it is another unit of the target's dimension
    # ("from 3 hours to 45 minutes": start 3 in hours, target 45 minutes): `start` stays as
    # written (§6); `in_one_unit` gives both in one unit.
    start_unit: str | None = None
    # The key result is on hold: a marker said so ("(on hold)", "[paused]", "（暂停）", "【搁置】",
    # "暂缓：", "— deferred", "，延期"), removed from `text`.
    held: bool = False

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "metric": self.metric,
            "start": json_number(self.start),
            "target": json_number(self.target),
            "target_type": self.target_type,
            "unit": self.unit,
            "direction": self.direction,
            "deadline": self.deadline,
            "due": self.due.isoformat() if self.due else None,
            "mentions": list(self.mentions),
            "is_activity": self.is_activity,
            "held": self.held,
        }


def json_number(value: Decimal | None) -> int | float | None:
    """int when whole, else float: JSON-friendly numbers for `to_dict`."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class Analysis:
    """A reading plus the facts the linter needs about how the KR was written."""

    reading: KeyResultReading
    normalised: str
    targets: list[Quantity]  # every quantity that could be a target, in order
    skipped: list[Quantity]  # identifiers, versions and years
    deadlines: list[Deadline]
    placeholder: bool
    has_baseline: bool  # a baseline number, or a named base (较上季度, compared to last quarter)
    has_comparator: bool
    has_change_verb: bool
    outcome_after_purpose: bool  # "... to improve sign-ups by 25%", "..., 使续费率达到 80%"
    ambiguous: list[str] = field(default_factory=list)  # numbers as written, such as "4,5"


Cycle = tuple[date, date]  # a cycle's first and last day


# Why numbers.find_quantities could not read a token, kept as its unreadable code; any other
# ambiguous token is a "number" (`4,5`, `1e16`).
_OWN_CODES = {"letter", "fraction", "metres_or_million"}
# The unreadable codes (KeyResultReading.unreadable) that refuse a key result's numbers, as
# against its date: one set for the linter and the importer.
NUMBER_REFUSALS = frozenset({*_OWN_CODES, "number", "separator", "units", "range"})


def read_key_result(
    text: str, *, year: int | None = None, cycle: Cycle | None = None
) -> KeyResultReading:
    """Read one key result: metric, baseline, target, unit, direction, deadline, mentions.

    `year` resolves dates written without one; `cycle` (first, last day) resolves them inside
    the cycle instead, which matters for a cycle that crosses the new year.
    """
    return analyse(text, year=year, cycle=cycle).reading


def analyse(
    text: str, *, year: int | None = None, cycle: Cycle | None = None, source: str | None = None
) -> Analysis:
    """`source`: the line `text` was taken from, when its marks are already gone (a parsed key
    result's line as written): a letter set off in emphasis there is still a name."""
    text = text.strip()
    enumerator = _ENUMERATOR.match(normalise(text))
    # Before the noise goes: "【搁置】" and "[paused]" would go with it as a tag and a name.
    written, held = hold_off(text[enumerator.end() :] if enumerator else text)
    cleaned, mentions = strip_noise(written)
    # Brackets that say why the work is done or what a name stands for, and code, are read past:
    # kept in the text, blanked (same length) for everything that reads numbers, direction and
    # deadline.
    purposes, names = _asides(normalise(cleaned))
    norm = _blank(normalise(cleaned), purposes)
    deadlines = find_deadlines(norm)
    # "[Competitor] Win 5 accounts from X": a tag naming the area is kept in the text and before
    # the metric; the key result is read after it (its first word is the verb).
    tag = _TAG.match(norm)
    if tag:
        norm = " " * tag.end() + norm[tag.end() :]
    busy = [(d.start, d.end) for d in deadlines] + [m.span() for m in MENTION.finditer(norm)]
    # A comma between digits, in either width, is the number's (numbers.comma_between_digits):
    # `1，200` one number, `6，5` one ambiguous token, as the check-in box reads them; any other
    # full-width comma, and one before a date of its own ("从 30 提升到 50，5 月底前"), closes
    # the clause.
    commas = _blank(
        comma_between_digits(cleaned, norm, {d.start for d in deadlines}), purposes + names
    )
    named = {m.group(2) for m in _EMPHASISED_LETTER.finditer(f"{written} {source or ''}")}
    quantities = [
        q
        for q in find_quantities(commas)
        if not _inside(q, busy) and not (q.is_placeholder and cleaned[q.start : q.end] in named)
    ]
    skipped = [q for q in quantities if q.skip]
    windows = find_windows(norm)
    # "a penetration test of five man-days", "20人天的渗透测试": the size of the work, no level
    # reached (h10u).
    # "reviewed by two editors": the agent of a passive verb, counted, is no change by 2 (h10u).
    candidates = [
        q
        for q in quantities
        if not q.skip and not _size_of_work(norm, q) and not _agent_counted(norm, q)
    ]
    start_q = _baseline(norm, candidates)
    if start_q is not None:
        candidates.remove(start_q)
    target_q = _target(norm, candidates, windows, start_q)
    if _total_against_new(norm, start_q, target_q):
        # "Onboard 500 new merchants (currently 1,200 total)": a count of new ones starts from
        # none; the total they join is another measure, no start (it read as a fall).
        start_q = None
    multiple_of_start = (
        target_q is not None
        and target_q.kind == "multiplier"
        and target_q.value is not None
        and start_q is not None
        and start_q.value is not None
        and _is_relative(norm, target_q)
    )
    if multiple_of_start:
        # "Double signups from 1,000", "用户数翻倍（当前 5 万）", "Halve churn from 6%": a
        # multiple of a stated start is the level it leads to, in the start's unit (brief h9t:
        # refused for want of a start the title states).
        target_q = replace(
            target_q,
            value=_plain(start_q.value * target_q.value),
            kind=start_q.kind,
            unit=start_q.unit,
        )
    if not multiple_of_start and _scale_shared(norm, commas, start_q, target_q):
        # "from 1 to 2 million", "收入从 100 增长到 200 万元": a scale written once, after the
        # target, is the bare start's too, as it is a range's lower end ("300-350 万元"); it
        # was read as 100 → 2,000,000 元, a 20,000-fold rise.
        start_q = replace(start_q, value=_plain(start_q.value * written_scale(commas, target_q)))
    if target_q is not None and names:
        target_q = _acronym_kept_in_unit(cleaned, commas, target_q, names)
    deadline = main_deadline(deadlines)
    # "4,5", "1e16": a number with two readings; "$4O k": a letter O for a zero ("letter");
    # "1/3": a fraction; "2m" beside a time or a length: metres, minutes or a million.
    unreadable = [
        (q.skip if q.skip in _OWN_CODES else "number", cleaned[q.start : q.end])
        for q in skipped
        if q.kind == "ambiguous"
    ]
    if (
        start_q is not None
        and target_q is not None
        # "from ¥100万 to $200k", and after the target: "$200k (currently ¥100万)".
        and start_q.unit
        and target_q.unit
        and _unit_word(start_q.unit) != _unit_word(target_q.unit)
        and not start_q.kind == target_q.kind == "count"
        # "成本从200万元降低10%": a change in percent of the start is in the start's unit.
        and not (target_q.kind in ("percent", "multiplier") and _is_relative(norm, target_q))
        # "from 3 hours to 45 minutes": one dimension, converted where stored (in_one_unit).
        and conversion_factor(start_q.unit, target_q.unit) is None
    ):
        # "从 3 分钟降到 30 秒": read as 3 → 30 秒 it would be an increase in the wrong unit.
        unreadable.append(("units", _between(cleaned, start_q, target_q)))
    elif start_q is not None and target_q is not None and _share_against_percent(start_q, target_q):
        # "留存率不低于 0.4（当前值 45%）": a share of 1 against a percentage, a hundredfold apart
        # as written (issue 9, probe p3: stored as at least 0.4 %, done at 35 %). Asked, as a
        # check-in typed 0.45 on a percent key result is, never guessed.
        unreadable.append(("units", _between(cleaned, start_q, target_q)))
    # "from 1,200 to 1.500 EUR": a dot before three digits groups thousands in much of Europe
    # (1,500) and is a decimal point elsewhere (1.5, a decrease). Said as the value fields ask
    # it (okrs.numbers.ambiguous_separator), never guessed (probe9 S3); a percentage (99.999 %)
    # and a scaled number (1.500 万) have one reading.
    unreadable.extend(
        ("separator", dotted.group())
        for q in (start_q, target_q)
        if q is not None
        and q.unit != "%"
        and (dotted := _DOTTED_THOUSANDS.search(commas, q.start, q.end))
    )
    unreadable.extend(
        ("date", cleaned[d.start : d.end]) for d in deadlines if d.impossible(year, within=cycle)
    )
    # "40-45 万", "新签 12 到 15 家": okr-rules.md names no value of a range to commit to, so it
    # is asked, never read as its first number (the reading keeps that end, marked).
    ranges = {q.start: high for q, high in pairwise(quantities) if high.skip == "range"}
    unreadable.extend(
        ("range", cleaned[q.start : ranges[q.start].end])
        for q in (start_q, target_q)
        if q is not None and q.start in ranges
    )

    target_type = None
    if target_q is not None and target_q.value is not None:  # a placeholder has no type yet
        relative = not multiple_of_start and _is_relative(norm, target_q)
        target_type = "relative" if relative else "absolute"
    # A range is measured after its upper end: "新签 12 到 15 家" counts no "到 15 家".
    whole_target = target_q
    if target_q is not None and target_q.start in ranges:
        whole_target = replace(target_q, end=ranges[target_q.start].end)
    metric = _qualifiers_off(
        _metric(cleaned, norm, start_q, whole_target, deadlines),
        measured=target_q is not None,
        # "将平均响应时间缩短至…": a change verb names the level; its object is cut there.
        disposal=bool(_ZH_DISPOSAL.search(norm))
        and not any(p.search(norm) for p in (lexicon.INCREASE, lexicon.DECREASE, lexicon.MAINTAIN)),
    )
    if metric:
        metric = RATE_AT_END.sub("", metric) or metric  # "blog posts/quarter" counts blog posts
    if target_q is not None and (measure := _WITH_MEASURE.search(norm, 0, target_q.start)):
        # "… is in place with an average resolution time below 24h": the measure named in the
        # `with` phrase, not the thing launched (h10u).
        # "an average resolution time after first contact below 24h": up to the measure's head.
        head = next(
            (w for w in re.finditer(r"[a-z]+", measure["measure"], re.I)
             if w.group().lower() in _MEASURE_HEADS),
            None,
        )  # fmt: skip
        if head is not None and not any(q.start < measure.start() for q in candidates):
            metric = cleaned[measure.start("measure") : measure.start("measure") + head.end()]
    if target_q is None and (held_items := _sla_items(cleaned, norm, windows)):
        metric = _qualifiers_off(held_items, measured=False) or metric
    if metric and names:
        metric = _name_not_cut(cleaned, metric, names, target_q)
    if tag:
        metric = " ".join(filter(None, (cleaned[: tag.end()].strip(), metric)))
    direction = _direction(norm, start_q, target_q, target_type, windows, metric or "")
    start = start_q.value if start_q else None
    if start is None and target_type == "absolute" and target_q.unit == "%":
        # "提升 5 个百分点至 35%": the level reached and the points it moved state the start.
        moved = [q for q in candidates if q.end <= target_q.start and POINTS.search(
            commas[q.start : q.end]) and q.value is not None]  # fmt: skip
        if moved and direction in ("increase", "decrease"):
            sign = -1 if direction == "increase" else 1
            start = target_q.value + sign * moved[-1].value
    if _words_disagree(norm, start_q, target_q, target_type, direction) and not unreadable:
        # "从 80 元降到 150 元": the verb says down, the numbers say up. Either may be the slip:
        # said, not chosen.
        # Quoted from the first of the two to the last: a baseline is often written after
        # its target ("降到 50 万（当前值 40 万）"), and the span was then empty.
        unreadable.append(("direction", _between(cleaned, start_q, target_q)))
    spent_on = _time_spent_on(cleaned, norm, target_q)
    if spent_on is not None:
        # "用人部门主管每周投入2小时参与面试培训": what the time goes to is measured.
        metric = _qualifiers_off(spent_on, measured=False) or metric
    activity = _is_activity(norm, target_q) or spent_on is not None
    if target_q is None and (owned := _every_team_has(cleaned, norm)):
        # "Each team has documented KPIs", "每个团队都有明确的OKR": who is meant opens the line;
        # the deliverable each of them has is the work done and what is checked (h10u).
        metric, activity = _qualifiers_off(owned, measured=False) or owned, True
    purpose_outcome = _outcome_after_purpose(norm, candidates)
    reading = KeyResultReading(
        text=cleaned,
        metric=metric,
        start=start,
        target=target_q.value if target_q else None,
        target_type=target_type,
        # "from 6 courses to 11": the unit named at the baseline is the target's too.
        unit=(target_q.unit or (start_q.unit if start_q else None)) if target_q else None,
        direction=direction,
        deadline=cleaned[deadline.start : deadline.end] if deadline else None,
        due=deadline.due(year, within=cycle) if deadline else None,
        mentions=mentions,
        held=held,
        unreadable=unreadable,
        # The unit the start was written in, where it is another of the target's dimension; a
        # start implied by a change ("提升 5 个百分点至 35%": 30) was written in none.
        start_unit=start_q.unit
        if start_q is not None
        and target_q is not None
        and conversion_factor(start_q.unit, target_q.unit)
        else None,
        bound=_kept_side(norm, target_q, direction, metric) if target_type == "absolute" else None,
        per=rate_period(norm, target_q) if target_type == "absolute" else None,
        # A baseline or a relative change describes an outcome, whatever verb carries it.
        is_activity=activity
        and not purpose_outcome
        and start_q is None
        and target_type != "relative",
    )
    return Analysis(
        reading=reading,
        normalised=norm,
        targets=candidates,
        skipped=skipped,
        deadlines=deadlines,
        placeholder=target_q is not None and target_q.is_placeholder,
        has_baseline=start_q is not None or bool(_BASE_NAMED.search(norm)),
        has_comparator=bool(lexicon.COMPARATOR.search(norm)),
        has_change_verb=bool(
            lexicon.INCREASE.search(norm)
            or lexicon.DECREASE.search(norm)
            or lexicon.MAINTAIN.search(norm)
        ),
        outcome_after_purpose=purpose_outcome,
        ambiguous=[
            cleaned[q.start : q.end]
            for q in skipped
            if q.kind == "ambiguous" and q.skip != "letter"
        ],
    )


def _scale_shared(norm: str, commas: str, start: Quantity | None, target: Quantity | None) -> bool:
    """Whether the scale written after the target ("2 million", "200 万元") is the bare start's
    too: both plain numbers in one unit, and the numbers as written go the way the words say
    (up, unless a decrease is said). "Grow users from 500 to 2 million" stays 500 → 2,000,000:
    500 → 2 as written would be a fall; "Cut costs from 5 to 3 million" is 5 → 3 million."""
    if start is None or target is None or start.value is None or target.value is None:
        return False
    scale = written_scale(commas, target)
    if not scale or written_scale(commas, start) or start.kind != "number":
        return False
    if start.unit is not None and _unit_word(start.unit) != _unit_word(target.unit or ""):
        return False
    # A start at or below zero ("净利润从 -5 提升到 2 万元", "from minus 2 to 3 M USD") shares
    # the scale as a positive one does; it was left in the base unit (−5 元 → 20,000 元).
    if target.unit == "%":
        return False
    falls = start.value > target.value / scale
    said_to_fall = bool(lexicon.DECREASE.search(norm) and not lexicon.INCREASE.search(norm))
    if start.value < 0 and target.value < 0:
        # "亏损从 -5 降到 -2 万元": a loss said to fall as its size falls (5 → 2) or its value
        # to rise (−5 → −2) goes the way the words say either way: one scale for both ends; it
        # was −5 元 → −20,000 元 (h9r).
        return True
    return falls == said_to_fall


def _between(cleaned: str, one: Quantity, other: Quantity) -> str:
    """The text from the first of two numbers to the end of the last, whichever is written
    first: a baseline is often written after its target ("降到 50 万（当前值 40 万）")."""
    first, last = sorted((one, other), key=lambda q: q.start)
    return cleaned[first.start : max(first.end, last.end)]


def _words_disagree(
    norm: str,
    start: Quantity | None,
    target: Quantity | None,
    target_type: str | None,
    direction: str,
) -> bool:
    """Whether the change verb before the target says the opposite of the way the baseline and
    the target go ("从 80 元降到 150 元", "reduce churn from 3% to 5%")."""
    if start is None or target is None or target_type == "relative":
        return False
    if target.kind == "rank":
        return False  # "排名从第 8 名提升到第 3 名": a rank goes up as its number goes down
    if direction not in ("increase", "decrease"):
        return False
    verb = _closest_change(norm, target.start)
    written = _closest_verb(norm, target.start) or ""
    if verb is not None and lexicon.NEUTRAL_CHANGE.fullmatch(written):
        return False  # "Improve churn from 5% to 3%": the verb names no way, the numbers do
    return verb is not None and verb != direction


def _last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the last one is wanted
        pass
    return found


def _inside(quantity: Quantity, spans: list[tuple[int, int]]) -> bool:
    return any(a <= quantity.start and quantity.end <= b for a, b in spans)


_CHANGE_TO = re.compile(r"\s*(?:降低|减少|下降|缩短|降|提升|提高|增加|增长|上升|升)\s*(?:到|至)")


_DOWN_TO = re.compile(r"\s*(?i:down\s+to)\b")
# The upper end of a range after a number, with its unit ("-5 days", "–3 weeks").
_RANGE_TAIL = re.compile(r"\s*[-–~～]\s*\d+(?:\.\d+)?\s?(?:[A-Za-z]+|[\u4e00-\u9fff%])?")


def _range_end(norm: str, quantity: Quantity) -> int:
    """Where the range a number opens ends ("3-5 days"), or the number's own end."""
    tail = _RANGE_TAIL.match(norm, quantity.end)
    return tail.end() if tail else quantity.end


_NEW_COUNTED = re.compile(r"(?i:\s*(?:new|additional|more)\b)|\s*(?:个|家|位|名|人)?\s*新")
_TOTAL_NEAR = re.compile(r"(?i:\btotal\b|\bin\s+all\b|\boverall\b)|总|共|累计|合计")


def _total_against_new(norm: str, start: Quantity | None, target: Quantity | None) -> bool:
    """Whether `start` is a total written beside a count of new things (`500 new merchants
    (currently 1,200 total)`, `新增 50 家门店（目前共 120 家）`)."""
    if start is None or target is None or start.start < target.end:
        return False
    new = _NEW_COUNTED.match(norm, target.end) or re.search(
        r"新[增签开招建]\s*$", norm[: target.start]
    )
    if not new:
        return False
    close = re.search(r"[)）]", norm[start.end :])
    around = norm[max(target.end, start.start - 14) : start.end + (close.start() if close else 12)]
    return bool(_TOTAL_NEAR.search(around))


def _baseline(norm: str, candidates: list[Quantity]) -> Quantity | None:
    """The baseline: the number right after "from/从/当前值为/(current is" (§5.2), or X in X → Y."""
    for quantity in candidates:
        before = norm[max(0, quantity.start - 20) : quantity.start]
        marker = _last_match(_BASELINE_BEFORE, before)
        if marker and not re.search(r"[,，;；]", before[marker.end() :]):
            # "from 45% to 75%", or after the target: "to 75% from current 45%", "当前值为45天".
            if len(before) - marker.end() <= 8 and (
                quantity is not candidates[-1] or quantity is not candidates[0]
            ):
                return quantity
            if "(" in before[: marker.start()] or "（" in before or re.search(r"\(", before):
                return quantity  # "(current is 40k)" after the target
        after = norm[quantity.end : quantity.end + 6]
        if re.match(r"\s*(?:→|->)", after) and quantity is not candidates[-1]:
            return quantity
        changed_to = _range_end(norm, quantity)
        if quantity is not candidates[-1] and (
            _CHANGE_TO.match(norm, changed_to) or _DOWN_TO.match(norm, changed_to)
        ):
            # "3 吨降到 500 公斤", "Lead time 5 days down to 1 day": X changed to Y, without 从;
            # a range so changed is the start too ("3-5 天缩短到 1 天"), asked about as one.
            return quantity
        following = next((q for q in candidates if q.start > quantity.end), None)
        if following is not None and start_to_target(norm, quantity, following):
            return quantity  # "收入 $1.2k 到 $3k": after a measure's name, X to Y
        to = re.match(r"\s*(?i:to)\s+", norm[quantity.end :])
        if (
            to
            # "Grow DAU by 20% to 50%": by how much, then the level; 20% is no start.
            and not _BY.search(norm, 0, quantity.start)
            and any(q.start == quantity.end + to.end() for q in candidates)
            and (
                lexicon.INCREASE.search(norm, 0, quantity.start)
                or lexicon.DECREASE.search(norm, 0, quantity.start)
            )
        ):
            return quantity  # "Increase lead-to-demo ratio 50% to 60%": a change from X to Y
    return None


def _target(
    norm: str, candidates: list[Quantity], windows: list[tuple[int, int]], start: Quantity | None
) -> Quantity | None:
    primary = [q for q in candidates if not _inside(q, windows)]
    if start is not None:
        after_start = [q for q in primary if q.start > start.start]
        if after_start:
            return after_start[0]
    if len(primary) > 1:
        # "Grow revenue by 20% to $5M": the level reached is the target, but only within the
        # first clause; a second clause holds a second target (OKR-S06), not a better one.
        # Each stretch between the first number and this one is searched once (a search from
        # the first number for each number was quadratic in a line's numbers).
        # A relative change in the clause ("a 20% increase in users who watch at least one
        # release", "至少1部新片的用户数提升20%") wins over the numbers that describe what is
        # measured; only a level it leads to ("… to $5M") is a better target.
        change = primary[0] if _CHANGE_NOUN.match(norm, primary[0].end) else None
        first_is_level = _LEVEL_REACHED.search(context_before(norm, primary[0].start))
        stretch = primary[0].end
        for quantity in primary[1:]:
            if _SECOND_CLAUSE.search(norm, stretch, quantity.start):
                break
            before = context_before(norm, quantity.start)
            if _WITH_BOUND_BEFORE.search(before):
                # "3 rounds of usability testing with at least 20 users": a count in a "with"
                # phrase describes each of the things counted first, no better target.
                stretch = quantity.start
                continue
            if (
                change is None
                and not first_is_level
                and quantity.kind == "percent"
                and _ZH_RELATIVE_VERB.search(before)
            ):
                change = quantity
            elif (_LEVEL_REACHED if change else _TARGET_MARKER).search(before):
                return quantity
            stretch = quantity.start
        if change is not None:
            return change
    if primary:
        return primary[0]
    # An SLA alone is the target: "首次响应时间在 2 小时内" → 2 小时, an upper bound; but not
    # one each item is handled within, with no time measured ("Issues are fixed within three
    # working days", "客户投诉在3个工作日内得到处理"): a checkable state, no target (h10u).
    if candidates and not any(
        _each_item_within(norm, w) for w in windows if _inside(candidates[0], [w])
    ):
        return candidates[0]
    return None


# A passive verb, its auxiliary first ("are fixed", "get triaged", "was carefully reviewed").
_PASSIVE_EN = (
    r"\b(?:is|are|was|were|be|been|being|get|gets|got)\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|en|t)"
)
# "are fixed within", "get triaged within": the items are the passive verb's subject.
_PASSIVE_BEFORE_EN = re.compile(rf"(?i:{_PASSIVE_EN}\s*$)")
# "在3个工作日内得到处理", "在2个工作日内被审核": the items before 在 are handled within the span.
_HANDLED_AFTER_ZH = re.compile(r"\s*(?:得到|获得|被|完成|予以)")
_TIME_MEASURED = re.compile(
    r"(?i:\b(?:time|times|latency|duration|speed|turnaround|SLA|MTTR|MTTA)\b)"
    r"|时间|时长|速度|时效|耗时|延迟|周期"
)


def _each_item_within(norm: str, window: tuple[int, int]) -> bool:
    """Whether the SLA `window` bounds how fast each item is handled, no time being measured."""
    start, end = window
    clause = norm[_clause_start(norm, start) : start]
    if _TIME_MEASURED.search(clause):
        return False
    if norm[start:end].lower().startswith("within"):
        return bool(_PASSIVE_BEFORE_EN.search(clause))
    return clause.rstrip().endswith("在") and bool(_HANDLED_AFTER_ZH.match(norm, end))


_EVERY_TEAM_HAS_EN = re.compile(
    r"(?i:\W*(?:each|every|all)\s+(?:[a-z-]+\s+){0,2}?(?:teams?|squads?|departments?|groups?"
    r"|units?|offices?|regions?|business\s+units?|product\s+lines?|functions?)"
    r"\s+(?:has|have|owns?|maintains?)\s+(?:an?\s+|the\s+|its\s+|their\s+)?)"
)
_EVERY_TEAM_HAS_ZH = re.compile(
    r"\W*(?:每个|每個|每一个|每一個|所有|各个|各個|各)[\u4e00-\u9fff]{0,4}?"
    r"(?:团队|團隊|部门|部門|小组|小組|事业部|事業部|组|組|门店|門店|分公司|中心)"
    r"(?:都|均)?(?:有|拥有|擁有|具备|具備|建有)"
)
_OWNED_END_EN = re.compile(r"(?i:\s*[,;(]|\s+(?:in|on|at|for|that|which|and|with|by|to)\b(?!-))")


def _every_team_has(original: str, norm: str) -> str | None:
    """What each team has, in "Each team has documented KPIs in …", "每个团队都有明确的OKR"."""
    if match := _EVERY_TEAM_HAS_EN.match(norm):
        end = _OWNED_END_EN.search(norm, match.end())
        return original[match.end() : end.start() if end else len(norm)].strip(" .") or None
    if match := _EVERY_TEAM_HAS_ZH.match(norm):
        end = _CLAUSE_BREAK.search(norm, match.end())
        return original[match.end() : end.start() if end else len(norm)].strip(" 。.") or None
    return None


_WITH_MEASURE = re.compile(
    r"(?i:\bwith\s+(?:an?\s+|the\s+|its\s+|their\s+)?(?P<measure>[a-z][a-z -]{1,60}?)\s*"
    r"(?:below|under|above|over|of|at|at\s+least|at\s+most|(?:less|more|greater|fewer)\s+than"
    r"|no\s+more\s+than|<=?|>=?|≤|≥)?\s*$)"
)
_AGENT_BEFORE = re.compile(rf"(?i:{_PASSIVE_EN}\s+by\s+(?:at\s+least\s+)?$)")


def _agent_counted(norm: str, quantity: Quantity) -> bool:
    """Whether `quantity` counts who does a passive verb's work ("reviewed by two editors")."""
    return (
        quantity.kind == "count"
        and bool(re.fullmatch(r"[A-Za-z][A-Za-z -]*[a-z]", quantity.unit or ""))
        and not re.match(r"(?i:percent|per\s+cent|points?|pp|times|x)$", quantity.unit)
        and bool(_AGENT_BEFORE.search(norm[: quantity.start]))
    )


_EFFORT_UNIT = re.compile(
    r"(?i:(?:man|person|people|engineer)[- ]?(?:days?|hours?|weeks?|months?|years?))"
    r"|人天|人日|人月|人周|人时"
)


def _size_of_work(norm: str, quantity: Quantity) -> bool:
    """Whether `quantity` sizes the work ("a test of 5 man-days", "20人天的测试"): no target."""
    if quantity.unit == "人" and re.match(r"[天日月周时]的", norm[quantity.end :]):
        return True  # "20人天的": the segmenter's 人 + 天
    if not quantity.unit or not _EFFORT_UNIT.fullmatch(quantity.unit.strip()):
        return False
    return bool(re.search(r"(?i:\bof\s*)$", norm[: quantity.start])) or norm.startswith(
        "的", quantity.end
    )


def _clause_start(norm: str, position: int) -> int:
    breaks = list(_CLAUSE_BREAK.finditer(norm, 0, position))
    return breaks[-1].end() if breaks else 0


_SLA_SUBJECT_OPENER = re.compile(
    r"(?i:\s*(?:(?:ensure|make\s+sure)\s+(?:that\s+)?)?(?:all|every|each|the)?\s+)"
    r"|\s*(?:确保|保证)?(?:所有|全部|每个|每一个|每条|每笔)?"
)


def _sla_items(original: str, norm: str, windows: list[tuple[int, int]]) -> str | None:
    """The items an SLA holds each of ("Issues … are fixed within 3 days" → Issues), or None."""
    for window in windows:
        if not _each_item_within(norm, window):
            continue
        start = _clause_start(norm, window[0])
        if norm[:start].strip(" -*•"):
            return None  # "组建…小组，确保客户反馈在1个工作日内得到解决": the work's purpose
        if norm[window[0] : window[1]].lower().startswith("within"):
            end = _PASSIVE_BEFORE_EN.search(norm, start, window[0]).start()
        else:
            end = norm.rindex("在", start, window[0])
        opener = _SLA_SUBJECT_OPENER.match(norm, start, end)
        phrase = original[opener.end() if opener else start : end].strip()
        return phrase or None
    return None


# A head that is only a bound ("less than", "a less than", "under", "at least"): no measure.
_BOUND_ONLY = re.compile(
    rf"(?i:(?:a|an|the)\s+)?(?:{lexicon.COMPARATOR.pattern})(?:\s+(?:of|than))?", re.IGNORECASE
)
# "a 20% increase in sign-ups", "an 80% reduction in incident response time": the change noun
# after a percentage, then what changes.
_CHANGE_NOUN_OF = re.compile(_CHANGE_NOUN.pattern + r"\s+(?i:in|of|on)\s+(?=\S)")
# "sprint velocity increase of 10%": the change noun after the measure, before "of" the amount.
_CHANGE_NOUN_BEFORE_OF = re.compile(
    r"(?i:\s*\b(?:increase|growth|rise|reduction|decrease|drop|decline|improvement|uplift|gain)s?)"
    r"$"
)
_CHANGE_OF_BEFORE = re.compile(
    r"(?i:\b(?P<noun>increase|growth|rise|reduction|decrease|drop|decline|improvement|uplift|gain)s?"
    r"\s+of\s*$)"
)
_DOWN_NOUNS = {"reduction", "decrease", "drop", "decline"}


def _change_noun_direction(norm: str, target: Quantity) -> str | None:
    """The way a change noun beside a percentage says ("a sprint velocity increase of 10%",
    "an 80% reduction in …"), or None."""
    if target.kind != "percent":
        return None
    noun = _CHANGE_OF_BEFORE.search(norm, 0, target.start)
    after = _CHANGE_NOUN.match(norm, target.end)
    word = (noun.group("noun") if noun else after.group().strip() if after else "").lower()
    if not word:
        return None
    return "decrease" if word.split()[-1].rstrip("s") in _DOWN_NOUNS else "increase"


_WITH_BOUND_BEFORE = re.compile(
    r"(?i:\bwith\s+(?:at\s+least|over|more\s+than|no\s+fewer\s+than|a\s+minimum\s+of)\s*$)"
)


def _is_relative(norm: str, target: Quantity) -> bool:
    if target.kind == "multiplier":
        # "Maintain ROAS of 3x", "保持ROAS为3倍": a level kept, never a change by three times.
        return not lexicon.MAINTAIN.search(norm, 0, target.start)
    before = norm[: target.start]
    if (
        _BY.search(before)
        and target.kind == "percent"
        and re.match(r"\s+(?i:of)\s", norm[target.end :])
        and not _EN_RELATIVE_VERB.search(before)
    ):
        return False  # "One-click checkout used by 30% of buyers": who uses it, a share
    if _BY.search(before) or _ZH_RELATIVE_VERB.search(before):
        return True
    if target.kind == "percent" and _CHANGE_NOUN.match(norm, target.end):
        return True  # "Achieve a 20% increase in sign-ups"
    if target.kind == "percent" and _CHANGE_OF_BEFORE.search(before):
        return True  # "Maintain a sprint velocity increase of 10% each week"
    if target.kind == "percent" and re.search(r"[+＋]\s*$", before):
        return True  # "+20% new tenants", "新客户数 +30%": a signed share is a change by it
    if target.kind == "percent" and _EN_RELATIVE_VERB.search(before):
        # "Increase conversion 20%": a bare percentage after a change verb is a change; after
        # "to", also with a bound ("Reduce churn to ≤ 3.5%"), it is the level reached.
        return not re.search(
            r"(?i:\b(?:to|at|than|below|under|above|over|least|most|of)\b)\s*(?:[≤≥<>]=?\s*)?$",
            before,
        )
    if re.search(r"(?i:\b(?:up|down)\s*)$", before) and not (
        # "Shut down 3 legacy services": the particle of the opening verb, whose object is
        # counted, says no change.
        target.kind == "count"
        and (phrasal := _phrasal_verb(before, len(before) - len(before.lstrip(" -*•"))))
        and phrasal.end() == len(before)
    ):
        return True  # "NPS up 50 over previous quarter"
    if target.kind == "percent" and (verb := _last_match(_ZH_CHANGE_FIRST, before)):
        # "减少平均通话时长20%": a Chinese change verb placed first, the amount last, no level
        # marker (至, 到, 为, 在) between them: the amount is the change.
        return not _ZH_LEVEL_MARKER.search(before, verb.end())
    return False


def _direction(
    norm: str,
    start: Quantity | None,
    target: Quantity | None,
    target_type: str | None,
    windows: list[tuple[int, int]],
    metric: str,
) -> str:
    # A baseline and a different target say which way, whatever words surround them ("from 15%
    # to 9% by running stay interviews" is no "stay").
    if (
        target is not None
        and target_type != "relative"
        and start is not None
        and target.value is not None
        and start.value is not None
        and _compared(start, target)[0] != _compared(start, target)[1]
    ):
        start_value, target_value = _compared(start, target)
        # With no bound written, a kept level is a floor unless lower is better (as below).
        written = _bound_side(norm, target)
        side = written or ("at_most" if _lower_is_better(metric) else "at_least")
        keep = lexicon.MAINTAIN.search(norm, 0, target.start)  # not "…to 9% by stay interviews"
        if (keep or written) and side == ("at_least" if start_value > target_value else "at_most"):
            # "维持可用性不低于95%（当前值 97%）", "Keep churn at or below 2% (currently 1.5%)",
            # "Cost at most $50k (currently $40k)", "留存率不低于 40%（当前值 45%）": a level
            # kept on the side of the bound it already is on, not brought down (or up) to the
            # bound (a key result whose progress grows as the level gets worse). A bound
            # written beside the target says so without a verb of keeping; with neither, "from
            # 15% to 9% by running stay interviews" is a change.
            return "maintain"
        return "increase" if target_value > start_value else "decrease"
    if target is not None and target.kind == "rank":
        return "decrease"  # a rank is better lower: "Top 3", "进入前十" (numbers._ranks)
    if (
        target is not None
        and target_type == "relative"
        and (named := _change_noun_direction(norm, target))
    ):
        return named  # "Maintain a … increase of 10%": the change kept is a rise
    keep = lexicon.MAINTAIN.search(norm)
    if keep and (
        target is not None or not re.search(r"(?i:\b(?:and|&)\s+$)", norm[: keep.start()])
    ):
        return "maintain"  # "Draft and maintain a guide" keeps no level: a milestone
    if target is None:
        changes = _closest_change(norm, len(norm))
        if changes and not lexicon.DELIVERABLE.search(norm) and not _changed_after_the_work(norm):
            return changes
        return "milestone"
    # "Double X (currently 14)": a multiplier or a change is no level to compare with the baseline.
    if (
        target_type != "relative"
        and start is not None
        and target.value is not None
        and start.value is not None
    ):
        start_value, target_value = _compared(start, target)
        if target_value != start_value:
            return "increase" if target_value > start_value else "decrease"
        return "maintain"
    if target_type == "relative":
        if target.kind == "multiplier" and target.value is not None and target.value < 1:
            return "decrease"  # "Halve churn", "客诉量减半": a multiple below one
        change = _closest_change(norm, target.start) or "increase"
        if lexicon.NEUTRAL_CHANGE.fullmatch(_closest_verb(norm, target.start) or ""):
            # "Improve total reply time by 50%": improving a lower-is-better metric lowers it.
            return "decrease" if _lower_is_better(metric) else change
        return change
    if target.value == 0:
        return "decrease"  # "缺陷逃逸数为 0": nothing is below zero
    if comparator := _bound(norm, target):
        if re.fullmatch(r"不低[于於]", comparator.group()) and not _closest_change(norm, len(norm)):
            # "可用率不低于99.9%": a floor written on a level with no change verb is a level
            # kept above it (issue 10 §4), as 维持 says; "新签客户不少于40家" counts a rise.
            return "maintain"
        return "decrease" if comparator.group("upper") else "increase"
    if _inside(target, windows):
        return "decrease"  # an SLA alone: "在 2 小时内"
    if _duration_to_beat(norm, target):
        return "decrease"  # "15分钟完成所有发布工作"
    change = _closest_change(norm, target.start)
    if change:
        return change
    if target.kind == "percent" and re.match(
        r"(?i:\s+of\b|\s*的|\s*[\u4e00-\u9fff])", norm[target.end :]
    ):
        # A share: "95% of P1 bugs resolved", "100% 关闭 P0 缺陷", "90%的工单当天关闭": the share
        # done is what grows, whatever the lower-is-better noun it is done to.
        return "increase"
    if target.kind == "count" and _done_count(norm, target):
        # "Close 10 bugs", "解决 10 个缺陷": a number of things done to, counted up from none,
        # whatever harm the things are (closing bugs is no upper bound on bugs).
        return "increase"
    if _REACHED.search(norm, 0, target.start):
        # "学习时长达到10亿小时", "Reach 2 hours of watch time": a level reached comes from below,
        # whatever noun names it (a 时长 can be watched, learned, or waited).
        return "increase"
    # A bare threshold on a lower-is-better metric (latency, churn, 故障) is an upper bound.
    return "decrease" if _lower_is_better(metric) else "increase"


# What may follow a word of harm and still name its measure: 客诉率, 故障次数, 不良品数,
# "churn rate", "incident count", "cost per lead" or "cost/lead", "turnover rate of new hires".
# Not 故障修复率, 投诉解决率, "crash-free rate", "cost savings": a harm repaired, avoided or saved
# is a good.
_HARM_MEASURED = re.compile(
    rf"(?:{lexicon.LOWER_IS_BETTER.pattern})"
    r"(?:品?(?:率|数|次数|数量|量|时长|占比|金额|额))?"
    r"(?i:\s+(?:rate|ratio|count|number|time|amount)s?)?"
    # "cost/lead": a slash says "per".
    r"(?i:(?:\s+(?:per|of)\s+|\s*/\s*).*)?\W*$"
)


def _share_against_percent(one: Quantity, other: Quantity) -> bool:
    """Whether one end is a percentage of 1 or more and the other a bare share of 1 (0 < x < 1,
    no unit): "0.4" against "45%" (the two ends then differ a hundredfold as written)."""
    for percent, bare in ((one, other), (other, one)):
        if (
            percent.unit == "%"
            and percent.value is not None
            and percent.value >= 1
            and not bare.unit
            and bare.value is not None
            and 0 < bare.value < 1
        ):
            return True
    return False


def _done_count(norm: str, target: Quantity) -> bool:
    """True when all before a counted target is one verb: "Close 10 bugs", "修复 20 个缺陷"."""
    before = norm[: target.start].strip()
    if not before:
        return False
    if CJK.search(before):
        verb = lexicon.first_cjk_verb(before)
        tokens = wordclass.zh_tokens(before)
        return (verb is not None and verb.span() == (0, len(before))) or (
            len(tokens) == 1 and tokens[0].flag.startswith("v")
        )
    word = before.lower()
    return " " not in word and (lexicon.is_en_verb(word) or wordclass.is_en_verb_lemma(word))


def _lower_is_better(metric: str | None) -> bool:
    """Whether a smaller number of the measure is better (§6): its last noun is a word of harm
    (churn, 故障, 客诉) or a measure of one, a bracketed aside ("（CAC）") not counted."""
    return bool(_HARM_MEASURED.search(re.sub(r"\([^)]*\)", "", normalise(metric or ""))))


# A verb of reaching right before the target (a currency sign between them aside).
_REACHED = re.compile(r"(?:(?i:\breach(?:es|ed|ing)?|\bhit)|达到|突破)\s*(?:[$¥￥€£]\s*)?$")


# A number or a count word right after a comparator: the comparator opens its own span.
_SPAN_AFTER = re.compile(
    r"\s*(?:\d|(?i:(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\b))"
)


def _bound(norm: str, target: Quantity | None) -> re.Match[str] | None:
    """The comparator written next to the target ("at or below 2%", "50单以下"), if any."""
    if target is None:
        return None
    # Wide enough for the longest comparator: "not greater than ", "at or above ".
    before = norm[max(0, target.start - 20) : target.start]
    comparator = _last_match(lexicon.COMPARATOR, before)
    if comparator and re.search(r"\d", before[comparator.end() :]):
        comparator = None  # another number's: "within 24 hours at 90%"
    # After it: "50单以下", "4.5 or above", "2 hours max" (a unit may stand between); not one
    # that opens a span of its own ("from 61% to 75% within 12 months", "90% within 24 hours":
    # a deadline or a window, no bound on the target).
    after = re.match(r"\s*(?:[A-Za-z]+\s+)?(?=or\s|max\b)", norm[target.end :])
    start = target.end + (after.end() if after else 1)
    for following in (
        lexicon.COMPARATOR.match(norm, target.end, target.end + 5),
        lexicon.COMPARATOR.match(norm, start, start + 9),
    ):
        if comparator is None and following and not _SPAN_AFTER.match(norm, following.end()):
            comparator = following
    return comparator


def _bound_side(norm: str, target: Quantity | None) -> str | None:
    if target is not None and AT_LEAST_PLUS in norm[target.start : target.end]:
        return "at_least"  # "日活突破 10万+", "100+ customers": the number or more
    comparator = _bound(norm, target)
    if comparator is None:
        return None
    return "at_most" if comparator.group("upper") else "at_least"


def _kept_side(
    norm: str, target: Quantity | None, direction: str, metric: str | None
) -> str | None:
    """The bound written next to the target; for a level kept with none written ("Keep churn
    at 2%", "保持流失率2%"), the side the measure's own words say is better: a lower-is-better
    noun (§6) is kept at most at its level, as a baseline with a kept level already reads."""
    side = _bound_side(norm, target)
    if side is None and target is not None and target.kind == "rank":
        side = "at_most"  # "Top 3": third place or better
    if side is None and direction == "maintain" and target is not None:
        side = "at_most" if _lower_is_better(metric) else None
    return side


# 分 alone is no minute here: after a number it is a mark far more often ("满意度 4.5 分",
# "NPS 30 分"), and a key result counted in it is a rating (probe 9: `90秒` was stored as 1.5
# on a satisfaction score, a start of -10 分 refused as a negative time). A duration written
# with it ("1分30秒") is read whole by numbers.duration.
_SECONDS = {
    "ms": Decimal("0.001"), "millisecond": Decimal("0.001"), "毫秒": Decimal("0.001"),
    "s": 1, "sec": 1, "second": 1, "秒": 1, "秒钟": 1,
    "min": 60, "minute": 60, "分钟": 60,
    "h": 3600, "hr": 3600, "hour": 3600, "小时": 3600,
    "d": 86400, "day": 86400, "天": 86400, "工作日": 86400, "个工作日": 86400,
    "week": 604800, "周": 604800,
}  # fmt: skip
_TIME_UNITS = {*_SECONDS, *(f"{unit}s" for unit in _SECONDS if unit.isascii())}


# Time given to work: "每周投入2小时", "每天花30分钟", "Spend 2 hours a week on …", "Dedicate 10
# minutes daily to …" (a verb of spending right before the duration, a subject and cadence
# before it).
_SPEND_BEFORE = re.compile(
    r"(?:投入|花费?|抽出|拿出|留出)\s*(?:至少|不少于)?\s*$"
    r"|(?i:\b(?:spend|spends|spent|dedicate[sd]?|devote[sd]?|invest(?:s|ed)?|set\s+aside|block)"
    r"\s+(?:at\s+least\s+)?)$"
)
# Between the duration and what it goes to: a cadence, a preposition or a verb of use.
_SPENT_LINK = re.compile(
    r"\s*(?:(?i:a\s+(?:day|week|month)|per\s+(?:day|week|month)|every\s+(?:day|week|month)"
    r"|daily|weekly|monthly|each\s+(?:day|week|month))\s*)?"
    r"(?:(?i:on|to|for|in|into)\s+|用于|用来|用在|在|来|去|的)?\s*"
    # Taking part names no work of its own: "参与面试培训" is time in interview training.
    r"(?:参与|参加|从事|进行)?\s*"
)
# Where the work's own scope starts: "learning Spanish on Duolingo".
_SPENT_SCOPE_EN = re.compile(r"(?i:\s+(?:on|in|at|with|using|via|for|through)\s)")


def _time_spent_on(original: str, norm: str, target: Quantity | None) -> str | None:
    """What a duration given to work goes to ("每周投入2小时参与面试培训" → 面试培训,
    "Dedicate 10 minutes daily to learning Spanish" → learning Spanish): the time spent is a
    routine, work done, and the work it goes to is what it measures. None when the line spends
    no time on something."""
    if target is None or target.unit not in _TIME_UNITS:
        return None
    if not _SPEND_BEFORE.search(context_before(_blank_deadlines(norm), target.start)):
        return None
    link = _SPENT_LINK.match(norm, target.end)
    begin = link.end()
    clause = _CLAUSE_BREAK.search(norm, begin)
    end = clause.start() if clause else len(norm)
    if begin >= end:
        return None
    if not CJK.match(norm, begin) and (scope := _SPENT_SCOPE_EN.search(norm, begin, end)):
        end = scope.start()
    # The work keeps its verb ("学习数据分析", "learning Spanish"): it is what the time goes to.
    return _trim_phrase(original, norm, begin, end, verb=False)


def _duration_to_beat(norm: str, target: Quantity | None) -> bool:
    """ "15分钟完成所有发布工作": a time to finish in, lower is better."""
    return (
        target is not None
        and target.unit in _TIME_UNITS
        and bool(re.match(r"\s*(?:内)?\s*(?:完成|搞定|上线|交付)", norm[target.end :]))
    )


def _unit_word(unit: str) -> str:
    """A unit as compared with another: case and an English plural aside ("days" is "day")."""
    word = unit_key(unit)  # "min" is 分钟, "RMB" is 元
    return word[:-1] if len(word) > 2 and word.endswith("s") else word


def _compared(start: Quantity, target: Quantity) -> tuple[Decimal, Decimal]:
    """A baseline and a target as they compare: durations in seconds when both name a unit
    ("2 hrs" vs "30 min"); a bare baseline is in the target's unit ("from 55 to 40 days")."""
    if not start.unit or not target.unit:
        return start.value, target.value
    if (converted := in_unit(start.value, start.unit, target.unit)) is not None:
        return converted, target.value  # "3 MB to 800 KB": 3072 KB to 800 KB; 60 秒 is 1 分钟
    return _in_seconds(start), _in_seconds(target)


def _plain(value: Decimal) -> Decimal:
    """120, not 1.2E+2: a converted value as a person writes it."""
    return Decimal(format(value.normalize(), "f"))


def conversion_factor(unit: str | None, into: str | None) -> Decimal | None:
    """The factor that puts a value in `unit` into `into` when both are of one dimension and
    differ (hours and minutes, MB and KB, 吨 and 公斤); None otherwise. The one converter of
    units: a title's start into its target's unit (in_one_unit) and a value typed in another
    unit than its key result's (okrs.numbers: `0.25s` on a key result counted in ms)."""
    if not unit or not into or _unit_word(unit) == _unit_word(into):
        return None
    one, other = _in_base(unit), _in_base(into)
    if one is None or other is None or one[0] != other[0]:
        return None
    return one[1] / other[1]


def unit_dimension(unit: str | None) -> str | None:
    """The dimension a unit measures ("time", "data", …: the ones conversion_factor converts
    within), or None for a unit of its own (人, customers, 次/季度)."""
    found = _in_base(unit) if unit else None
    return found[0] if found else None


def in_unit(value: Decimal, unit: str | None, into: str | None) -> Decimal | None:
    """`value` in `unit` as a value in `into`, for units conversion_factor converts (None
    otherwise): value × `unit`'s base ÷ `into`'s, so that 90 秒 is exactly 1.5 分钟 (the
    factor 1/60 is no exact decimal)."""
    if conversion_factor(unit, into) is None:
        return None
    return _plain(value * _in_base(unit)[1] / _in_base(into)[1])


def in_one_unit(
    reading: KeyResultReading,
) -> tuple[Decimal | None, Decimal | None, str | None]:
    """(start, target, unit) of `reading` in one unit: a start written in another unit of the
    target's dimension is converted, both into the smaller unit, so that the values stay whole
    ("from 3 hours to 45 minutes" is 180 → 45 minutes, "from 30 minutes to 2 hours" 30 → 120
    minutes)."""
    factor = conversion_factor(reading.start_unit, reading.unit)
    if factor is None or reading.start is None or reading.target is None:
        return reading.start, reading.target, reading.unit
    # Through the units' bases (in_unit), not the factor: 1/60 is no exact decimal, and
    # "180 秒降到 1 分钟" became 180 → 59.999… 秒 (probe 18).
    if factor >= 1:
        return (
            in_unit(reading.start, reading.start_unit, reading.unit),
            reading.target,
            reading.unit,
        )
    return (
        reading.start,
        in_unit(reading.target, reading.unit, reading.start_unit),
        reading.start_unit,
    )


def _in_seconds(quantity: Quantity) -> Decimal:
    """A duration in seconds ("2 hrs" vs "30 min" compare as durations); other values as is."""
    unit = (quantity.unit or "").lower()
    factor = _SECONDS.get(unit) or _SECONDS.get(unit.rstrip("s"))
    return quantity.value * factor if factor else quantity.value


def _closest_verb(norm: str, before: int) -> str | None:
    """The change verb nearest before position `before`, as written."""
    found = None
    for pattern in (lexicon.INCREASE, lexicon.DECREASE):
        for match in pattern.finditer(norm, 0, before):
            if found is None or match.start() > found.start():
                found = match
    return found.group() if found else None


def _changed_after_the_work(norm: str) -> bool:
    """With no number, a change named only after the first clause is what the work stated first
    is for ("自动化常见故障的诊断与恢复，减少人工干预", "Automate the runbooks, reducing toil"):
    nothing measured, the line is a milestone (h10t)."""
    first = _CLAUSE_BREAK.search(norm)
    if first is None or not norm[: first.start()].strip():
        return False
    return not any(p.search(norm, 0, first.start()) for p in (lexicon.INCREASE, lexicon.DECREASE))


def _closest_change(norm: str, before: int) -> str | None:
    """The direction of the change verb nearest before position `before` (or anywhere)."""
    best = None
    for direction, pattern in (("increase", lexicon.INCREASE), ("decrease", lexicon.DECREASE)):
        for match in pattern.finditer(norm):
            if match.start() >= before and (
                _SECOND_CLAUSE.search(norm, before, match.start())
                or re.search(r"(?i:\b(?:that|which|who|to)\b)", norm[before : match.start()])
            ):
                # "达到 85%，平均处理时长缩短至 4 小时": that verb has its own target;
                # "6 documents that lower the barrier": it describes the thing counted.
                continue
            distance = before - match.start() if match.start() < before else 10_000 + match.start()
            if best is None or distance < best[0]:
                best = (distance, direction)
    return best[1] if best else None


# "实现对所有服务的监控覆盖": 实现 with 对 delivers a capability over what 对 names (h10u).
_CAPABILITY_OVER = re.compile(r"[\s\-*•]*实现对[^，,。；;]{1,30}?的[\u4e00-\u9fffA-Za-z]")


def _is_activity(norm: str, target: Quantity | None) -> bool:
    """True when the KR states work the team does (§6), not a change in a measured outcome.

    Decided by the sentence's structure, the same way in both languages:
    - the main verb: in English the first word of a verb class within the opening words (a
      subject may come first: "Engineering teams complete 1200 code reviews"); in Chinese the
      verb that governs the target ("储备候选人数量达300人" → 达), else the first verb;
    - an activity or deliverable verb, or no verb and a deliverable noun ("A detailed product
      plan", "SEO analysis of docs"), is work done; an outcome or change verb is an outcome;
    - a recurring count ("Read 25 pages every day", "每周健身3次") is a routine, work done;
    - a duration to beat ("15分钟完成所有发布工作") is an outcome, however the work is named;
      so is a place in a ranking ("Top 3 in app store ranking", "进入行业前 10 名").
    """
    if _duration_to_beat(norm, target) or (target is not None and target.kind == "rank"):
        return False
    if target is not None and _ENSURE_ZH.match(norm):
        return False  # "确保评估反馈在24小时内同步": a service level promised, not work
    if (
        target is not None
        and (
            # "Build buffers so that incidents stay at < 75% of the budget": the work serves a
            # measured result, the key result is that result.
            (lexicon.PURPOSE.search(norm[: target.start]) and _measured(norm, target))
            # "100% of flagship products install the system": a share of others doing something
            # is adoption, measured; "完成經銷收入目標的 20%": a share of a target reached.
            or (
                target.unit == "%"
                and _SHARE_DOING.match(norm, target.end)
                and not norm[: target.start].strip()
            )
            or (target.unit == "%" and _SHARE_OF_GOAL.search(norm[: target.start]))
        )
    ):
        return False
    if lexicon.TODO_ZH.search(norm):
        return True
    stripped = _without_deadlines(norm)
    if scene := _SCENE.match(stripped):
        # "在冲刺开始后，…": when the rest holds; its verbs are no work.
        stripped = " " * scene.end() + stripped[scene.end() :]
    if target is None and _ZH_NONE_LEFT.match(stripped.lstrip()):
        return False  # "（在冲刺开始后，）没有新的故事被带入冲刺中": a result stated, nothing done
    if (
        target is not None
        and target.kind in ("count", "number")
        # "Get 150 minutes of exercise every week": time spent on something is a routine too.
        and (
            target.unit not in _TIME_UNITS or re.match(r"(?i:\s*(?:of|的)\s*)", norm[target.end :])
        )
        and lexicon.RECURRING.search(stripped)
        and not re.search(r"率|rate|%", stripped)
        and not _population(norm, target)
        and not _level_changed(norm, target)
    ):
        return True
    if (target is None or target.start == len(stripped) - len(stripped.lstrip(" -*•"))) and (
        lexicon.PASSIVE_WORK.search(stripped) or lexicon.WORK_COUNTED_DONE.match(stripped)
    ):
        return True  # "Static code analysis is run", "40 performance reviews completed" (h10u)
    if lexicon.STATE_DONE.search(stripped) or lexicon.state_verb(stripped):
        return False  # "The docs site is finished and published": a result stated as done
    if target is None and _ensured_work(stripped):
        return True  # "Ensure that all team members complete security training"
    if (
        (disposal := _ZH_DISPOSAL.search(stripped))
        and _zh_disposal_object(stripped[disposal.end() :]) is not None
        and not (target is not None and _level_changed(norm, target))
    ):
        # "将周报模板同步给所有部门", "将3个核心系统迁移到云上": what the team does to the object
        # it puts first; a change verb ("将投诉率降低到3%") names a level instead.
        return True
    if (
        target is not None
        and target.unit == "%"
        and _ZH_COVERAGE_AFTER_WORK.search(norm, 0, target.end)
    ):
        # "建立新人导师制，覆盖80%新员工": the work's clause, then the share it reaches: the
        # coverage is the measured result (h10s).
        return False
    if target is None and _CAPABILITY_OVER.match(stripped, scene.end() if scene else 0):
        return True  # "实现对所有运维活动的日志记录": a capability delivered over what 对 names
    if CJK.search(stripped[scene.end() if scene else 0 :][:6]):
        verbs = _cjk_verbs(norm, target.start if target else len(norm))
        verb = verbs[-1] if verbs and target else lexicon.first_cjk_verb(stripped)
        if verb is None or (target is not None and not verbs):
            # No verb the lexicons know: the segmenter's word classes decide ("每天提醒开发同学修复
            # bug" is work; "培训覆盖率95%，…" opens with its metric and has no verb before it).
            return _zh_work_verb(norm, target) is not None or _zh_events_held(norm, target)
        word = verb.group()
        if (
            target is not None
            and target.unit == "%"
            and _ZH_RATE_OBJECT.search(norm, verb.end(), target.start)
        ):
            return False  # the verb's object is a rate: its level is measured
        if (
            word in ("开发", "拓展")
            and target is not None
            and lexicon.WON_ZH.match(norm, target.end)
        ) or _won_before_bound(norm, verb.end(), target):
            return False  # "新开发200家合作客户": customers won, not software developed
        return bool(
            lexicon.ACTIVITY_ZH.fullmatch(word)
            or lexicon.DELIVERABLE.fullmatch(word)
            or (not lexicon.OUTCOME_ZH.fullmatch(word) and _zh_events_held(norm, target))
        )
    if (team := _team_subject(stripped)[0]) and not CJK.search(stripped):
        # "Support team resolves 90% of tickets": the team opening the line is its subject, not
        # an imperative ("Support …"); its verb says whether the line is work (h10s).
        stripped = " " * team + stripped[team:]
    verb = _en_main_verb(stripped)
    if (
        _MOVED_ONTO.match(stripped)
        and target is not None
        and not _WON_EN.match(_blank_deadlines(norm), target.end)
    ):
        return True  # "Move 80% of services to the v2 stack": a migration the team does
    if target is None and _MOVED_TO.match(stripped.lstrip(" -*•")):
        return True  # "Move the billing service to Kubernetes": a migration, no number
    opening = _en_imperative(stripped)
    if opening and (verb is None or not stripped.lower().startswith(verb.lower())):
        # "Gather some feedback", "Track features in one place": a verb no lexicon lists, with
        # its object and no measured outcome, is work done; a number in it only counts the
        # work ("Visit every account over $1m"), unless it counts what was won ("Pull in 1
        # large deal").
        # Offsets of the target are on norm: search it with the deadlines blanked, not stripped.
        return not _measured(stripped, target) and not (
            target is not None and _WON_EN.match(_blank_deadlines(norm), target.end)
        )
    if verb is None:
        if target is not None and target.kind == "count" and target.unit:
            return bool(lexicon.EVENT_NOUN.search(target.unit))
        return bool(lexicon.DELIVERABLE_NOUN.search(stripped)) and target is None
    if (second := _coordinated_verb(_blank_deadlines(norm), verb, target)) is not None:
        if not lexicon.EN_VERB.fullmatch(second):
            return not _measured(stripped, target)
        verb = second
    if not stripped.lower().startswith(verb.lower()) and re.search(r"[^s]s$", verb):
        if not (team and stripped.startswith(verb, team)):
            return False  # "A daemon runs for 14 days without a crash": the product's state
        # "Our marketing team publishes 8 case studies": the team's verb is its work or its
        # result as the same verb opening the line would be (h10t).
        verb = _en_lemma(verb)
    if _counts_taken_in_or_won(norm, verb, target):
        return False
    return bool(lexicon.ACTIVITY_EN.fullmatch(verb) or lexicon.DELIVERABLE.fullmatch(verb))


# Verbs whose counted object is what the owner takes in: "Read at least 6 books", "Learn 8 new
# songs" count what the person ends up with (a routine, "Read 20 pages every day", is decided
# before).
_TAKEN_IN = re.compile(r"(?i:read|learn(?:ed|t)?|master|memori[sz]e)")


_ENSURE_FRAME_EN = re.compile(r"(?i:^\W*(?:ensure|make\s+sure)\s+(?:that\s+)?)")


def _ensured_work(text: str) -> bool:
    """`Ensure (that) <subject> <verb> …` where the verb is work (`all team members complete
    security training`, `every engineer attends …`): the frame asks that people do the work, a
    to-do with nothing measured; a state (`… is published`) or a service level (`… respond
    within 400ms`) is not work."""
    frame = _ENSURE_FRAME_EN.match(text)
    if frame is None:
        return False
    words = re.findall(r"[A-Za-z][\w'-]*", text[frame.end() :])[:6]
    return any(
        index
        and not word.lower().endswith(("ed", "ing"))
        and (lexicon.ACTIVITY_EN.fullmatch(word) or lexicon.DELIVERABLE.fullmatch(word))
        for index, word in enumerate(words)
    )


def _en_lemma(verb: str) -> str:
    """The base form of a verb in the third person ("publishes" → "publish", "hosts" → "host",
    "closes" → "close")."""
    for ending in ("es", "s"):
        if verb.lower().endswith(ending) and wordclass.is_en_verb_lemma(verb[: -len(ending)]):
            return verb[: -len(ending)]
    return verb


def _zh_events_held(norm: str, target: Quantity | None) -> bool:
    """A count of events after 次 or 场 ("办理2次经销商培训", "5场客户沙龙", "4次安全演练") is
    work the team holds, as "6 customer workshops" is, whatever verb (or none) carries it; a
    level the count is brought to ("培训场次提升到5场") is not."""
    if target is None or target.kind != "count" or target.unit not in ("次", "场"):
        return False
    clause = _clause_end(norm, target.end)
    return bool(lexicon.EVENT_NOUN_ZH.match(norm, target.end, clause)) and not _level_changed(
        norm, target
    )


def _counts_taken_in_or_won(norm: str, verb: str, target: Quantity | None) -> bool:
    """The verb's count is of things taken in or of people won ("Add 250 new customers to our
    mailing list"): an outcome, as "Pull in 1 large deal" is; things made stay work."""
    if target is None or target.kind != "count":
        return False
    # The count is the opening verb's own object ("Add 250 new customers"), not a later verb's
    # ("Add and retain 4 members …") nor a subject's ("Engineering teams complete 1200 …").
    own = re.fullmatch(
        rf"\s*(?i:{re.escape(verb)})\s+(?i:at\s+least\s+|over\s+|more\s+than\s+)?",
        norm[: target.start],
    )
    return bool(_TAKEN_IN.fullmatch(verb)) or bool(
        own
        # "Onboard 500 new merchants": customers brought on board are won ("Onboard 5 new
        # engineers" stays work: engineers are no customers).
        and (lexicon.DELIVERABLE.fullmatch(verb) or re.fullmatch(r"(?i:onboard(?:s|ed)?)", verb))
        and _WON_EN.match(_blank_deadlines(norm), target.end)
    )


# After a share that opens the line: "100% of flagship products install …", "80% of staff".
_SHARE_DOING = re.compile(r"(?i:\s+of\s+(?:the\s+|our\s+|all\s+)?[a-z][\w-]*)")
# Before a share: what it is a share of is a goal ("完成經銷收入目標的 20%", "完成任务的 80%").
_SHARE_OF_GOAL = re.compile(r"(?:目标|指标|任务|计划|预算|定额)\s*的\s*$")


# People counted as a population: "100 daily active members", "200 active publishers, where
# active means publishing once per month", "新客户开发数量（每月新增20个）".
_POPULATION_EN = re.compile(
    r"(?i:\W*(?:\w+\s+){0,3}?(?:\w{3,}(?:ers|ors)|people|members|users|teams|accounts"
    r"|companies|organi[sz]ations|students|families|households)\b)"
)
_POPULATION_ZH = re.compile(r"(?:客户|用户|会员|粉丝|学员)[\u4e00-\u9fff]{0,2}?(?:数量?|量)")


def _level_changed(norm: str, target: Quantity) -> bool:
    """A change or keep verb before the count names a level brought to it, whatever cadence
    qualifies the measure: "Increase weekly active teams to 3,000", "每周活跃团队数提升到
    3000", "维持每月退货单在 30 单以下" (a routine repeats work: "每周健身3次")."""
    before = norm[: target.start]
    return any(p.search(before) for p in (lexicon.INCREASE, lexicon.DECREASE, lexicon.MAINTAIN))


def _population(norm: str, target: Quantity) -> bool:
    """The count is of people won or active, a level: its cadence defines the population ("daily
    active members") rather than a routine's repetition; the verb, if any, decides."""
    before = norm[_clause_start(norm, target.start) : target.start]
    return bool(_POPULATION_EN.match(norm, target.end) or _POPULATION_ZH.search(before))


# Words that stand before a verb's object, never after a noun's modifier: "Gather some feedback",
# "Track the backlog", "Call 12 customers".
_OBJECT_OPENER = re.compile(
    r"(?i:(?:the|a|an|some|all|every|each|our|their|your|its|my|more|new|\d[\d,.]*\w*|one|two"
    r"|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|hundred)$)"
)
# Nouns that name a measure: with a target they make a line an outcome, whatever its verb.
_MEASURE_EN = re.compile(
    r"(?i:\b(?:rate|ratio|share|score|time|latency|nps|csat|revenue|margin|retention|churn"
    r"|conversion|satisfaction|uptime|availability|coverage|cost|growth)\b)"
)


# Copulas and light verbs state a state, not work: "Be able to do 40 push-ups in a row".
_EN_LIGHT = re.compile(r"(?i:be|become|have|remain|stay|seem|feel|do|get)")


# What a team wins, counted: customers, deals, sign-ups (as "开发200家合作客户" in Chinese).
_WON_EN = re.compile(
    r"(?i:\W*(?:\w+\s+){0,3}?(?:customers|clients|users|deals"
    # A singular one before another noun names a compound ("new customer support actions",
    # "user onboarding guides"): things made, not customers won (h10r).
    r"|(?:customer|client|user|deal)(?!\s+(?!(?:by|in|into|to|from|for|with|and|or|per|on|at"
    r"|this|next|each|every|a|an|the|over|within|before|after|via|through)\b)[a-z])"
    r"|leads|sign-?ups|subscribers"
    r"|downloads|installs|bookings|members|partners|readers|reviews|merchants|sellers"
    r"|tenants|accounts|logos)\b)"
)
# Things moved somewhere: "Move 80% of services to the v2 stack", "Shift 60% of jobs onto …"
# (a change of a measure, "Move NPS from 30 to 40", names no destination after "of").
_MOVED_ONTO = re.compile(
    r"(?i:(?:move|shift|port|switch|transition)\w*\s+[^,;]*?\bof\s+[\w\s-]+?"
    r"\s+(?:to|onto|into)\s+(?!\d))"
)
# A thing moved somewhere with no number: "Move the billing service to Kubernetes", "Port our
# wiki onto Confluence" (h10s): a migration the team does, measuring the thing moved (the
# destination is no part of it); "Move NPS from 30 to 45" has its numbers and reads as a change.
_MOVED_TO = re.compile(
    r"(?i:(?:move|moving|moved|port|porting|transfer|transferring|relocat\w*)\s+"
    r"(?:(?:the|our|all|a|an|every)\s+)?(?P<object>(?!from\b)[A-Za-z][^,;:]*?)"
    r"\s+(?:over\s+)?(?:to|onto|into)\s+(?:the\s+)?(?=[A-Za-z]))"
)
# A finite verb or participle after a subject: "… tickets resolved", "… docs are live".
_EN_PREDICATE = re.compile(r"(?i:is|are|was|were|has|have|\w+ed)")


def _en_imperative(text: str) -> str | None:
    """The opening verb of an English line that starts with one (AGID's word classes), when no
    lexicon knows it: a verb's base form followed by its object. A word that is also a noun
    counts only before an object's opener ("Support tickets resolved …" opens with a noun)."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*|\d[\d,.]*\w*", text)
    if (
        len(words) < 2
        or not wordclass.is_en_verb_lemma(words[0])
        or _EN_LIGHT.fullmatch(words[0])
        or words[0].lower() in EN_NUMBER_WORDS  # "Zero app store rejections": a level
    ):
        return None
    # "Support tickets resolved within 24h": a noun compound that a later verb predicates.
    if (
        wordclass.is_en_noun(words[0])
        and not _OBJECT_OPENER.fullmatch(words[1])
        and any(_EN_PREDICATE.fullmatch(word) for word in words[1:8])
    ):
        return None
    return words[0]


def _won_before_bound(norm: str, position: int, target: Quantity | None) -> bool:
    """ "新增渠道不少于20家", "新增门店50家": the verb's object is something won (customers,
    stores, channels) and at most a bound stands between it and the count, so the count is of
    what was won."""
    won = _WON_OBJECT.match(norm, position)
    return (
        target is not None
        and won is not None
        and won.end() <= target.start
        and (
            not norm[won.end() : target.start].strip()
            or lexicon.COMPARATOR.fullmatch(norm[won.end() : target.start].strip()) is not None
        )
    )


_WON_OBJECT = re.compile(rf"[\u4e00-\u9fff]{{0,4}}?{lexicon.WON_NOUN_ZH}")


def _measured(text: str, target: Quantity | None) -> bool:
    """A target on a measure ("Slash churn to 2%", "… 95% of tickets"): an outcome."""
    return target is not None and (target.unit == "%" or bool(_MEASURE_EN.search(text)))


# Light verbs, copulas and modals: they carry no work of their own ("是", "有", "可以").
_ZH_LIGHT = re.compile(r"是|有|为|在|能|会|要|让|使|可以|能够|需要|应该|成为|保证|确保|作为|属于")


def _modifies_object(tokens: list[wordclass.Token], index: int) -> bool:
    """tokens[index:] up to 的 are only adjectives, numbers, measure words or pronouns ("新的",
    "所有的", "3家新的"): they modify the object that follows 的."""
    for position, token in enumerate(tokens[index:], index):
        if token.word == "的":
            return index < position < len(tokens) - 1
        if not re.match(r"a|m|q|r|b", token.flag):
            return False
    return False


def _zh_object(tokens: list[wordclass.Token], index: int) -> bool:
    """A noun (or a verbal noun) follows at tokens[index], directly, after a count ("提出5个
    提醒") or after one more verb ("提醒开发同学", "起身活动")."""
    counted = False
    # "采访 5 位高级用户": spaces around the number are no words (jieba tags them, and the
    # number between them, "x").
    at = tokens[index].start if index < len(tokens) else None
    tokens = [
        wordclass.Token(t.word, "m", t.start) if re.fullmatch(r"\d[\d.,]*", t.word) else t
        for t in tokens
        if t.word.strip()
    ]
    index = next((i for i, t in enumerate(tokens) if at is not None and t.start >= at), len(tokens))
    while index < len(tokens) - 1 and (
        re.match(r"m|q", tokens[index].flag) or tokens[index].word in ("个", "%")
    ):
        index += 1
        counted = True
    if counted and CJK.match(tokens[index].word):
        return True  # after a number and its measure word comes a noun: "5个提醒", "3次培训"
    if _modifies_object(tokens, index):
        index = next(i for i in range(index, len(tokens)) if tokens[i].word == "的") + 1
    for offset in (0, 1):
        if index + offset >= len(tokens):
            return False
        flag = tokens[index + offset].flag
        if re.match(r"n|eng|vn", flag):
            return True
        if flag != "v":
            return False
    return False


# A measure named by a verb and what it measures of it: "页面加载时间", "响应速度", "处理时效".
_ZH_BOUND_AFTER = re.compile(r"\s*(?:以内|之内|以下|以上|左右)")
# The object of a work verb is a rate or a share: "完成领导力培训覆盖率100%" reaches a level.
_ZH_RATE_OBJECT = re.compile(r"(?:率|比例|占比|满意度)\s*(?:达到|达|为|至)?\s*$")
_MONEY_UNIT = re.compile(r"人民币|美元|欧元|日元|港币|港元|元|[$¥€£]|" + "|".join(CURRENCY_CODES))


def _money(target: Quantity) -> bool:
    """The target is an amount of money ("募集3.5亿美元", "$1.2M")."""
    return bool(target.unit and _MONEY_UNIT.fullmatch(target.unit))


_ZH_MEASURED_NOUN = re.compile(r"时间|速度|时效|耗时|效率|次数|频率|延迟|成本")
# A noun ending in a count word right before the target, after a verb that qualifies it:
# "付费用户数 500", "活跃门店数量达到 20".
_ZH_COUNTED_MEASURE = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{1,8}?(?:数量?|总量|人数)\s*(?:达到|达|为|至|突破|超过)?\s*"
)


def _zh_work_verb(norm: str, target: Quantity | None) -> str | None:
    """The predicate of a Chinese line whose verb no lexicon knows, from the segmenter's word
    classes: the first word tagged as a verb before the target that is used as one — not part of
    a measure's name ("可用率"), not inside a modifier ("…导致的线上bug"), not a bound ("少于"),
    not a light verb — with something after it. A measured share ("…的比例达…%") is no work."""
    end = target.start if target else len(norm)
    # Deadlines blanked: "年底前在…" would segment as "年底/前在".
    tokens = wordclass.zh_tokens(_blank_deadlines(norm))
    # "在2个新国家开始销售", "对10%的客户进行访谈": a number inside a prepositional phrase
    # places the work; the predicate follows the phrase.
    # A verb between the preposition and the target governs it: "针对前25%的服务提出5个提醒".
    placed = target is not None and any(
        t.flag == "p"
        and t.start < target.start
        and not re.search(r"[，,。；;]", norm[t.start : target.start])
        and not any(v.flag == "v" and t.start < v.start < target.start for v in tokens)
        for t in tokens
    )
    if placed:
        end = _clause_end(norm, target.end)
        if (known := lexicon.first_cjk_verb(norm, target.end, end)) is not None:
            work = lexicon.ACTIVITY_ZH.fullmatch(known.group()) or lexicon.DELIVERABLE.fullmatch(
                known.group()
            )
            return known.group() if work else None
        # "与25家风投公司积极洽谈": the phrase holds who the work is with, so the verb after it
        # is the predicate even with no object of its own.
        for token in tokens:
            if (
                target.end <= token.start < end
                and token.flag == "v"
                and not _ZH_LIGHT.fullmatch(token.word)
                and not lexicon.COMPARATOR.match(norm, token.start)
            ):
                return token.word
    for index, token in enumerate(tokens):
        if token.start >= end:
            break
        if token.flag != "v" or _ZH_LIGHT.fullmatch(token.word):
            continue
        after = token.start + len(token.word)
        if (
            lexicon.COMPARATOR.match(norm, token.start)
            or lexicon.noun_follows(norm, after)
            or _ZH_MEASURED_NOUN.match(norm, after)
            # "付费用户数 500": the verb qualifies the counted noun that names the measure.
            or (target is not None and _ZH_COUNTED_MEASURE.fullmatch(norm, after, target.start))
            # "平均配速630以内": a bounded number right after the word is its level, so the
            # word names the measure.
            or (
                target is not None
                and not norm[after : target.start].strip()
                and _ZH_BOUND_AFTER.match(norm, target.end)
            )
        ):
            return None
        # The verb inside a modifier ("…导致的线上bug") is not the predicate; an adjective or a
        # count before 的 modifies the verb's object ("签下新的外包供应商").
        inside = re.match(r"[^，,。；;]{0,12}的", norm[after:end])
        clause_object = target is None and _clause_object(_blank_deadlines(norm), tokens, index)
        if index + 1 >= len(tokens) or (
            inside and not _modifies_object(tokens, index + 1) and not clause_object
        ):
            continue
        if not clause_object and not _zh_object(tokens, index + 1):
            # No object: "延迟 < 200ms", "停机时间不超过…", "运行可靠" name or qualify a measure.
            continue
        if target is not None and not placed and (target.unit == "%" or _money(target)):
            return None  # a share or an amount of money reached is measured, not work
        if _ZH_CONTACT.search(token.word):
            return token.word  # "采访5位高级用户": people met or asked, not people won
        if target is not None and lexicon.WON_ZH.match(norm, target.end):
            return None  # "新增50个高潜力客户": customers won, whatever the verb
        if _won_before_bound(norm, after, target):
            return None
        return token.word
    return None


# Verbs of contact: meeting, asking or talking to people ("采访", "回访", "约谈", "询问", "约见").
# Their counted object is whom the work reaches, never people won.
_ZH_CONTACT = re.compile(r"[访谈询聊]|问|见")


def _clause_object(norm: str, tokens: list[wordclass.Token], index: int) -> bool:
    """tokens[index] opens its clause and governs a noun phrase whose modifier is a clause of its
    own before 的, with nothing after the head noun ("修改新员工入职的教育信息"): the verb is the
    predicate, the phrase its object. A verb inside a modifier before a measured subject
    ("因测试遗漏导致的线上bug少于3个", "使用新功能的用户占比达到30%") is followed by a predicate
    or a number, and is no such verb."""
    verb = tokens[index]
    start = norm.rfind("，", 0, verb.start) + 1
    if norm[start : verb.start].strip(" ,:："):
        return False
    end = _clause_end(norm, verb.start)
    marker = next(
        (
            i
            for i in range(index + 1, len(tokens))
            if tokens[i].word == "的" and tokens[i].start < end
        ),
        None,
    )
    if marker is None or marker == index + 1:
        return False
    head = [t for t in tokens[marker + 1 :] if t.start < end and t.word.strip()]
    return bool(head) and all(re.match(r"n|vn|eng|a|b", t.flag) for t in head)


def _clause_end(norm: str, position: int) -> int:
    found = re.search(r"[，,。；;]", norm[position:])
    return position + found.start() if found else len(norm)


_MEASURE_HEADS = {
    "time", "times", "rate", "rates", "ratio", "score", "scores", "cost", "costs", "speed",
    "latency", "duration", "percentage", "velocity",
}  # fmt: skip


def _en_main_verb(text: str) -> str | None:
    """The first word of a known verb class among the opening six words, else None.

    The words after a number, up to its plural head, are the counted noun ("100 email
    subscribers", "200 active publishers"); an -ing word after the first modifies a noun
    ("New-hire onboarding flow takes …"), a finite verb is never one."""
    tokens = re.findall(r"[A-Za-z][A-Za-z-]*|\d[\d,.]*\+?", text)
    words = []
    counting = 0  # words of a counted noun still to come
    for index, word in enumerate(tokens):
        if word[0].isdigit() or word.lower() in EN_NUMBER_WORDS:
            counting = 3
            continue
        counted = counting > 0
        counting = 0 if re.search(r"[^s]s$", word) else max(counting - 1, 0)
        # "New-customer survey scores 4.5": a verb-spelt noun before the predicate.
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        modifier = index > 0 and (
            word.lower().endswith("ing")
            or (re.search(r"(?:[^s]s|ed)$", following) and wordclass.is_en_verb_form(following))
            # "average payment completion time", "ticket resolution rate": a verb-spelt word
            # before a measure's head noun names the measure, no work.
            or following.lower() in _MEASURE_HEADS
        )
        # "Onboarding completion rate 80%", "deployment completion time": a nominal word (an
        # -ing or -ion word, or -ment after the first) in a compound before a measure's head.
        nominal = re.search(r"(?:ing|ion)$", word.lower()) or (
            index > 0 and word.lower().endswith("ment")
        )
        if nominal and any(t.lower() in _MEASURE_HEADS for t in tokens[index + 1 : index + 3]):
            modifier = True
        words.append((word, counted or modifier))
    return next(
        (word for word, skip in words[:6] if not skip and lexicon.EN_VERB.fullmatch(word)), None
    )


def _coordinated_verb(text: str, verb: str, target: Quantity | None) -> str | None:
    """The verb that governs the target when a second verb is joined to the first ("Take notes
    and write 15 blog posts": write), as the Chinese reader takes the verb before the target."""
    if target is None:
        return None
    opening = text.lower().find(verb.lower())
    # A word between the first verb and "and" is its own object; "Add and retain 4 members"
    # shares one.
    joined = [
        m.group(1)
        for m in re.finditer(r"(?i:\band\s+([a-z]+))", text[: target.start])
        if m.start() > opening + len(verb) + 1
    ]
    if joined and (lexicon.EN_VERB.fullmatch(joined[-1]) or wordclass.is_en_verb_lemma(joined[-1])):
        return joined[-1]
    return None


def _cjk_verbs(norm: str, end: int) -> list[re.Match[str]]:
    """The Chinese verbs used as verbs in norm[:end], in order."""
    verbs = []
    position = 0
    while (verb := lexicon.first_cjk_verb(norm, position, end)) is not None:
        verbs.append(verb)
        position = verb.end()
    return verbs


def _without_deadlines(norm: str) -> str:
    return _blank_deadlines(norm).strip(" ,，:：")


def _blank_deadlines(norm: str) -> str:
    """norm with its deadlines blanked out, each character where it was."""
    for deadline in sorted(find_deadlines(norm), key=lambda d: -d.start):
        norm = norm[: deadline.start] + " " * (deadline.end - deadline.start) + norm[deadline.end :]
    return norm


# A share reached, after the clause of the work that reaches it: "…，覆盖80%新员工", "…，惠及 60%
# 的门店" (the number ends the match).
_ZH_COVERAGE_AFTER_WORK = re.compile(
    r"[\u4e00-\u9fff][^，,；;。]{1,20}[，,；;]\s*(?:并|使其|使之)?\s*(?:覆盖|惠及|触达)(?:到|至)?\s*\d[\d.]*\s?%$"
)


def _outcome_after_purpose(norm: str, candidates: list[Quantity]) -> bool:
    purpose = lexicon.PURPOSE.search(norm)
    if purpose is None:
        return False
    return any(q.start > purpose.start() for q in candidates) and bool(
        lexicon.INCREASE.search(norm, purpose.start())
        or lexicon.DECREASE.search(norm, purpose.start())
        or _TARGET_MARKER.search(norm[: max(q.start for q in candidates)])
    )


# --- metric -------------------------------------------------------------------------------------


# A team or a role as the subject, before its verb (issue 10 §2): "Customer Support keeps …",
# "Marketing generates …", "Our sales team closes …", "CEs document …", "CMO grows …". Whose key
# result it is, never its measure.
_TEAM_SUBJECT = re.compile(
    r"\s*(?:(?i:the|our|each|every)\s+)?"
    rf"(?:C[A-Z]{{1,3}}O|(?P<plural>[A-Z]{{2,4}}s|(?i:sales\s+reps|engineers|designers|recruiters))"
    rf"|(?:[A-Z][\w-]*\s+|(?i:sales|support|marketing|engineering|product|design)\s+){{0,2}}"
    rf"(?i:{lexicon.TEAM_WORDS})(?:\s+(?i:team|org))?)"
    r"\s+(?P<verb>[a-z]+)\b"
)
_DASH_ASIDE = re.compile(r"\s[–—]\s[^–—]{1,80}?\s[–—](?=\s)")
_TEAM_WORD = re.compile(f"(?i:{lexicon.TEAM_WORDS})")
# "确保评估反馈在24小时内同步": 确保 frames a clause whose subject is held to the window after
# 在; the words before 在 are that subject, a noun phrase (评估 says which feedback, no work).
_ENSURE_ZH = re.compile(r"\s*(?:确保|保证)(?P<subject>[^\d，,。；;在]{2,16}?)在(?=[^，,。；;]*内)")
# After the verb, a number or a determiner: "Sales closes 40 …", "Support resolves the …".
_OBJECT_FOLLOWS = re.compile(r"\s+(?:[$¥€£]?\d|(?i:the|a|an|our|all|every|each|its|their)\b)")


def _team_subject(blank: str) -> tuple[int, int]:
    """Where the verb after a team or role opening the line starts and ends, or (0, 0). The
    word after the
    team must be its verb, not a noun it qualifies ("Sales calls per rep", "Marketing leads
    from events"): a change verb ("keeps", "grows"), a verb before a number or a determiner,
    or a plural role's verb in its base form ("CEs document …")."""
    subject = _TEAM_SUBJECT.match(blank)
    if subject is None:
        return 0, 0
    verb = subject.group("verb")
    if subject.group("plural"):
        finite = not verb.endswith("s") and wordclass.is_en_verb_lemma(verb)
    else:
        finite = verb.endswith("s") and (
            any(p.fullmatch(verb) for p in (lexicon.INCREASE, lexicon.DECREASE, lexicon.MAINTAIN))
            or (wordclass.is_en_verb_form(verb) and _OBJECT_FOLLOWS.match(blank, subject.end()))
        )
    return subject.span("verb") if finite else (0, 0)


def _metric(
    original: str,
    norm: str,
    start: Quantity | None,
    target: Quantity | None,
    deadlines: list[Deadline],
) -> str | None:
    """A short noun phrase for what is measured; for milestones, the deliverable."""
    # "Reduce spoofing attacks – IP, DNS and HTTPS spoofing – from 200 to 10": an aside between
    # dashes explains the noun before it, as a bracket does (h10t).
    blank = _DASH_ASIDE.sub(lambda m: " " * len(m.group()), norm)
    for deadline in deadlines:
        blank = (
            blank[: deadline.start] + " " * (deadline.end - deadline.start) + blank[deadline.end :]
        )
    # The team goes; so does its verb before a measure (a plural-looking "keeps" ending the
    # phrase would read as the noun), while a deliverable is found after its verb.
    verb_start, verb_end = _team_subject(blank)
    if target is None:
        verb_end = 0
    elif ensured := _ENSURE_ZH.match(blank):
        verb_end = ensured.start("subject")  # the frame is the verb; its subject follows
    if verb_start:
        subject_end = verb_end or verb_start
        blank = " " * subject_end + blank[subject_end:]
    if target is None:
        lead = len(blank) - len(blank.lstrip(" -*•"))
        if moved := _MOVED_TO.match(blank, lead):
            return original[moved.start("object") : moved.end("object")].strip() or None
        return _deliverable(original, blank)
    anchor = min(q.start for q in (start, target) if q is not None)
    marker = _last_match(_BASELINE_BEFORE, blank[:anchor])
    if (
        start is not None
        and marker
        and (
            anchor - marker.end() <= 8
            # "客户数从 2025 年的 1 个增长到…": the start's year is no part of the measure (h9u).
            or lexicon.YEAR_OF_START_ZH.fullmatch(blank, marker.end(), anchor)
        )
    ):
        anchor = marker.start()
    clause = _clause_start(blank, anchor)
    if not _trim_phrase(original, blank, clause, anchor) and clause:
        # "减少客户投诉率，从每月10%降低至5%": the metric is the clause before the numbers.
        clause = _clause_start(blank, clause - 1)
    purpose = _last_match(lexicon.PURPOSE, blank[:anchor])
    if purpose and purpose.end() > clause:
        clause = purpose.end()  # "Launch Foo 4.1 to improve sign-ups by 25%" measures sign-ups
    # The team's verb, gone with it, leaves the object: "… cuts build time" keeps "build".
    head = _trim_phrase(original, blank, clause, anchor, verb=not verb_end or clause > verb_end)
    if head and not CJK.search(head):
        whole = _trim_phrase(original, blank, clause, anchor, verb=False)
        if whole and whole != head and _predicate_off(whole, agreeing=False) != whole:
            # "Build time brought down to 4 minutes": a subject and its predicate, the first
            # word is no imperative.
            head = whole
    if head and head[-1] in "+＋":
        head = head.rstrip(" +＋") or None  # "新客户数+30%": the sign goes with the change
    if head and _BOUND_ONLY.fullmatch(head):
        # "Achieve less than 1% error rate", "Reach under 3% churn": the bound goes with the
        # number; the measure is named after it.
        head = None
    if head and (change := _CHANGE_NOUN_BEFORE_OF.search(head)) and change.start():
        # "Maintain a sprint velocity increase of 10%": the change named after its measure.
        head = head[: change.start()].rstrip() or head
    counted = target.kind in ("count", "placeholder") and target.unit not in (None, "$")
    tail = _tail(original, blank, target.end, zh=is_mostly_cjk(original), counted=counted)
    changed = _CHANGE_NOUN_OF.match(blank, target.end)
    if changed:
        # "Achieve an 80% reduction in incident response time": the change is in what follows.
        tail = _tail(original, blank, changed.end() - 1, zh=False, counted=False) or tail
    # "95% of tickets", "$2M in new business", "10%的重点客户": the share or amount is of what
    # follows.
    share = re.match(
        r"(?i:\s+(?:of|in|on)\s(?!\s*(?:the\s+)?(?:plan|target|goal|quota|budget)\b))"
        r"|\s*的(?=\s*[\u3400-\u9fff])",
        blank[target.end :],
    ) or (
        # "塞满90%观众席": in Chinese a share goes before its noun without 的 as well.
        target.unit == "%" and bool(tail) and re.match(r"\s?[\u3400-\u9fff]", blank[target.end :])
    )
    if tail and counted and _PARTNER_BEFORE.search(blank, 0, target.start):
        tail = _partner_only(tail)
    relative = target.kind != "placeholder" and not counted and start is None
    if head and start is not None:
        # "Increase organic traffic to the blog from 8,000 to 14,000 monthly sessions": the
        # phrase before the baseline names the measure; the words after the target are its unit.
        return head
    if head and (_OF_BEFORE.search(blank, clause, target.start) or _unit_only(tail, target)):
        # "Increase opportunity size of 2 deals": the number only sizes the scope; "Play the
        # guitar 5 times": a count of times or a duration measures the verb's object.
        return head
    if share and head and not CJK.search(head) and _level_as_share(blank, clause, target):
        # "Reduce the cost of labor to 30% of sales": a level given as a share of a reference;
        # the change's object is measured, the reference is not.
        return head
    if share and head and tail and tail.lower() in ("time", "the time"):
        # "Engineers honor their focus day 80% of the time": how often, of the verb's object.
        return _object_of_verb(head)
    if tail and (share or not head or (counted and not _is_relative_phrase(blank, target))):
        return tail
    if not head and not tail and target.unit and re.fullmatch(r"[A-Za-z]{2,}", target.unit):
        return target.unit  # "Run 16 km a week": the unit is the only noun there is
    return head or (tail if not relative or not head else None)


# A partner counted after a preposition: "与80家风险投资公司开会", "與3位客戶聯繫".
_PARTNER_BEFORE = re.compile(r"(?:与|和|跟|同|向)\s*(?:至少|不少于)?\s*$")


def _partner_only(tail: str) -> str:
    """The partners of "与80家风险投资公司开会" without the work done with them: the phrase up to
    the first verb after a noun (jieba's word classes, or a verb the lexicons list). A single
    character tagged as a verb is a word the segmenter split ("风投公司": 风 + 投), no verb."""
    tokens = wordclass.zh_tokens(normalise(tail))
    for token in tokens[1:]:
        verb = token.flag.startswith("v") or lexicon.CJK_VERB.fullmatch(token.word)
        if verb and len(token.word) > 1:
            return tail[: token.start]
    return tail


_PARTNER_LEAD = re.compile(r"\s*(?:与|跟|同)\s*")
_TOGETHER = re.compile(r"(?:一起|共同|逐一|分别|一一)$")


def _met_or_made_with(phrase: str) -> str:
    """A phrase that opens with whom the work is done with ("与每位战略客户的负责人开会"): the
    partner when the verb ends the phrase, the verb's object when it has one
    ("跟核心供应商签订年度框架协议" → 年度框架协议), as the counted partner is (h10e)."""
    lead = _PARTNER_LEAD.match(phrase)
    if lead is None:
        return phrase
    rest = phrase[lead.end() :]
    partner = _partner_only(rest)
    if partner == rest:
        return phrase
    tokens = wordclass.zh_tokens(normalise(rest[len(partner) :]))
    if not tokens:
        return phrase
    made = rest[len(partner) + len(tokens[0].word) :].strip()
    if not made:
        return _TOGETHER.sub("", partner.strip()) or phrase
    # A verb no lexicon knows before more words may be a modifier ("采购负责人"): left as read.
    return made if lexicon.CJK_VERB.fullmatch(normalise(tokens[0].word)) else phrase


def _object_of_verb(phrase: str) -> str:
    """The object of the last verb in an English clause ("All engineers can honor their focus
    day" → their focus day), or the clause when no verb with an object is found."""
    words = phrase.split()
    for index in range(len(words) - 2, 0, -1):
        if wordclass.is_en_verb_lemma(words[index]) and _OBJECT_OPENER.fullmatch(words[index + 1]):
            return " ".join(words[index + 1 :])
    return phrase


# "… of" right before the number: the phrase before it is what is measured.
_OF_BEFORE = re.compile(r"(?i:\s+of\s*$)")
# "… to" right before the number: the level a change reaches.
_TO_BEFORE = re.compile(r"(?i:\s+to\s*$)")
# Verbs that bring a measure to a level without saying which way ("Get cost/lead to $70").
_GET_TO = re.compile(r"(?i:\b(?:get|bring)\b)")


def _level_as_share(blank: str, clause: int, target: Quantity) -> bool:
    """True when a change or a "get … to" brings its object to the target ("Cut cloud spend to
    8% of revenue"); a deployment to a share ("Deploy AI notetaker to 100% of employees")
    counts whom it reaches."""
    before = blank[clause : target.start]
    return bool(
        _TO_BEFORE.search(before)
        and (
            lexicon.INCREASE.search(before)
            or lexicon.DECREASE.search(before)
            or _GET_TO.search(before)
        )
    )


_FREQUENCY = {"times", "time"}


def _unit_only(tail: str | None, target: Quantity) -> bool:
    """True when the phrase after the target is only its unit of time or frequency."""
    if tail is None or target.unit is None:
        return False
    return tail.lower() == target.unit.lower() and target.unit.lower() in _FREQUENCY | _TIME_UNITS


def _is_relative_phrase(blank: str, target: Quantity) -> bool:
    return bool(
        _BY.search(blank[: target.start]) or _ZH_RELATIVE_VERB.search(blank[: target.start])
    )


def _clause_start(blank: str, anchor: int) -> int:
    start = 0
    for match in _CLAUSE_BREAK.finditer(blank[:anchor]):
        # "1,000" and "the 30-, 60- and 90-day marks" go on past their comma.
        previous = blank[match.start() - 1 : match.start()]
        if not (match.group().startswith(",") and (previous.isdigit() or previous == "-")):
            start = match.end()
    return start


def _trim_phrase(
    original: str, blank: str, start: int, end: int, *, trail: bool = True, verb: bool = True
) -> str | None:
    """original[start:end] without its leading verb and trailing comparators (matched on `blank`).

    Only one verb is removed: "Reduce onboarding time" keeps "onboarding", "每天督促开发人员…"
    keeps "开发人员". Articles, hedges and filler (将, 使, 每天, the) go however many there are.
    """
    verb_removed = not verb
    previous = None
    while (start, end) != previous:
        previous = (start, end)
        while start < end and not blank[start].isalnum() and not CJK.match(blank[start]):
            start += 1
        # 约 ("about") stays where it ends a word: "签约", "续约", "预约", "合约".
        while (
            end > start
            and blank[end - 1] in " \t(（\"“'±~≈约"
            and not _WORD_IN_YUE.search(blank, 0, end)
        ):
            end -= 1
        # "Consistently dedicate 10 minutes …": an adverb says the word after it is the opening
        # verb; both go ("Daily active users" opens with an adjective, no verb follows it).
        adverb = _ADVERB_EN.match(blank, start, end)
        if adverb and not verb_removed and wordclass.is_en_verb_lemma(adverb.group("verb")):
            start = adverb.end("verb")
            verb_removed = True
        for pattern in (_FILLER_EN, _FILLER_ZH):
            if match := pattern.match(blank, start, end):
                # "A migration guide": after an article comes a noun phrase, not a verb.
                verb_removed = verb_removed or bool(re.match(r"(?i:a|an|the)\s", match.group()))
                if match.group().endswith(("并", "並")):
                    verb_removed = False  # "提炼并确定…": the second verb goes too
                start = match.end()
        if not verb_removed and start < end:
            verb = (
                _phrasal_verb(blank, start, end)
                or _LEAD_VERB_EN.match(blank, start, end)
                or _IMPERATIVE_EN.match(blank, start, end)
                or lexicon.CJK_VERB.match(blank, start, end)
            )
            # "转化率 > 5%": a verb followed by a noun suffix is part of the noun.
            if (
                verb
                and not (CJK.match(verb.group()) and lexicon.noun_follows(blank, verb.end()))
                # "Bookings at 110% of plan": a plural that leaves nothing after it is the noun.
                and not (
                    re.search(r"[^s]s\s*$", verb.group())
                    and (
                        _trim_phrase(original, blank, verb.end(), end, trail=trail, verb=False)
                        or "at"
                    ).lower()
                    in _TAIL_STOPWORDS
                )
            ):
                start = verb.end()
                verb_removed = True
                if CJK.match(verb.group()) and blank.startswith("了", start):
                    start += 1  # "实现了冲刺目标": the aspect particle goes with its verb
        for pattern in (_TRAIL_EN, _TRAIL_ZH) if trail else ():
            match = pattern.search(blank, start, end)
            if match and match.start() > start:
                end = match.start()
    phrase = original[start:end].strip(" ,，:：").rstrip(".。")
    return phrase or None


def _tail(
    original: str, blank: str, position: int, *, zh: bool, counted: bool = False
) -> str | None:
    """The phrase after the target: "50 个客户" → 客户, "99.95% uptime" → uptime."""
    rest = blank[position:]
    if zh:
        if bound := _ZH_OR_BOUND.match(rest):
            # "45个或以上", "3篇或以上原创文章": the bound goes with the number.
            position += bound.end()
            rest = blank[position:]
        stop = _ZH_TAIL_STOP.search(rest)
        end = position + (stop.start() if stop else len(rest))
        # A light verb (进行, 开展, 得到 …) or a modal (能够, 可以 …) opens the predicate:
        # "10%的重点客户进行访谈" measures 重点客户.
        if (light := _ZH_LIGHT_VERB.search(blank, position + 2, end)) is not None:
            end = light.start()
        # After a number and its measure word comes a noun, even one spelt like a verb:
        # "3次培训" counts trainings.
        return _trim_phrase(original, blank, position, end, verb=not counted)
    # A deadline blanked out of the phrase ends it: "3x IACV in Q4 pipeline" measures IACV.
    rest = re.split(r"\s{3,}", rest, maxsplit=1)[0]
    # "Double the number of active integrations" measures the integrations; "50%+ activation
    # rate" the rate (the plus says "or more").
    words = re.match(
        r"\+?(?i:\s+the\s+(?:number|count|amount)\s+of)?"
        rf"(?:\s+(?:more|additional|extra|of|in|on))?"
        # A name's acronym in brackets inside the noun stays: "3 test-driven development (TDD)
        # cycles" counts the cycles (h10s).
        rf"((?:\s+(?:{GRADE_WORD}|(?:{TECH_WORD}|[A-Za-z])[\w/'&+-]*|\({_ACRONYM}s?\)(?=\s+\w)))"
        r"{1,5})",
        rest,
    )
    if not words:
        return None
    kept = []
    listed = words.group(1).split()
    for index, word in enumerate(listed):
        # "new customer onboarding calls": an -ing word inside a compound noun is no verb;
        # "large or strategic deals", "fruit and veggies": one noun phrase.
        lower = word.lower()
        linked = (
            index + 1 < len(listed)
            and listed[index + 1].lower() not in _TAIL_STOPWORDS
            and not lexicon.is_en_verb(listed[index + 1])
        )
        joins = bool(kept) and lower in ("and", "or", "&") and linked
        # "new customer support actions": a team's name inside a compound noun is no verb either.
        compound = (
            (lower.endswith("ing") or _TEAM_WORD.fullmatch(lower))
            and lower not in _TAIL_STOPWORDS
            and linked
        )
        following = listed[index + 1].lower() if index + 1 < len(listed) else ""
        after_determiner = bool(kept) and kept[-1].lower() in _DETERMINER_WORDS
        if (
            (lower in _TAIL_STOPWORDS and not joins)
            # "90% of all feature branches": after a determiner comes a noun phrase.
            or (kept and lexicon.is_en_verb(word) and not compound and not after_determiner)
            # "members focused on …", "bugs found in …": a participle after the noun ("sales
            # qualified leads" is one noun phrase).
            or (
                kept
                and lower.endswith("ed")
                and wordclass.is_en_verb_form(lower)
                and (not following or following in _TAIL_STOPWORDS)
            )
            # "a day", "an hour": how often, not what (per, every and each are stopwords).
            or (lower in ("a", "an") and following.rstrip("s.") in _PERIODS)
            # "20% of new users come back …", "10% of customers enroll …", "100 customers do
            # …": a verb after the plural it counts is its predicate (h10n).
            or (
                kept
                and wordclass.is_en_plural_noun(kept[-1])
                and (
                    _EN_LIGHT.fullmatch(word)
                    or (wordclass.is_en_verb_lemma(word) and not wordclass.is_en_noun(word))
                )
            )
        ):
            break
        kept.append(word)
    if not kept:
        return None
    begin = position + rest.index(kept[0])
    return original[begin : begin + len(" ".join(kept))] if " ".join(kept) in rest else None


_PERIODS = {"hour", "day", "week", "month", "quarter", "year", "sprint"}


# ... and so do 开始 ("在2个新国家开始销售") and a preposition that opens the predicate's object
# ("90%的客户对新服务流程表示满意"; 对接, 对标, 对象 … are nouns).
_ZH_LIGHT_VERB = re.compile(
    r"进行|开展|得到|加以|予以|能够|可以|需要|应当|应该|开始"
    r"|对(?!接|标|账|比|外|内|应|象|话|手|齐|冲)"
)


_DETERMINER_WORDS = {"all", "the", "our", "their", "its", "every", "each", "any", "both"}
_TAIL_STOPWORDS = {
    "by", "to", "from", "per", "in", "for", "with", "and", "or", "on", "at", "that", "which",
    "within", "across", "before", "after", "each", "every", "than", "into", "over", "under",
    "while", "so", "as", "is", "are", "via", "through", "about", "have", "has", "onto",
    "toward", "towards", "where", "when", "whose",
    # A cause or a condition after the noun: "rollback rate due to failed builds".
    "due", "because", "during", "without", "despite",
    # A bound after the count: "30 customers or more", "2 hours max".
    "more", "less", "fewer", "above", "below", "higher", "lower", "better", "max",
    *lexicon.MODIFIER_PARTICIPLES,
}  # fmt: skip


def _deliverable(original: str, blank: str) -> str | None:
    """For a milestone: the first clause without its leading verb ("Launch Foo 4.1" → Foo 4.1);
    a clause that only gives the means or the purpose ("通过…，", "为…，") is skipped."""
    start = 0
    for clause in _CLAUSE_BREAK.split(blank):
        if clause.strip() and not (
            _CIRCUMSTANCE.match(clause.strip()) or _MEANS_OR_PURPOSE.match(clause.strip())
        ):
            start = blank.index(clause)
            break
    while start < len(blank) and not (blank[start].isalnum() or CJK.match(blank[start])):
        start += 1
    clause = _CLAUSE_BREAK.search(blank, start)
    end = clause.start() if clause else len(blank)
    for cut in (lexicon.PURPOSE.search(blank, start, end), DATE_OFFSET.search(blank, start, end)):
        if cut:
            end = min(end, cut.start())
    if CJK.search(blank[start:end]) and (none := _ZH_NONE_LEFT.match(blank, start, end)):
        # "没有新的故事被带入冲刺中": the things there are none of; a modifier before 的 with a
        # number in it picks them out ("适应率低于40%的新功能").
        begin, stop = _none_left_subject(blank, *none.span("subject"))
        return original[begin:stop].strip() or None
    if CJK.search(blank[start:end]) and (subject := _zh_all_subject(blank, start, end)):
        # "所有成员都加入Worktile": the subject whose state is promised.
        return original[subject.start("subject") : subject.end("subject")]
    if CJK.search(blank[start:end]) and (second := _second_delivery(blank, start)):
        # "完成需求评审并上线新版首页", "梳理…，完成潜在合作对象清单": the first work is a step;
        # what the second delivers is checked (h10u).
        stop = _CLAUSE_BREAK.search(blank, second.end())
        phrase = _trim_phrase(
            original, blank, second.end(), stop.start() if stop else len(blank), trail=False,
            verb=False,
        )  # fmt: skip
        if phrase:
            return phrase
    if CJK.search(blank[start:end]):
        # "与合作伙伴进行产品培训": skip the partner and the verb; "参与者" is a noun, not a verb.
        verb = None
        if lexicon.CJK_VERB.match(blank, start) or lexicon.HEDGE_LEAD.match(blank, start):
            verb = lexicon.first_cjk_verb(blank, start, end)
            start = verb.end() if verb else start
            # "制定并执行招聘计划": verbs joined by 并 / 和 share the object (h10t).
            while verb and (joined := _ZH_JOINED_VERB.match(blank, start, end)):
                start = joined.end()
        elif _ZH_PREPOSITION.match(blank, start):
            # "与合作伙伴进行产品培训": the partner list may hold verb-like nouns (研发, 设计);
            # the predicate is the last verb that still has an object after it.
            verbs = [
                v
                for v in _cjk_verbs(blank[:end], end)
                if v.start() >= start and v.end() < end and not _LISTED.match(blank, v.end())
            ]
            verb = verbs[0] if verbs else None
            start = verb.end() if verb else start
        # "制定培训体系": once the verb is gone, "培训" is part of the noun.
        phrase = _trim_phrase(original, blank, start, end, trail=False, verb=verb is None)
        if not phrase and verb is not None and not blank[verb.end() : end].strip():
            # "爭取年底前出版", "年底前上线": a verb with no object is itself what is delivered.
            return original[verb.start() : verb.end()]
        return phrase
    word = re.match(r"[A-Za-z-]+\s+", blank[start:end])
    if (
        word
        and not word.group().strip().lower().endswith("ed")
        and (
            lexicon.DELIVERABLE.fullmatch(word.group().strip())
            or lexicon.ACTIVITY_EN.fullmatch(word.group().strip())
        )
    ):
        # "Redesign the explore page": one verb goes, the next word is part of the noun.
        return _trim_phrase(original, blank, start + word.end(), end, trail=False, verb=False)
    # "Reworked API and …": a participle describes the deliverable, it is no verb to remove.
    participle = bool(word) and word.group().strip().lower().endswith("ed")
    return _trim_phrase(original, blank, start, end, trail=False, verb=not participle)


_ZH_SECOND_DELIVERY = re.compile(
    r"(?:并且|并|[,，;；]\s*(?:并且|并)?)\s*"
    r"(?:完成|上线|发布|输出|形成|交付|推出|建立|搭建|出台|提交|制定)(?=[\u4e00-\u9fffA-Za-z])"
)


def _second_delivery(blank: str, start: int) -> re.Match[str] | None:
    """A second work that delivers, after the first work's object: "完成需求评审并上线新版首页";
    not verbs joined directly ("制定并执行招聘计划"), nor a clause followed by another."""
    first = lexicon.first_cjk_verb(blank, start)
    if first is not None and first.start() <= start + 1:
        after = first.end()
    else:
        # A verb no lexicon lists opens the line ("盘点现有课程"): the segmenter's word class.
        tokens = wordclass.zh_tokens(blank[start : start + 12])
        if not tokens or not tokens[0].flag.startswith("v") or len(tokens[0].word) < 2:
            return None
        after = start + len(tokens[0].word)
    second = _ZH_SECOND_DELIVERY.search(blank, after + 2)
    if second is None:
        return None
    if (stop := _CLAUSE_BREAK.search(blank, second.end())) and blank[stop.end() :].strip(" 。."):
        return None  # another clause follows the delivery
    if lexicon.PURPOSE.search(blank, start) or re.search(r"\d", blank[start:]):
        return None
    return second


_ZH_JOINED_VERB = re.compile(rf"(?:并且|并|和|及)(?:{lexicon.CJK_VERB.pattern})")
# A verb-like noun in the preposition's object: one of a list ("研发、设计团队") or naming a group
# ("合作伙伴", "销售团队").
_LISTED = re.compile(r"\s*[、和及与]|伙伴|团队|部门|同事|小组|中心|人员")


# A subject and 都/均 before the verb state what holds for all of it: "所有成员都加入Worktile".
_ZH_ALL_SUBJECT = re.compile(
    r"(?:所有|全体|全部|每个|每位|每名|各)?(?P<subject>[\u4e00-\u9fffA-Za-z]{1,10}?)"
    r"(?:都|均|全都)(?=[\u4e00-\u9fff])"
)


def _zh_all_subject(blank: str, start: int, end: int) -> re.Match[str] | None:
    """The subject before 都/均 when the segmenter reads that as an adverb (not "成都", "首都")."""
    match = _ZH_ALL_SUBJECT.match(blank, start, end)
    if match is None:
        return None
    at = match.end("subject")
    adverb = any(
        t.start + start == at and t.word in ("都", "均", "全都") and t.flag.startswith("d")
        for t in wordclass.zh_tokens(blank[start:end])
    )
    return match if adverb else None


# What follows the measured noun and only qualifies it (issue 10: "the measured noun without
# subjects, qualifiers and clauses"): a bracket, a dash clause, a participle or relative clause,
# a purpose ("to adopt"), a second verb ("and share it"), a scope ("for the service team",
# "in the two main repos"), an amount ("over $1m").
_EN_CLAUSE = re.compile(
    r"(?i:\s*[(（]|\s+[-–—]\s|\s+(?:which|that|who|so|whose|is|are|was|were)\b"
    r"|\s+(?:outlining|including|covering|using|following|excluding|describing|detailing|showing"
    r"|listing|containing|highlighting|explaining|summari[sz]ing)\b"
    r"|\s+over\s+(?=[$€£¥\d])"
    rf"|\s+(?:and|&|or|to)\s+(?=(?:{lexicon.EN_VERB.pattern})\b))"
)
_AND_VERB = re.compile(
    r"\s+(?:and|&)\s+([a-z]+)\b(?P<object>\s+(?:it|them|the|a|an|our|all|every|each)\b)?"
)
_EN_SCOPE_MEASURED = re.compile(r"(?i:\s+(?:for|in|across|among|within|at)\s+)")
# "Agree and document review criteria", "Implementation of the MVP": what remains of a verb
# ("release tasks" is a compound noun: an action noun goes only before its "of").
_EN_VERB_REST = re.compile(
    r"(?i:^(?:(?:rollout|launch|implementation|completion|delivery|creation|development"
    r"|introduction|release|publication|definition|adoption)\s+(?=of\s))?"
    rf"(?:(?:and|&|or)\s+(?:{lexicon.EN_VERB.pattern})\s+|of\s+|(?:down|up|out|off)\s+)?"
    r"(?:(?:the|a|an)\s+)?)"
)
_EN_SCOPE_DELIVERABLE = re.compile(
    r"(?i:\s+(?:for\s+(?:a|an|the)|in|into|across|with|and\s+(?:a|an|the))\s+)"
    # "issue templates to ease operations": a purpose after a deliverable, in lower case.
    r"|\s+to\s+(?!(?:the|a|an|our|their|its|all|every|each|one)\b)(?=[a-z]+\b)"
)
# "7-day avg. customer rating": the averaging window is how it is measured, not what.
_EN_WINDOW_LEAD = re.compile(r"(?i:^\d+-(?:day|week|month)\s+(?:(?:avg\.?|average|rolling)\s+)?)")
# Chinese: a level verb or a cadence inside the phrase ends the measure ("SEO自然搜索流量占比提升至
# 总流量", "智能驾驶收入达到去年", "团队分享每周有"); the noun after the last 的 is what is measured
# ("所有客服成员的产品知识得分" → 产品知识得分, "每个月20分钟以上的锻炼" → 锻炼).
_ZH_LEVEL_INSIDE = re.compile(
    r"(?<=..)(?:提升|提高|增长|增加|降低|减少|缩短|缩减|压缩|削减|达到|达成|达标|保持|维持|控制在|突破|超过"
    r"|每周|每天|每日|每个?月|每年)"
    # A measure's suffix makes the verb part of its name: "达标率", "用户增长率".
    r"(?![率数量额度值])"
)
_ZH_MEANS_THEN_CHANGE = re.compile(
    r"(?:通过|借助|依靠|利用)[^，,]{1,20}?(?:提升|提高|增长|增加|降低|减少|缩短|缩减|压缩|削减)"
)
# A range's upper end left before the noun ("2到3名候选人"), a place word ("到附近郊县驾驶"), a
# second verb ("提炼并确定…", "梳理总结…").
_ZH_LEAD_REST = re.compile(
    rf"^(?:[到至~～-]\s*\d+(?:\.\d+)?\s*[个名位家次项篇场道人]?|到|去"
    rf"|(?:并|並|和|及)(?:{lexicon.CJK_VERB.pattern})(?![{lexicon.NOUN_SUFFIX_CHARS}]))+"
)
_ZH_SECOND_VERB = re.compile(r"[并並]")
# "全年营收", "支付网关全年可用率": over how long the measure is counted, as 每天 says, not what
# is measured; a period without 全 may name the measure ("季度复购率", quarterly).
_ZH_WHOLE_PERIOD = re.compile(r"全(?:年度?|季度?|月)(?=[^\d\s，,的]{2})")
_ZH_PICKED_BY_NUMBER = re.compile(
    rf"^[^的]*?(?:{lexicon.BOUND_BEFORE_ZH})\s?\d[^的]*的(?=[^的]{{2,}}$)"
)
_ZH_OWNER_OF = re.compile(
    r"^(?:(?:所有|全部|全体|每位|每个|每名|各)[^的]*|[^的]*\d[^的]*)的(?=[^的]{2,}$)"
)


# 将 / 把 opening a clause put the object before its verb ("将用户测试整合到发布前的计划中"); not
# 将 as "will" or "nearly" (将会, 将要, 将近, 将来; 将会员体系… is 将 + 会员).
_ZH_DISPOSAL = re.compile(
    r"(?:^|[，,；;。：:]|并|再|先|需|要)\s*(?:将|把)(?!会(?!员|议)|要(?!求|素|点)|近|来|军|领)"
)
# What a verb of disposal does to its object: moves it to, gives it to, makes it into.
_ZH_RESULT_COMPLEMENT = re.compile(r"[到给成进入至]")


def _zh_disposal_object(phrase: str) -> int | None:
    """Where the object of 将 / 把 ends in the phrase that follows it: at its verb, a word the
    segmenter tags as a verb or one followed by what the verb does to the object (到, 给, 成 …:
    "周报模板同步给所有部门", "新人培训材料整理成手册"). A verb before a measure's suffix names the
    measure ("留存率"), no predicate."""
    tokens = wordclass.zh_tokens(phrase)
    for index, token in enumerate(tokens[1:], start=1):
        after = tokens[index + 1].word if index + 1 < len(tokens) else ""
        if (after and after[0] in lexicon.NOUN_SUFFIX_CHARS) or (
            len(token.word) == 1 and token.word in lexicon.NOUN_SUFFIX_CHARS
        ):
            continue
        if token.flag == "v" or (after and _ZH_RESULT_COMPLEMENT.match(after)):
            return token.start if token.start >= 2 else None
    return None


def _qualifiers_off(metric: str | None, *, measured: bool, disposal: bool = False) -> str | None:
    """The metric phrase without the qualifiers and clauses around its noun; `disposal`: the
    line puts its object first with 将 / 把, so the phrase ends at the object's verb."""
    if not metric:
        return metric
    phrase = metric
    if CJK.search(phrase):
        norm = normalise(phrase)
        if len(norm) == len(phrase):
            phrase = phrase[len(norm) - len(_ZH_LEAD_REST.sub("", norm)) :]
        phrase = _met_or_made_with(phrase)
        if (joined := _ZH_SECOND_VERB.search(normalise(phrase), 2)) is not None:
            phrase = phrase[: joined.start()]  # "价值观考核并实施": the second verb is not the noun
        phrase = phrase[: _zh_purpose_at(normalise(phrase))]
        if disposal:
            phrase = phrase[: _zh_disposal_object(normalise(phrase))]
        # "转化率超过5%的渠道占比", "下线所有日活低于100的功能模块": a bound with its number
        # before 的 picks the things measured or worked on; its comparator is no level.
        phrase = _ZH_PICKED_BY_NUMBER.sub("", phrase)
        if measured:
            # "通过自动化工具降低运营人力成本": the means goes, the change verb's object stays.
            if (means := _ZH_MEANS_THEN_CHANGE.match(phrase)) is not None:
                phrase = phrase[means.end() :]
            if (level := _ZH_LEVEL_INSIDE.search(phrase)) is not None:
                phrase = phrase[: level.start()]
            phrase = _ZH_OWNER_OF.sub("", phrase)
            phrase = _ZH_WHOLE_PERIOD.sub("", phrase)
            phrase = re.sub(r"(?:有|是|的)$", "", phrase) if len(phrase) > 2 else phrase
            phrase = re.sub(r"\s*/\s*(?:周|天|日|月|年)$", "", phrase)
        phrase = re.sub(r"[(（][^)）]*$", "", phrase)  # a bracket the phrase does not close
        return phrase.strip(" ,，:：、") or metric
    phrase = _EN_VERB_REST.sub("", phrase)
    # "customer technical requirements and inspect deals …": a second verb in its base form
    # opens a second clause ("fruit and veggies", "sales and marketing" join nouns).
    for joined in _AND_VERB.finditer(phrase):
        verb = joined.group(1)
        if wordclass.is_en_verb_lemma(verb) and (
            not wordclass.is_en_noun(verb) or joined.group("object")
        ):
            phrase = phrase[: joined.start()]
            break
    if measured:
        phrase = _predicate_off(phrase)
    if (state := lexicon.state_verb(phrase)) is not None:
        phrase = phrase[: state.start()]  # "Rendezvous protocol exists": the subject is the result
    names = _names(normalise(phrase))
    clauses = (c for c in _EN_CLAUSE.finditer(phrase, 1) if not _inside_any(c.end() - 1, names))
    if clause := next(clauses, None):  # a name's bracket ("NPS (Net Promoter Score)") stays
        phrase = phrase[: clause.start()]
    scope = (_EN_SCOPE_MEASURED if measured else _EN_SCOPE_DELIVERABLE).search(phrase, 1)
    if scope:
        phrase = phrase[: scope.start()]
    phrase = _EN_WINDOW_LEAD.sub("", phrase)
    phrase = re.sub(r"(?i:\s*/\s*(?:day|week|month|year)$)", "", phrase)
    phrase = re.sub(r"(?i:\s+(?:a|an|the|and|or|of)$)", "", phrase.strip(" ,;:.-"))
    return phrase or metric


def _zh_purpose_at(phrase: str) -> int | None:
    """Where a purpose opened by the preposition 以 starts inside a Chinese phrase ("设计冲刺周期以
    生成…解决方案", "知识库以沉淀项目经验"): 以 then says "so as to" and the words after it are no
    part of the deliverable or the measure. Not 以 as a means or a frame ("以每周两次的频率",
    "以客户为中心": a number, a pronoun or 为 after it), nor inside a word (以及, 以上, 可以, 所以:
    the segmenter keeps those whole)."""
    if "以" not in phrase:
        return None  # most phrases: no segmenting (a few ms a key result)
    tokens = wordclass.zh_tokens(phrase)
    for index, token in enumerate(tokens[1:-1], start=1):
        after = tokens[index + 1]
        if (
            token.word == "以"
            and token.flag == "p"
            and after.flag not in ("m", "r", "x", "q", "p", "uj")
            and not re.search(r"为|作为", phrase[after.start :])
        ):
            return token.start
    return None


# Predicates that are also plural nouns ("takes", "scores"): after a subject that states a level
# they are the verb ("Onboarding flow takes under 60 minutes", "Retention rises by 10%").
_EN_LEVEL_PREDICATE = re.compile(
    r"(?i:goes|takes|stays|remains|rises|falls|drops|grows|gets|hits|reaches|moves|climbs"
    r"|improves|increases|decreases|scores|averages|equals|totals|lands|sits|holds)"
)


def _predicate_off(phrase: str, *, agreeing: bool = True) -> str:
    """A subject stated at a level keeps no predicate: "CI time brought (under 10 mins)",
    "satisfaction score goes up (by 10%)" measure the CI time and the satisfaction score. The
    predicate is the phrase's last word (a particle aside), a past form that is no noun
    ("brought", "focused") or a level predicate; any other word ending in -s there is the
    measure ("app store reviews", "guide downloads")."""
    words = phrase.split()
    if len(words) > 2 and words[-1].lower() in ("up", "down", "out", "in", "at", "or"):
        words = words[:-1]
    last = words[-1].strip(",.;:") if words else ""
    if len(words) < 2 or not re.fullmatch(r"[A-Za-z]+", last):
        return phrase
    previous = words[-2].strip(",.;:")
    if (
        _EN_LEVEL_PREDICATE.fullmatch(last)
        or (
            # "All APIs respond (within 400ms)", "pages load (in under 2 s)": a base form after a
            # plural subject agrees with it, a predicate (not where an imperative may open the
            # phrase: "Ensure all pages load" is no subject "Ensure").
            agreeing
            and wordclass.is_en_verb_lemma(last)
            and re.fullmatch(r"[A-Za-z]+[^s]s", previous)  # "gross margin" has no plural subject
            and (
                wordclass.is_en_plural_noun(previous)
                or re.fullmatch(r"[A-Z][A-Z0-9]+s", previous) is not None
            )
            and not wordclass.is_en_plural_noun(last)
        )
        or (
            wordclass.is_en_verb_form(last)
            and not wordclass.is_en_plural_noun(last)
            and not last.lower().endswith(("ing", "s"))
            # A base form there is the measure's noun: "the quarterly profit", "monthly spend".
            and not wordclass.is_en_verb_lemma(last)
        )
    ):
        return " ".join(words[:-1])
    return phrase


_MEANS_OR_PURPOSE = re.compile(r"^(?:通过|为了?|依靠|借助)(?!.*[,，]$).*$")
# A clause that only sets the scene: "在客户支持的帮助下", or says when what follows holds
# ("在冲刺开始后", "版本上线之前", "入职第一周结束时", "After the sprint starts").
# When the rest holds, in both (templates: `digits` kept out of the Chinese clause, `rest` the
# English clause's words).
_WHEN_ZH = (
    r"(?:在|当|每次|自|于)?[^，,;；。{digits}]{{0,16}}?"
    r"(?:之后|以后|后|之前|以前|前|时|的时候|期间|过程中)"
)
_WHEN_EN = r"(?i:(?:after|before|when|once|whenever|until)\s{rest})"
_CIRCUMSTANCE = re.compile(
    rf"^(?:在.*下|{_WHEN_ZH.format(digits='')}|{_WHEN_EN.format(rest='.*')})$"
)
# An opening clause that says when the rest holds, with its comma: what the line states follows.
_SCENE = re.compile(
    rf"^\s*(?:{_WHEN_ZH.format(digits=r'\d')}|{_WHEN_EN.format(rest='[^,;.]{1,60}')})\s*[，,]\s*"
)
# A negated existence states a result: nothing of the kind is left or happens ("没有新的故事被带入
# 冲刺中", "没有一个P0故障被用户发现"); the things named are what is measured.
_ZH_NONE_LEFT = lexicon.NONE_LEFT_ZH
_ZH_EVENT_HEADS = {"事件", "事故", "情况", "问题", "现象", "案例", "案件", "隐患"}


def _none_left_subject(blank: str, begin: int, stop: int) -> tuple[int, int]:
    """The things a negated existence names: up to their predicate, the first word the segmenter
    tags as a verb, preposition or adverb after the noun (被, 仍, 流入 …); a modifier before 的
    with a number in it picks them out ("适应率低于40%的新功能": 新功能)."""
    tokens = wordclass.zh_tokens(blank[begin:stop])
    ofs = [t.start for t in tokens if t.word == "的"]
    end = stop
    # The predicate opens with 被, 仍, 还 … where there is one ("客户投诉仍未处理": 投诉 is
    # tagged a verb), else with the first verb; a verb with a 的 after it is inside the modifier
    # ("低于40%的"), no predicate.
    # A verb before a head noun of events is inside the noun ("数据泄露事件", "数据丢失情况").
    heads = [t.word in _ZH_EVENT_HEADS for t in tokens[1:]] + [False]
    for flags in (("p", "d"), ("v",)):
        opening = [
            t
            for index, t in enumerate(tokens)
            if index
            and (t.flag in flags or ("d" in flags and t.word in "仍还都再被"))
            and not (t.flag == "v" and heads[index])
            and not any(o > t.start for o in ofs)
        ]
        if opening:
            end = begin + opening[0].start
            break
    before = [o for o in ofs if begin + o < end]
    if before and re.search(r"\d", blank[begin : begin + before[-1]]):
        begin += before[-1] + 1
    return begin, end


# Units of one dimension in a common base (grams, metres, bytes; durations are _SECONDS), so
# that a start and a target written in two of them can be shown in one.
_SCALES = {
    "weight": {"吨": 1_000_000, "公斤": 1000, "千克": 1000, "kg": 1000, "克": 1,
               "毫克": Decimal("0.001"), "mg": Decimal("0.001")},
    "length": {"公里": 1000, "千米": 1000, "km": 1000, "米": 1, "厘米": Decimal("0.01"),
               "cm": Decimal("0.01"), "毫米": Decimal("0.001"), "mm": Decimal("0.001")},
    "data": {"TB": 1024**4, "GB": 1024**3, "MB": 1024**2, "KB": 1024},
    "time": _SECONDS,
    # Shares: 0.5 % is 5‰ (okr-rules.md §5.1 names %, and ‰ / ‱ are its finer units).
    "share": {"%": 100, "‰": 10, "‱": 1},
}  # fmt: skip


def _in_base(unit: str) -> tuple[str, Decimal] | None:
    for dimension, scale in _SCALES.items():
        factor = scale.get(unit) or scale.get(unit.casefold()) or scale.get(_unit_word(unit))
        if factor is not None:
            return dimension, Decimal(factor)
    return None


def _shown_number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def unreadable_example(
    code: str, written: str, within: tuple[date, date] | None = None, lang: str = "zh-hans"
) -> str:
    """How to write what the reader could not read (KeyResultReading.unreadable's `code` and
    text), built from what was written rather than a fixed example unrelated to it: the start
    in the target's unit (`3 分钟降到 30 秒` → `180 秒 → 30 秒`), the two numbers the other
    way round (`从 80 元降到 150 元` → `从 150 元降到 80 元`), a day its month has, inside the
    cycle `within` (`2 月 30 日` → `2月28日`, `Feb 28` in English: a day is written in the
    message's language `lang`, as every example is). Empty when nothing can be built."""
    if code == "date":
        day = _existing_day(written, within)
        return "" if day is None else _day_as_written(day, lang)
    if code == "number":
        # "4,5万": a decimal comma (not a group of three) is meant as a point.
        return re.sub(r"(\d),(\d{1,2})(?!\d)", r"\1.\2", written, count=1) if re.search(
            r"\d,\d{1,2}(?!\d)", written) else ""  # fmt: skip
    if code == "range":
        # "40-45 万": one value, the upper end as written (which end is the person's choice).
        ends = find_quantities(written)
        return written[ends[-1].start : ends[-1].end] if len(ends) > 1 else ""
    quantities = [q for q in find_quantities(written) if q.value is not None]
    if len(quantities) < 2:
        return ""
    first, last = quantities[0], quantities[-1]
    if code == "direction":
        # The two numbers change places with their signs (`-$20k to -$50k` → `-$50k to
        # -$20k`), every other character kept where it was written.
        one_start, last_start = (
            _signed_start(written, first.start),
            _signed_start(written, last.start),
        )
        one, other = written[one_start : first.end], written[last_start : last.end]
        return (
            written[:one_start] + other + written[first.end : last_start] + one
            + written[last.end :]
        )  # fmt: skip
    if code != "units" or not first.unit or not last.unit:
        return ""
    if _BASELINE_BEFORE.search(written, first.end, last.start):
        first, last = last, first  # "$200k (currently ¥100万)": the start is written last
    start, target = _in_base(first.unit), _in_base(last.unit)
    if start is None or target is None or start[0] != target[0]:
        # Units of two dimensions (元 and 美元): no conversion is known, the start is to give.
        return f"X {last.unit} → {_shown_number(last.value)} {last.unit}"
    converted = first.value * start[1] / target[1]
    return f"{_shown_number(converted)} {last.unit} → {_shown_number(last.value)} {last.unit}"


def _signed_start(written: str, start: int) -> int:
    """Where a number starting at `start` begins with the sign written right before it (a
    quantity's span may leave it out: `-$20k` at the start of a text)."""
    return start - 1 if start and written[start - 1] in "-−+" else start


def _existing_day(written: str, within: tuple[date, date] | None) -> date | None:
    """The last day of the month written (`11 月 31 日` → Nov 30), or the cycle's last day
    when that month is not in the cycle."""
    deadline = next((d for d in find_deadlines(written) if d.month), None)
    if deadline is None:
        return None
    year = deadline.year or (within[1].year if within else 2026)
    if within is not None and deadline.year is None:
        # The year in the cycle that holds the month, if any.
        year = next(
            (y for y in range(within[0].year, within[1].year + 1)
             if within[0] <= date(y, deadline.month, 1) <= within[1]
             or within[0].replace(day=1) == date(y, deadline.month, 1)),
            None,
        )  # fmt: skip
        if year is None:
            return within[1]
    return date(year, deadline.month, calendar.monthrange(year, deadline.month)[1])


# English months as the deadline reader reads them (not the process locale's, as strftime's).
_MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                        "Nov", "Dec")  # fmt: skip


def _day_as_written(day: date, lang: str) -> str:
    """A day and month as `lang` writes them: 11月30日, Nov 30."""
    if lang == "en":
        return f"{_MONTH_ABBREVIATIONS[day.month - 1]} {day.day}"
    return f"{day.month}月{day.day}日"
