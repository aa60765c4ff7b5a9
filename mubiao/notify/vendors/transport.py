"""One HTTP POST to a vendor, never raising: what went wrong on the way becomes a Result."""

import json
from urllib.parse import urlsplit

import httpx

from mubiao.outbound import guard
from mubiao.outbound.addresses import address_problem as endpoint_problem
from mubiao.outbound.transports import RefusedAddress, Unresolved

from .rules import (
    BAD_RESPONSE,
    CONNECTION,
    INVALID_CONFIG,
    RATE_LIMITED,
    REFUSED_ADDRESS,
    REJECTED,
    SERVER_ERROR,
    TIMEOUT,
    UNRESOLVED,
    Result,
    parse_retry_after,
    retry_error,
)

# Enough of a vendor's answer for the delivery log; their error bodies are a line or two.
DETAIL_LIMIT = 500


# The chat vendors' documented webhook hosts: their answers' words are shown in the delivery
# log. Any other host (a webhook, a proxy, an address an admin typed) may answer with an
# intranet service's secrets: only its status and our own label are kept (outbound.speaks_for).
VENDOR_HOSTS = frozenset(
    {
        "open.feishu.cn",
        "open.larksuite.com",
        "qyapi.weixin.qq.com",
        "oapi.dingtalk.com",
        "hooks.slack.com",
    }
)


def answer_text(response: httpx.Response, text: str) -> str:
    """`text`, read from `response`, when the host that answered may be quoted; else ""."""
    try:
        url = str(response.request.url)
    except RuntimeError:  # a response made without a request: nothing to vouch for it
        return ""
    return text[:DETAIL_LIMIT] if guard.speaks_for(url, VENDOR_HOSTS) else ""


def encode(body: dict) -> bytes:
    """The exact bytes sent (and, for outgoing webhooks, signed): compact UTF-8 JSON; a lone
    surrogate (text no UTF-8 can carry) becomes "?" rather than an exception."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(errors="replace")


def post(
    client: httpx.Client, url: str, content: bytes, headers: dict | None = None
) -> httpx.Response | Result:
    """The response, or the Result for a request that got no HTTP answer at all."""
    if problem := endpoint_problem(url):
        return Result.failure(INVALID_CONFIG, retryable=False, detail=problem)
    try:
        return client.post(
            url,
            content=content,
            headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
        )
    except httpx.TimeoutException as exc:
        return Result.failure(TIMEOUT, retryable=True, detail=type(exc).__name__)
    except RefusedAddress as exc:
        return Result.failure(REFUSED_ADDRESS, retryable=False, detail=exc.refused.host)
    except Unresolved as exc:
        # A name may come back (a DNS outage): tried again like a failed connection.
        return Result.failure(UNRESOLVED, retryable=True, detail=exc.host)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        return Result.failure(INVALID_CONFIG, retryable=False, detail=redacted(exc, url))
    except httpx.HTTPError as exc:
        return Result.failure(CONNECTION, retryable=True, detail=redacted(exc, url))


def redacted(exc: Exception, url: str) -> str:
    """The error for the delivery log without the endpoint's path and query: for 企业微信,
    钉钉 and Slack they are the credential, which is never shown again."""
    detail = str(exc)
    parts = urlsplit(url)
    for secret in sorted({url, parts.path, parts.query} - {"", "/"}, key=len, reverse=True):
        detail = detail.replace(secret, "…")
    return detail[:DETAIL_LIMIT]


def http_failure(response: httpx.Response) -> Result | None:
    """The Result for a 429 or 5xx answer, whatever the vendor; None for other statuses."""
    status = response.status_code
    detail = answer_text(response, response.text)
    if status == 429:
        return Result.failure(
            RATE_LIMITED,
            retryable=True,
            status_code=status,
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
            detail=detail,
        )
    if status >= 500:
        return Result.failure(SERVER_ERROR, retryable=True, status_code=status, detail=detail)
    return None


def json_code(
    response: httpx.Response,
    code_key: str,
    message_key: str,
    *,
    vendor: str,
) -> Result:
    """Map the `{code_key: 0, ...}` bodies of 飞书 (`code`/`msg`) and 企业微信/钉钉
    (`errcode`/`errmsg`): 0 is success; a code rules.retry_error names is retryable; any
    other code is permanent."""
    failed = http_failure(response)
    if failed:
        return failed
    status = response.status_code
    try:
        body = response.json()
        code = body[code_key]
        if not isinstance(code, int):
            raise TypeError(code_key)
    except (ValueError, KeyError, TypeError):
        return Result.failure(
            BAD_RESPONSE,
            retryable=status >= 400,
            status_code=status,
            detail=answer_text(response, response.text[:200]),
        )
    if code == 0 and status < 400:
        return Result.success(status)
    said = str(body.get(message_key, ""))[:DETAIL_LIMIT]
    detail = answer_text(response, said)
    if error := retry_error(vendor, code, said):
        return Result.failure(
            error, retryable=True, status_code=status, vendor_code=code, detail=detail
        )
    return Result.failure(
        REJECTED, retryable=False, status_code=status, vendor_code=code, detail=detail
    )
