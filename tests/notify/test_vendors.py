"""Each vendor channel against a loopback receiver that checks requests as the vendor does.

Every vendor × ok / wrong credential / expired timestamp / 429 / 5xx / timeout / the vendor's
error and rate-limit codes, and the signatures checked against worked examples computed by hand
(with openssl, not with Python) from each vendor's documented recipe.
"""

import socket
import time

import httpx
import pytest

from mubiao.notify import vendors
from mubiao.notify.messages import Line, Link, Message
from mubiao.notify.vendors import dingtalk, feishu, slack, webhook, wecom
from mubiao.notify.vendors.rules import (
    CONNECTION,
    INVALID_CONFIG,
    RATE_LIMITED,
    REJECTED,
    SERVER_ERROR,
    TIMEOUT,
    limiter_for,
)
from mubiao.notify.vendors.transport import redacted

from .receivers import (
    DingtalkReceiver,
    FeishuReceiver,
    SlackReceiver,
    WebhookReceiver,
    WecomReceiver,
)

SECRET = "SEC-loopback-secret"


def message(**overrides) -> Message:
    fields = {
        "kind": "reminder",
        "language": "zh-hans",
        "title": "本周请更新你的关键结果",
        "lines": [
            Line("新客户数 12 → 20", "https://okr.example.com/kr/1", "at_risk"),
            Line("续约率 90%", "", "on_track"),
        ],
        "links": [Link("一键更新", "https://okr.example.com/t/abc"), Link("打开目标", "https://okr.example.com/")],
        "recipient_name": "王芳",
    }  # fmt: skip
    return Message(**{**fields, **overrides})


@pytest.fixture
def client():
    with httpx.Client(timeout=2.0, trust_env=False) as c:
        yield c


def signed(receiver):
    return {"url": receiver.url, "secret": SECRET}


def unsigned(receiver):
    return {"url": receiver.url}


# vendor name → (receiver factory, config for that receiver)
CASES = {
    "feishu": (lambda: FeishuReceiver(secret=SECRET), signed),
    "wecom": (lambda: WecomReceiver(), unsigned),
    "dingtalk": (lambda: DingtalkReceiver(secret=SECRET), signed),
    "slack": (lambda: SlackReceiver(), unsigned),
    "webhook": (lambda: WebhookReceiver(secret=SECRET), signed),
}
VENDORS = sorted(CASES)


def deliver(vendor, receiver, client, config=None, **kwargs):
    config = config if config is not None else CASES[vendor][1](receiver)
    return vendors.send(vendor, config, message(), client=client, delivery_id="dlv-1", **kwargs)


@pytest.mark.parametrize("vendor", VENDORS)
def test_delivered_and_accepted(vendor, client):
    with CASES[vendor][0]() as receiver:
        result = deliver(vendor, receiver, client)
    assert result.ok, result
    assert 200 <= result.status_code < 300 and not result.error
    assert len(receiver.accepted) == 1


def test_unsigned_bots_send_no_signature(client):
    with FeishuReceiver() as fs, DingtalkReceiver() as dt:
        assert feishu.send({"url": fs.url}, message(), client=client).ok
        assert dingtalk.send({"url": dt.url}, message(), client=client).ok
    assert "sign" not in fs.accepted[0] and "timestamp" not in fs.accepted[0]
    assert "sign=" not in dt.requests[0][0]


# The wrong credential: a wrong secret where the vendor signs, a wrong key or path in the URL
# where the URL is the credential. The vendor's answer, permanent.
WRONG = {
    "feishu": (lambda r: {"url": r.url, "secret": "not-it"}, 19021),
    "dingtalk": (lambda r: {"url": r.url, "secret": "not-it"}, 310000),
    "webhook": (lambda r: {"url": r.url, "secret": "not-it"}, None),
    "wecom": (lambda r: {"url": r.url.replace("key=", "key=x")}, 93000),
    "slack": (lambda r: {"url": r.url[:-3] + "YYY"}, "no_service"),
}


