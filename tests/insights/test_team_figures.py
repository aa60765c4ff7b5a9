"""The team figures kept by the database (insights.figures, issue 14, h14m) and the company and
team dashboards read from them.

1. The rows equal a recomputation from the objectives and key results after every kind of
   write: the services (create, check in, archive, delete, move), and writes behind their back
   (bulk_create, a queryset's update(), raw SQL, a team deleted under its objectives).
2. Every figure of the dashboards, headline and sub-team rollups, is the one the previous code
   gave (kept below verbatim as the reference: `team_rollups` as it read before h14m; the
   headline's reference is test_dashboard_figures_two_ways'), for five readers, every scope,
   0 to 4 hidden private objectives and two seeds.
3. "Checked in within 7 days" around the edges of the day and hour the kept counts cannot split.
4. The triggers exist after every migration.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils import timezone

from mubiao.insights import dashboards, figures, rules
from mubiao.insights.models import (
    TeamCheckInDay,
    TeamCheckInHour,
    TeamCheckInMinute,
    TeamFigures,
)
from mubiao.okrs import aligned, services
from mubiao.okrs import selectors as okr_selectors
from mubiao.okrs.models import Cycle, KeyResult, Objective, Status
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Team
from tests.conftest import freeze_clock, make_objective, trigger_names
from tests.insights.test_dashboard_figures_two_ways import (
    READERS,
    SCOPES,
    _generate,
    _old_figures,
    _same_float,
    _same_point,
    _team,
    squad,  # noqa: F401 (the fixture _generate's organization needs)
)

pytestmark = pytest.mark.django_db

FIGURES = [
    "objectives",
    "progress",
    *Status.values,
    *(f"band{i}" for i in range(10)),
    "key_results",
    "never",
    "confidence_n",
    "without_key_results",
]


# --------------------------------------------------------------------------------------------
# 1. The kept rows against a recomputation in Python


def _recomputed() -> tuple[dict, dict, dict, dict]:
    """{(cycle, team): figures}, {(cycle, team, day): n}, {(cycle, team, hour): n} and
    {(cycle, team, minute): n} from the objectives and key results themselves, in Python."""
    rows, days, hours, minutes = {}, defaultdict(int), defaultdict(int), defaultdict(int)
    live = Objective.objects.exclude(state=Objective.State.ARCHIVED)
    krs_of = defaultdict(list)
    for kr in KeyResult.objects.filter(state=KeyResult.State.ACTIVE, objective__in=live):
        krs_of[kr.objective_id].append(kr)
    for objective in live:
        key = (objective.cycle_id, objective.team_id)
        row = rows.setdefault(key, dict.fromkeys(FIGURES, 0) | {"confidence_sum": 0.0})
        row["objectives"] += 1
        row["progress"] += objective.progress
        row[objective.status] += 1
        band = min(int(objective.progress * 10), 9)
        row[f"band{band}"] += 1
        krs = krs_of[objective.pk]
        row["key_results"] += len(krs)
        row["never"] += sum(kr.last_check_in_at is None for kr in krs)
        row["without_key_results"] += not krs
        given = [kr.confidence for kr in krs if kr.confidence is not None]
        if given:
            row["confidence_n"] += 1
            row["confidence_sum"] += sum(given) / len(given)
        for kr in krs:
            if kr.last_check_in_at:
                at = kr.last_check_in_at.astimezone(dt.UTC)
                days[(*key, at.date())] += 1
                hours[(*key, at.replace(minute=0, second=0, microsecond=0))] += 1
                minutes[(*key, at.replace(second=0, microsecond=0))] += 1
    return rows, dict(days), dict(hours), dict(minutes)


def _assert_kept() -> None:
    rows, days, hours, minutes = _recomputed()
    kept = {(r.cycle_id, r.team_id): r for r in TeamFigures.objects.all()}
    assert TeamFigures.objects.count() == len(kept), "one row per (cycle, team)"
    assert set(kept) == set(rows)
    for key, row in rows.items():
        assert {f: getattr(kept[key], f) for f in FIGURES} == {f: row[f] for f in FIGURES}, key
        confidence = kept[key].confidence_sum
        assert (confidence is None) == (row["confidence_n"] == 0), key
        if confidence is not None:
            assert float(confidence) == pytest.approx(row["confidence_sum"], rel=1e-12), key
    assert {
        (r.cycle_id, r.team_id, r.day): r.key_results for r in TeamCheckInDay.objects.all()
    } == days
    assert {
        (r.cycle_id, r.team_id, r.hour): r.key_results for r in TeamCheckInHour.objects.all()
    } == hours
    assert {
        (r.cycle_id, r.team_id, r.minute): r.key_results for r in TeamCheckInMinute.objects.all()
    } == minutes


def test_the_rows_follow_every_write(world, squad):  # noqa: F811
    _generate(world, squad, seed=3, hidden=2)
    _assert_kept()
    kr = KeyResult.objects.filter(organization=world.org, objective__state="active").first()
    objective = kr.objective
    # Through the services: a check-in with a confidence, an archive, a new objective.
    services.check_in(world.admin, kr, value=55, confidence=2)
    _assert_kept()
    services.archive_objective(world.admin, objective)
    _assert_kept()
    # An admin's: a personal objective is filed under its owner's teams, an admin's anywhere.
    make_objective(world.admin, world.cycle, "Fresh", krs=2, team=squad)
    _assert_kept()
    # Behind their back: a queryset's update of progress and status, of the team, of a key
    # result's confidence and last check-in, a key result moved, bulk_create, raw SQL, deletes.
    Objective.objects.filter(organization=world.org, team=world.docs).update(
        progress=Decimal("0.95"), status=Status.DONE
    )
    _assert_kept()
    Objective.objects.filter(organization=world.org, team=squad, owner_type="member").update(
        team=world.product
    )
    _assert_kept()
    KeyResult.objects.filter(organization=world.org).update(confidence=7)
    KeyResult.objects.filter(organization=world.org, objective__team=world.product).update(
        last_check_in_at=timezone.now() - dt.timedelta(days=3), confidence=None
    )
    _assert_kept()
    moved = KeyResult.objects.filter(organization=world.org).last()
    target = Objective.objects.filter(organization=world.org).exclude(pk=moved.objective_id)[0]
    KeyResult.objects.filter(pk=moved.pk).update(objective=target)
    _assert_kept()
    template = Objective.objects.filter(organization=world.org).first()
    template.pk = None
    Objective.objects.bulk_create([template])
    _assert_kept()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE okrs_objective SET progress = 0.05, status = 'off_track' WHERE id = %s",
            [template.pk],
        )
        cursor.execute("UPDATE okrs_keyresult SET state = 'archived' WHERE id = %s", [kr.pk])
    _assert_kept()
    # Another cycle: an objective moved there takes its figures along.
    later = Cycle.objects.create(
        organization=world.org,
        name="next",
        start_date=world.cycle.end_date + dt.timedelta(days=1),
        end_date=world.cycle.end_date + dt.timedelta(days=90),
    )
    Objective.objects.filter(pk=template.pk).update(cycle=later)
    _assert_kept()
    KeyResult.objects.filter(objective__team=world.docs).delete()
    _assert_kept()
    # A team deleted under its objectives (they keep no team) and an objective deleted.
    gone = Team.objects.create(organization=world.org, name="Gone", slug="gone")
    Objective.objects.filter(organization=world.org, owner_type="member", team=world.docs).update(
        team=gone
    )
    gone.delete()
    _assert_kept()
    Objective.objects.filter(pk=template.pk).delete()
    _assert_kept()


def test_installing_repairs_rows_written_with_the_triggers_off(world, squad):  # noqa: F811
    _generate(world, squad, seed=5, hidden=1)
    TeamFigures.objects.update(objectives=999)
    TeamCheckInDay.objects.all().delete()
    TeamCheckInHour.objects.all().delete()
    TeamCheckInMinute.objects.update(key_results=999)
    figures.install_triggers(connection)
    _assert_kept()


def test_the_triggers_exist_after_every_migration():
    assert set(figures.TRIGGERS) <= trigger_names()


@pytest.mark.parametrize("kept", [figures.TRIGGERS, aligned.TRIGGERS])
def test_one_drop_takes_off_the_named_triggers_only(kept):
    """Review (rvn): one drop_triggers (okrs.aligned) for both sets of triggers on the
    objective and key result tables, as each migration's reverse drops its own."""
    other = aligned.TRIGGERS if kept is figures.TRIGGERS else figures.TRIGGERS
    aligned.drop_triggers(connection, other)
    left = trigger_names()
    (figures if other is figures.TRIGGERS else aligned).install_triggers(connection)
    assert set(kept) <= left and not set(other) & left
    assert set(kept) | set(other) <= trigger_names()


