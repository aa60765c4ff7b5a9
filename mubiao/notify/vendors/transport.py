"""One HTTP POST to a vendor, never raising: what went wrong on the way becomes a Result."""

import ipaddress
import json
import re
import socket
from urllib.parse import urlsplit

import httpx

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


def encode(body: dict) -> bytes:
    """The exact bytes sent (and, for outgoing webhooks, signed): compact UTF-8 JSON; a lone
    surrogate (text no UTF-8 can carry) becomes "?" rather than an exception."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(errors="replace")


def endpoint_problem(url: str) -> str:
    """Why `url` cannot be a vendor's endpoint ("" when it can): checked before sending, so a
    typo in a channel's settings is a permanent error instead of a DNS failure retried for
    a day."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError as exc:
        return str(exc)
    if parts.scheme not in ("http", "https"):
        return "scheme"
    if not parts.hostname or re.search(r"[\s\x00-\x1f]", url):
        return "host"
    return ""


def _resolve(host: str) -> list[str]:
    """The addresses `host` resolves to (itself for an address), in the resolver's order."""
    found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0].split("%")[0] for info in found))


def _ip(address: str):
    ip = ipaddress.ip_address(address)
    return getattr(ip, "ipv4_mapped", None) or ip


def _is_private(address: str) -> bool:
    return not _ip(address).is_global


# Never a chat group's or an integrator's address, even where MUBIAO_NOTIFY_ALLOW_PRIVATE_
# ADDRESSES lets loopback and private ranges be used (tests, on-premises vendors): link-local,
# where the clouds' metadata services (credentials) answer: 169.254.169.254 (AWS, Azure,
# GCP, Tencent Cloud), fd00:ec2::254 (AWS over IPv6), and Alibaba Cloud's 100.100.100.200.
FORBIDDEN_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "100.100.100.200/32")
)


def _is_forbidden(address: str) -> bool:
    ip = _ip(address)
    return any(ip.version == n.version and ip in n for n in FORBIDDEN_NETWORKS)


def _addresses(url: str) -> list[str]:
    """What `url`'s host resolves to; none for a host that does not resolve (its send fails)."""
    try:
        return _resolve(urlsplit(url).hostname or "")
    except (OSError, UnicodeError, ValueError):
        return []


def private_address(url: str) -> bool:
    """Whether `url`'s host is, or resolves to, an address inside the server's own networks
    (loopback, link-local such as the cloud metadata service at 169.254.169.254, private
    ranges): a webhook there would let an organization's admin make the server call its own
    neighbours. A host that does not resolve is not known to be private (its send fails)."""
    return any(_is_private(a) for a in _addresses(url))


def forbidden_address(url: str) -> bool:
    """Whether `url`'s host is, or resolves to, a FORBIDDEN_NETWORKS address."""
    return any(_is_forbidden(a) for a in _addresses(url))


class RefusedAddress(httpx.RequestError):
    """The endpoint's name resolved, when the request was made, to an address inside the
    server's own networks: Mubiao's own refusal, nothing was sent."""


class Unresolved(httpx.ConnectError):
    """The endpoint's host name did not resolve (DNS): nothing was sent."""


class PinnedTransport(httpx.HTTPTransport):
    """Connects to the address the endpoint's name resolved to when it was checked, not to a
    second resolution: a name that answered with a public address when it was saved (or when
    checked a moment ago) and then with 127.0.0.1 or 169.254.169.254 (DNS rebinding) cannot
    turn a webhook into a request to the server's own network. The request keeps its Host
    header, and TLS its server name (SNI and certificate checks), so the vendor sees nothing
    different."""

    def __init__(self, *, allow_private: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.allow_private = allow_private

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        try:
            addresses = _resolve(host)
        except (OSError, UnicodeError) as exc:
            raise Unresolved(host, request=request) from exc
        if any(_is_forbidden(a) for a in addresses) or (
            not self.allow_private and any(_is_private(a) for a in addresses)
        ):
            raise RefusedAddress(host, request=request)
        if addresses[0] != host:
            request.url = request.url.copy_with(host=addresses[0])
            if request.url.scheme == "https":
                request.extensions = {**request.extensions, "sni_hostname": host}
        return super().handle_request(request)


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
        return Result.failure(REFUSED_ADDRESS, retryable=False, detail=str(exc))
    except Unresolved as exc:
        # A name may come back (a DNS outage): tried again like a failed connection.
        return Result.failure(UNRESOLVED, retryable=True, detail=str(exc))
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
    detail = response.text[:DETAIL_LIMIT]
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
            BAD_RESPONSE, retryable=status >= 400, status_code=status, detail=response.text[:200]
        )
    if code == 0 and status < 400:
        return Result.success(status)
    detail = str(body.get(message_key, ""))[:DETAIL_LIMIT]
    if error := retry_error(vendor, code, detail):
        return Result.failure(
            error, retryable=True, status_code=status, vendor_code=code, detail=detail
        )
    return Result.failure(
        REJECTED, retryable=False, status_code=status, vendor_code=code, detail=detail
    )
