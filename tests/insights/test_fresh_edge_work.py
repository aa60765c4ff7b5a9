"""A team page's "checked in within 7 days" at the moment 7 days ago reads one minute of key
results, not the hour's (issue 14, h14t): the hour's key results checked in after the moment
were counted live, O(the organization's key results last checked in in that hour) or O(the
team's objectives), whichever the planner drove from (28,662 buffers for a 2,000-person
department at 100,000 people). The hour's minutes after the moment's are now kept
(TeamCheckInMinute) and read per subtree team; only the moment's own minute is counted live.
Measured in the buffers PostgreSQL touched, with the tables' sizes pinned at 100,000 people's
(tests/insights/test_team_check_ins_work._pinned; never ANALYZE)."""

import datetime as dt

import pytest
from django.db import connection

from mubiao.insights import figures
from mubiao.okrs.models import KeyResult
from mubiao.orgs.models import Team
from tests.conftest import make_objective
from tests.insights.test_team_check_ins_work import _pinned
from tests.insights.test_visible_lines_from_team_rows import _buffers

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL buffers"),
]

NOW = dt.datetime(2026, 11, 30, 9, 30, 20, tzinfo=dt.UTC)


def _others_checked_in_in_the_edge_hour(world, objectives: int) -> None:
    """`objectives` more objectives of another team, each with 3 key results last checked in
    within the hour 7 days ago, after the moment's minute."""
    team = Team.objects.create(
        organization=world.org, name="Other", slug="other", parent=world.extra["support"]
    )
    edge = NOW - dt.timedelta(days=7)
    for i in range(objectives):
        objective = make_objective(world.admin, world.cycle, f"Other {i}", krs=3, team=team)
        KeyResult.objects.filter(objective=objective).update(
            last_check_in_at=edge + dt.timedelta(minutes=1 + i % 29, seconds=i % 40)
        )


def test_the_edge_of_a_teams_fresh_count_does_not_grow_with_other_teams_check_ins(world):
    def work() -> int:
        _pinned(
            {
                "okrs_keyresult": 1_000_000,
                "okrs_objective": 330_000,
                "insights_teamcheckinday": 112_000,
                "insights_teamcheckinhour": 1_000_000,
                "insights_teamcheckinminute": 1_000_000,
                "orgs_teamancestry": 60_000,
            }
        )
        return _buffers(
            lambda: figures.scope_sums(world.cycle, world.product, NOW),
            only=lambda sql: "okrs_keyresult" in sql or "insights_teamcheckin" in sql,
        )

    fresh = figures.scope_sums(world.cycle, world.product, NOW)["fresh"]
    before = work()
    _others_checked_in_in_the_edge_hour(world, 300)
    after = work()
    print("buffers of the team's fresh count, then with 900 others' at the edge:", before, after)
    assert after <= before + 20, (before, after)
    assert figures.scope_sums(world.cycle, world.product, NOW)["fresh"] == fresh
