"""Lines written exactly: Mubiao's own Markdown export, read back to the same values.

People's OKR text is read by heuristics (numbers in the sentence, emphasis and tags dropped);
an exported line must come back as it was stored instead. So the export writes each objective
and key result as

    O1: <title> {kind=committed visibility=public}
    KR1: <title> {metric=number start=-5 target=2 current=0 unit="人" direction=increase}

with the characters Markdown or this format give meaning to backslash-escaped in the title
(CommonMark's backslash escapes: the file still renders as the titles read), and the values in
a trailing attribute block (as kramdown and Pandoc write attributes). A line of this shape is
read verbatim: the title with its escapes undone, no noise stripped, the values from the block.
Any other line is read as people's text.
"""

import re

# Escaped in titles: Markdown's inline and block syntax, table cells, and this format's braces.
_SPECIAL = set("\\`*_{}[]<>#|~")
_LINE = re.compile(
    r"^(?P<marker>O|KR)\d+: (?P<title>(?:[^\\{}]|\\.)+?) "
    r"\{(?P<attributes>(?:[A-Za-z_]+=(?:\"(?:[^\"\\]|\\.)*\"|[^\s\"{}\\]+) ?)+)\}$"
)
_ATTRIBUTE = re.compile(r"([A-Za-z_]+)=(?:\"((?:[^\"\\]|\\.)*)\"|([^\s\"{}\\]+))")
_ESCAPED = re.compile(r"\\(.)")
# In a quoted value, a character that would end the line is written \uXXXX (a description's
# line breaks), so that the line stays one line.
_VALUE_ESCAPED = re.compile(r"\\(u[0-9a-f]{4}|.)", re.DOTALL)
_LINE_ENDS = {char for char in map(chr, range(0x2030)) if len(f"a{char}b".splitlines()) > 1}


def escape(text: str) -> str:
    """`text` with every character of _SPECIAL backslash-escaped."""
    return "".join(f"\\{char}" if char in _SPECIAL else char for char in text)


def unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


def attributes(values: dict[str, str]) -> str:
    """`{key=value …}`: values with spaces, quotes or braces (and every unit) quoted."""
    parts = []
    for key, value in values.items():
        if key == "unit" or not value or re.search(r"[\s\"{}\\]", value):
            value = value.replace("\\", "\\\\").replace('"', '\\"')
            value = "".join(f"\\u{ord(c):04x}" if c in _LINE_ENDS else c for c in value)
            value = f'"{value}"'
        parts.append(f"{key}={value}")
    return "{" + " ".join(parts) + "}"


def read_line(line: str) -> tuple[str, str, dict[str, str]] | None:
    """(marker "O" or "KR", title, attributes) of an exact line, or None."""
    match = _LINE.match(line)
    if match is None:
        return None
    found = {  # names in any case (`Target=5`): every name the importer reads is lower case
        key.lower(): _unescape_value(quoted) if quoted or not plain else plain
        for key, quoted, plain in _ATTRIBUTE.findall(match["attributes"])
    }
    return match["marker"], unescape(match["title"]), found


# A line that starts like an exact one and ends in what is meant as an attribute block.
_BLOCK_MEANT = re.compile(r"^(?:O|KR)\d+: .*? \{(?=[A-Za-z_]+=)")
_ATTRIBUTE_THEN_SPACE = re.compile(_ATTRIBUTE.pattern + r" ?")


def block_problem(line: str) -> tuple[str, int, str] | None:
    """What keeps a line meant as an exact one from being read as written: ("twice", column,
    key) when an attribute is given twice (which one is meant?), ("unreadable", column, "") at
    the first character the block cannot be read from (an unclosed quote), else None. Columns
    count from 1. Read as people's text instead, such a line would become a milestone with the
    braces in its title, or keep one of two targets without a word."""
    meant = _BLOCK_MEANT.match(line)
    if meant is None:
        return None
    if _LINE.match(line) is None:
        at = meant.end()
        while (attribute := _ATTRIBUTE_THEN_SPACE.match(line, at)) and attribute.end() > at:
            at = attribute.end()
        if line[at:] == "}":
            return None  # a well-formed block after a title that is not (read as text)
        return "unreadable", at + 1, ""
    seen = set()
    for attribute in _ATTRIBUTE.finditer(line, meant.end()):
        if attribute[1].casefold() in seen:  # `target=5 Target=6` too
            return "twice", attribute.start() + 1, attribute[1]
        seen.add(attribute[1].casefold())
    return None


# The same attribute block at the end of any text a key result or objective is read from (a
# bulleted, numbered, checkbox or indented line, `关键结果1：`, `*KR1*:`): the title before it.
_TRAILING = re.compile(
    r"^(?P<title>(?:[^\\{}]|\\.)+?)\s+"
    r"\{(?P<attributes>(?:[A-Za-z_]+=(?:\"(?:[^\"\\]|\\.)*\"|[^\s\"{}\\]+) ?)+)\}\s*$"
)
# An attribute block anywhere in a line: `{key=`.
BLOCK_IN_TEXT = re.compile(r"\{[A-Za-z_]+=")
# Where a text means to end in an attribute block: ` {key=` after some text.
_TRAILING_MEANT = re.compile(r"\S\s+\{(?=[A-Za-z_]+=)")


def read_trailing(text: str) -> tuple[str, dict[str, str]] | None:
    """(title, attributes) of a text that ends in an attribute block, as read_line reads an
    exact line's: the block read on every line shape a reader takes as a key result or an
    objective, not only `KR1: …` at the margin (issue 9: `- KR5: 新用户 {target=1.2万}` kept the
    braces in its title and imported a milestone). None where it ends in none."""
    match = _TRAILING.match(text)
    if match is None:
        return None
    found = {
        key.lower(): _unescape_value(quoted) if quoted or not plain else plain
        for key, quoted, plain in _ATTRIBUTE.findall(match["attributes"])
    }
    return unescape(match["title"]).strip(), found


def trailing_problem(text: str) -> tuple[str, int, str] | None:
    """block_problem for a text that means to end in an attribute block (read_trailing), the
    column counted from 1 in `text`; ("not_at_end", column of its brace, "") for a whole block
    with text after it; None where it means none or reads it as written."""
    meant = _TRAILING_MEANT.search(text)
    if meant is None:
        return None
    if (match := _TRAILING.match(text)) is None:
        at = meant.end()
        while (attribute := _ATTRIBUTE_THEN_SPACE.match(text, at)) and attribute.end() > at:
            at = attribute.end()
        if text[at:].rstrip() == "}":
            return None
        if text[at : at + 1] == "}" and at > meant.end():
            # `新用户 {target=5} 以上`: a whole block, with text after it.
            return "not_at_end", meant.end(), ""
        return "unreadable", at + 1, ""
    seen = set()
    for attribute in _ATTRIBUTE.finditer(text, match.start("attributes")):
        if attribute[1].casefold() in seen:
            return "twice", attribute.start() + 1, attribute[1]
        seen.add(attribute[1].casefold())
    return None


def _unescape_value(text: str) -> str:
    return _VALUE_ESCAPED.sub(lambda m: chr(int(m[1][1:], 16)) if len(m[1]) == 5 else m[1], text)
