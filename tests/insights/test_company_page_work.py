"""The company page's reads do not grow with the organization (issue 14, h14c): measured in
the buffers PostgreSQL touched (EXPLAIN ANALYZE BUFFERS), a count, not a time, with the plan
pinned: no sequential or bitmap scans (the index reads PostgreSQL chose at 100,000 people,
which a test's few thousand rows would not get), and the size of the table read pinned at
100,000 people's, in pg_class (rolled back with the test). Never by ANALYZE: it writes a
table's row count in place, outliving the rollback, and later tests are then planned on it
(test_team_figures_work's, on tables thought empty, failed)."""

import datetime as dt

import pytest
from django.db import connection

from mubiao.insights import figures, rules
from mubiao.okrs.models import KeyResult
from tests.api.test_queries import bulk_objectives
from tests.conftest import make_objective
from tests.insights.test_team_check_ins_work import _pinned
from tests.insights.test_visible_lines_from_team_rows import _buffers

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL buffers"),
]


def test_checked_in_within_7_days_reads_one_hour_of_key_results_live(world):
    """2,000 key results more last checked in on the day 7 days ago, after the moment but
    outside its hour: the headline's freshness reads them from the kept rows, where reading
    that whole day's key results live touched ~3 buffers each (100,000 people: a day's 14,000
    key results, 42,665 buffers, ~200 ms)."""
    now = dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.UTC)
    cutoff = now - rules.FRESH_FOR
    objective = make_objective(world.alice, world.cycle, "Edge", krs=3)
    KeyResult.objects.filter(objective=objective).update(last_check_in_at=cutoff)

    def work() -> int:
        _pinned({"okrs_keyresult": 900_000, "okrs_objective": 330_000})
        return _buffers(lambda: figures.scope_sums(world.cycle, None, now))

    before = work()
    bulk_objectives(world, 1000)
    later = cutoff + dt.timedelta(hours=2)
    KeyResult.objects.filter(objective__title__startswith="Goal").update(last_check_in_at=later)
    after = work()
    print("buffers of the headline's sums, 3 then 2,003 edge-day key results:", before, after)
    assert figures.scope_sums(world.cycle, None, now)["fresh"] == 2003
    assert after < 2 * before + 50, (before, after)
