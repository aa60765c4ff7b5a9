"""Character-level normalisation and removal of the noise people put around OKR lines.

`normalise` maps characters one to one (full-width to half-width, traditional to simplified for
the characters OKR texts use), so an index into the normalised string is also an index into the
original: the reader matches patterns on the normalised text and slices what it reports
("deadline as written", the metric) from the original.
"""

import re

import opencc

from . import lexicon


# Traditional → simplified, one character for one (OpenCC's t2s conversion, read character by
# character so that an index into the normalised text is an index into the original).
def _simplified() -> dict[int, str]:
    converter = opencc.OpenCC("t2s")
    chars = [chr(code) for code in range(0x3400, 0xA000)]
    converted = converter.convert("\n".join(chars)).split("\n")
    return {ord(a): b for a, b in zip(chars, converted, strict=True) if len(b) == 1 and a != b}


_TABLE = _simplified()
# Full-width ASCII variants (！ to ～) map to U+0021..U+007E; the ideographic space to a space.
_TABLE.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})
_TABLE[0x3000] = " "
# The full-width currency signs (￥1,000, as Chinese input methods type it) as their plain ones.
_TABLE.update({0xFFE5: "¥", 0xFFE0: "¢", 0xFFE1: "£", 0xFFE6: "₩"})
# The minus sign and the small hyphen-minus as a hyphen-minus: "−5 万" is −50000.
_TABLE[0x2212] = "-"
_TABLE[0xFE63] = "-"


# Regional words for a change, read as the mainland word of the same length: in Taiwan 成長
# before an amount is 增长 ("有機流量成長55%"); elsewhere (个人成长, 成长型) it stays a noun.
_REGIONAL = re.compile(r"成长(?=\s*(?:[\d.]|至|到|了|超过|达|逾))")


def normalise(text: str) -> str:
    """Half-width punctuation and digits, simplified characters; same length as `text`."""
    return _REGIONAL.sub("增长", text.translate(_TABLE))


CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def is_mostly_cjk(text: str) -> bool:
    """True when the text reads as Chinese: one CJK character counts as much as a short word."""
    return len(CJK.findall(text)) * 3 >= len(LATIN.findall(text)) and bool(CJK.search(text))


# --- noise around a line (okr-rules.md §5.5) ---------------------------------------------------

_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
# An autolink ("<https://example.com/plan>"): its address is its text, without the brackets.
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^\s<>]+)>")
_EMPHASIS = re.compile(r"\*\*|__|`")
# Reference markup around a word is never a number of the key result (S2): a reference link
# "[*N<sub>2</sub>*][N2]" (Sourcegraph's handbook writes its placeholders so) keeps its text, inline
# HTML tags and single-star italics go, a footnote mark "[^1]" or a citation "revenue[1]" goes.
_REFERENCE_LINK = re.compile(r"\[([^\]\[]+)\]\[[^\]\[]*\]")
_INLINE_TAG = re.compile(r"</?(?i:sub|sup|em|i|b|strong|small|span)>")
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=\S)\*(?![\w*])")
_CITATION = re.compile(r"\[\^[^\]\s]{1,12}\]|(?<=\S)\[\d{1,3}\](?!\()")
# Priority tags: "P0 -", "[p1]", "(P0)", "（P0：必须完成）"; brackets and colons in either width.
_PRIORITY_LEAD = re.compile(
    r"^\s*[\[(（]\s*[Pp][0-9Xx]\s*[\])）]\s*[-:：–—]?\s*|^\s*[Pp][0-9Xx]\s*[-:：–—]\s*"
)
_PRIORITY_ANYWHERE = re.compile(
    r"\s*(?:`[Pp][0-9Xx]`|\[[Pp][0-9Xx]\]|[(（]P[0-9X](?:[:：][^)）]*)?[)）])\s*"
)
_HANDLE = r"[@＠][\w\u3400-\u9fff.-]*[\w\u3400-\u9fff]"
_LEADING_HANDLES = re.compile(rf"^\s*(?:{_HANDLE}[\s,，]*)+(?:[-:：–—]\s*)?")
_TRAILING_HANDLES = re.compile(
    rf"(?:[\s,，;；]*{_HANDLE})+\s*$|\s*[(（\[]\s*{_HANDLE}(?:[\s,，]+{_HANDLE})*\s*[)）\]]\s*$"
)
# Owner names in brackets closing the line: "(Kishan)", "(Alan, Steven)", "[momack2]". Not after
# a preposition or a determiner, which leaves its phrase open: "from [Competitor]", "for
# [Product]" is a template's placeholder completing the sentence, text (h10e).
_TRAILING_NAMES = re.compile(r"\s*[\[(](?:[A-Z][a-z]+|[a-z0-9_-]+)(?:,\s*[A-Z][a-z]+)*[\])]\s*$")
_OPEN_PHRASE = re.compile(
    r"\b(?i:from|for|to|of|with|against|at|by|in|on|over|than|vs\.?|the|a|an|our|your|each|every)\s*$"
)


