"""Text we did not write (titles, names, comments) shows as typed in every vendor's markup and
cannot add a link, a mention or a tag; links are only ever http(s)."""

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mubiao.notify.messages import Line, Link, Message
from mubiao.notify.vendors import dingtalk, feishu, slack, text, webhook, wecom

from .receivers import blocks_are_valid, card_is_valid, dingtalk_body_is_valid

ATTACKS = [
    "<!channel> <!here> <!everyone>",
    "<@U024BE7LH> <#C024BE7LR>",
    "<https://evil.example|click here>",
    "[click here](https://evil.example)",
    '<at id=all></at> <at user_id="all">所有人</at>',
    "@all @所有人 @13800001111",
    '<@wangqing> <font color="warning">urgent</font>',
    "**bold** _it_ `code` ~~gone~~",
    "# heading",
    "> quote\n# second line\n[x](https://evil.example)",
]


def attacked(attack: str) -> Message:
    return Message(
        kind="comment",
        language="en",
        title=attack,
        lines=[
            Line(attack, "https://okr.example.com/kr/1", "at_risk"),
            Line(attack, "javascript:alert(1)"),
            Line("breakout", "https://okr.example.com/x) [evil](https://evil.example"),
        ],
        links=[Link(attack, "https://okr.example.com/t/1"), Link("bad", "javascript:alert(2)")],
        recipient_name=attack,
    )


def slack_markup(body: dict) -> list[str]:
    texts = [body["text"]]
    for block in body["blocks"]:
        if block["type"] == "section":
            assert block["text"]["verbatim"] is True  # no auto-linking of @channel or #general
            texts.append(block["text"]["text"])
        elif block["type"] == "header":
            assert block["text"]["type"] == "plain_text"
        else:
            assert all(b["text"]["type"] == "plain_text" for b in block["elements"])
    return texts


def feishu_markup(card: dict) -> list[str]:
    assert card["header"]["title"]["tag"] == "plain_text"
    texts = []
    for element in card["elements"]:
        if element["tag"] == "div":
            texts.append(element["text"]["content"])
        else:
            assert all(b["text"]["tag"] == "plain_text" for b in element["actions"])
    return texts


def markup(vendor: str, message: Message) -> list[str]:
    """Every string of the built message that the vendor reads as markup."""
    if vendor == "slack":
        return slack_markup(slack.build(message))
    if vendor == "feishu":
        return feishu_markup(feishu.build(message))
    if vendor == "wecom":
        return [wecom.build(message)["markdown"]["content"]]
    body = dingtalk.build(message)
    return [body[body["msgtype"]]["text"]]


# What must never be in the markup, per vendor: a mention, a tag or a link we did not make
# (Slack's links are <url|text>; mrkdwn has no [text](url)).
FORBIDDEN = {
    "slack": ["<!", "<@", "<#", "<https://evil"],
    "feishu": ["<at", "](https://evil", "[click", "**"],
    "wecom": ["<@", "<font", "@all", "@所有人", "](https://evil", "[click", "**", "# "],
    "dingtalk": ["@all", "@所有人", "@138", "](https://evil", "[click", "**", "<font"],
}


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("vendor", sorted(FORBIDDEN))
def test_no_injected_mention_link_or_markup(vendor, attack):
    for rendered in markup(vendor, attacked(attack)):
        for needle in FORBIDDEN[vendor]:
            # Our own title heading ("### ") aside.
            body = rendered.removeprefix("### ")
            assert needle not in body, (vendor, attack, rendered)
        assert "javascript" not in rendered


@pytest.mark.parametrize("vendor", ["slack", "feishu", "wecom", "dingtalk", "webhook"])
def test_only_http_links_survive(vendor):
    message = attacked("x")
    if vendor == "webhook":
        body = webhook.build(message)
        urls = [line["url"] for line in body["lines"]] + [link["url"] for link in body["links"]]
        assert "" in urls and not any("javascript" in url for url in urls)
        return
    built = {"slack": slack, "feishu": feishu, "wecom": wecom, "dingtalk": dingtalk}[vendor]
    dumped = str(built.build(message))
    assert "javascript" not in dumped
    # The breakout URL stays one link to our own host, its brackets percent-encoded.
    assert "https://okr.example.com/x%29%20%5Bevil%5D%28https://evil.example" in dumped