# --------------------------------------------------------------------------------------------
# 2. The dashboards' figures against the previous code


def _old_rollups(actor: Membership, cycle: Cycle, teams: list[Team], within: Team | None):
    """insights.selectors.team_rollups as it read before h14m: one grouped query over every
    objective of the cycle, each figure over all and over the visible objectives."""
    if not teams:
        return []
    tree = okr_selectors.teams(actor)
    if within is not None:
        tree = tree.filter(id__in=okr_selectors.team_subtree_ids(within))
    parent_of = dict(tree.values_list("id", "parent_id"))
    seen = permissions.objective_visibility_q(actor)
    measures = {
        "total": lambda q: Sum("progress", filter=q),
        "n": lambda q: Count("id", filter=q),
        **{s: lambda q, s=s: Count("id", filter=q & Q(status=s)) for s in Status.values},
    }
    rows = (
        okr_selectors.objectives_for_figures(actor, cycle)
        .filter(team_id__in=list(parent_of))
        .values("team_id")
        .annotate(
            **{key: measure(Q()) for key, measure in measures.items()},
            **{f"seen_{key}": measure(seen) for key, measure in measures.items()},
        )
    )
    # Every reader but an admin reads over what they may see, whatever is hidden (issue 12, S2).
    over_visible = not permissions.is_admin(actor)
    wanted = {t.pk: {"team": t, "over_visible": over_visible} for t in teams}
    for entry in wanted.values():
        entry.update(dict.fromkeys(measures, 0))
    for row in rows:
        node, visited = row["team_id"], set()
        while node is not None and node not in wanted and node not in visited:
            visited.add(node)
            node = parent_of.get(node)
        if node in wanted:
            entry = wanted[node]
            # Since issue 12 no figure counts an objective hidden from the reader.
            withheld = row["n"] > row["seen_n"]
            for key in measures:
                entry[key] += row[f"seen_{key}" if withheld else key] or 0
    result = list(wanted.values())
    for entry in result:
        entry["avg"] = entry["total"] / entry["n"] if entry["n"] else 0
        entry["behind"] = sum(entry[s] for s in rules.AT_RISK_STATUSES)
        entry["counts"] = [(s, entry[s]) for s in Status.values]
    return result


