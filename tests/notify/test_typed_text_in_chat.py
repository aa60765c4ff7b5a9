"""Text people typed (objective and key result titles, names, check-in notes, a team's name)
cannot change a chat message's formatting or add a link or a mention, for every vendor, every
character its markup reads and every kind of message: the weekly reminder, a digest, the
at-risk alert and the check-in notice. Issue 11, the fresh tester's finding 3.

Each message is built twice from the same rows, once with the typed text and once with
plain letters in its place; what the vendor reads as markup (its special characters, web
addresses, mentions, bidirectional controls) must be the same in both."""

import html
import re
from collections import Counter

import pytest

from mubiao.notify import compose, selectors
from mubiao.notify import messages as kinds
from mubiao.notify.vendors import dingtalk, feishu, slack, text, wecom
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db

# Each dangerous character in a piece of text where it would do harm, and its full-width
# lookalike.
TYPED = {
    "<": '<@all> <font color="warning">x</font> <!channel>',
    ">": "> quote >> deeper",
    "_": "_it_ __bold__",
    "*": "*it* **bold**",
    "[": "[click](https://evil.example)",
    "]": "x] (https://evil.example)",
    "`": "`code` ```block```",
    "#": "# heading #tag",
    "&": "&lt;font&gt; &#60;at id=all&#62;",
    "~": "~~gone~~",
    "|": "| a | b |",
    "\\": "\\*not escaped\\*",
    "@": "@all @所有人 @13800001111",
    "://": "https://evil.example/x",
    "www.": "www.evil.example",
    "bidi": "abc\u202edef\u2066ghi",
    "＜": "＜@all＞ ＜font＞",
    "＞": "＞ quote",
    "＿": "＿it＿",
    "＊": "＊＊bold＊＊",
    "［": "［click］（https：//evil.example）",
    "］": "x］",
    "｀": "｀code｀",
    "＃": "＃ heading",
    "＠": "＠all ＠所有人 ＠13800001111",
}


def _build(vendor: str, message) -> list[str]:
    """Every string of the vendor's body that it reads as markup."""
    if vendor == "slack":
        body = slack.build(message)
        return [b["text"]["text"] for b in body["blocks"] if b["type"] == "section"]
    if vendor == "feishu":
        card = feishu.build(message)
        return [e["text"]["content"] for e in card["elements"] if e["tag"] == "div"]
    if vendor == "wecom":
        return [wecom.build(message)["markdown"]["content"]]
    body = dingtalk.build(message)
    return [body[body["msgtype"]]["text"]]


# The characters each vendor's markup reads (Slack's mrkdwn: only `<`, `>` and `&` can be
# escaped, and its sections are verbatim; its emphasis is not tested here).
SPECIAL = {
    "slack": "<>&",
    "feishu": "&<>*_~[]()#+-!|`\\{}",
    "dingtalk": text.MARKDOWN_SPECIAL,
    "wecom": text.MARKDOWN_SPECIAL,
}
MENTION = re.compile(f"[@\uff20](?!{text.WORD_JOINER})")
ADDRESS = re.compile(r"(?i)[a-z0-9]://|\bwww\.")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _markup(vendor: str, rendered: str) -> Counter:
    if vendor == "feishu":
        rendered = re.sub(r"&#\d+;", "x", rendered)  # its escapes: character references
    if vendor == "slack":
        rendered = re.sub(r"&(amp|lt|gt);", "x", rendered)
    # The links we made (their targets are our own pages) are not the typed text's.
    rendered = re.sub(r"\]\(https?://okr\.example\.com[^)\s]*\)", "](ours)", rendered)
    rendered = re.sub(r"<https?://okr\.example\.com[^|>\s]*\|", "<ours|", rendered)
    found = Counter(c for c in rendered if c in SPECIAL[vendor])
    if vendor in ("dingtalk", "wecom"):
        found["mention"] = len(MENTION.findall(rendered))
        found["address"] = len(ADDRESS.findall(rendered))
    found["bidi"] = len(BIDI.findall(rendered))
    return found


@pytest.fixture
def rows(world, settings):
    settings.SITE_URL = "https://okr.example.com"
    objective = make_objective(world.alice, world.cycle, title="Objective")
    kr = objective.key_results.get()
    child = make_objective(world.bob, world.cycle, title="Child").key_results.get()
    return world, objective, kr, child


def _name(rows, typed: str):
    """Every piece of typed text in the rows the messages are built from, set to `typed`."""
    world, objective, kr, child = rows
    objective.title = kr.title = child.title = f"A {typed} B"
    world.alice.user.name = world.bob.user.name = f"N {typed} M"
    kr.status, kr.forecast, kr.last_note = "at_risk", None, f"Note {typed} end"
    return world, objective, kr, child


def _messages(rows, typed: str) -> dict:
    world, objective, kr, child = _name(rows, typed)
    digest = selectors.Digest(
        checked_in=1, key_results=2, average_progress=0.5, behind=[kr],
        not_updated=[(world.bob, 1)], behind_total=1, not_updated_total=1, movers=[(kr, 0.1)],
    )  # fmt: skip
    alert = compose.Event(kinds.PACE_WORSE, world.org.pk, objective=objective, key_result=kr,
                          data={"status": "at_risk"})  # fmt: skip
    notice = compose.Event(kinds.ALIGNED_CHECKIN, world.org.pk, actor=world.bob,
                           objective=child.objective, key_result=child,
                           data={"parent_title": objective.title})  # fmt: skip
    return {
        "reminder": compose.reminder(world.alice, [kr]),
        "digest": compose.digest(kinds.TEAM_DIGEST, world.alice, f"T {typed} U", digest),
        "team digest": compose.digest(
            kinds.TEAM_DIGEST,
            world.alice,
            f"T {typed} U",
            digest,
            team_slugs=["company"],
            group=True,
        ),
        "at-risk alert": compose.event_message(alert, "en", "Alice"),
        "check-in notice": compose.event_message(notice, "en", "Alice"),
        "check-in notice to a group": compose.event_message(notice, "en"),
    }


@pytest.mark.parametrize("typed", list(TYPED), ids=list(TYPED))
def test_typed_text_changes_no_markup(rows, typed):
    attacked = _messages(rows, TYPED[typed])
    plain = _messages(rows, "plain words here")
    for vendor in SPECIAL:
        for kind, message in attacked.items():
            for got, expected in zip(
                _build(vendor, message), _build(vendor, plain[kind]), strict=True
            ):
                assert _markup(vendor, got) == _markup(vendor, expected), (vendor, kind, got)


def _as_read(vendor: str, shown: str) -> str:
    """What a reader sees: character references read, and (钉钉, 企业微信) the full-width forms
    of the markup characters, the word joiners and the broken-up addresses as the text they
    stand for."""
    if vendor in ("slack", "feishu"):
        return html.unescape(shown)
    shown = shown.replace(text.WORD_JOINER, "").replace("\uff1a//", "://")
    shown = shown.translate({ord(c) + 0xFEE0: c for c in text.MARKDOWN_SPECIAL})
    return re.sub(r"(?i)(www)\uff0e", r"\1.", shown)


@pytest.mark.parametrize("vendor", sorted(text.ESCAPERS))
def test_each_vendor_has_one_escaper_that_shows_text_as_typed(vendor):
    for typed in TYPED.values():
        shown = text.ESCAPERS[vendor](typed)
        # As typed, but for the controls that would turn the line around.
        expected = BIDI.sub("", typed)
        if vendor in ("dingtalk", "wecom"):
            expected = _as_read(vendor, expected)
        assert _as_read(vendor, shown) == expected
