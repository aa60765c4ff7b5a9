"""write_transaction re-runs the outermost transaction after a deadlock or serialization failure,
a bounded number of times, and nothing else (errors raised by PostgreSQL itself)."""

import pytest
from django.db import DatabaseError, connection, transaction

from mubiao import transactions
from mubiao.orgs.models import Organization

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLSTATEs of PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def failing(sqlstate: str, times: int):
    """A write that creates an organization, then fails with `sqlstate` its first `times` runs."""
    attempts = []

    def write():
        attempts.append(1)
        Organization.objects.create(name="Attempt", slug=f"attempt-{len(attempts)}")
        if len(attempts) <= times:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '{sqlstate}'; END $$"
                )
        return len(attempts)

    return write, attempts


@pytest.mark.parametrize("sqlstate", ["40P01", "40001"])
def test_a_deadlock_or_serialization_failure_re_runs_the_whole_transaction(sqlstate):
    write, _attempts = failing(sqlstate, times=2)
    assert transactions.write_transaction(write)() == 3
    # The failed runs left nothing behind: only the third run's row is there.
    assert list(Organization.objects.values_list("slug", flat=True)) == ["attempt-3"]


def test_the_retry_is_bounded():
    write, attempts = failing("40P01", times=99)
    with pytest.raises(DatabaseError) as raised:
        transactions.write_transaction(write)()
    assert transactions.is_retryable(raised.value)
    assert len(attempts) == transactions.ATTEMPTS
    assert not Organization.objects.exists()


def test_other_errors_are_not_retried():
    write, attempts = failing("23505", times=1)  # unique_violation
    with pytest.raises(DatabaseError):
        transactions.write_transaction(write)()
    assert len(attempts) == 1


def test_only_the_outermost_transaction_retries():
    write, attempts = failing("40P01", times=1)
    with pytest.raises(DatabaseError), transaction.atomic():
        transactions.write_transaction(write)()
    assert len(attempts) == 1  # the enclosing transaction is aborted: its owner re-runs it