@pytest.mark.parametrize("vendor", VENDORS)
def test_wrong_credential_is_refused_for_good(vendor, client):
    config, code = WRONG[vendor]
    with CASES[vendor][0]() as receiver:
        result = deliver(vendor, receiver, client, config(receiver))
    assert not result.ok and not result.retryable
    assert result.error == REJECTED
    assert result.vendor_code == code
    assert receiver.accepted == []


@pytest.mark.parametrize(
    "vendor, age", [("feishu", 2 * 3600), ("dingtalk", 2 * 3600), ("webhook", 600)]
)
def test_expired_timestamp_is_refused(vendor, age, client):
    with CASES[vendor][0]() as receiver:
        result = deliver(vendor, receiver, client, now=time.time() - age)
        fresh = deliver(vendor, receiver, client, now=time.time() - 60)
    assert not result.ok and not result.retryable and result.error == REJECTED
    assert fresh.ok
    assert len(receiver.accepted) == 1


@pytest.mark.parametrize("vendor", VENDORS)
def test_429_is_retryable_after_the_vendors_wait(vendor, client):
    with CASES[vendor][0]() as receiver:
        receiver.mode = "429"
        result = deliver(vendor, receiver, client)
    assert (result.ok, result.retryable, result.error) == (False, True, RATE_LIMITED)
    assert result.status_code == 429 and result.retry_after == 7.0


@pytest.mark.parametrize("vendor", VENDORS)
def test_5xx_is_retryable(vendor, client):
    with CASES[vendor][0]() as receiver:
        receiver.mode = "5xx"
        result = deliver(vendor, receiver, client)
    assert (result.ok, result.retryable, result.error) == (False, True, SERVER_ERROR)
    assert result.status_code == 503
    assert result.vendor_code is None  # a proxy's error page is no vendor code


@pytest.mark.parametrize("vendor", VENDORS)
def test_timeout_is_retryable_and_does_not_raise(vendor):
    with CASES[vendor][0]() as receiver, httpx.Client(timeout=0.2, trust_env=False) as quick:
        receiver.mode = "timeout"
        receiver.delay = 2.0
        started = time.monotonic()
        result = deliver(vendor, receiver, quick)
    # The client gives up at 0.2 s; the receiver would answer at 2 s. The margin is wide so
    # that a busy CI machine cannot make this fail.
    assert time.monotonic() - started < 1.5
    assert (result.ok, result.retryable, result.error) == (False, True, TIMEOUT)


@pytest.mark.parametrize("vendor", VENDORS)
def test_refused_connection_is_retryable(vendor, client):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = {"url": f"http://127.0.0.1:{port}/hook", "secret": SECRET}
    result = vendors.send(vendor, config, message(), client=client)
    assert (result.ok, result.retryable, result.error) == (False, True, CONNECTION)


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("url", ["", "ftp://example.com/x", "http://exa mple.com:99999/"])
def test_bad_config_is_permanent(vendor, url, client):
    result = vendors.send(vendor, {"url": url, "secret": SECRET}, message(), client=client)
    assert (result.ok, result.retryable, result.error) == (False, False, INVALID_CONFIG)


# The vendor's own permanent error and its own rate-limit answer.
VENDOR_CODES = {
    "feishu": (19024, 11232),
    "wecom": (93000, 45009),
    "dingtalk": (400102, 130101),
    "slack": ("channel_is_archived", "rate_limited"),
    "webhook": (None, None),
}


@pytest.mark.parametrize(
    ("mode", "code_index", "retryable", "error"),
    [("vendor_error", 0, False, REJECTED), ("rate_code", 1, True, RATE_LIMITED)],
    ids=["vendor_error_is_permanent", "rate_limit_code_is_retryable"],
)
@pytest.mark.parametrize("vendor", VENDORS)
def test_vendor_answer_code(vendor, mode, code_index, retryable, error, client):
    with CASES[vendor][0]() as receiver:
        receiver.mode = mode
        result = deliver(vendor, receiver, client)
    assert (result.ok, result.retryable, result.error) == (False, retryable, error)
    assert result.vendor_code == VENDOR_CODES[vendor][code_index]


