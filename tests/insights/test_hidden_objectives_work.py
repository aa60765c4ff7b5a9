"""A leader's hidden objectives are tested without reading the objectives' rows (issue 14,
h14d): the company page's "N objectives you cannot see" tests every team, private and draft
objective of the cycle against the reader's visibility sets, and the CEO of 100,000 people
read 46,000 of them off the table (23,724 buffers, ~390 ms). Each column the test reads is in
objective_hidden_kinds_idx, and the reports' depth in managerchain_down_idx: both are read
index-only (1,067 buffers there, ~120 ms). Guarded by the plan, with the tables' sizes pinned
at 100,000 people's in pg_class and sequential and bitmap scans off (rolled back with the
test; never ANALYZE, whose row counts outlive the rollback)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mubiao.insights import selectors as insights
from mubiao.okrs.models import Objective
from tests.api.test_queries import bulk_objectives

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans"),
]


def _pinned(sizes: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        for table, rows in sizes.items():
            cursor.execute(
                # Every page all-visible, as autovacuum leaves a table between writes (the
                # index-only scan is then costed without a table read per row).
                "UPDATE pg_class SET reltuples = %s, relpages = %s, relallvisible = %s"
                " WHERE oid = %s::regclass",
                [rows, rows // 50, rows // 50, table],
            )
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")


def test_a_leaders_hidden_objectives_are_read_off_the_indexes(world):
    bulk_objectives(world, 300)
    Objective.objects.filter(title__startswith="Goal").update(visibility="private")
    _pinned({"okrs_objective": 330_000, "orgs_managerchain": 600_000})
    with CaptureQueriesContext(connection) as captured:
        hidden = insights.hidden_ids(world.lead, world.cycle, None)
    # Alice reports to the lead: her private objectives are seen, nothing is hidden.
    assert hidden == [insights.NO_ID]
    (statement,) = captured.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + statement["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # The rows tested straight off the index, in no order: ordered by position (a column
    # outside the index), each one was read off the table for the sort.
    top = plan.splitlines()[1].strip()
    assert top.startswith("->  Index Only Scan using objective_hidden_kinds_idx"), plan
    assert "Index Only Scan using managerchain_down_idx on orgs_managerchain" in plan, plan
