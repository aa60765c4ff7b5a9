"""The one rule for every key result's and objective's progress and status over an alignment
tree held in memory (pure Python, no database): a key result from its own value (a check-in)
or, with progress source "children", from the objectives aligned to it; an objective from its
key results, the objectives aligned to it (directly or to one of its key results) or a mix
(okrs.rules.objective_rollup), children before the objectives they count in.

Two callers, so that they cannot disagree (issue 12): the live recomputation of a whole
organization (okrs.services.progress.recompute_organization, which the incremental write paths
are tested equal to) and the snapshots of past days (insights.snapshots.backfill), which give
it each key result's value as of that day. The incremental write paths go through the same
okrs.rules functions (objective_rollup, aligned_groups, children_progress_from_sum,
aligned_status, pace_status)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from mubiao.okrs import rules

# Aligned objectives in these states count in their parent (okrs.services.progress).
COUNTED_CHILD_STATES = ("active", "closed")


@dataclass
class KeyResultNode:
    """An active key result: its objective, progress source ("manual" or "children"), weight,
    due date (None: the cycle's end), and, for a manual one, its progress and whether it has a
    check-in (as of the day computed)."""

    pk: int
    objective_id: int
    source: str
    weight: Decimal
    due: date | None
    progress: Decimal = Decimal(0)
    checked: bool = False
    # The day it was created (organization's time zone) and whether it is done / not done
    # (rules.key_result_status).
    created: date | None = None
    done_or_not: bool = False


@dataclass
class ObjectiveNode:
    """An objective: its progress source and aligned share (0–1), weight, state, what it is
    aligned to, and its cycle's dates."""

    pk: int
    source: str
    share: Decimal
    weight: Decimal
    state: str
    parent_objective_id: int | None
    parent_key_result_id: int | None
    cycle_start: date
    cycle_end: date
    # As stored: what a child on a cycle of the alignment data (refused when written) counts.
    progress: Decimal = Decimal(0)
    status: str = "not_started"


def roll_up(
    objectives: Iterable[ObjectiveNode],
    key_results: Iterable[KeyResultNode],
    *,
    weights_enabled: bool,
    today: date,
) -> tuple[dict[int, tuple[Decimal, str]], dict[int, tuple[Decimal, str]]]:
    """``({objective: (progress, status)}, {key result: (progress, status)})`` on ``today``
    for every objective and active key result given. Children missing from ``objectives`` do
    not count; a cycle in the alignment data (refused when written) ends the walk."""
    rows = {o.pk: o for o in objectives}
    krs_of: dict[int, list[KeyResultNode]] = {pk: [] for pk in rows}
    kr_rows: dict[int, KeyResultNode] = {}
    for kr in key_results:
        if kr.objective_id in krs_of:
            krs_of[kr.objective_id].append(kr)
            kr_rows[kr.pk] = kr
    children_of: dict[int, list[int]] = {}  # by parent key result
    aligned_to: dict[int, list[int]] = {}  # by parent objective
    for o in rows.values():
        if o.state not in COUNTED_CHILD_STATES:
            continue
        if o.parent_key_result_id:
            children_of.setdefault(o.parent_key_result_id, []).append(o.pk)
        elif o.parent_objective_id in rows:
            aligned_to.setdefault(o.parent_objective_id, []).append(o.pk)

    def counted_aligned(pk: int) -> list[int]:
        if rows[pk].source == "key_results":
            return []
        ids = list(aligned_to.get(pk, ()))
        for kr in krs_of[pk]:
            ids += children_of.get(kr.pk, ())
        return ids

    objective_numbers: dict[int, tuple[Decimal, str]] = {}
    kr_numbers: dict[int, tuple[Decimal, str]] = {}

    def visit(pk: int, path: frozenset) -> None:
        if pk in objective_numbers or pk in path:
            return
        objective = rows[pk]
        for kr in krs_of[pk]:
            if kr.source == "children":
                for child in children_of.get(kr.pk, ()):
                    visit(child, path | {pk})
        for child in counted_aligned(pk):
            visit(child, path | {pk})

        def numbers_of(child: int) -> tuple[Decimal, str]:
            # A child on a cycle of the data counts as stored.
            return objective_numbers.get(child, (rows[child].progress, rows[child].status))

        for kr in krs_of[pk]:
            due = kr.due or objective.cycle_end
            if kr.source == "children":
                children = [numbers_of(c) for c in children_of.get(kr.pk, ())]
                progress = rules.children_progress_from_sum(
                    sum((p for p, _s in children), Decimal(0)), len(children)
                )
                started = any(s != "not_started" for _p, s in children)
                pace = rules.cycle_pace(objective.cycle_start, due, today)
                status = rules.aligned_status(progress, started, pace, past_due=today > due)
            else:
                progress = kr.progress
                status = rules.key_result_status(
                    progress=progress, start=objective.cycle_start,
                    due=due, today=today, checked_in=kr.checked,
                    created=kr.created, done_or_not=kr.done_or_not,
                )  # fmt: skip
            kr_numbers[kr.pk] = (progress, status)
        groups = rules.aligned_groups(
            (*numbers_of(c)[:1], rows[c].weight, numbers_of(c)[1]) for c in counted_aligned(pk)
        )
        objective_numbers[pk] = rules.objective_rollup(
            [(*kr_numbers[kr.pk], kr.weight) for kr in krs_of[pk]],
            groups,
            source=objective.source,
            share=objective.share,
            weights_enabled=weights_enabled,
            pace=rules.cycle_pace(objective.cycle_start, objective.cycle_end, today),
        )

    for pk in rows:
        visit(pk, frozenset())
    return objective_numbers, kr_numbers
