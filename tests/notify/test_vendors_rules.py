"""The pure rules of the vendor channels: token buckets per vendor limit, back-off, Retry-After."""

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mubiao.notify.vendors.rules import (
    LIMITS,
    RateLimiter,
    Result,
    TokenBucket,
    backoff,
    limiter_for,
    parse_retry_after,
    retry_delay,
)

# Arrival times: how often the worker asks to send, in seconds since it started.
arrivals = st.lists(st.floats(min_value=0, max_value=300, allow_nan=False), max_size=300).map(
    sorted
)


def taken(limiter: RateLimiter, times: list[float]) -> list[float]:
    return [t for t in times if limiter.try_take(t) == 0.0]


def most_in_a_window(times: list[float], width: float) -> int:
    """The largest number of `times` in any half-open window [t, t + width)."""
    best, start = 0, 0
    for end, t in enumerate(times):
        while times[start] <= t - width:
            start += 1
        best = max(best, end - start + 1)
    return best


@given(times=arrivals, count=st.integers(2, 120), per=st.sampled_from([1.0, 60.0]))
def test_at_most_never_lets_more_through_in_any_window(times, count, per):
    sent = taken(RateLimiter([TokenBucket.at_most(count, per)]), times)
    assert most_in_a_window(sent, per) <= count


@given(times=arrivals)
@settings(max_examples=200)
def test_feishu_limiter_keeps_both_of_its_limits(times):
    sent = taken(limiter_for("feishu"), times)
    assert most_in_a_window(sent, 1.0) <= 5
    assert most_in_a_window(sent, 60.0) <= 100


@pytest.mark.parametrize(
    "vendor, count, per", [("wecom", 20, 60.0), ("dingtalk", 20, 60.0), ("feishu", 100, 60.0)]
)
def test_a_steady_sender_keeps_each_documented_limit(vendor, count, per):
    # Someone asking every 10 ms for ten minutes.
    sent = taken(limiter_for(vendor), [i / 100 for i in range(60_000)])
    assert most_in_a_window(sent, per) <= count
    # ... and is still served: half the limit is the long-run rate.
    assert len(sent) >= 10 * count // 2


def test_slack_allows_one_a_second_with_a_short_burst():
    sent = taken(limiter_for("slack"), [i / 100 for i in range(1000)])
    assert 10 <= len(sent) <= 11


@given(times=arrivals, count=st.integers(2, 50), per=st.sampled_from([1.0, 60.0]))
def test_waiting_the_answer_is_enough(times, count, per):
    limiter = RateLimiter([TokenBucket.at_most(count, per), TokenBucket.at_most(5, 1)])
    clock = 0.0
    for t in times:
        clock = max(clock, t)
        wait = limiter.try_take(clock)
        if wait:
            assert math.isfinite(wait) and wait > 0
            clock += wait + 1e-9
            assert limiter.try_take(clock) == 0.0


def test_refused_take_takes_nothing_from_the_other_buckets():
    roomy, tight = TokenBucket.at_most(100, 60), TokenBucket.at_most(2, 60)
    limiter = RateLimiter([roomy, tight])
    assert limiter.try_take(0) == 0.0
    assert limiter.try_take(0) > 0
    assert roomy.tokens == 49  # one token, for the one message sent


def test_every_vendor_has_a_limit():
    assert set(LIMITS) == {"feishu", "wecom", "dingtalk", "slack", "webhook"}
    with pytest.raises(ValueError):
        TokenBucket.at_most(1, 1)


@given(attempt=st.integers(0, 40), seed=st.integers())
def test_backoff_is_jittered_within_the_exponential_step(attempt, seed):
    step = min(6 * 3600.0, 30.0 * 2**attempt)
    delay = backoff(attempt, rng=random.Random(seed))
    assert step / 2 <= delay <= step


def test_backoff_grows_then_stops_at_the_cap():
    rng = random.Random(7)
    delays = [backoff(a, rng=rng) for a in range(15)]
    # Every retry waits longer than half the step, so the waits at least roughly double.
    assert all(delays[a + 2] > delays[a] for a in range(8))
    assert max(delays) <= 6 * 3600
    assert delays[-1] >= 3 * 3600


def test_backoff_spreads_channels_that_failed_together():
    rng = random.Random(1)
    assert len({round(backoff(3, rng=rng), 3) for _ in range(50)}) > 40


def test_retry_delay_honours_the_vendors_retry_after():
    rng = random.Random(3)
    asked = Result.failure("rate_limited", retryable=True, retry_after=5000.0)
    assert retry_delay(asked, 0, rng=rng) == 5000.0
    assert 15 <= retry_delay(Result.failure("timeout", retryable=True), 0, rng=rng) <= 30


@pytest.mark.parametrize(
    "value, seconds",
    [("7", 7.0), (" 1.5 ", 1.5), ("", None), (None, None), ("-3", None), ("nan", None),
     ("Wed, 21 Oct 2026 07:28:00 GMT", None), ("inf", None)],
)  # fmt: skip
def test_parse_retry_after(value, seconds):
    assert parse_retry_after(value) == seconds


# (vendor, code, message) → the error it is retried as, or None: failed for good.
VENDOR_ANSWERS = [
    ("feishu", 11232, "frequency limited psm[lark.oapi.app_platform_runtime]", "rate_limited"),
    ("feishu", 99991400, "request trigger frequency limit", "rate_limited"),
    ("feishu", 9499, "too many request", "rate_limited"),
    ("feishu", 9499, "Too Many Request", "rate_limited"),
    ("feishu", 9499, "Bad Request", None),
    ("feishu", 19021, "sign match fail or timestamp is not within one hour from current time",
     None),
    ("feishu", -1, "system busy", "server_error"),
    ("wecom", 45009, "api freq out of limit", "rate_limited"),
    ("wecom", 93000, "invalid webhook url", None),
    ("dingtalk", 130101, "send too fast, exceed 20 times per minute", "rate_limited"),
    ("dingtalk", 410100, "流量管控", "rate_limited"),
    ("dingtalk", 310000, "sign not match", None),
    ("slack", 11232, "anything", None),
]  # fmt: skip


@pytest.mark.parametrize("vendor, code, message, error", VENDOR_ANSWERS)
def test_vendor_codes_retry_or_fail_from_one_table(vendor, code, message, error):
    from mubiao.notify.vendors.rules import retry_error

    assert retry_error(vendor, code, message) == error
