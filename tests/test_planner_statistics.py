"""Tests leave the planner's statistics as they found them: ANALYZE goes through the `analyze`
fixture (tests/conftest.py), which puts back the sizes PostgreSQL wrote in place. A bare ANALYZE
in one test changed the plans of later tests on the same database (stop 36)."""

import re
from pathlib import Path

import pytest
from django.db import connection, transaction

from mubiao.accounts.models import User
from tests import conftest

TESTS = Path(__file__).parent
BARE = re.compile(r"""execute\(\s*f?["']\s*ANALYZE\b""", re.IGNORECASE)


def test_no_test_runs_analyze_but_through_the_fixture():
    found = [
        f"{path.relative_to(TESTS)}:{number}"
        for path in TESTS.rglob("*.py")
        if path.name != "conftest.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if BARE.search(line)
    ]
    assert not found, f"ANALYZE outside the `analyze` fixture: {found}"


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL writes sizes in place")
def test_the_fixture_puts_back_the_sizes_analyze_wrote(db):
    def sizes() -> tuple:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples, relpages FROM pg_class WHERE oid = 'accounts_user'::regclass"
            )
            return cursor.fetchone()

    class Rollback(Exception):
        pass

    before = sizes()
    fixture = conftest.analyze.__wrapped__()
    run = next(fixture)
    with pytest.raises(Rollback), transaction.atomic():
        User.objects.bulk_create(
            User(username=f"u{i}", email=f"u{i}@acme.test") for i in range(2000)
        )
        run("accounts_user")
        assert sizes()[0] >= 2000  # ANALYZE saw the rows
        raise Rollback
    assert sizes()[0] >= 2000  # ... and its sizes outlived the rollback
    next(fixture, None)
    assert sizes() == before