# A team in brackets after the line ("(Marketing)", "(Customer Success)") is no person's handle:
# it stays in the text as written (h10n; the corpus annotates it so).
_TEAM_IN_BRACKETS = re.compile(rf"[\[(](?:[A-Z][\w-]* )?(?i:{lexicon.TEAM_WORDS})[\])]")


def _without_trailing_names(text: str) -> str:
    names = _TRAILING_NAMES.search(text)
    if names is None or _OPEN_PHRASE.search(text, 0, names.start()):
        return text
    if _TEAM_IN_BRACKETS.fullmatch(names.group().strip()):
        return text
    # "Launch in 2 new countries (Malaysia, Philippines)": as many names as the plural before
    # them counts are the things counted, text (h10r); after people counted ("Hire 2 SREs
    # (Alan, Steven)") or one name ("Hire 3 engineers (Alan)") they are owners.
    counted = _COUNTED_BEFORE.search(text, 0, names.start())
    if (
        counted
        and int(counted.group("n")) == names.group().count(",") + 1 > 1
        and not _PEOPLE_COUNTED.search(counted.group())
    ):
        return text
    return text[: names.start()]


_PEOPLE_COUNTED = re.compile(
    r"(?i:(?:[a-z]{2,}(?:ers|ors|ists|ians|ees)|SREs|PMs|people|members|hires|staff|interns|leads"
    r"|reps|heads|champions|mentors)\s*)$"
)
_COUNTED_BEFORE = re.compile(r"\b(?P<n>\d{1,2})\s+(?:[A-Za-z-]+\s+){0,3}?[A-Za-z-]+s\s*$")


_LEADING_NAME = re.compile(r"^\s*\[[a-z0-9_-]+\]\s*")
# A task list's checkbox ("- [ ] …", "- [x] …", "1. [ ] …"): the item is a plain item, the box
# never part of its text nor a number.
CHECKBOX = r"\[[ xX✓✔]?\]"
_CHECKBOX = re.compile(rf"^\s*(?:(?:[-*•+]|\d{{1,2}}[.)])\s+)?{CHECKBOX}\s+")
# Tags that open a Feishu/DingTalk line: "【销售】", "【P0】".
_LEADING_TAG = re.compile(r"^\s*【[^】]{1,12}】\s*")
# A key result's weight, as DingTalk exports write it: "（权重30%）", "(weight: 20%)".
# Cut out of the title, and read as the weight it is (typed_weight, h10v: it was dropped).
_WEIGHT = re.compile(
    r"\s*[(（]\s*(?:权重|(?i:weight))\s*[:：]?\s*(?P<value>\d+(?:\.\d+)?\s*[%％]?)\s*[)）]"
)


def typed_weight(line: str) -> str | None:
    """The weight typed in a title (`（权重 40%）`, `(weight 30%)`), as written, or None."""
    found = _WEIGHT.search(line)
    return found["value"].strip() if found else None


