"""My OKRs' list of the objectives of the teams a person leads is read off those teams' rows:
its work does not grow with other teams' objectives (issue 14). The closure's subquery of the
led teams was estimated at a few rows, and PostgreSQL then walked every team objective of the
organization in team order to keep a department's (a department head at 100,000 people: 85 ms
of a 240 ms page); the led teams are now listed when there are at most LED_TEAMS_LISTED.

Work is counted as the rows PostgreSQL's plan read (EXPLAIN ANALYZE), not as a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mubiao.okrs.models import Objective
from mubiao.orgs.models import Team

pytestmark = pytest.mark.django_db


def _other_teams_objectives(world, count: int) -> None:
    teams = Team.objects.bulk_create(
        Team(organization=world.org, name=f"Other {i}", slug=f"other-{i}-{count}",
             parent=world.extra["support"])
        for i in range(count // 10)
    )  # fmt: skip
    Objective.objects.bulk_create(
        Objective(
            organization=world.org, cycle=world.cycle, owner_type="team", owner_team=team,
            team=team, title=f"Team goal {i}", position=i,
        )
        for team in teams
        for i in range(10)
    )  # fmt: skip


def _rows_read(plan: dict) -> int:
    """Rows the plan's scans of okrs_objective returned, over every node (EXPLAIN ANALYZE)."""
    read = plan["Actual Rows"] * plan.get("Actual Loops", 1)
    own = read if plan.get("Relation Name") == "okrs_objective" else 0
    return own + sum(_rows_read(child) for child in plan.get("Plans", []))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_my_okrs_of_a_lead_reads_only_their_teams_objectives(analyze, world, client_for):
    from mubiao.orgs.closures import rebuild  # the closure of the new teams

    _other_teams_objectives(world, 3000)
    rebuild(world.org.pk)
    analyze()
    with CaptureQueriesContext(connection) as captured:
        assert client_for(world.lead).get(f"/?cycle={world.cycle.pk}").status_code == 200
    listed = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith('SELECT "okrs_objective"') and '"owner_team_id" IN' in q["sql"]
    ]
    assert len(listed) == 1, [q["sql"][:200] for q in captured.captured_queries]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + listed[0])
        plan = cursor.fetchone()[0][0]["Plan"]
    # 产品部 and Docs own none here: a few rows at most, not the 3,000 of the other teams.
    assert _rows_read(plan) < 100, plan
