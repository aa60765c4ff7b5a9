"""钉钉 custom robot (自定义机器人): a group webhook, signed in the URL when 加签 is on.

Vendor documentation used:
- https://open.dingtalk.com/document/orgapp/customize-robot-security-settings (加签:
  `timestamp + "\\n" + secret` signed with HMAC-SHA256 keyed by the secret, base64, then
  URL-encoded; `&timestamp=...&sign=...` appended to the webhook; the timestamp is in
  milliseconds and must be within one hour)
- https://open.dingtalk.com/document/orgapp/custom-robots-send-group-messages (markdown and
  actionCard bodies; "每个机器人每分钟最多发送20条消息到群里"; errcode 310000 for a failed
  security check (sign not match, invalid timestamp, keywords, IP), 130101 and 410100 when
  sending too fast, 300001 / 400101 for an unknown access token)
"""

import base64
import hashlib
import hmac
import time
from urllib.parse import quote_plus

import httpx

from mubiao.notify.messages import Message

from . import text
from .rules import INVALID_CONFIG, Result
from .transport import encode, json_code, post

# 钉钉 documents no limit on the markdown's length; a bound still keeps a huge digest from
# being refused whole.
CONTENT_BYTES = 18000


def sign(secret: str, timestamp_ms: int) -> str:
    """The URL-encoded `sign` parameter."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256)
    return quote_plus(base64.b64encode(digest.digest()))


def signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp_ms}&sign={sign(secret, timestamp_ms)}"


def build(message: Message) -> dict:
    """markdown, or an actionCard with one button per link when the message has links."""
    head, lines, _ = text.markdown_lines(message, title_prefix="### ", escape=text.dingtalk)
    content = text.fit_bytes(head, lines, "", CONTENT_BYTES)
    # The title is what the chat list and the phone's notification show: plain text there.
    title = text.clip(text.title_of(message), 60)
    buttons = [
        {"title": text.clip(text.label_of(link, url), 30), "actionURL": url}
        for link in message.links
        if (url := text.safe_url(link.url))
    ]
    if buttons:
        return {
            "msgtype": "actionCard",
            "actionCard": {"title": title, "text": content, "btnOrientation": "0", "btns": buttons},
        }
    return {"msgtype": "markdown", "markdown": {"title": title, "text": content}}


def send(
    config: dict, message: Message, *, client: httpx.Client, now: float | None = None
) -> Result:
    """config: `url` (the webhook with its access_token), `secret` (SEC..., when 加签 is on)."""
    url = config.get("url") or ""
    if not url:
        return Result.failure(INVALID_CONFIG, retryable=False, detail="url")
    if secret := config.get("secret"):
        url = signed_url(url, secret, int((time.time() if now is None else now) * 1000))
    response = post(client, url, encode(build(message)))
    if isinstance(response, Result):
        return response
    return json_code(response, "errcode", "errmsg", vendor="dingtalk")
