"""write_transaction re-runs the outermost transaction after a deadlock or serialization failure,
a bounded number of times, and nothing else (errors raised by PostgreSQL itself); what still
fails for a busy database is skipped by best_effort and answered 503 by handler500."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.utils import translation

from mubiao import transactions
from mubiao.orgs.models import Organization
from mubiao.web.middleware import server_error

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


def raising(sqlstate: str):
    def write():
        with connection.cursor() as cursor:
            cursor.execute(f"DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '{sqlstate}'; END $$")

    return write


@pytest.mark.parametrize(
    ("sqlstate", "busy"),
    [("40P01", True), ("40001", True), ("55P03", True), ("23505", False), ("22P02", False)],
)
def test_busy_database_errors_are_told_from_the_requests_own(sqlstate, busy):
    with pytest.raises(DatabaseError) as raised:
        raising(sqlstate)()
    assert transactions.is_busy(raised.value) is busy


def test_a_best_effort_write_on_a_busy_database_is_skipped_and_the_transaction_goes_on():
    with transaction.atomic():
        Organization.objects.create(name="Before", slug="before")
        assert transactions.best_effort("a stamp", raising("55P03")) is None
        Organization.objects.create(name="After", slug="after")
    assert sorted(Organization.objects.values_list("slug", flat=True)) == ["after", "before"]


def test_a_best_effort_write_still_raises_what_is_not_busy():
    with pytest.raises(DatabaseError):
        transactions.best_effort("a stamp", raising("23505"))


@pytest.mark.parametrize(
    ("path", "language", "expected"),
    [
        ("/api/v1/objectives", "en", '"detail": "Mubiao is busy with other work'),
        ("/okrs/1/edit", "zh-hans", "Mubiao 正忙于其他工作，未能及时响应。请过几秒钟再试。"),
    ],
)
def test_a_deadlock_that_outlived_the_retries_is_a_503_with_retry_after(path, language, expected):
    request = RequestFactory().post(path)
    with translation.override(language):
        try:
            transactions.write_transaction(raising("40P01"))()
        except DatabaseError:
            response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == str(transactions.BUSY_RETRY_AFTER)
    assert expected in response.content.decode()


def test_any_other_error_is_still_a_500():
    try:
        raising("23505")()
    except DatabaseError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