def test_webhook_carries_text_as_written():
    # JSON needs no escaping; the receiver escapes for its own markup.
    body = webhook.build(attacked("<!channel> [x](y)"))
    assert body["title"] == "<!channel> [x](y)" and body["recipient"] == "<!channel> [x](y)"


any_text = st.text(st.characters(codec="utf-8"), max_size=200)


@given(any_text)
def test_slack_escaping_reads_back_as_typed(typed):
    escaped = text.slack(typed)
    assert "<" not in escaped and ">" not in escaped
    assert html.unescape(escaped) == text.one_line(typed)


@given(any_text)
def test_lark_md_escaping_reads_back_as_typed(typed):
    escaped = text.lark_md(typed)
    assert not set(escaped) & set("<>*_~[]()`\\")
    assert html.unescape(escaped) == text.one_line(typed)


def _read_back(escaped: str) -> str:
    back = escaped.replace(text.WORD_JOINER, "")
    back = back.translate({ord(c) + 0xFEE0: c for c in text.MARKDOWN_SPECIAL})
    return re.sub(r"(?i)(www)\uff0e", r"\1.", back.replace("\uff1a//", "://"))


@given(any_text, st.sampled_from(["dingtalk", "wecom"]))
def test_markdown_escaping_reads_back_as_typed(typed, vendor):
    escaped = text.ESCAPERS[vendor](typed)
    assert not set(escaped) & set(text.MARKDOWN_SPECIAL)
    # As typed, but for the full-width forms the markup characters became.
    assert _read_back(escaped) == _read_back(text.one_line(typed))


@given(any_text)
def test_one_line_never_breaks_a_line(typed):
    assert not set(text.one_line(typed)) & set("\n\r\x0b\x0c\u2028\u2029")


@given(st.lists(any_text, max_size=60), any_text, st.integers(50, 5000))
def test_fit_bytes_always_fits(lines, head, limit):
    fitted = text.fit_bytes(text.wecom(head)[:40], lines, "[go](https://x.example)", limit)
    assert len(fitted.encode()) <= limit
    fitted.encode().decode()  # never cut inside a character


@pytest.mark.parametrize(
    "url, safe",
    [
        ("https://okr.example.com/t/abc?x=1&y=2#f", "https://okr.example.com/t/abc?x=1&y=2#f"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
        ("javascript:alert(1)", ""),
        ("data:text/html,<script>", ""),
        ("//evil.example/x", ""),
        ("https://", ""),
        ("", ""),
        ("https://a.example/<b>|c", "https://a.example/%3Cb%3E%7Cc"),
    ],
)
def test_safe_url(url, safe):
    assert text.safe_url(url) == safe


messages = st.builds(
    Message,
    kind=st.sampled_from(["reminder", "comment", "test"]),
    language=st.sampled_from(["en", "zh-hans"]),
    title=any_text,
    lines=st.lists(
        st.builds(
            Line,
            text=any_text,
            url=st.one_of(st.just(""), st.just("https://okr.example.com/kr/1"), any_text),
            status=st.sampled_from(["", "on_track", "at_risk", "off_track", "done", "odd"]),
        ),
        max_size=40,
    ),
    links=st.lists(
        st.builds(Link, label=any_text, url=st.one_of(st.just("https://o.example/t"), any_text)),
        max_size=30,
    ),
    recipient_name=any_text,
)


@given(messages)
def test_any_message_builds_a_body_each_vendor_accepts(message):
    assert card_is_valid(feishu.build(message))
    assert blocks_are_valid(slack.build(message)["blocks"])
    content = wecom.build(message)["markdown"]["content"]
    assert 0 < len(content.encode()) <= 4096
    assert dingtalk_body_is_valid(dingtalk.build(message))
    webhook.build(message)
