"""The shapes of an OKR text's lines that every part of the parser tells apart: objective and
key result markers, labels, bullets, headings, emphasis; matched on the normalised line
(`text.normalise`), their groups returned as written.
"""

import re

from .text import CHECKBOX as _CHECKBOX  # a pattern, as EMOJI_BULLET below
from .text import EMOJI_BULLET as _EMOJI_BULLET  # a pattern, not a message
from .text import HOLD_WORD as _HOLD_WORD  # a pattern, as EMOJI_BULLET
from .text import normalise

_CN = "一二三四五六七八九十"
_SEP = r"[:.、)\-–—]"
# "(目标1)", "(O)", "(关键成果2)": a bracket after the marker that says the same thing again.
# A bracket that puts a key result on hold ("KR2（暂停）：…") is read with its text (reading.held).
_ALIAS = rf"(?:\((?!\s*{_HOLD_WORD}\s*\))[^)]{{0,10}}\))?"
_OBJECTIVE = re.compile(
    rf"^(?:O\s*\d*\s*{_ALIAS}\s*{_SEP}|O\d+|(?i:objective)\s*#?\s*\d*\s*{_ALIAS}\s*{_SEP}"
    rf"|(?i:objective)\s+#?\d+|目标\s*(?:\d+|[{_CN}]+)?\s*{_ALIAS}\s*{_SEP}|目标\s*(?:\d+|[{_CN}]+)"
    # "OKR 2020A: Reclaim Technical Familiarity": one OKR named by its id, titled by its objective.
    r"|OKR\s+(?=[\w.-]*\d)[\w.-]{1,8}\s*:"
    # "目标“提升用户留存率”": the quotation marks set off the objective's title.
    r"|目标(?=\s*[“「『])"
    # "Example of an HR Objective:", "示例目标：", "销售目标示例：": an example's objective.
    r"|(?i:examples?\s+(?:of\s+)?(?:an?\s+)?(?:[\w&/-]+\s+){0,3}objective)\s*:"
    r"|(?:示例|案例|范例)目标\s*:|[\u4e00-\u9fff]{0,6}目标(?:示例|案例|范例)\s*:)"
    r"\s*(?P<rest>.+)$"
)
_KR_WORD = r"(?:KR|(?i:key\s*results?)|关键(?:结果|成果))"
_KEY_RESULT = re.compile(
    rf"^(?:【\s*{_KR_WORD}\s*\d*(?:\.\d+)?\s*】|\(?(?:O\d+\s*[-.]?\s*)?{_KR_WORD}\s*#?\s*"
    rf"(?:(?:\d+|[{_CN}]+)(?:\.\d+)?\)?\s*{_ALIAS}\s*(?:{_SEP}|=)?|\)?\s*{_ALIAS}\s*(?:{_SEP}|=)))"
    r"\s*(?P<rest>.+)$"
)
# "KR1-O1：…": a key result that names its objective by number.
_KR_OF_OBJECTIVE = re.compile(
    rf"^\(?{_KR_WORD}\s*\d+\s*[-.]\s*O\s*(?P<o>\d+)\s*{_SEP}\s*(?P<rest>.+)$"
)
_OBJECTIVE_NUMBER = re.compile(r"^\s*(?:O|(?i:objective)\s*#?|目标)\s*(\d+)")
# "Sales (Closing Deals) KR: …" (GitLab): a key result with its role in front.
_ROLE_KEY_RESULT = re.compile(r"^[A-Z][\w &/()'-]{0,40}?\s+KR\s*\d*\s*:\s*(?P<rest>.+)$")
_OUTLINE_NUMBER = re.compile(rf"^(?:\d+(?:\.\d+)+\s+|[{_CN}]+、\s*)")
# A label line introduces the items under it ("Key results:", "关键结果(KR)：", "### Key Results");
# it is never an owner, an objective or a key result.
_KR_LABEL = re.compile(
    r"^(?:(?i:examples?\s+)?(?:(?i:key\s*results?|KRs?)|(?:示例|案例)?关键(?:结果|成果)|主要(?:结果|成果)))"
    r"\s*(?:\(\s*(?i:KRs?|key\s*results?)\s*\))?"
    # "Example Key Results for the above Objective:", "上述目标的关键结果示例："
    r"(?:\s*(?i:for\s+(?:the\s+|this\s+)?(?:above\s+)?objective)|示例|案例)?"
    # "关键结果与行动方案", "Key results and initiatives": the actions are details under each KR.
    r"(?:\s*(?:与|和|及|&|(?i:and))\s*(?:行动方案|行动计划|行动|举措|措施|(?i:initiatives|actions)))?"
    # "### Key Results 进度:", "Key results progress": a weekly report's list of them.
    r"(?:\s*(?:进度|进展|更新|(?i:progress|status|updates?)))?"
    r"\s*:?\s*$"
)
# "Initiatives:", "**Action plan:**", "举措：", "行动计划：" under an objective: the work planned to
# move its key results, listed under it; never an owner, an objective or a key result.
_INITIATIVES_LABEL = re.compile(
    r"^(?:(?i:(?:key\s+|main\s+)?(?:initiatives|actions|action\s+(?:items|plan)))"
    r"|(?:关键|主要)?(?:举措|行动(?:计划|方案|项)?|措施))\s*:?\s*$"
)
# "Objective 2", "目标(O):", "### Objective 2" alone: the objective's title is on the next line.
_OBJECTIVE_LABEL = re.compile(
    rf"^(?:(?i:objectives?)|(?:总体)?目标|O)\s*(?:\d+|[{_CN}]+)?\s*(?:\(\s*O\s*\))?\s*:?\s*$"
)
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)\S.*\1\s*$")
_ITALIC_LINE = re.compile(r"^\s*(?:_[^_\s][^_]*(?<=\S)_|\*[^*\s][^*]*(?<=\S)\*)\s*$")
_WORDS = re.compile(r"[A-Za-z]{2}|[\u4e00-\u9fff]")
_ENUMERATED = re.compile(r"^\s*\d{1,2}[.、)]\s*")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<rest>.*?)\s*#*\s*$")
# "(1)", "1、" and "①" need no space after them, as Chinese documents write them ("（1）将…");
# "1." does unless Chinese text follows ("1.舉辦"; "1.5 倍" is a number). An emoji set as a
# bullet ("1️⃣", "🎯 O1:", "✅ KR2") is one too, with or without a space.
_BULLET = re.compile(
    r"^(?P<indent>\s*)(?:(?P<dash>[–—])\s+|(?:[-*•+·]|\d{1,2}[.)]|[a-h][.)])\s+"
    r"|(?:\d{1,2}、|\(\d{1,2}\)|[①-⑳]|(?P<emoji>" + _EMOJI_BULLET + r"))\s*"
    r"|\d{1,2}[.)](?=[\u3400-\u9fff]))"
    # A task list's checkbox after the bullet ("- [ ] …", "1. [x] …"): the item is a plain one.
    rf"(?:{_CHECKBOX}\s+)?"
    r"(?P<rest>\S.*)$"
)
_RULE = re.compile(r"^\s*(?:[-*_=]\s*){3,}$|^\s*\|?[\s:|-]*-{3,}[\s:|-]*\|?\s*$")
_EMPHASIS = re.compile(r"\*\*|__|`")
# An enumerator set in single-mark emphasis once bold is gone (`*KR1:*`, `*KR1*:`, `_KR1_：`,
# `*O1:*`, `_目标一_：`, `***KR1***:` as `*KR1*:`), after a heading's hashes, a bullet or a
# checkbox: the plain enumerator (issue 9, h9o; `read_key_result` reads them so since h10q).
_ENUMERATOR_WORD = rf"(?:{_KR_WORD}|O|(?i:objective)|目标)"
_EMPHASISED_ENUMERATOR = re.compile(
    rf"^(?P<lead>\s*(?:#{{1,6}}\s+)?(?:(?:[-*•+]|\d{{1,2}}[.)])\s+(?:{_CHECKBOX}\s+)?)?)"
    rf"(?P<mark>[*_])(?P<enumerator>\(?(?:O\d+\s*[-.]?\s*)?{_ENUMERATOR_WORD}\s*#?\s*"
    rf"(?:\d+|[{_CN}]+)?(?:\.\d+)?\)?)(?P<inside>\s*[:：]?)(?P=mark)(?=[\s:：]|$)"
)
# A whole line in italics that opens with an enumerator (`*KR1: Reach 100 users*`).
_ITALIC_ENUMERATED_LINE = re.compile(
    rf"^(?P<lead>\s*(?:(?:[-•+]|\d{{1,2}}[.)])\s+)?)(?P<mark>[*_])(?P<body>\(?(?:O\d+\s*[-.]?\s*)?"
    rf"{_ENUMERATOR_WORD}\s*#?\s*(?:\d+|[{_CN}]+)?(?:\.\d+)?\)?\s*[:：][^*_]*?\S)(?P=mark)\s*$"
)