ROLLUP = ["n", "over_visible", "behind", "counts"]


@pytest.mark.parametrize("seed", [11, 12])
@pytest.mark.parametrize("hidden", [0, 1, 2, 3, 4])
def test_every_dashboard_figure_is_the_previous_one(world, squad, monkeypatch, hidden, seed):  # noqa: F811
    readers = _generate(world, squad, seed=seed * 10 + hidden, hidden=hidden)
    now = freeze_clock(monkeypatch, timezone.now())
    over_visible_seen = set()
    for role in READERS:
        actor = Membership.objects.get(pk=readers[role].pk)
        for slug in SCOPES:
            team = _team(world, squad, slug)
            where = (role, slug)
            new = dashboards.figures(actor, world.cycle, team)
            old = _old_figures(actor, world.cycle, team, now)
            summary = new["summary"]
            for key in ("total", "counts", "distribution", "key_results", "fresh", "stale"):
                assert summary[key] == old["summary"][key], (where, key)
            assert summary["never"] == old["summary"]["never"], where
            assert _same_point(summary["avg"], old["summary"]["avg"]), where
            assert _same_float(summary["confidence"], old["summary"]["confidence"]), where
            assert summary["over_visible"] == old["over_visible"], where
            subteams = [r["team"] for r in new["subteams"]]
            reference = _old_rollups(actor, world.cycle, subteams, team)
            assert [r["team"].pk for r in reference] == [t.pk for t in subteams], where
            for got, want in zip(new["subteams"], reference, strict=True):
                assert {k: got[k] for k in ROLLUP} == {k: want[k] for k in ROLLUP}, where
                assert _same_point(got["avg"], want["avg"]), where
                assert _same_float(got["total"], want["total"]), where
                over_visible_seen.add(got["over_visible"])
    if hidden:
        # The sub-team holding Carl's hidden objectives (one owner) was read over the visible
        # ones.
        assert True in over_visible_seen


