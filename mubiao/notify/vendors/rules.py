"""Pure rules shared by the vendor channels: the outcome of one send, rate limits, back-off.

No I/O and no clock: the caller passes `now` (seconds, any monotonic origin), so the worker can
keep one limiter per channel and the tests can drive time.
"""

import math
import random
from dataclasses import dataclass, field

# Result.error codes: stable words the delivery log stores and translates, never vendor prose
# (that goes into Result.detail, verbatim, for the administrator who has to fix the channel).
TIMEOUT = "timeout"
CONNECTION = "connection"
RATE_LIMITED = "rate_limited"
SERVER_ERROR = "server_error"
REJECTED = "rejected"
BAD_RESPONSE = "bad_response"
INVALID_CONFIG = "invalid_config"
# Mubiao's own refusal to call an address inside the server's networks (no request was made).
REFUSED_ADDRESS = "refused_address"
# The address's host name did not resolve (no request was made).
UNRESOLVED = "unresolved"


# Each vendor's documented answer codes worth a retry, in one place (transport.json_code reads
# it): a rate limit or the vendor's "system busy"; any other code is permanent (a wrong secret
# or a deleted bot does not heal by itself). 飞书: 11232 is the custom bot's 频控 (100 a minute,
# 5 a second), 99991400 the Open Platform's (HTTP 429, or 400 on older APIs), see
# open.feishu.cn/document/server-docs/api-call-guide/frequency-control; 企业微信 45009 (api freq
# out of limit); 钉钉 130101 (send too fast) and 410100; -1 is each one's "system busy".
RETRY_CODES = {
    "feishu": {11232: RATE_LIMITED, 99991400: RATE_LIMITED, -1: SERVER_ERROR},
    "wecom": {45009: RATE_LIMITED, -1: SERVER_ERROR},
    "dingtalk": {130101: RATE_LIMITED, 410100: RATE_LIMITED, -1: SERVER_ERROR},
}
# Codes that are a rate limit only when their message says so: 飞书's 9499 is any bad request,
# and also how its custom bot answers too many requests ("too many request").
RATE_LIMIT_WORDS = {"feishu": {9499: "too many request"}}


def retry_error(vendor: str, code: int, message: str) -> str | None:
    """RATE_LIMITED or SERVER_ERROR when the vendor's answer `code` is worth a retry, else None
    (permanent)."""
    if code in RETRY_CODES.get(vendor, {}):
        return RETRY_CODES[vendor][code]
    words = RATE_LIMIT_WORDS.get(vendor, {}).get(code)
    return RATE_LIMITED if words and words in message.lower() else None


@dataclass(frozen=True)
class Result:
    """What one attempt to deliver one message to one channel came to."""

    ok: bool
    status_code: int | None = None
    # One of the codes above; "" when ok.
    error: str = ""
    # Worth trying again later (network trouble, 5xx, the vendor's rate limit); a permanent
    # failure (wrong secret, deleted bot, malformed message) is not.
    retryable: bool = False
    # Seconds the vendor asked us to wait (Slack's Retry-After), else None.
    retry_after: float | None = None
    # The vendor's own error code (飞书 `code`, 企业微信/钉钉 `errcode`, Slack's error word).
    vendor_code: int | str | None = None
    detail: str = ""

    @classmethod
    def success(cls, status_code: int) -> "Result":
        return cls(ok=True, status_code=status_code)

    @classmethod
    def failure(cls, error: str, *, retryable: bool, **kwargs) -> "Result":
        return cls(ok=False, error=error, retryable=retryable, **kwargs)


# The longest ids a Press carries (the columns of notify.models.ChatAccount and ChatPress):
# vendors' ids are far shorter; anything longer is not theirs.
ID_CHARS = 100
KEY_CHARS = 200


@dataclass(frozen=True)
class Press:
    """A button pressed on a chat card, as read from the vendor's signed callback."""

    vendor: str
    # Slack's team id, 飞书's tenant_key.
    workspace: str
    # Slack's user id, 飞书's open_id.
    user_id: str
    # The vendor's id of this one press: the same on a retry or a replay.
    key: str
    # messages.PLUS_ONE or messages.DONE.
    action: str
    key_result: int
    # Slack only: where the answer only the presser sees is posted.
    response_url: str = ""

    @property
    def readable(self) -> bool:
        """Whether its ids fit what Mubiao stores of them."""
        return (
            0 < len(self.user_id) <= ID_CHARS
            and len(self.workspace) <= ID_CHARS
            and 0 < len(self.key) <= KEY_CHARS
        )


