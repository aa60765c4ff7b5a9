"""Write transactions that outlast lock conflicts between concurrent requests.

Every service that writes runs in :func:`write_transaction`. On PostgreSQL two transactions can
still meet in a deadlock (a lock taken outside the documented order, e.g. by an alignment that
changed between reading a chain and locking it) or a serialization failure; the database then
aborts one of them. Nothing of that transaction was written, so running the whole function
again is safe and gives the person the answer they asked for instead of an HTTP 500.

Only the outermost transaction retries: inside an enclosing transaction the aborted work
cannot be re-run on its own (PostgreSQL has aborted the enclosing transaction too), so the
error travels up to the outermost write_transaction, which re-runs everything.
"""

import functools
import random
import time
from collections.abc import Callable

from django.db import DatabaseError, transaction

# SQLSTATEs after which PostgreSQL has rolled the transaction back and a re-run may succeed:
# serialization_failure and deadlock_detected.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})

ATTEMPTS = 5
"""How often a transaction runs at most before the error is raised."""

FIRST_BACKOFF = 0.02
"""Seconds before the second attempt; doubled for each further attempt, then jittered."""


def is_retryable(error: BaseException) -> bool:
    """Whether `error` is a deadlock or serialization failure reported by the database."""
    return isinstance(error, DatabaseError) and (
        getattr(error.__cause__, "sqlstate", None) in RETRYABLE_SQLSTATES
    )


def write_transaction[**P, R](func: Callable[P, R]) -> Callable[P, R]:
    """Decorator: run `func` in one transaction (a savepoint when nested).

    As the outermost transaction, a deadlock or serialization failure re-runs `func` from the
    start, at most ATTEMPTS times in all, after a jittered exponential back-off (about 20, 40,
    80, 160 ms) so that the transactions that collided do not collide again in step. Raises
    the last error when every attempt failed.
    """

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if transaction.get_connection().in_atomic_block:
            with transaction.atomic():
                return func(*args, **kwargs)
        for attempt in range(ATTEMPTS - 1):
            try:
                with transaction.atomic():
                    return func(*args, **kwargs)
            except DatabaseError as error:
                if not is_retryable(error):
                    raise
                time.sleep(FIRST_BACKOFF * 2**attempt * random.uniform(0.5, 1.5))
        with transaction.atomic():
            return func(*args, **kwargs)

    return run
