"""飞书 / Lark custom bot (自定义机器人): a group webhook that takes an interactive card.

Vendor documentation used:
- https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot (webhook, 签名校验:
  `timestamp + "\\n" + secret` is the HMAC-SHA256 *key*, the message is empty, the digest is
  base64-encoded and sent as `timestamp` / `sign` in the JSON body; the timestamp, in seconds,
  must be within one hour; errors 19021 sign match fail, 19022 IP not allowed, 19024 keywords,
  9499 bad request (or, with "too many request", a rate limit); 频率限制 100 次/分钟 and 5 次/秒
  per bot, answered with code 11232: vendors.rules.RETRY_CODES)
- https://open.feishu.cn/document/common-capabilities/message-card/message-cards-content/
  using-markdown-tags (lark_md, its `<at>` tag and the escaping of special characters)
- https://open.feishu.cn/document/event-subscription-guide/callback-subscription/
  configure-callback-request-address (签名校验 of callbacks: hex SHA-256 of
  X-Lark-Request-Timestamp + X-Lark-Request-Nonce + Encrypt Key + raw body = X-Lark-Signature)

- https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication
  and .../feishu-cards/handle-card-callbacks (卡片回传交互 `card.action.trigger`, schema 2.0:
  `header.event_id` unique per callback, `header.token` the app's Verification Token,
  `header.tenant_key`, `event.operator.open_id`, `event.action.value` the button's value;
  answered within 3 seconds with `{"toast": {"type": "success" | "error" | "info", "content":
  ...}}`, a toast only the presser sees)
- https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/event-subscription-guide/
  callback-subscription/configure-callback-request-address (请求地址验证: `{"challenge", "token",
  "type": "url_verification"}` answered with `{"challenge": ...}` within 1 second; with an
  Encrypt Key every body is `{"encrypt": base64(iv + AES-256-CBC(sha256(Encrypt Key), iv,
  PKCS#7(json)))}`)

A custom bot's card buttons can only open a URL (the signed one-tap link); buttons that post
back to Mubiao need a 飞书 app, whose callbacks `verify_callback` checks, `decrypt` opens and
`read_press` reads.
"""

import base64
import binascii
import hashlib
import hmac
import json
import time

import httpx
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from mubiao.id_sets import is_id
from mubiao.notify.messages import CHAT_ACTIONS, NOT_DONE, Message

from . import text
from .rules import BAD_RESPONSE, INVALID_CONFIG, Press, Result
from .transport import encode, json_code, post

TITLE_CHARS = 100


def sign(secret: str, timestamp: int) -> str:
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def verify_callback(
    encrypt_key: str, body: bytes, headers, *, now: float | None = None, tolerance: float = 300
) -> bool:
    """Whether a card callback really comes from 飞书 (the app's Encrypt Key) and is fresh.

    `headers` is any mapping (Django's request.headers will do), `body` the raw bytes."""
    headers = {name.lower(): value for name, value in headers.items()}
    timestamp = headers.get("x-lark-request-timestamp", "")
    nonce = headers.get("x-lark-request-nonce", "")
    signature = headers.get("x-lark-signature", "")
    if not encrypt_key or not signature or not is_id(timestamp):
        return False
    if abs((time.time() if now is None else now) - int(timestamp)) > tolerance:
        return False
    expected = hashlib.sha256(f"{timestamp}{nonce}{encrypt_key}".encode() + body).hexdigest()
    return hmac.compare_digest(expected, signature)


def decrypt(encrypt_key: str, encrypted) -> dict | None:
    """The JSON inside an encrypted callback body, or None when it does not open with this
    Encrypt Key (so it was not made by 飞书 for this app)."""
    if not encrypt_key or not isinstance(encrypted, str):
        return None
    try:
        raw = base64.b64decode(encrypted, validate=True)
        if len(raw) < 32 or len(raw) % 16:
            return None
        key = hashlib.sha256(encrypt_key.encode()).digest()
        decryptor = Cipher(algorithms.AES(key), modes.CBC(raw[:16])).decryptor()
        padded = decryptor.update(raw[16:]) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        data = json.loads(unpadder.update(padded) + unpadder.finalize())
    except (binascii.Error, ValueError):  # bad base64, padding, UTF-8 or JSON
        return None
    return data if isinstance(data, dict) else None


def read_press(data: dict) -> Press | None:
    """The press of a post-back button (value `{"mubiao": action, "kr": id}`) in a decrypted,
    verified `card.action.trigger` callback; None for anything else."""
    header, event = data.get("header"), data.get("event")
    if not (isinstance(header, dict) and isinstance(event, dict)):
        return None
    if header.get("event_type") != "card.action.trigger":
        return None
    operator, action = event.get("operator"), event.get("action")
    if not (isinstance(operator, dict) and isinstance(action, dict)):
        return None
    value = action.get("value")
    if not isinstance(value, dict) or value.get("mubiao") not in CHAT_ACTIONS:
        return None
    key_result, event_id = value.get("kr"), str(header.get("event_id") or "")
    open_id = str(operator.get("open_id") or "")
    if isinstance(key_result, bool) or not isinstance(key_result, int) or not event_id:
        return None
    if not open_id:
        return None
    press = Press(
        vendor="feishu",
        workspace=str(header.get("tenant_key") or operator.get("tenant_key") or ""),
        user_id=open_id,
        key=event_id,
        action=value["mubiao"],
        key_result=key_result,
    )
    return press if press.readable else None


