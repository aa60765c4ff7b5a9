"""A team page's "checked in within 7 days" reads its own teams' kept counts, not the
organization's (issue 14, h14s): the days after the day 7 days ago (TeamCheckInDay) and that
day's hours (TeamCheckInHour) were read off the cycle's (cycle, day|hour, team) index, every
team's rows of the week, then filtered by the team's subtree (a 2,000-person department at
100,000 people: 60,000 day rows and 33,000 hour rows read for 1,900 of them, 7,210 buffers,
~240 ms). Each subtree team's rows are now read off (cycle, team, day|hour). Measured in the
buffers PostgreSQL touched, with the tables' sizes pinned at 100,000 people's in pg_class and
sequential and bitmap scans off (rolled back with the test; never ANALYZE)."""

import datetime as dt

import pytest
from django.db import connection

from mubiao.insights import figures
from mubiao.insights.models import TeamCheckInDay, TeamCheckInHour
from mubiao.orgs.models import Team
from tests.insights.test_visible_lines_from_team_rows import _buffers

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL buffers"),
]

NOW = dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.UTC)


def _pinned(sizes: dict[str, int]) -> None:
    """The tables' row counts at 100,000 people over the pages they have now (the planner
    scales reltuples / relpages by a table's actual pages), every page all-visible, as
    autovacuum leaves a table between writes."""
    with connection.cursor() as cursor:
        for table, rows in sizes.items():
            cursor.execute(
                "UPDATE pg_class SET reltuples = %s,"
                " relpages = greatest(pg_relation_size(oid) / 8192, 1),"
                " relallvisible = greatest(pg_relation_size(oid) / 8192, 1)"
                " WHERE oid = %s::regclass",
                [rows, table],
            )
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")


def _other_teams_checked_in(world, teams: int) -> None:
    """`teams` more teams under Support, each with key results last checked in on each day of
    the week and in each hour of the day 7 days ago after the moment's hour."""
    added = Team.objects.bulk_create(
        Team(
            organization=world.org,
            name=f"Other {i}",
            slug=f"other-{i}",
            parent=world.extra["support"],
        )
        for i in range(teams)
    )
    edge = (NOW - dt.timedelta(days=7)).replace(minute=0)
    TeamCheckInDay.objects.bulk_create(
        TeamCheckInDay(
            cycle=world.cycle, team=team, day=(NOW - dt.timedelta(days=d)).date(), key_results=3
        )
        for team in added
        for d in range(7)
    )
    TeamCheckInHour.objects.bulk_create(
        TeamCheckInHour(
            cycle=world.cycle, team=team, hour=edge + dt.timedelta(hours=h), key_results=2
        )
        for team in added
        for h in range(1, 14)
    )


def test_a_teams_check_in_counts_do_not_grow_with_the_other_teams(world):
    def work() -> int:
        _pinned(
            {
                "insights_teamcheckinday": 112_000,
                "insights_teamcheckinhour": 1_000_000,
                "orgs_teamancestry": 60_000,
            }
        )
        return _buffers(
            lambda: figures.scope_sums(world.cycle, world.product, NOW),
            only=lambda sql: "insights_teamcheckin" in sql,
        )

    fresh = figures.scope_sums(world.cycle, world.product, NOW)["fresh"]
    before = work()
    _other_teams_checked_in(world, 400)
    after = work()
    print("buffers of the team's kept check-in counts, then with 400 other teams:", before, after)
    # By the cycle's days: every other team's 7 days and 13 hours read (~8,000 rows).
    assert after <= before + 20, (before, after)
    assert figures.scope_sums(world.cycle, world.product, NOW)["fresh"] == fresh
