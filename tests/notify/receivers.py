"""Loopback stand-ins for the vendors' webhook endpoints, written from their documentation.

Each receiver is a threaded `http.server` on 127.0.0.1, port chosen by the system. It checks a
request the way the vendor does, with its own code (never Mubiao's): the credential in the URL,
the signature recomputed as documented and the timestamp's age, the body's shape; it answers
with the vendor's own success and error bodies. `mode` makes it fail on demand:

- "ok"        behave as the vendor does
- "timeout"   answer only after `delay` seconds (longer than the client's timeout)
- "5xx"       HTTP 503
- "429"       HTTP 429 with Retry-After (the gateway's limit)
- "rate_code" the vendor's own rate-limit answer (飞书 11232, 企业微信 45009, 钉钉 130101,
              Slack's 429), which "ok" also gives past the documented `limit`
- "vendor_error" a permanent vendor error (a deleted bot, an archived channel)

Documentation, per vendor (the same pages as the modules under mubiao/notify/vendors/):
- 飞书 https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
- 企业微信 https://developer.work.weixin.qq.com/document/path/91770 and /90313
- 钉钉 https://open.dingtalk.com/document/orgapp/customize-robot-security-settings and
  https://open.dingtalk.com/document/orgapp/custom-robots-send-group-messages
- Slack https://api.slack.com/messaging/webhooks, https://api.slack.com/apis/rate-limits,
  https://api.slack.com/reference/block-kit/blocks
"""

import base64
import hashlib
import hmac
import json
import time
from urllib.parse import parse_qs, urlsplit

from tests.loopback import Loopback, QuietHandler

ONE_HOUR = 3600


class Receiver(Loopback):
    """One endpoint; `requests` lists what it received (path, headers, raw body)."""

    path = "/"
    # The vendor's documented rate limit for one bot: (messages, seconds).
    limit: tuple[int, float] | None = None
    rate_code_body: dict = {}
    vendor_error_body: dict = {}

    def __init__(self, *, secret: str = "", delay: float = 1.0):
        self.secret = secret
        self.delay = delay
        self.mode = "ok"
        self.requests: list[tuple[str, dict, bytes]] = []
        self.accepted: list[dict] = []
        self.arrivals: list[float] = []
        receiver = self

        class Handler(QuietHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                headers = dict(self.headers.items())
                receiver.requests.append((self.path, headers, body))
                status, extra, answer = receiver.respond(self.path, headers, body)
                if status == 0:
                    return  # the client gave up; nothing to write to
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.serve(Handler)

    @property
    def url(self) -> str:
        return self.base + self.path

    def respond(self, path: str, headers: dict, body: bytes) -> tuple[int, dict, bytes]:
        if self.mode == "timeout":
            time.sleep(self.delay)
            return 0, {}, b""
        if self.mode == "5xx":
            return 503, {"Content-Type": "text/plain"}, b"upstream unavailable"
        if self.mode == "429":
            return 429, {"Retry-After": "7", "Content-Type": "text/plain"}, b"rate_limited"
        if self.mode == "rate_code" or self.over_limit():
            return self.rate_limited()
        if self.mode == "vendor_error":
            return json_answer(self.vendor_error_body)
        return self.check(path, headers, body)

    def over_limit(self) -> bool:
        """Whether this request is one more than the vendor allows in its window."""
        now = time.monotonic()
        self.arrivals.append(now)
        if self.limit is None:
            return False
        count, per = self.limit
        return sum(1 for t in self.arrivals if t > now - per) > count

    def rate_limited(self) -> tuple[int, dict, bytes]:
        return json_answer(self.rate_code_body)

    def check(self, path: str, headers: dict, body: bytes) -> tuple[int, dict, bytes]:
        raise NotImplementedError


def json_answer(body: dict, status: int = 200) -> tuple[int, dict, bytes]:
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode()


def parse_json(body: bytes):
    try:
        return json.loads(body)
    except ValueError:
        return None


class FeishuReceiver(Receiver):
    """飞书 custom bot: `timestamp` + `sign` in the JSON body, an interactive card."""

    path = "/open-apis/bot/v2/hook/d3c1a7e0-1111-2222-3333-444455556666"
    # 100 a minute as well; a test cannot wait for that one.
    limit = (5, 1.0)
    rate_code_body = {"code": 11232, "data": {}, "msg": "frequency limited psm[lark.oapi]"}
    vendor_error_body = {"code": 19024, "data": {}, "msg": "Key Words Not Found"}

    def check(self, path, headers, body):
        if path != self.path:
            msg = "param invalid: incoming webhook access token invalid"
            return json_answer({"code": 19001, "data": {}, "msg": msg}, 400)
        data = parse_json(body)
        if not isinstance(data, dict):
            return json_answer({"code": 9499, "data": {}, "msg": "Bad Request"}, 400)
        if self.secret:
            timestamp, sign = str(data.get("timestamp", "")), str(data.get("sign", ""))
            # The documented recipe: HMAC-SHA256 keyed by timestamp + "\n" + secret, over
            # nothing, base64; and the timestamp within an hour of now.
            key = f"{timestamp}\n{self.secret}".encode()
            expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
            fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) <= ONE_HOUR
            if not fresh or not hmac.compare_digest(expected, sign):
                msg = "sign match fail or timestamp is not within one hour from current time"
                return json_answer({"code": 19021, "data": {}, "msg": msg})
        card = data.get("card")
        if data.get("msg_type") != "interactive" or not card_is_valid(card):
            return json_answer({"code": 9499, "data": {}, "msg": "Bad Request"})
        self.accepted.append(data)
        return json_answer({"code": 0, "data": {}, "msg": "success"})