def _line(line) -> str:
    body = text.lark_md(text.clip(line.text, text.LINE_CHARS))
    url = text.safe_url(line.url)
    return text.marked(line.status, f"[{body}]({url})" if url else body)


def _press_buttons(message: Message) -> list[dict]:
    """The post-back buttons of an app bot's card (回传交互: the button's `value` comes back in
    the `card.action.trigger` callback, read by read_press), each key result's followed by an
    "open" link button to its page."""
    buttons = []
    for action in message.actions:
        buttons.append({
            "tag": "button",
            "text": {"tag": "plain_text", "content": text.clip(action.label, 40)},
            "type": "danger" if action.action == NOT_DONE else "primary",
            "value": {"mubiao": action.action, "kr": action.key_result},
        })  # fmt: skip
        if (url := text.safe_url(action.url)) and action is _last_of_its_kr(message, action):
            label = {"tag": "plain_text", "content": text.clip(action.open_label, 40)}
            buttons.append({"tag": "button", "type": "default", "url": url, "text": label})
    return buttons


def _last_of_its_kr(message: Message, action):
    return [a for a in message.actions if a.key_result == action.key_result][-1]


def build(message: Message, *, post_back: bool = False) -> dict:
    """The `card` of an interactive message: a plain-text header, the lines, link buttons; with
    `post_back` (an app bot's card, never a custom bot's: 飞书 refuses post-back buttons from
    those) also the +1 / done / not done / open buttons of each key result."""
    lines = [_line(line) for line in message.lines[: text.MAX_LINES]]
    if len(message.lines) > text.MAX_LINES:
        lines.append(text.ELLIPSIS)
    elements = []
    if lines:
        elements.append({"tag": "div", "text": {"tag": "lark_md", "content": "\n".join(lines)}})
    buttons = [
        {
            "tag": "button",
            "text": {"tag": "plain_text", "content": text.clip(text.label_of(link, url), 40)},
            "type": "primary" if index == 0 else "default",
            "url": url,
        }
        for index, link in enumerate(message.links)
        if (url := text.safe_url(link.url))
    ]
    if buttons:
        elements.append({"tag": "action", "actions": buttons})
    if post_back and message.actions:
        elements.append({"tag": "action", "actions": _press_buttons(message)})
    return {
        "config": {"wide_screen_mode": True},
        "header": {
            "title": {
                "tag": "plain_text",
                "content": text.clip(text.title_of(message), TITLE_CHARS),
            },
            "template": "blue",
        },
        "elements": elements,
    }


def send_as_app(config: dict, message: Message, *, client: httpx.Client) -> Result:
    """An app bot's card to a group chat, with post-back buttons: the app's
    tenant_access_token (POST /open-apis/auth/v3/tenant_access_token/internal with app_id and
    app_secret), then POST /open-apis/im/v1/messages?receive_id_type=chat_id with
    `Authorization: Bearer <token>` and `content` the card as a JSON string. `url` is the open
    platform's address (https://open.feishu.cn, https://open.larksuite.com)."""
    base = (config.get("url") or "").rstrip("/")
    if not (base and config.get("chat_id")):
        return Result.failure(INVALID_CONFIG, retryable=False, detail="chat_id")
    credentials = {"app_id": config["app_id"], "app_secret": config.get("app_secret", "")}
    got = post(client, f"{base}/open-apis/auth/v3/tenant_access_token/internal",
               encode(credentials))  # fmt: skip
    if isinstance(got, Result):
        return got
    answer = json_code(got, "code", "msg", vendor="feishu")
    token = got.json().get("tenant_access_token") if answer.ok else None
    if not isinstance(token, str) or not token:
        return answer if not answer.ok else Result.failure(BAD_RESPONSE, retryable=True)
    card = json.dumps(build(message, post_back=True), ensure_ascii=False)
    body = {"receive_id": config["chat_id"], "msg_type": "interactive", "content": card}
    response = post(client, f"{base}/open-apis/im/v1/messages?receive_id_type=chat_id",
                    encode(body), headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    if isinstance(response, Result):
        return response
    return json_code(response, "code", "msg", vendor="feishu")


def send(
    config: dict, message: Message, *, client: httpx.Client, now: float | None = None
) -> Result:
    """config: `url` (the bot's webhook), `secret` (when 签名校验 is on); or, for an app bot
    (`app_id`), what send_as_app takes."""
    if config.get("app_id"):
        return send_as_app(config, message, client=client)
    url = config.get("url") or ""
    if not url:
        return Result.failure(INVALID_CONFIG, retryable=False, detail="url")
    body: dict = {"msg_type": "interactive", "card": build(message)}
    if secret := config.get("secret"):
        timestamp = int(time.time() if now is None else now)
        body = {"timestamp": str(timestamp), "sign": sign(secret, timestamp), **body}
    response = post(client, url, encode(body))
    if isinstance(response, Result):
        return response
    return json_code(response, "code", "msg", vendor="feishu")