# --------------------------------------------------------------------------------------------
# 3. "Checked in within 7 days" at the edge


@pytest.mark.parametrize("hour, second", [(0, 0), (9, 0), (23, 0), (9, 17), (23, 59)])
def test_fresh_counts_the_edge_day_to_the_microsecond(world, monkeypatch, hour, second):
    """Key results last checked in just before, at and just after the moment 7 days ago, at
    the edges of its minute and hour, and on the days around it: the kept counts give the
    whole days, the edge day's whole hours and the edge hour's whole minutes, the edge minute
    is split at the moment."""
    now = dt.datetime(2026, 11, 30, hour, 30, second, 250_000, tzinfo=dt.UTC)
    freeze_clock(monkeypatch, now)
    cutoff = now - rules.FRESH_FOR
    offsets = [
        dt.timedelta(microseconds=-1),
        dt.timedelta(0),
        dt.timedelta(microseconds=1),
        dt.timedelta(hours=-hour - 1),
        # The edges of the moment's hour: its first instant, the next hour's, and just before.
        dt.timedelta(minutes=-30),
        dt.timedelta(minutes=30),
        dt.timedelta(minutes=30, microseconds=-1),
        dt.timedelta(minutes=90),
        dt.timedelta(hours=23 - hour, minutes=29),
        # The edges of the moment's minute: its first instant, the next minute's, and around.
        dt.timedelta(seconds=-second, microseconds=-250_000),
        dt.timedelta(seconds=60 - second, microseconds=-250_000),
        dt.timedelta(seconds=60 - second, microseconds=-250_001),
        dt.timedelta(seconds=59 - second),
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=-1),
        dt.timedelta(days=1),
        dt.timedelta(days=-1),
        dt.timedelta(days=7),
    ]
    objective = make_objective(world.alice, world.cycle, "Edge", krs=len(offsets))
    for kr, offset in zip(objective.key_results.order_by("position"), offsets, strict=True):
        KeyResult.objects.filter(pk=kr.pk).update(last_check_in_at=cutoff + offset)
    for team in (None, world.company, world.product):
        got = figures.headline_of(figures.scope_sums(world.cycle, team, now))
        scope = okr_selectors.in_team_subtree_q(team) if team else Q()
        objectives = okr_selectors.objectives_for_figures(world.admin, world.cycle).filter(scope)
        checked = [
            kr.last_check_in_at
            for kr in KeyResult.objects.filter(objective__in=objectives, state="active")
        ]
        want = {
            "fresh": sum(at is not None and at >= cutoff for at in checked),
            "stale": sum(at is not None and at < cutoff for at in checked),
            "never": sum(at is None for at in checked),
            "key_results": len(checked),
        }
        assert {k: got[k] for k in want} == want, team
    mine = KeyResult.objects.filter(objective=objective, last_check_in_at__gte=cutoff).count()
    assert mine == sum(offset >= dt.timedelta(0) for offset in offsets)
