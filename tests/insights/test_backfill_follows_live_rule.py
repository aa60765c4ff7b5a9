"""Issue 12: a past day's snapshot is what the worker would have written that day, whatever
the alignment tree: random small trees with every progress source (key results, aligned, mix)
and both kinds of key result (check-ins, "from aligned objectives"), children in another cycle,
weights on or off, check-ins on several days. The oracle replays the history through the live
paths, day by day (services.check_in at the day's times, the worker's pace refresh on that day,
its snapshot writer), and the backfill of the same days (from the check-ins alone) must give the
same team rows (objectives, progress, expected, status counts, check-ins, people, confidence)
and objective rows. The backfilled line once counted a key result fed by aligned objectives as
0 and an objective's aligned part without the objectives aligned to its key results."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, example, given, note, settings
from hypothesis import strategies as st

from mubiao.insights import snapshots
from mubiao.insights.models import ObjectiveSnapshot, TeamSnapshot
from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.orgs.rules import today_for
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db

DAYS = 6  # the cycle began DAYS days ago

_key_result = st.fixed_dictionaries(
    {
        "children": st.booleans(),
        "weight": st.sampled_from([0, 1, 3]),
        "due": st.sampled_from([None, 3, 20]),
    }
)
_objective = st.fixed_dictionaries(
    {
        "source": st.sampled_from(["key_results", "aligned", "mix"]),
        "share": st.sampled_from([0, 30, 50, 100]),
        "weight": st.sampled_from([0, 1, 2]),
        "state": st.sampled_from(["active", "active", "closed", "draft"]),
        "team": st.sampled_from([None, "company", "product", "docs", "support"]),
        "other_cycle": st.booleans(),
        "krs": st.lists(_key_result, max_size=3),
        # None, or (objective before it, None: aligned to that objective, or its key result k)
        "parent": st.one_of(
            st.none(), st.tuples(st.integers(0, 10), st.one_of(st.none(), st.integers(0, 2)))
        ),
    }
)
_check_in = st.tuples(
    st.integers(0, 10),  # which key result (modulo the manual ones)
    st.integers(0, DAYS),  # day of the cycle
    st.integers(0, 23),  # hour
    st.integers(0, 120),  # value (0 → 100)
    st.one_of(st.none(), st.integers(0, 10)),  # confidence
)
_plan = st.fixed_dictionaries(
    {
        "objectives": st.lists(_objective, min_size=1, max_size=6),
        "check_ins": st.lists(_check_in, max_size=10),
        "weights": st.booleans(),
    }
)

TEAM_FIELDS = (
    "objectives", "progress", "expected", "not_started", "on_track", "at_risk", "off_track",
    "done", "check_ins", "people_updated", "confidence", "progress_total", "confidence_total",
    "confidence_n",
)  # fmt: skip


def _build(world, plan, cycle, other):
    teams = {
        "company": world.company, "product": world.product, "docs": world.docs,
        "support": world.extra["support"],
    }  # fmt: skip
    made: list[Objective] = []
    for i, spec in enumerate(plan["objectives"]):
        where = other if spec["other_cycle"] and i else cycle
        o = make_objective(world.admin, where, f"O{i}", krs=len(spec["krs"]))
        parent_objective = parent_kr = None
        if spec["parent"] is not None and made:
            parent = made[spec["parent"][0] % len(made)]
            krs = list(parent.key_results.order_by("pk"))
            if spec["parent"][1] is not None and krs:
                parent_kr = krs[spec["parent"][1] % len(krs)]
            else:
                parent_objective = parent
        Objective.objects.filter(pk=o.pk).update(
            progress_source=spec["source"], aligned_share=spec["share"], weight=spec["weight"],
            state=spec["state"], team=teams.get(spec["team"]),
            parent_objective=parent_objective, parent_key_result=parent_kr,
        )  # fmt: skip
        for kr, kr_spec in zip(o.key_results.order_by("pk"), spec["krs"], strict=True):
            KeyResult.objects.filter(pk=kr.pk).update(
                progress_source="children" if kr_spec["children"] else "manual",
                weight=kr_spec["weight"],
                due_date=kr_spec["due"] and cycle.start_date + dt.timedelta(kr_spec["due"]),
            )  # fmt: skip
        made.append(o)
    world.org.settings = {**world.org.settings, "weights": plan["weights"]}
    world.org.save(update_fields=["settings"])
    return made


def _rows(cycle, days):
    teams = {
        (row.team_id, row.day): tuple(getattr(row, f) for f in TEAM_FIELDS)
        for row in TeamSnapshot.objects.filter(cycle=cycle, day__in=days)
    }
    objectives = {
        (row.objective_id, row.day): (
            row.progress,
            row.status,
            row.confidence,
            row.team_id,
            row.counted,
        )
        for row in ObjectiveSnapshot.objects.filter(cycle=cycle, day__in=days)
    }
    return teams, objectives


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    # Each example replays days of worker runs: shrinking would take minutes; the plan is noted.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(plan=_plan)
# The demo's shapes: a mix whose key result takes its progress from the objective aligned to
# it (once 0 on past days), and another objective aligned to the mix directly (once the only
# one its aligned part counted).
@example(
    plan={
        "weights": False,
        "objectives": [
            {"source": "mix", "share": 50, "weight": 1, "state": "active", "team": "product",
             "other_cycle": False, "parent": None,
             "krs": [{"children": False, "weight": 1, "due": None},
                     {"children": True, "weight": 1, "due": None}]},
            {"source": "key_results", "share": 0, "weight": 1, "state": "active", "team": "docs",
             "other_cycle": False, "parent": (0, 1),
             "krs": [{"children": False, "weight": 1, "due": None}]},
            {"source": "key_results", "share": 0, "weight": 1, "state": "active",
             "team": "support", "other_cycle": False, "parent": (0, None),
             "krs": [{"children": False, "weight": 1, "due": None}]},
        ],
        "check_ins": [(1, 1, 10, 60, 7), (2, 2, 9, 40, None), (0, 3, 15, 20, 5)],
    }
)  # fmt: skip
def test_each_past_day_is_what_the_live_rule_gave_that_day(world, plan):
    note(repr(plan))
    with transaction.atomic():
        today = today_for(world.org)
        zone = ZoneInfo(world.org.time_zone)
        start = today - dt.timedelta(days=DAYS)
        cycle = services.create_cycle(
            world.admin, name="Sprint", kind=Cycle.Kind.CUSTOM, start_date=start,
            end_date=start + dt.timedelta(days=27), state=Cycle.State.ACTIVE,
        )  # fmt: skip
        other = services.create_cycle(
            world.admin, name="Other", kind=Cycle.Kind.BIMONTH,  # 56 days: two months
            start_date=start - dt.timedelta(days=9), end_date=start + dt.timedelta(days=46),
            state=Cycle.State.ACTIVE,
        )  # fmt: skip
        _build(world, plan, cycle, other)
        cycle, other = Cycle.objects.get(pk=cycle.pk), Cycle.objects.get(pk=other.pk)
        manual = list(
            KeyResult.objects.filter(
                objective__cycle__in=[cycle, other], progress_source="manual"
            ).order_by("pk")
        )
        by_day: dict[int, list] = {}
        for which, day, hour, value, confidence in plan["check_ins"]:
            if manual:
                by_day.setdefault(day, []).append(
                    (hour, manual[which % len(manual)], value, confidence)
                )
        # The oracle: the history through the live paths, the worker's rows written each day.
        days = [start + dt.timedelta(days=i) for i in range(DAYS + 1)]
        for i in range(DAYS + 1):
            for hour, kr, value, confidence in sorted(
                by_day.get(i, ()), key=lambda c: (c[0], c[1].pk)
            ):
                at = dt.datetime.combine(start + dt.timedelta(days=i), dt.time(hour), tzinfo=zone)
                at = min(at, timezone.now())  # today's: not in the future
                services.check_in(
                    world.admin, KeyResult.objects.get(pk=kr.pk), value=value,
                    confidence=confidence, at=at,
                )  # fmt: skip
            day = start + dt.timedelta(days=i)
            services.refresh_cycle(other, today=day)
            services.refresh_cycle(cycle, today=day)
            snapshots.write_day(cycle, day)
        live = _rows(cycle, days)
        # Today's rows are today's live figures.
        for o in Objective.objects.filter(cycle=cycle).exclude(state="archived"):
            row = live[1][(o.pk, today)]
            assert (row[0], row[1]) == (o.progress, o.status), o.title
        # The backfill from the history alone, after the worker's rows are gone.
        TeamSnapshot.objects.filter(cycle=cycle).delete()
        ObjectiveSnapshot.objects.filter(cycle=cycle).delete()
        snapshots.backfill(cycle, days)
        filled = _rows(cycle, days)
        assert filled[1] == live[1]
        assert filled[0] == live[0]
        transaction.set_rollback(True)
