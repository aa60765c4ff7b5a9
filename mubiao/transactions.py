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

import contextlib
import functools
import logging
import random
import time
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, OperationalError, transaction
from django.utils import translation

logger = logging.getLogger(__name__)

# SQLSTATEs after which PostgreSQL has rolled the transaction back and a re-run may succeed:
# serialization_failure and deadlock_detected.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})

# lock_not_available: a lock wait ran past PostgreSQL's lock_timeout.
BUSY_SQLSTATES = RETRYABLE_SQLSTATES | {"55P03"}

BUSY_RETRY_AFTER = 5
"""Seconds a request refused on a busy database is told to wait (the Retry-After header)."""

BEST_EFFORT_WAIT_MS = 100
"""How long a best-effort write waits for SQLite's writer before it is skipped, unless it says
otherwise (never longer than the connection's own timeout)."""

ATTEMPTS = 5
"""How often a transaction runs at most before the error is raised."""

FIRST_BACKOFF = 0.02
"""Seconds before the second attempt; doubled for each further attempt, then jittered."""


def is_retryable(error: BaseException) -> bool:
    """Whether `error` is a deadlock or serialization failure reported by the database."""
    return isinstance(error, DatabaseError) and (
        getattr(error.__cause__, "sqlstate", None) in RETRYABLE_SQLSTATES
    )


def is_busy(error: BaseException) -> bool:
    """Whether `error` says the database was too busy to answer, not that the request was wrong:
    SQLite's writer held by another connection past the timeout (`database is locked`), or on
    PostgreSQL a deadlock, serialization failure or lock timeout (that outlived the retries of
    write_transaction). Such a request may succeed when sent again (HTTP 503, Retry-After)."""
    if not isinstance(error, DatabaseError):
        return False
    if getattr(error.__cause__, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    return isinstance(error, OperationalError) and "is locked" in str(error)


def best_effort[R](
    what: str, write: Callable[[], R], *, wait_ms: int = BEST_EFFORT_WAIT_MS
) -> R | None:
    """Run `write`, a write that may be skipped when the database is busy (a last-use stamp, a
    counter): it waits at most `wait_ms` for SQLite's writer instead of the connection's
    timeout, runs in its own savepoint so that a failure leaves an enclosing transaction
    usable, and a busy database skips it (logged; None) instead of failing the request it
    serves."""
    connection = transaction.get_connection()
    sqlite = connection.vendor == "sqlite"
    timeout = int(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5) * 1000)
    try:
        if sqlite:
            _busy_timeout(connection, min(wait_ms, timeout))
        with transaction.atomic():
            return write()
    except DatabaseError as error:
        if not is_busy(error):
            raise
        logger.warning("Skipped %s: the database is busy (%s)", what, error)
        return None
    finally:
        if sqlite:
            _busy_timeout(connection, timeout)


def _busy_timeout(connection, milliseconds: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")


@contextlib.contextmanager
def one_snapshot():
    """Inside, every statement reads the database as of one moment: figures a page computes
    one after another (adoption's headline, its team rows, its lists) cannot disagree because
    someone joined, or set an objective, between two of them.

    PostgreSQL: one REPEATABLE READ transaction, whose snapshot is its first statement's.
    SQLite (WAL): one deferred read transaction, whose snapshot is likewise its first read's,
    without the writer's lock that Mubiao's atomic blocks take (transaction_mode IMMEDIATE), so
    a long page keeps no one from writing. Nothing inside may write. Within a transaction
    already (a caller's, a test's), the block reads in that one."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield
        return
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        # A read-only transaction: ending it keeps and loses nothing.
        with connection.cursor() as cursor:
            cursor.execute("COMMIT")


# Set while the work at hand has chosen its language: a request (the pages' and the API's
# middleware activate the person's or Accept-Language; accounts.middleware marks it), or a
# service already speaking its actor's. Django has no public "is a language active"
# (get_language() answers the default either way), so Mubiao keeps its own.
_language_chosen: ContextVar[bool] = ContextVar("language_chosen", default=False)


@contextlib.contextmanager
def language_chosen():
    """Inside, services keep the active language (a request's) rather than their actor's."""
    token = _language_chosen.set(True)
    try:
        yield
    finally:
        _language_chosen.reset(token)


def speaks_actors_language[**P, R](func: Callable[P, R]) -> Callable[P, R]:
    """Decorator: `func`, a service whose first argument is the acting member, refuses (and
    words what it returns) in that member's language when no request chose one, as every
    write_transaction does: for the services that refuse without writing (a preview, a
    permission check before a worker's run, a code that is wrong)."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with _actors_language(args):
            return func(*args, **kwargs)

    run.speaks_actors_language = True  # for the test that every service taking an actor does
    return run


def _actors_language(args) -> contextlib.AbstractContextManager:
    """The language a service's refusals are said in when no request chose one (a worker, a
    shell, a script calling the services): the acting member's (its first argument), else
    their organization's, as their mail is written. A request's language is left as it is,
    and so is any other language a caller chose for the work (translation.override of a
    language other than the default)."""
    if _language_chosen.get() or translation.get_language() != settings.LANGUAGE_CODE:
        return contextlib.nullcontext()
    actor = args[0] if args else None
    user, organization = getattr(actor, "user", None), getattr(actor, "organization", None)
    language = getattr(user, "language", "") or getattr(organization, "language", "")
    if not isinstance(language, str) or not language:
        return contextlib.nullcontext()
    return _speaking(language)


@contextlib.contextmanager
def _speaking(language: str):
    """`language` for a while, then none again (translation.override would leave the default
    active, and the next call would take it for a request's)."""
    translation.activate(language)
    try:
        with language_chosen():
            yield
    finally:
        translation.deactivate()


def write_transaction[**P, R](func: Callable[P, R]) -> Callable[P, R]:
    """Decorator: run `func` in one transaction (a savepoint when nested).

    As the outermost transaction, a deadlock or serialization failure re-runs `func` from the
    start, at most ATTEMPTS times in all, after a jittered exponential back-off (about 20, 40,
    80, 160 ms) so that the transactions that collided do not collide again in step. Raises
    the last error when every attempt failed.
    """

    @speaks_actors_language
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