def card_is_valid(card) -> bool:
    if not isinstance(card, dict):
        return False
    title = card.get("header", {}).get("title", {})
    if title.get("tag") != "plain_text" or not isinstance(title.get("content"), str):
        return False
    for element in card.get("elements", []):
        if element.get("tag") == "div":
            text = element.get("text", {})
            if text.get("tag") not in ("plain_text", "lark_md"):
                return False
        elif element.get("tag") == "action":
            for button in element.get("actions", []):
                if button.get("tag") != "button" or button["text"].get("tag") != "plain_text":
                    return False
                # A jump (url) or a post-back (value, an object sent back in the callback).
                if not (
                    isinstance(button.get("url"), str) or isinstance(button.get("value"), dict)
                ):
                    return False
        else:
            return False
    return True


class WecomReceiver(Receiver):
    """企业微信 group bot: the `key` in the URL, a markdown body of at most 4096 bytes."""

    path = "/cgi-bin/webhook/send"
    limit = (20, 60.0)
    rate_code_body = {"errcode": 45009, "errmsg": "api freq out of limit"}
    vendor_error_body = {"errcode": 93000, "errmsg": "invalid webhook url, hint: [1764]"}

    def __init__(self, *, key: str = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa", **kwargs):
        super().__init__(**kwargs)
        self.key = key

    @property
    def url(self) -> str:
        return f"{self.base}{self.path}?key={self.key}"

    def check(self, path, headers, body):
        parts = urlsplit(path)
        if parts.path != self.path or parse_qs(parts.query).get("key") != [self.key]:
            return json_answer({"errcode": 93000, "errmsg": "invalid webhook url"})
        data = parse_json(body)
        if not isinstance(data, dict) or data.get("msgtype") != "markdown":
            return json_answer({"errcode": 40008, "errmsg": "invalid message type"})
        content = data.get("markdown", {}).get("content")
        if not isinstance(content, str) or not content:
            return json_answer({"errcode": 44004, "errmsg": "empty content"})
        if len(content.encode()) > 4096:
            msg = "markdown.content exceed max length 4096"
            return json_answer({"errcode": 40058, "errmsg": msg})
        self.accepted.append(data)
        return json_answer({"errcode": 0, "errmsg": "ok"})


class DingtalkReceiver(Receiver):
    """钉钉 custom robot: access_token in the URL, `timestamp` (ms) + `sign` added when 加签."""

    path = "/robot/send"
    limit = (20, 60.0)
    rate_code_body = {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}
    vendor_error_body = {"errcode": 400102, "errmsg": "机器人已停用"}

    def __init__(self, *, token: str = "a1b2c3", **kwargs):
        super().__init__(**kwargs)
        self.token = token

    @property
    def url(self) -> str:
        return f"{self.base}{self.path}?access_token={self.token}"

    def check(self, path, headers, body):
        parts = urlsplit(path)
        query = parse_qs(parts.query)
        if parts.path != self.path or query.get("access_token") != [self.token]:
            return json_answer({"errcode": 300001, "errmsg": "token is not exist"})
        if self.secret:
            timestamp = (query.get("timestamp") or [""])[0]
            # parse_qs has already undone the URL-encoding of the documented recipe.
            sign = (query.get("sign") or [""])[0]
            fresh = timestamp.isdigit() and abs(time.time() - int(timestamp) / 1000) <= ONE_HOUR
            if not fresh:
                return json_answer({"errcode": 310000, "errmsg": "invalid timestamp"})
            string_to_sign = f"{timestamp}\n{self.secret}".encode()
            digest = hmac.new(self.secret.encode(), string_to_sign, hashlib.sha256).digest()
            if not hmac.compare_digest(base64.b64encode(digest).decode(), sign):
                return json_answer({"errcode": 310000, "errmsg": "sign not match"})
        data = parse_json(body)
        if not isinstance(data, dict) or not dingtalk_body_is_valid(data):
            return json_answer({"errcode": 40035, "errmsg": "缺少参数 json"})
        self.accepted.append(data)
        return json_answer({"errcode": 0, "errmsg": "ok"})


def dingtalk_body_is_valid(data: dict) -> bool:
    if data.get("msgtype") == "markdown":
        md = data.get("markdown", {})
        return bool(md.get("title")) and bool(md.get("text"))
    if data.get("msgtype") == "actionCard":
        card = data.get("actionCard", {})
        buttons = card.get("btns", [])
        return (
            bool(card.get("title"))
            and bool(card.get("text"))
            and bool(buttons)
            and all(b.get("title") and b.get("actionURL") for b in buttons)
        )
    return False


class SlackReceiver(Receiver):
    """Slack incoming webhook: the secret path, Block Kit, plain-text answers."""

    path = "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
    limit = (1, 1.0)

    def respond(self, path, headers, body):
        if self.mode == "vendor_error":
            return 410, {"Content-Type": "text/plain"}, b"channel_is_archived"
        return super().respond(path, headers, body)

    def rate_limited(self):
        # Slack's rate limit is the 429 itself.
        return 429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"rate_limited"

    def check(self, path, headers, body):
        if path != self.path:
            return 404, {"Content-Type": "text/plain"}, b"no_service"
        data = parse_json(body)
        if not isinstance(data, dict) or not (data.get("text") or data.get("blocks")):
            return 400, {"Content-Type": "text/plain"}, b"invalid_payload"
        if not blocks_are_valid(data.get("blocks", [])):
            return 400, {"Content-Type": "text/plain"}, b"invalid_blocks"
        self.accepted.append(data)
        return 200, {"Content-Type": "text/plain"}, b"ok"


def blocks_are_valid(blocks) -> bool:
    if not isinstance(blocks, list) or len(blocks) > 50:
        return False
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            text = block.get("text", {})
            if text.get("type") != "plain_text" or not 0 < len(text.get("text", "")) <= 150:
                return False
        elif kind == "section":
            text = block.get("text", {})
            if text.get("type") not in ("mrkdwn", "plain_text"):
                return False
            if len(text.get("text", "")) > 3000:
                return False
        elif kind == "actions":
            elements = block.get("elements", [])
            if not 0 < len(elements) <= 25:
                return False
            for button in elements:
                label = button.get("text", {})
                if button.get("type") != "button" or label.get("type") != "plain_text":
                    return False
                if not 0 < len(label.get("text", "")) <= 75:
                    return False
        else:
            return False
    return True


class WebhookReceiver(Receiver):
    """An integrator's endpoint following Mubiao's documented contract (vendors/webhook.py)."""

    path = "/hooks/mubiao"
    vendor_error_body = {"error": "gone"}

    def respond(self, path, headers, body):
        if self.mode == "vendor_error":
            return json_answer(self.vendor_error_body, 410)
        return super().respond(path, headers, body)

    def rate_limited(self):
        return 429, {"Retry-After": "30"}, b""

    def check(self, path, headers, body):
        headers = {name.lower(): value for name, value in headers.items()}
        expected = "sha256=" + hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, headers.get("x-mubiao-signature", "")):
            return json_answer({"error": "bad signature"}, 401)
        data = parse_json(body)
        if not isinstance(data, dict) or abs(time.time() - data.get("sent_at", 0)) > 300:
            return json_answer({"error": "stale"}, 401)
        if headers.get("x-mubiao-event") != data.get("event") or headers.get(
            "x-mubiao-delivery"
        ) != data.get("id"):
            return json_answer({"error": "headers do not match the body"}, 400)
        self.accepted.append(data)
        return 204, {}, b""


