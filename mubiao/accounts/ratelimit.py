"""Fixed-window rate limits counted in the database (`RateCounter`), so a limit holds across
server processes and hosts: two gunicorn workers share one count, not one each.

One statement per request counts and reads the count atomically (SQLite ≥ 3.35 and PostgreSQL
both have INSERT … ON CONFLICT DO UPDATE … RETURNING): the first request of a window creates or
restarts the row, later ones add one, and a request is allowed while the count is within the
limit.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.db import connection

from mubiao.accounts.models import RateCounter
from mubiao.transactions import best_effort

_T, _KEY, _UNTIL, _COUNT = map(
    connection.ops.quote_name, (RateCounter._meta.db_table, "key", "until", "count")
)
_HIT = f"""
    INSERT INTO {_T} ({_KEY}, {_UNTIL}, {_COUNT}) VALUES (%s, %s, 1)
    ON CONFLICT ({_KEY}) DO UPDATE SET
        {_COUNT} = CASE WHEN {_T}.{_UNTIL} > %s THEN {_T}.{_COUNT} + 1 ELSE 1 END,
        {_UNTIL} = CASE WHEN {_T}.{_UNTIL} > %s THEN {_T}.{_UNTIL} ELSE excluded.{_UNTIL} END
    RETURNING {_COUNT}, {_UNTIL}
"""  # noqa: S608 (table and column names are ours; every value is a parameter)


COUNTER_WAIT_MS = 2000


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_after: int  # seconds until the window ends (≥ 1)


def _storable(key: str) -> str:
    """Keys carry what people typed (an e-mail address): one with characters a database cannot
    store (NUL, lone surrogates; PostgreSQL refuses NUL) or longer than the column is counted
    under its SHA-256 digest, so that a hostile value is counted, never a 500."""
    if len(key) <= 200 and key.isprintable():
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def hit(key: str, *, limit: int, window: int) -> Verdict:
    """Count one request for `key` (any text) in a window of `window` seconds.

    Allowed while at most `limit` requests fell in the current window; a refused request counts
    too, so hammering does not shorten the wait.
    """
    now = time.time()
    # Counting must not fail the request it counts: it waits for SQLite's writer as long as
    # ordinary writes hold it (milliseconds, more under load), but while long work holds it the
    # request is let through uncounted (a limit is a guard, not a ledger).
    counted = best_effort(
        "a rate counter", lambda: _count(key, window, now), wait_ms=COUNTER_WAIT_MS
    )
    if counted is None:
        return Verdict(True, 0, window)
    count, until = counted
    if count == 1:
        # A window (re)started: sweep the rows of windows long over (keys seen once, such as
        # client addresses, would otherwise pile up).
        best_effort(
            "sweeping rate counters",
            lambda: RateCounter.objects.filter(until__lt=now - 3600).delete(),
        )
    return Verdict(count <= limit, count, max(math.ceil(until - now), 1))


def _count(key: str, window: int, now: float) -> tuple[int, float]:
    with connection.cursor() as cursor:
        cursor.execute(_HIT, [_storable(key), int(now) + window, now, now])
        return cursor.fetchone()
