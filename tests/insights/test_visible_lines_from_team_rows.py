"""A reader's progress lines (the headline's trend, the sub-teams' lines, the confidence a week
ago) are the team rows less the objectives hidden from that reader, not a sum over every
visible objective's rows: at 100,000 people the team page of a 2,000-person department and the
CEO's company page spent 2–2.5 s summing the visible objectives' rows (issue 14). The figures
must stay the visible objectives' exactly (issue 12: no figure tells a hidden objective).

Each line is recomputed here from the objectives' own rows: the rows the day's team row
counted (live that day, filed under the team or below), of the objectives the reader may see
(okrs' visibility condition), whatever happened to them since (archived, taken back to draft,
made private)."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from mubiao.insights import dashboards, rules, snapshots
from mubiao.insights import selectors as insights
from mubiao.insights.models import ObjectiveSnapshot
from mubiao.okrs import services
from mubiao.okrs.models import Objective
from mubiao.orgs import permissions
from mubiao.orgs.models import TeamAncestry
from mubiao.orgs.rules import today_for
from tests.api.test_queries import bulk_objectives
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def expected_line(reader, cycle, team, days) -> dict:
    """{day: (progress, confidence)} from the objectives' rows the reader may see."""
    seen = Objective.objects.filter(cycle=cycle)
    visible = permissions.objective_visibility_q(reader)
    if visible:
        seen = seen.filter(visible)
    rows = ObjectiveSnapshot.objects.filter(cycle=cycle, counted=True, objective__in=seen)
    if team is not None:
        below = TeamAncestry.objects.filter(ancestor=team).values("team_id")
        rows = rows.filter(team_id__in=below)
    line = {}
    for day in days:
        of_day = list(rows.filter(day=day).values_list("progress", "confidence"))
        given = [c for _, c in of_day if c is not None]
        line[day] = (
            rules.mean_point(sum((p for p, _ in of_day), Decimal(0)), len(of_day))
            if of_day
            else None,
            rules.mean_point(given),
        )
    return line


@pytest.fixture
def history(world):
    """Three days of rows over public, team-only, private, later archived and later
    draft objectives of 产品部 and Docs, checked in between the days."""
    today = today_for(world.org)
    days = [today - dt.timedelta(days=n) for n in (3, 2, 1)]
    made = {
        "public": make_objective(world.alice, world.cycle, "Public", team=world.product),
        "docs": make_objective(world.bob, world.cycle, "Docs public", team=world.docs),
        "team": make_objective(
            world.bob, world.cycle, "Docs team", team=world.docs, visibility="team"
        ),
        "private": make_objective(
            world.bob, world.cycle, "Bob private", team=world.docs, visibility="private"
        ),
        "archived": make_objective(
            world.bob, world.cycle, "Later archived", team=world.docs, visibility="private"
        ),
        "outside": make_objective(
            world.outsider, world.cycle, "Support", team=world.extra["support"]
        ),
    }
    for step, day in enumerate(days):
        for n, objective in enumerate(made.values()):
            kr = objective.key_results.get()
            services.check_in(
                objective.owner_member, kr, value=10 + 7 * n + 20 * step, confidence=3 + n
            )
        snapshots.write_day(world.cycle, day)
    services.archive_objective(world.bob, made["archived"])
    return days, made


READERS = ["admin", "lead", "alice", "bob", "outsider"]


@pytest.mark.parametrize("who", READERS)
@pytest.mark.parametrize("scope", ["company", "product", "docs"])
def test_each_readers_line_is_the_visible_objectives_rows(world, history, who, scope):
    days, _ = history
    reader = getattr(world, who)
    team = {"company": None, "product": world.product, "docs": world.docs}[scope]
    figures = dashboards.figures(reader, world.cycle, team)
    expected = expected_line(reader, world.cycle, team, days)
    trend = dict(figures["trend"])
    for day in days:
        assert trend.get(day) == expected[day][0], (day, trend, expected)


@pytest.mark.parametrize("who", READERS)
def test_the_sub_teams_lines_are_the_visible_objectives_rows(world, history, who):
    days, _ = history
    reader = getattr(world, who)
    drawn = {line["team"].pk: dict(line["points"]) for line in dashboards.figures(
        reader, world.cycle, world.product
    )["subteam_trends"]}  # fmt: skip
    assert set(drawn) == {world.docs.pk}, drawn  # 产品部's one sub-team, for every reader
    expected = expected_line(reader, world.cycle, world.docs, days)
    points = drawn[world.docs.pk]
    assert all(points.get(day) == expected[day][0] for day in days), (points, expected)


@pytest.mark.parametrize("who", READERS)
def test_the_confidence_a_week_ago_is_the_visible_objectives(world, history, who):
    days, _ = history
    reader = getattr(world, who)
    hidden = insights.hidden_objectives(reader, world.cycle, Q())
    line = snapshots.visible_team_series(world.cycle, [None], hidden)[None]
    expected = expected_line(reader, world.cycle, None, days)
    assert {day: (p, c) for day, p, c in line} == expected


def test_an_objective_hidden_later_leaves_the_line_as_if_it_never_was(world, history):
    """Bob's public objective made private: Alice's line over the past days loses it (the
    rows of what she may not see are taken off whatever it was then), the lead's keeps it."""
    days, made = history
    before = dict(dashboards.figures(world.alice, world.cycle, world.product)["trend"])
    services.update_objective(world.bob, made["docs"], visibility="private")
    after = dict(dashboards.figures(world.alice, world.cycle, world.product)["trend"])
    assert all(
        after[d] == expected_line(world.alice, world.cycle, world.product, days)[d][0] for d in days
    )
    assert any(after[d] != before[d] for d in days)
    lead = dict(dashboards.figures(world.lead, world.cycle, world.product)["trend"])
    assert all(
        lead[d] == expected_line(world.lead, world.cycle, world.product, days)[d][0] for d in days
    )


def _buffers(call, only=lambda sql: True) -> int:
    """Shared buffers PostgreSQL touched for the SELECTs `call` made (EXPLAIN ANALYZE), those
    whose SQL `only` accepts."""
    with CaptureQueriesContext(connection) as captured:
        call()
    touched = 0
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not (sql.lstrip("(").startswith("SELECT") and only(sql)):  # a UNION opens with (
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + query["sql"])
            (plan,) = cursor.fetchone()[0]
            plan = plan if isinstance(plan, dict) else json.loads(plan)[0]
            touched += plan["Plan"].get("Shared Hit Blocks", 0) + plan["Plan"].get(
                "Shared Read Blocks", 0
            )
    return touched


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL buffers")
def test_a_lines_work_does_not_grow_with_the_visible_objectives(analyze, world, history):
    """2,000 public objectives more under 产品部, each with a row on each of the three days:
    the lead's line reads the same team rows and the same hidden objectives' rows."""
    days, _ = history
    hidden = insights.hidden_objectives(world.lead, world.cycle, Q())

    def line():
        return snapshots.visible_team_series(world.cycle, [world.product.pk], hidden)

    analyze()
    before = _buffers(line)
    bulk_objectives(world, 2000)
    for day in days:
        snapshots.write_day(world.cycle, day)
    analyze()
    after = _buffers(line)
    print("buffers of a line, 6 then 2,006 objectives:", before, after)
    assert after < 2 * before + 60, (before, after)