@pytest.mark.parametrize(
    "body", [b"<html>bad gateway</html>", b'{"unexpected": true}', b'{"code": [], "errcode": {}}']
)
@pytest.mark.parametrize("vendor", ["feishu", "wecom", "dingtalk"])
def test_unreadable_answer_is_not_taken_for_success(vendor, body, client):
    receivers = {"feishu": FeishuReceiver, "wecom": WecomReceiver, "dingtalk": DingtalkReceiver}

    class Odd(receivers[vendor]):
        def check(self, path, headers, raw):
            return 200, {"Content-Type": "text/html"}, body

    with Odd() as receiver:
        result = deliver(vendor, receiver, client, CASES[vendor][1](receiver))
    assert not result.ok and result.error == "bad_response"


def test_webhook_headers_and_body(client):
    with WebhookReceiver(secret=SECRET) as receiver:
        result = vendors.send(
            "webhook", {"url": receiver.url, "secret": SECRET}, message(), client=client,
            delivery_id="0b6f-42",
        )  # fmt: skip
    assert result.ok
    _, headers, raw = receiver.requests[0]
    assert headers["X-Mubiao-Event"] == "reminder"
    assert headers["X-Mubiao-Delivery"] == "0b6f-42"
    assert webhook.verify(SECRET, raw, headers["X-Mubiao-Signature"])
    event = receiver.accepted[0]
    assert event["id"] == "0b6f-42" and event["title"] == "本周请更新你的关键结果"
    assert event["lines"][0] == {
        "text": "新客户数 12 → 20",
        "url": "https://okr.example.com/kr/1",
        "status": "at_risk",
        # A hand-made message names no rows: the ids are there, null.
        "objective_id": None,
        "key_result_id": None,
        "comment_id": None,
    }


def test_webhook_needs_a_secret(client):
    result = webhook.send({"url": "http://127.0.0.1:9/"}, message(), client=client)
    assert (result.ok, result.error) == (False, INVALID_CONFIG)


# Worked examples: computed by hand from each vendor's documented recipe with openssl (an
# implementation independent of the code under test), the commands shown beside them.


def test_feishu_signature_worked_example():
    # Timestamp from 飞书's own example; key = timestamp + "\n" + secret, message empty:
    # printf '' | openssl dgst -sha256 -hmac "$(printf '1599360473\ndemo-secret')" -binary | base64
    assert feishu.sign("demo-secret", 1599360473) == "3/MaVZ8JLIy4TUG+7KSFJqvUkTKd+HWY8g+56DZWq8s="


def test_dingtalk_signature_worked_example():
    # Secret from 钉钉's own example ("this is secret"), key = secret, message = ts + "\n" + secret:
    # printf '1577262236757\nthis is secret' | openssl dgst -sha256 -hmac 'this is secret' \
    #   -binary | base64   →   hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=, then URL-encoded.
    expected = "hmPWwU%2B7lVdm3ZZz0r9tSfx0L4Q26jWOZr9%2BGs6EZQM%3D"
    assert dingtalk.sign("this is secret", 1577262236757) == expected
    url = "https://oapi.dingtalk.com/robot/send?access_token=T"
    assert dingtalk.signed_url(url, "this is secret", 1577262236757) == (
        f"{url}&timestamp=1577262236757&sign={expected}"
    )


SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # the signing secret of Slack's example
SLACK_BODY = b"token=xyzz0WbapA4vBCDEbOTKy9FqeL4Ic&team_id=T1DC2JH3J&text=hello"
# printf 'v0:1531420618:token=xyzz0WbapA4vBCDEbOTKy9FqeL4Ic&team_id=T1DC2JH3J&text=hello' \
#   | openssl dgst -sha256 -hmac '8f742231b10e8888abcd99yyyzzz85a5'
SLACK_SIGNATURE = "v0=b3dcc542a773d78804e155825bda56f95af6ca1535c1ef41f1da3c997568ec44"


def slack_headers(signature=SLACK_SIGNATURE, timestamp="1531420618"):
    return {"X-Slack-Signature": signature, "X-Slack-Request-Timestamp": timestamp}