class FeishuAppReceiver(Receiver):
    """飞书 open platform for an app bot: tenant_access_token/internal answers a token for the
    right app_id and app_secret only; im/v1/messages wants that token as a Bearer,
    receive_id_type=chat_id, and `content` the card as a JSON *string* (a card object, or a
    card with no header, is refused with the platform's 230001 "invalid message content")."""

    app_id, app_secret, token = "cli_a5ca35a685b0x26e", "app-secret-xyz", "t-g1044qeGEDXTB6N"
    limit = (5, 1.0)
    rate_code_body = {"code": 11232, "data": {}, "msg": "frequency limited"}
    vendor_error_body = {"code": 230001, "data": {}, "msg": "invalid message content"}

    @property
    def url(self) -> str:
        return self.base

    def check(self, path, headers, body):
        data = parse_json(body)
        if not isinstance(data, dict):
            return json_answer({"code": 9499, "msg": "Bad Request"}, 400)
        if path == "/open-apis/auth/v3/tenant_access_token/internal":
            if (data.get("app_id"), data.get("app_secret")) != (self.app_id, self.app_secret):
                return json_answer({"code": 10014, "msg": "app secret invalid"}, 400)
            return json_answer({"code": 0, "msg": "ok", "tenant_access_token": self.token,
                                "expire": 7200})  # fmt: skip
        if path != "/open-apis/im/v1/messages?receive_id_type=chat_id":
            return json_answer({"code": 9499, "msg": "Bad Request"}, 404)
        if headers.get("Authorization") != f"Bearer {self.token}":
            return json_answer({"code": 99991663, "msg": "Invalid access token"}, 400)
        content = data.get("content")
        card = parse_json(content.encode()) if isinstance(content, str) else None
        if data.get("msg_type") != "interactive" or not card_is_valid(card):
            return json_answer(self.vendor_error_body, 400)
        self.accepted.append({**data, "card": card})
        return json_answer({"code": 0, "msg": "success", "data": {"message_id": "om_1"}})