def unemphasise(text: str) -> str:
    """A line as its shape is read: without bold and code marks (`_EMPHASIS`), and with an
    enumerator set in italics written plain (`*KR1:* …` is `KR1: …`, `_O1_: …` is `O1: …`)."""
    line = _EMPHASIS.sub("", text)
    if "*" not in line and "_" not in line:
        return line
    if match := _ITALIC_ENUMERATED_LINE.match(line):
        return f"{match['lead']}{match['body']}"
    if match := _EMPHASISED_ENUMERATOR.match(line):
        rest = line[match.end() :]
        return f"{match['lead']}{match['enumerator']}{match['inside'].strip()}{rest}"
    return line


_SENTENCE_END = re.compile(r"\.\s+|。")
_LIST_SEPARATOR = re.compile(r",\s+|，|;\s*|；")

_SEPARATORS = " :：.、-–—"


def _match(pattern: re.Pattern[str], text: str) -> dict[str, str] | None:
    """Match on the normalised text; return the groups as written in `text` (same indexes)."""
    match = pattern.match(normalise(text))
    if match is None:
        return None
    return {name: text[match.start(name) : match.end(name)] for name in match.groupdict()}


def _is(pattern: re.Pattern[str], text: str) -> bool:
    return pattern.match(normalise(text)) is not None


def _split(pattern: re.Pattern[str], text: str) -> list[str]:
    parts, start = [], 0
    for match in pattern.finditer(normalise(text)):
        parts.append(text[start : match.start()])
        start = match.end()
    return [*parts, text[start:]]


def _depth(bullet: dict[str, str]) -> int:
    """A bullet's nesting depth: its indent, one deeper for an en or em dash. Slide decks and
    word processors set the second level with a dash under `•` at the same margin ("• Grow
    revenue" / "– Raise order value to $120"), so a dash sits under any other bullet."""
    return len(bullet["indent"].expandtabs(4)) + (1 if bullet["dash"] else 0)