def test_slack_request_verification_worked_example():
    now = 1531420618 + 30
    assert slack.verify_request(SLACK_SECRET, SLACK_BODY, slack_headers(), now=now)
    assert not slack.verify_request(SLACK_SECRET, SLACK_BODY + b"x", slack_headers(), now=now)
    assert not slack.verify_request("another", SLACK_BODY, slack_headers(), now=now)
    # Older than Slack's five minutes: a replay.
    assert not slack.verify_request(SLACK_SECRET, SLACK_BODY, slack_headers(), now=now + 300)
    not_a_time = slack_headers(timestamp="soon")
    assert not slack.verify_request(SLACK_SECRET, SLACK_BODY, not_a_time, now=now)
    assert not slack.verify_request(SLACK_SECRET, SLACK_BODY, {}, now=now)
    assert not slack.verify_request("", SLACK_BODY, slack_headers(), now=now)


def test_webhook_signature_worked_example():
    body = b'{"id":"d1","event":"test","sent_at":1764441600}'
    # printf '{"id":"d1","event":"test","sent_at":1764441600}' \
    #   | openssl dgst -sha256 -hmac whsec-demo
    expected = "sha256=b4193ab0d27295ae4497daf8c60087d4dddc811d21ed6d6244f0a1dc7d309213"
    assert webhook.sign("whsec-demo", body) == expected
    assert webhook.verify("whsec-demo", body, expected, now=1764441600 + 299)
    assert not webhook.verify("whsec-demo", body, expected, now=1764441600 + 301)
    assert not webhook.verify("whsec-demo", body.replace(b"d1", b"d2"), expected, now=1764441600)
    assert not webhook.verify("other", body, expected, now=1764441600)
    assert not webhook.verify("whsec-demo", body, None, now=1764441600)
    assert not webhook.verify("whsec-demo", b"not json", webhook.sign("whsec-demo", b"not json"))


def test_wecom_long_digest_fits_4096_bytes_and_keeps_its_links(client):
    lines = [
        Line(
            f"第{i}个关键结果：本周新增客户数达到目标的一半" * 3, f"https://okr.example.com/kr/{i}"
        )
        for i in range(200)
    ]
    long = message(lines=lines)
    content = wecom.build(long)["markdown"]["content"]
    assert len(content.encode()) <= 4096
    assert "https://okr.example.com/t/abc" in content  # the one-tap link survives the cut
    assert "\n…\n" in content
    with WecomReceiver() as receiver:
        assert wecom.send({"url": receiver.url}, long, client=client).ok


def test_slack_long_digest_stays_within_block_kit_limits(client):
    lines = [Line("x" * 400, f"https://okr.example.com/kr/{i}") for i in range(100)]
    links = [Link(f"Link {i}" * 20, f"https://okr.example.com/{i}") for i in range(30)]
    long = message(title="T" * 400, lines=lines, links=links)
    with SlackReceiver() as receiver:
        assert slack.send({"url": receiver.url}, long, client=client).ok
    blocks = receiver.accepted[0]["blocks"]
    assert len(blocks[0]["text"]["text"]) == 150
    assert blocks[1]["text"]["text"].endswith("\n…")


def test_lines_past_the_limit_end_with_an_ellipsis():
    many = message(lines=[Line(f"KR {i}") for i in range(40)], links=[])
    assert feishu.build(many)["elements"][0]["text"]["content"].endswith("KR 29\n…")
    assert dingtalk.build(many)["markdown"]["text"].endswith("KR 29\n…")


@pytest.mark.parametrize("vendor", ["feishu", "wecom", "dingtalk", "slack"])
def test_past_the_documented_limit_the_vendor_says_so(vendor, client):
    with CASES[vendor][0]() as receiver:
        count = receiver.limit[0]
        results = [deliver(vendor, receiver, client) for _ in range(count + 1)]
    assert all(r.ok for r in results[:count])
    last = results[-1]
    assert (last.ok, last.retryable, last.error) == (False, True, RATE_LIMITED)
    assert last.vendor_code == VENDOR_CODES[vendor][1]