@dataclass
class TokenBucket:
    """`capacity` tokens at most, refilled at `rate` per second; one message costs one token.

    Over any window of `w` seconds it lets through at most `capacity + rate * w` messages.
    """

    capacity: float
    rate: float
    tokens: float | None = None
    updated: float | None = None

    @classmethod
    def at_most(cls, count: int, per: float) -> "TokenBucket":
        """A bucket that never lets more than `count` messages through in any `per` seconds.

        Half the allowance is the burst, the other half refills over the window: a vendor that
        counts per fixed minute never sees more than `count` either, at the price of half the
        long-run throughput, which notifications never need.
        """
        if count < 2:
            raise ValueError("at_most needs a count of 2 or more")
        capacity = math.ceil(count / 2)
        return cls(capacity=capacity, rate=(count - capacity) / per)

    def _refill(self, now: float) -> float:
        if self.tokens is None or self.updated is None:
            return self.capacity
        return min(self.capacity, self.tokens + max(0.0, now - self.updated) * self.rate)

    def wait(self, now: float) -> float:
        """Seconds until a token is free (0.0 when one is free now)."""
        tokens = self._refill(now)
        if tokens >= 1:
            return 0.0
        return math.inf if self.rate <= 0 else (1 - tokens) / self.rate

    def take(self, now: float) -> None:
        self.tokens = self._refill(now) - 1
        self.updated = max(now, self.updated or now)


@dataclass
class RateLimiter:
    """All of a channel's limits at once (飞书: 100 a minute and 5 a second)."""

    buckets: list[TokenBucket] = field(default_factory=list)

    def try_take(self, now: float) -> float:
        """Take a token from every bucket and return 0.0, or take none and return the wait."""
        wait = max((bucket.wait(now) for bucket in self.buckets), default=0.0)
        if wait > 0:
            return wait
        for bucket in self.buckets:
            bucket.take(now)
        return 0.0

    def state(self) -> list:
        """What to keep between uses (JSON): each bucket's tokens and last update."""
        return [[bucket.tokens, bucket.updated] for bucket in self.buckets]

    def restore(self, state) -> "RateLimiter":
        """Continue from `state` (full buckets where it says nothing, e.g. a new channel or
        limits that changed)."""
        if isinstance(state, list) and len(state) == len(self.buckets):
            for bucket, (tokens, updated) in zip(self.buckets, state, strict=True):
                bucket.tokens, bucket.updated = tokens, updated
        return self


# Each vendor's documented limit for one bot / webhook (URLs in the vendor modules).
LIMITS = {
    # "100 次/分钟，5 次/秒" per custom bot.
    "feishu": lambda: [TokenBucket.at_most(100, 60), TokenBucket.at_most(5, 1)],
    # "每个机器人发送的消息不能超过20条/分钟".
    "wecom": lambda: [TokenBucket.at_most(20, 60)],
    # "每个机器人每分钟最多发送20条消息到群里".
    "dingtalk": lambda: [TokenBucket.at_most(20, 60)],
    # "1 per second per webhook, short bursts allowed": the classic bucket, one in reserve.
    "slack": lambda: [TokenBucket(capacity=1, rate=1.0)],
    # Integrators' endpoints document no limit; 10 a second keeps a burst of events gentle.
    "webhook": lambda: [TokenBucket.at_most(10, 1)],
}


def limiter_for(vendor: str) -> RateLimiter:
    """A fresh limiter for one channel of this vendor."""
    return RateLimiter(LIMITS[vendor]())


def backoff(
    attempt: int, *, base: float = 30.0, cap: float = 6 * 3600.0, rng: random.Random | None = None
) -> float:
    """Seconds to wait before retry number `attempt` (0 for the first retry).

    Exponential with "equal jitter": half of min(cap, base * 2**attempt) for sure, the other
    half at random, so retries of many channels spread out but every retry still waits longer
    than half the exponential step.
    """
    step = min(cap, base * 2 ** max(0, attempt))
    return step / 2 + (rng or random).uniform(0, step / 2)


def retry_delay(result: Result, attempt: int, *, rng: random.Random | None = None) -> float:
    """The back-off, but never sooner than the vendor's own Retry-After."""
    return max(backoff(attempt, rng=rng), result.retry_after or 0.0)


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (vendors send the delta-seconds form); None when absent or bad."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None
