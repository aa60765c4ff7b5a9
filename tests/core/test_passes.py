"""Which tests the PostgreSQL pass runs (tests/conftest.py, reaches_the_database): those that
reach a database through pytest-django's fixtures, `django_db`, or the `database` marker; a test
that never does ran in the SQLite pass. Read from this session's own collected tests."""

import pytest

from tests.conftest import reaches_the_database


def _collected(request, path: str) -> list:
    items = [item for item in request.session.items if item.nodeid.startswith(path + "::")]
    if not items:  # this run did not collect the module (a subset was asked for)
        pytest.skip(f"{path} is not collected in this run")
    return items


def test_tests_on_a_database_of_their_own_are_kept(request):
    # Servers on a database of their own, no pytest-django fixture: the `database` marker.
    assert all(
        reaches_the_database(i) for i in _collected(request, "tests/core/test_shared_limits.py")
    )


def test_tests_through_the_world_fixture_are_kept(request):
    assert all(reaches_the_database(i) for i in _collected(request, "tests/okrs/test_services.py"))


def test_rule_and_parser_tests_are_left_to_the_sqlite_pass(request):
    assert not any(reaches_the_database(i) for i in _collected(request, "tests/okrs/test_rules.py"))
