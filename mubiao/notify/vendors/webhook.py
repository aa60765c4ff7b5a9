"""Outgoing webhooks for integrators: every notification as a signed JSON event.

The request, for a receiver to rely on:

    POST <endpoint URL>
    Content-Type: application/json; charset=utf-8
    X-Mubiao-Event: comment                      (the message kind; notify.messages.KINDS)
    X-Mubiao-Delivery: 3f1c...                   (the same on every retry: deduplicate on it)
    X-Mubiao-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed by the endpoint secret>

    {"id": "3f1c...", "event": "comment", "sent_at": 1764441600, "language": "zh-hans",
     "objective_id": 12, "key_result_id": 34, "comment_id": 56, "actor_id": 7,
     "title": "...", "recipient": "...", "lines": [{"text": "...", "url": "...",
     "status": "at_risk", "objective_id": 12, "key_result_id": 34, "comment_id": 56}],
     "links": [{"label": "...", "url": "..."}]}

The ids (the objective, key result, comment and acting member the event is about; each line's
own for a digest or reminder) are null where there is none: a cycle's news, the system.

Texts are as written (JSON needs no escaping); a receiver that displays them escapes them for
its own markup. `sent_at` (Unix seconds) changes on a retry, the delivery id does not. A 2xx
answer is success; 408, 429 (with Retry-After) and 5xx are tried again later with back-off;
any other answer, a redirect included, is a refusal of that delivery.

A receiver checks a request with `verify` (or its own few lines: HMAC-SHA256 over the bytes
exactly as received, compared in constant time, then `sent_at` within five minutes).
"""

import hashlib
import hmac
import json
import time

import httpx

from mubiao.notify.messages import Message

from . import text
from .rules import INVALID_CONFIG, REJECTED, SERVER_ERROR, Result
from .transport import answer_text, encode, http_failure, post

SIGNATURE_HEADER = "X-Mubiao-Signature"
EVENT_HEADER = "X-Mubiao-Event"
DELIVERY_HEADER = "X-Mubiao-Delivery"
TOLERANCE = 300
# The ids of what an event is about, at the top of its body (null when it has none).
EVENT_IDS = ("objective_id", "key_result_id", "comment_id", "actor_id")


def build(message: Message, *, delivery_id: str = "", now: float | None = None) -> dict:
    return {
        "id": delivery_id,
        "event": message.kind,
        "sent_at": int(time.time() if now is None else now),
        "language": message.language,
        "title": message.title,
        "recipient": message.recipient_name,
        **{key: message.ids.get(key) for key in EVENT_IDS},
        "lines": [
            {
                "text": line.text,
                "url": text.safe_url(line.url),
                "status": line.status,
                "objective_id": line.objective_id,
                "key_result_id": line.key_result_id,
                "comment_id": line.comment_id,
            }
            for line in message.lines
        ],
        "links": [
            {"label": link.label, "url": url}
            for link in message.links
            if (url := text.safe_url(link.url))
        ],
    }


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(
    secret: str,
    body: bytes,
    signature: str | None,
    *,
    now: float | None = None,
    tolerance: float = TOLERANCE,
) -> bool:
    """Whether `body` (the raw bytes received) was signed with `secret` and sent within
    `tolerance` seconds of `now`: a replayed old request is refused too."""
    if not secret or not signature:
        return False
    if not hmac.compare_digest(sign(secret, body).encode(), signature.strip().encode()):
        return False
    try:
        sent_at = float(json.loads(body)["sent_at"])
    except (ValueError, KeyError, TypeError):
        return False
    return abs((time.time() if now is None else now) - sent_at) <= tolerance


def send(
    config: dict,
    message: Message,
    *,
    client: httpx.Client,
    now: float | None = None,
    delivery_id: str = "",
) -> Result:
    """config: `url`, `secret` (the endpoint's own; required: an unsigned event is useless to a
    receiver that must check where it came from)."""
    url, secret = config.get("url") or "", config.get("secret") or ""
    if not url or not secret:
        return Result.failure(
            INVALID_CONFIG, retryable=False, detail="url" if not url else "secret"
        )
    body = encode(build(message, delivery_id=delivery_id, now=now))
    headers = {
        SIGNATURE_HEADER: sign(secret, body),
        EVENT_HEADER: message.kind,
        DELIVERY_HEADER: delivery_id,
    }
    response = post(client, url, body, headers)
    if isinstance(response, Result):
        return response
    if 200 <= response.status_code < 300:
        return Result.success(response.status_code)
    failed = http_failure(response)
    if failed:
        return failed
    detail = answer_text(response, response.text)
    if response.status_code == 408:
        return Result.failure(SERVER_ERROR, retryable=True, status_code=408, detail=detail)
    return Result.failure(
        REJECTED, retryable=False, status_code=response.status_code, detail=detail
    )