# A role before a GitLab or Sourcegraph KR: "CMO: Generate …", "Sales (Closing Deals) KR: Win …".
# Only when a verb follows, so that a metric label ("NPS: from 30 to 45") stays.
_LEADING_ROLE = re.compile(r"^\s*[A-Z][A-Za-z&/()' -]{0,40}?\s*:\s+(?=([A-Za-z]+))")
# A role or team naming the owner ("CEO: IACV at 120% of plan", "Self-managed: 95% on CSAT",
# "销售部：…"): an owner hint, not the metric. All-caps words other than C-level titles stay
# ("NPS: from 30 to 45" names the metric).
# The period a label may name before its colon ("Marketing (Q3):", "销售部（Q3）：") is the cycle's,
# and goes with the label.
OWNER_PREFIX = re.compile(
    r"^\s*(?:C[A-Z]{1,3}O|S?VP\b[\w &/-]{0,30}|EVP\b[\w &/-]{0,30}|Head of [\w &/-]{1,30}"
    rf"|(?:[A-Z][\w-]* ){{0,2}}(?i:{lexicon.TEAM_WORDS})"
    r"|[\u4e00-\u9fff]{1,8}(?:部门?|团队|小组|中心|事业部))"
    r"(?:\s*[(（][^()（）]{1,12}[)）])?\s*[:：]\s*(?=\S)"
)
# Status notes after the KR: Sourcegraph "=> <outcome>", GitLab "=> Was in the 80's".
_STATUS = re.compile(r"\s*=>.*$")
# Progress written into the line as a snapshot of the cycle so far: "（已完成32家）", "[进度 40%]",
# "(10 published, 5 remaining)", "(Currently 20% achieved)", "— 60% done". Check-ins record
# progress: the note is neither the target nor the start, and no part of the metric.
_DONE_EN = r"(?i:done|complete[d]?|achieved|finished|published|signed|shipped|remaining|so\s+far)"
_PROGRESS_NOTE = re.compile(
    r"\s*[(（\[【]\s*(?:(?:已经?|目前已?|当前已?|实际)(?:完成|达成|实现|签约|上线|交付|发布|招聘|录制|举办)"
    # A status labelled in brackets, `（状态：有风险）`, `【状态：正常】` (probe 28).
    r"|完成度|当前进度|目前进度|进度(?!款)|进展|(?i:progress|status)\b|[状狀][态態]\s*[:：])"
    r"[^()（）\[\]【】]*[)）\]】]"
    # A number said done: "(10 published, 5 remaining)", never "(3 signed contracts)".
    rf"|\s*[(（\[]\s*(?i:currently\s+|now\s+)?[^()（）\[\]【】\d]{{0,12}}\d[\d.,]*\s*%?"
    rf"\s*(?:[A-Za-z-]+\s+)?{_DONE_EN}\s*(?=[,;)\]）])[^()（）\[\]【】]*[)）\]]"
    rf"|\s*[-–—|｜,，;；]\s*\d+(?:\.\d+)?\s*[%％]\s*(?:{_DONE_EN}\b|已?完成)\s*[.。]?\s*$"
    r"|\s*[-–—|｜,，;；]\s*(?:(?i:progress|status)|进度|进展)\s*[:：]?\s*\d.*$"
)
# A status in brackets ending a key result's text (`(Status: at risk)`, `（状态：有风险）`,
# `【状态：正常】`): a snapshot Mubiao works out itself, never part of the title.
_STATUS_IN_BRACKETS = re.compile(
    r"\s*[(（\[【]\s*(?:(?i:status)\b|[状狀][态態]\s*[:：])[^()（）\[\]【】]*[)）\]】]\s*$"
)


def without_status(text: str) -> tuple[str, bool]:
    """`text` without a status in brackets at its end, and whether it had one (a spreadsheet's
    key result cell, read as written otherwise: the importer says the status not imported)."""
    found = _STATUS_IN_BRACKETS.search(text)
    if found is None:
        return text, False
    return text[: found.start()].rstrip(), True


# An emoji set before a line as its bullet ("1️⃣", "🎯", "✅", "👉"): a keycap digit, or a
# pictograph with its variation selector, skin tone or joined pictographs. Never a number, never
# part of the title. "❓", "❗" open a question or an exclamation in prose: no bullet.
EMOJI_BULLET = (
    r"(?:[0-9#*]\ufe0f?\u20e3|\U0001F51F"
    r"|(?![\u2753-\u2757])[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF]\ufe0f?"
    r"(?:\u200d[\U0001F000-\U0001FAFF\u2600-\u27BF]\ufe0f?)*)"
)
_EMOJI_AROUND = re.compile(rf"^\s*(?:{EMOJI_BULLET}\s*)+|(?:\s*{EMOJI_BULLET})+\s*$")
MENTION = re.compile(_HANDLE)


