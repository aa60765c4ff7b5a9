"""Escaping for each vendor's markup, so that text we did not write (an objective's title, a
person's name, a comment, a check-in's note) shows as typed and cannot add a link, a mention or
formatting. One escaper per vendor (ESCAPERS), each used for every kind of message:

- Slack mrkdwn (`slack`): Slack's documented escaping of `&`, `<`, `>` (https://api.slack.com/
  reference/surfaces/formatting#escaping); every mention and link needs `<...>`, so nothing
  else can ping, and the sections are `verbatim` (no auto-linked URLs or #channels).
- 飞书 lark_md (`lark_md`): the card Markdown takes HTML character references for its special
  characters (https://open.feishu.cn/document/common-capabilities/message-card/
  message-cards-content/using-markdown-tags, "特殊字符转义"); `<at id=all>` and `[x](y)`
  need `<` and `[`.
- 钉钉 markdown (`dingtalk`) and 企业微信 markdown (`wecom`): small subsets with no documented
  escape (a backslash may show as typed). 企业微信 reads `<@userid>` and `<font>` tags inside
  it, 钉钉 reads `@mobile` / `@all` in the text as mentions, and both clients turn a bare
  web address into a link. The characters that start a link, a tag, a mention, emphasis, a
  heading, a table or a character reference become their full-width forms (［＜＊＃＆...),
  which read the same, above all in Chinese text, and which no markup starts with; `@` and its
  full-width `＠` get a word joiner after them, and a typed address loses what makes it one
  (`https：//`, `www．`). Typed full-width lookalikes stay as typed: neither vendor's
  documented markup uses them (`＠` aside, which gets the word joiner too).
- Every vendor: line breaks become spaces (a title cannot start a block) and the bidirectional
  controls (U+202A–U+202E, U+2066–U+2069), which would turn the rest of a line around, go.
"""

import re
from urllib.parse import quote, urlsplit

ELLIPSIS = "…"
WORD_JOINER = "\u2060"

# What 钉钉's and 企业微信's markdown read as markup, and their full-width forms.
MARKDOWN_SPECIAL = "[]<>*_`~#|\\&"
_FULL_WIDTH = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in MARKDOWN_SPECIAL})
_LARK_SPECIAL = re.compile(r"[&<>*_~\[\]()#+\-!|`\\{}]")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# A web address as the chat clients find one: a scheme's `://`, or `www.`.
_ADDRESS = re.compile(r"(?<=[A-Za-z0-9])://|(?i:\bwww)\.")
_MENTION_SIGNS = re.compile("[@\uff20]")


def one_line(text: str) -> str:
    """Line breaks and other control characters as spaces: a title cannot start a new block.
    Bidirectional controls dropped: they cannot turn the rest of the line around. A lone
    surrogate, which no UTF-8 can carry, becomes "?"."""
    text = _BIDI_CONTROLS.sub("", (text or "").encode(errors="replace").decode())
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029]+", " ", text).strip()


def slack(text: str) -> str:
    return one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def lark_md(text: str) -> str:
    return _LARK_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", one_line(text))


def _markdown(text: str) -> str:
    text = one_line(text).translate(_FULL_WIDTH)
    text = _ADDRESS.sub(
        lambda m: "\uff1a//" if m.group() == "://" else m.group()[:-1] + "\uff0e", text
    )
    return _MENTION_SIGNS.sub(lambda m: m.group() + WORD_JOINER, text)


def dingtalk(text: str) -> str:
    """钉钉 markdown / ActionCard text: no link, heading, emphasis or `@` mention of our
    readers' making (see the module's note)."""
    return _markdown(text)


def wecom(text: str) -> str:
    """企业微信 markdown: no link, heading, emphasis, `<font>` tag or `<@userid>` mention of our
    readers' making (see the module's note)."""
    return _markdown(text)


# Each vendor's one escaper, for every kind of message it carries.
ESCAPERS = {"slack": slack, "feishu": lark_md, "dingtalk": dingtalk, "wecom": wecom}


def safe_url(url: str) -> str:
    """The URL if it is http or https with a host, with the characters that would close a link
    in any of the markups percent-encoded; "" otherwise (a `javascript:` link never renders)."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return quote(parts.geturl(), safe="/:?#&=%+;,@!$'*~._-", errors="replace")


def title_of(message) -> str:
    """The message's title on one line; the product's name for a message without one (every
    vendor refuses an empty title or text)."""
    return one_line(message.title) or "Mubiao"


def label_of(link, url: str) -> str:
    """A button's label on one line; the link's host for a link without one."""
    return one_line(link.label) or urlsplit(url).hostname or url


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + ELLIPSIS


def clip_bytes(text: str, limit: int) -> str:
    """At most `limit` UTF-8 bytes, cut between characters, an ellipsis marking the cut."""
    data = text.encode()
    if len(data) <= limit:
        return text
    room = limit - len(ELLIPSIS.encode())
    return data[: max(0, room)].decode(errors="ignore") + ELLIPSIS


# A key result's pace status (okrs.models.Status) as a sign every language and chat app reads.
STATUS_MARK = {
    "not_started": "⚪",
    "on_track": "🟢",
    "at_risk": "🟡",
    "off_track": "🔴",
    "done": "✅",
}

# Chat messages stay readable on a phone: longer lists end with an ellipsis line (the e-mail and
# the notifications page carry everything).
MAX_LINES = 30
LINE_CHARS = 300
TITLE_CHARS = 200


def marked(status: str, text: str) -> str:
    mark = STATUS_MARK.get(status, "")
    return f"{mark} {text}" if mark else text


def markdown_lines(message, *, title_prefix: str, escape) -> tuple[str, list[str], str]:
    """The title, the lines and the links of a message in 钉钉 / 企业微信 markdown, text we
    did not write escaped by the vendor's `escape`."""
    head = f"{title_prefix}{escape(clip(title_of(message), TITLE_CHARS))}"
    lines = []
    for line in message.lines[:MAX_LINES]:
        body = escape(clip(line.text, LINE_CHARS))
        url = safe_url(line.url)
        lines.append(marked(line.status, f"[{body}]({url})" if url else body))
    if len(message.lines) > MAX_LINES:
        lines.append(ELLIPSIS)
    links = "  ".join(
        f"[{escape(label_of(link, url))}]({url})"
        for link in message.links
        if (url := safe_url(link.url))
    )
    return head, lines, links


def fit_bytes(head: str, lines: list[str], tail: str, limit: int) -> str:
    """head, lines and tail on separate lines in at most `limit` UTF-8 bytes: lines are dropped
    from the end first (an ellipsis line says so), so the links in the tail, the one-tap
    actions, survive; only a head too long by itself is cut."""

    def join(kept: list[str]) -> str:
        return "\n".join(part for part in (head, *kept, tail) if part)

    for count in range(len(lines), -1, -1):
        kept = lines[:count]
        if count < len(lines) and kept[-1:] != [ELLIPSIS]:
            kept = [*kept, ELLIPSIS]
        content = join(kept)
        if len(content.encode()) <= limit:
            return content
    return clip_bytes(join([]), limit)
