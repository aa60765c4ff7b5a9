"""Slack incoming webhook with a Block Kit message, and the verification of Slack's signed
requests for the interactivity endpoint (buttons that post back to Mubiao).

Vendor documentation used:
- https://api.slack.com/messaging/webhooks (POST JSON `text` + `blocks`; errors answered as a
  plain-text word with an HTTP status: invalid_payload / no_text 400, action_prohibited /
  invalid_token / posting_to_general_channel_denied 403, channel_not_found / no_service /
  team_disabled 404, channel_is_archived 410)
- https://api.slack.com/apis/rate-limits (incoming webhooks: 1 message per second, short bursts
  allowed; HTTP 429 with Retry-After)
- https://api.slack.com/reference/block-kit/blocks (header 150 characters, section 3000,
  actions 25 elements, button text 75) and https://api.slack.com/reference/surfaces/formatting
  (escaping; `verbatim` keeps "@channel" and "#general" as typed)
- https://api.slack.com/authentication/verifying-requests-from-slack (`v0=` + hex HMAC-SHA256 of
  `v0:{X-Slack-Request-Timestamp}:{raw body}` keyed by the signing secret; 5 minutes)
- https://api.slack.com/interactivity/handling and
  https://api.slack.com/reference/interaction-payloads/block-actions (a press arrives as
  `application/x-www-form-urlencoded` with one field `payload`, JSON of type `block_actions`:
  `team.id`, `user.id`, `actions[].action_id / value / action_ts`, `response_url`; answer 200
  within 3 seconds; URL buttons send a payload too) and
  https://api.slack.com/interactivity/handling#message_responses (`response_url` takes
  `{"response_type": "ephemeral", "replace_original": false, "text": ...}`: only the presser
  sees it)
"""

import re
import time
from dataclasses import replace

import httpx
from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.signature import Clock, SignatureVerifier

from mubiao.id_sets import is_id
from mubiao.notify.messages import CHAT_ACTIONS, Message

from . import text
from .rules import INVALID_CONFIG, RATE_LIMITED, REJECTED, Press, Result
from .transport import DETAIL_LIMIT, answer_text, encode, http_failure, post

HEADER_CHARS = 150
SECTION_CHARS = 3000
BUTTON_CHARS = 75
MAX_BUTTONS = 25


def _line(line) -> str:
    body = text.slack(text.clip(line.text, text.LINE_CHARS))
    url = text.safe_url(line.url)
    # In <url|label> only the label is escaped; safe_url leaves no `|` or `>` in the URL.
    return text.marked(line.status, f"<{url}|{body}>" if url else body)


def build(message: Message) -> dict:
    title = text.clip(text.title_of(message), HEADER_CHARS)
    blocks = [HeaderBlock(text=title)]
    section, dropped = "", False
    for line in message.lines:
        rendered = _line(line)
        if len(section) + len(rendered) + len(text.ELLIPSIS) + 2 > SECTION_CHARS:
            dropped = True
            break
        section = f"{section}\n{rendered}" if section else rendered
    if dropped:
        section += "\n" + text.ELLIPSIS
    if section:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=section, verbatim=True)))
    buttons = [
        ButtonElement(
            text=text.clip(text.label_of(link, url), BUTTON_CHARS),
            url=url,
            action_id=f"link-{index}",
            style="primary" if index == 0 else None,
        )
        for index, link in enumerate(message.links[:MAX_BUTTONS])
        if (url := text.safe_url(link.url))
    ]
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    # Buttons that post back (the channel's Slack app has interactivity on): the value names
    # the action and the key result, never anything the presser's rights are not checked for.
    presses = [
        ButtonElement(
            text=text.clip(action.label, BUTTON_CHARS) or action.action,
            action_id=f"mubiao-{action.action}-{action.key_result}",
            value=f"{action.action}:{action.key_result}",
        )
        for action in message.actions[:MAX_BUTTONS]
    ]
    if presses:
        blocks.append(ActionsBlock(elements=presses))
    # `text` is what the phone's notification shows; Slack reads it as mrkdwn too.
    return {"text": text.slack(title), "blocks": [block.to_dict() for block in blocks]}


def send(
    config: dict, message: Message, *, client: httpx.Client, now: float | None = None
) -> Result:
    """config: `url`, the incoming webhook (its path is the credential; Slack does not sign)."""
    url = config.get("url") or ""
    if not url:
        return Result.failure(INVALID_CONFIG, retryable=False, detail="url")
    response = post(client, url, encode(build(message)))
    if isinstance(response, Result):
        return response
    # Slack answers a failure with one word ("channel_is_archived"); a proxy's error page is
    # no vendor code.
    word = response.text.strip()[:DETAIL_LIMIT]
    code = word if re.fullmatch(r"[a-z_]{1,60}", word) else None
    failed = http_failure(response)
    if failed:
        return replace(failed, vendor_code=code)
    if 200 <= response.status_code < 300:
        return Result.success(response.status_code)
    if code in ("rate_limited", "ratelimited"):
        return Result.failure(
            RATE_LIMITED, retryable=True, status_code=response.status_code, vendor_code=code
        )
    return Result.failure(
        REJECTED,
        retryable=False,
        status_code=response.status_code,
        vendor_code=code,
        detail=answer_text(response, word),
    )


class _FixedClock(Clock):
    def __init__(self, now: float):
        self._now = now

    def now(self) -> float:
        return self._now


def verify_request(signing_secret: str, body: bytes, headers, *, now: float | None = None) -> bool:
    """Whether a request to the interactivity endpoint really comes from Slack, and is fresh.

    `headers` is any mapping with X-Slack-Signature and X-Slack-Request-Timestamp (Django's
    request.headers will do); `body` the raw bytes, before any parsing.
    """
    if not signing_secret:
        return False
    clock = _FixedClock(time.time() if now is None else now)
    try:
        return SignatureVerifier(signing_secret, clock=clock).is_valid_request(body, headers)
    except (ValueError, UnicodeDecodeError):
        # A timestamp that is not a number, a body that is not UTF-8: not Slack.
        return False


def read_press(payload) -> Press | None:
    """The press of one of build's post-back buttons in a verified `block_actions` payload;
    None for anything else (a link button, another kind of interaction, a malformed value)."""
    if not isinstance(payload, dict) or payload.get("type") != "block_actions":
        return None
    actions = payload.get("actions")
    team, user = payload.get("team"), payload.get("user")
    if not (isinstance(actions, list) and actions and isinstance(actions[0], dict)):
        return None
    if not (isinstance(team, dict) and isinstance(user, dict)):
        return None
    action, _sep, key_result = str(actions[0].get("value") or "").partition(":")
    workspace, user_id = str(team.get("id") or ""), str(user.get("id") or "")
    pressed_at = str(actions[0].get("action_ts") or "")
    if action not in CHAT_ACTIONS or not is_id(key_result) or not user_id or not pressed_at:
        return None
    press = Press(
        vendor="slack",
        workspace=workspace,
        user_id=user_id,
        key=f"{workspace}:{user_id}:{pressed_at}",
        action=action,
        key_result=int(key_result),
        response_url=str(payload.get("response_url") or ""),
    )
    return press if press.readable else None


def answer(client: httpx.Client, response_url: str, reply: str) -> Result:
    """Post `reply` where only the presser sees it (the press's response_url)."""
    body = {"response_type": "ephemeral", "replace_original": False, "text": text.slack(reply)}
    response = post(client, response_url, encode(body))
    if isinstance(response, Result):
        return response
    return http_failure(response) or Result.success(response.status_code)