def strip_noise(line: str) -> tuple[str, list[str]]:
    """Remove Markdown, priority tags, owner handles and status notes from one OKR line.

    Returns the cleaned text and every @mention found (without the '@'). Mentions inside a
    sentence stay in the text; handles that only open or close the line are removed from it.
    """
    text = _REFERENCE_LINK.sub(r"\1", line)
    text = _ITALIC.sub(r"\1", _INLINE_TAG.sub("", _CITATION.sub("", text)))
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _PRIORITY_ANYWHERE.sub(" ", text).strip()  # before `code` marks go: "`P1`"
    text = _EMPHASIS.sub("", text)
    text = _STATUS.sub("", text)
    text = _EMOJI_AROUND.sub("", text)
    text = _PROGRESS_NOTE.sub("", text)
    text = _WEIGHT.sub("", text)
    mentions = [m[1:] for m in MENTION.findall(text)]
    previous = None
    while previous != text:  # tags and handles come in any order: "P0 - @alan - ..."
        previous = text
        text = _PRIORITY_LEAD.sub("", text)
        text = _LEADING_HANDLES.sub("", text)
        text = _LEADING_NAME.sub("", text)
        text = _LEADING_TAG.sub("", text)
        text = _CHECKBOX.sub("", text)
        role = _LEADING_ROLE.match(text)
        if role and lexicon.EN_VERB.fullmatch(role.group(1)):
            text = text[role.end() :]
        text = OWNER_PREFIX.sub("", text)
    text = _PRIORITY_ANYWHERE.sub(" ", text)
    text = _TRAILING_HANDLES.sub("", text)
    text = _without_trailing_names(text)
    # A colon left in front once a weight or a tag is gone: "KR2（权重30%）：…".
    return strip_separators(text, " \t|-–—:："), mentions


# --- a key result on hold (KeyResultReading.held) ------------------------------------------

# Words that put a key result on hold, said around it, never inside its measure ("延期率从 10% 降到
# 5%" measures delays; "Keep paused subscriptions below 2%" counts subscriptions).
_HOLD_EN = r"(?i:on\s+hold|paused|deferred|postponed)"
_HOLD_ZH = r"(?:暂停|搁置|暂缓|延期|推迟)"
HOLD_WORD = rf"(?:{_HOLD_EN}|{_HOLD_ZH})"
_HOLD = re.compile(
    # In brackets anywhere: "(on hold)", "[paused]", "（暂停）", "【搁置】".
    rf"\s*[(\[【]\s*{HOLD_WORD}\s*[)\]】]\s*"
    # As a label opening the line: "暂缓：", "On hold: ".
    rf"|^\s*{HOLD_WORD}\s*:\s*"
    # Closing the line after a separator: "— deferred", ", postponed", "，推迟"; a Chinese word
    # after a space too ("新签 10 家客户 延期"), as Chinese writes no space inside a phrase,
    # unless an amount before it counts it ("减少 20% 延期": the delays are the measure).
    rf"|\s*[-–—,;|]\s*{HOLD_WORD}\s*\.?\s*$|(?<![\d%])\s+{_HOLD_ZH}\s*\.?\s*$"
)


def hold_off(line: str) -> tuple[str, bool]:
    """`line` without the markers that put its key result on hold, and whether there was one.
    A marker between words leaves the space written around it ("Launch (on hold) the app")."""
    kept, end = [], 0
    for marker in _HOLD.finditer(normalise(line)):
        inside = marker.start() > 0 and marker.end() < len(line)
        spaced = marker.group() != marker.group().strip()
        kept.append(line[end : marker.start()] + (" " if inside and spaced else ""))
        end = marker.end()
    return ("".join(kept) + line[end:]).strip(), end > 0


# A dash glued to the number it opens ("-$20k", "–3", "-5%") is the number's sign.
_SIGN = re.compile(r"[-–][$¥€£]?\d")


def owner_names(value: str) -> list[str]:
    """The names an owner field holds (`Owner: Emma Clarke`, a table's Owner cell `Liam Turner,
    Sophia Patel`, `王伟、李娜`, `@增长组 @市场部`): separated by commas, 、, ; or /, or each
    opened by its handle; each a whole name, spaces and all (h10v)."""
    names = [n.strip(" @＠\t") for n in re.split(r"[,，、;；/]|\s+(?=[@＠])", value)]
    return [n for n in names if n]


def strip_separators(text: str, chars: str) -> str:
    """`text` without the `chars` at either end, except a sign opening a number: a bullet or a
    separator is noise, a minus is part of the value (brief h9v: "KR2: -$20k" read as 20000)."""
    start = 0
    while start < len(text) and text[start] in chars and not _SIGN.match(text, start):
        start += 1
    return text[start:].rstrip(chars)