@pytest.mark.parametrize("vendor", ["feishu", "wecom", "dingtalk", "slack"])
def test_a_sender_keeping_to_the_limiter_is_never_refused(vendor, client):
    limiter = limiter_for(vendor)
    with CASES[vendor][0]() as receiver:
        results = [
            deliver(vendor, receiver, client)
            for _ in range(receiver.limit[0] + 5)
            if limiter.try_take(time.monotonic()) == 0.0
        ]
    assert results and all(r.ok for r in results)


def test_connection_errors_in_the_log_do_not_show_the_credential():
    url = "http://127.0.0.1:9/cgi-bin/webhook/send?key=693a91f6-secret"
    exc = httpx.ConnectError(f"cannot reach {url} (/cgi-bin/webhook/send, key=693a91f6-secret)")
    detail = redacted(exc, url)
    assert "693a91f6" not in detail and "webhook/send" not in detail
    assert detail.startswith("cannot reach")


FEISHU_CALLBACK = b'{"schema":"2.0","event":{"action":{"value":{"kr":"42"}}}}'
# timestamp + nonce + Encrypt Key + body, hex SHA-256:
# printf '%s' '1764441600n0nc3-abcdemo-encrypt-key' \
#   '{"schema":"2.0","event":{"action":{"value":{"kr":"42"}}}}' | openssl dgst -sha256
FEISHU_CALLBACK_SIGNATURE = "0da41e15381ab2be0da7fbfd3b6d66eb382aef881573a1ccd2284da6fd2a111d"


def feishu_headers(**overrides):
    return {
        "X-Lark-Request-Timestamp": "1764441600",
        "X-Lark-Request-Nonce": "n0nc3-abc",
        "X-Lark-Signature": FEISHU_CALLBACK_SIGNATURE,
        **overrides,
    }


def test_feishu_callback_verification_worked_example():
    now, key = 1764441600 + 10, "demo-encrypt-key"
    assert feishu.verify_callback(key, FEISHU_CALLBACK, feishu_headers(), now=now)
    assert not feishu.verify_callback(key, FEISHU_CALLBACK + b" ", feishu_headers(), now=now)
    assert not feishu.verify_callback("other", FEISHU_CALLBACK, feishu_headers(), now=now)
    nonce = feishu_headers(**{"X-Lark-Request-Nonce": "n0nc3-abd"})
    assert not feishu.verify_callback(key, FEISHU_CALLBACK, nonce, now=now)
    assert not feishu.verify_callback(key, FEISHU_CALLBACK, feishu_headers(), now=now + 400)
    assert not feishu.verify_callback(key, FEISHU_CALLBACK, {}, now=now)
    assert not feishu.verify_callback("", FEISHU_CALLBACK, feishu_headers(), now=now)


@pytest.mark.parametrize("timestamp", ["²", "１７６４４４１６００", "1764441600²", "٤", "-1", ""])
def test_feishu_callback_timestamp_in_other_digits_is_refused_not_raised(timestamp):
    """str.isdigit() took `²` (int() then raised: a 500 for anyone posting to the callback)
    and full-width digits (read as the same time): a timestamp is ASCII digits (id_sets.is_id)."""
    headers = feishu_headers(**{"X-Lark-Request-Timestamp": timestamp})
    assert not feishu.verify_callback("demo-encrypt-key", FEISHU_CALLBACK, headers, now=1764441610)


@pytest.mark.parametrize("vendor", VENDORS)
def test_text_no_utf8_can_carry_is_sent_not_raised(vendor, client):
    odd = message(
        title="目标\ud800",
        lines=[Line("\udfff KR", "https://okr.example.com/kr/\ud800")],
        links=[Link("\ud800", "https://okr.example.com/\udfff")],
    )
    with CASES[vendor][0]() as receiver:
        config = CASES[vendor][1](receiver)
        result = vendors.send(vendor, config, odd, client=client, delivery_id="d")
    assert result.ok, result
