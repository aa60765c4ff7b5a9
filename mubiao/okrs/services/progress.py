"""Progress: kept on key results and objectives, recomputed on every write.

Lock order (one for every write path; PostgreSQL, where writes run concurrently):

1. Objectives first, in ONE statement, ascending id, FOR NO KEY UPDATE (`_lock_objectives`):
   the objectives the write changes, every objective their progress rolls up into (through
   key results whose progress source is `children`, or into objectives whose own progress
   comes from the objectives aligned to them), and the objective each of those is aligned to
   directly or through a key result (locked even if unchanged, so that a concurrent switch of
   that key result's or objective's progress source reads this write's result). Only objective
   rows: no join in the locking statement, no cycle, organization, team or membership row is
   ever locked.
2. Key results next, only ever written by a transaction that holds their objective's lock (so
   their implicit row locks never wait on each other); read after the objective is locked.
3. Inserts (check-ins, comments, activity, notifications) last; they only take the key-share
   locks of their foreign keys, which FOR NO KEY UPDATE does not block.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, DecimalField, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mubiao.okrs import number_input, pace, rollup, rules
from mubiao.okrs.models import (
    Cycle,
    KeyResult,
    Objective,
    Status,
)
from mubiao.orgs.models import Membership
from mubiao.orgs.rules import today_for


def _key_result_status(
    kr: KeyResult, cycle: Cycle, today: date, started: bool, organization=None
) -> str:
    """A key result's pace status against its due date (the cycle's end without one). One fed
    by the objectives aligned to it is read as an objective's aligned part is
    (rules.aligned_status: `started` once one of them has left not_started), having no
    check-ins of its own; any other by its check-ins."""
    due = kr.due_date or cycle.end_date
    if kr.progress_source == KeyResult.ProgressSource.CHILDREN:
        pace = rules.cycle_pace(cycle.start_date, due, today)
        return rules.aligned_status(kr.progress, started, pace, past_due=today > due)
    return rules.key_result_status(
        progress=kr.progress,
        start=cycle.start_date,
        due=due,
        today=today,
        checked_in=kr.last_check_in_at is not None,
        created=created_day(kr, organization or cycle.organization, today),
        done_or_not=kr.metric_type in rules.DONE_OR_NOT_TYPES,
    )


def created_day(kr: KeyResult, organization, today: date) -> date:
    """The day a key result was created, in its organization's time zone (`today`, the day
    computed, for one not saved yet)."""
    if kr.created_at is None:
        return today
    return today_for(organization, kr.created_at)


# Aligned objectives whose progress counts towards their parent key result.
COUNTED_CHILD_STATES = (Objective.State.ACTIVE, Objective.State.CLOSED)


# The progress columns hold at most 99,999.9999 (about ten million percent): far beyond any
# real over-achievement. A value typed with a few zeros too many is refused on every write
# that sets a value, start or target (beyond_stored_progress), naming this limit; the cap below
# only keeps a recomputation from overflowing the column.
MAX_STORED_PROGRESS = Decimal("99999")


def _raw_progress(kr: KeyResult, current: Decimal) -> Decimal:
    return rules.kr_progress(
        metric_type=kr.metric_type,
        direction=kr.direction,
        start=kr.start_value,
        target=kr.target_value,
        current=current,
    )


def _manual_progress(kr: KeyResult, current: Decimal) -> Decimal:
    return min(_raw_progress(kr, current), MAX_STORED_PROGRESS)


def beyond_stored_progress(kr: KeyResult, current: Decimal, typed=None) -> str | None:
    """Why `current` cannot be `kr`'s value (its progress beyond MAX_STORED_PROGRESS, which
    would be stored capped, a number nobody gave), or None. `typed`, what the person typed or
    sent for it, is quoted when it is text (`2亿`, not the 200000000 it was read as) or a JSON
    number with its digits as sent (`100000000.5`); else the value, grouped."""
    if _raw_progress(kr, current) <= MAX_STORED_PROGRESS:
        return None
    return _(
        "“%(value)s” would be more than %(limit)s%% of the way from the start to the target, "
        "the most Mubiao keeps: check the value, the start and the target."
    ) % {
        "value": number_input.quoted(typed)
        if isinstance(typed, str | number_input.SentNumber)
        else number_format(current.normalize(), force_grouping=True),
        "limit": number_format(MAX_STORED_PROGRESS * 100, force_grouping=True),
    }


def _recompute_key_result(
    kr: KeyResult,
    cycle: Cycle,
    today: date,
    children: dict[int, tuple[Decimal, bool]],
    organization=None,
) -> None:
    """Progress and status of one key result (`children`: the progress of each children-sourced
    key result and whether one of its counted children has left not_started, see _roll_up)."""
    started = False
    if kr.progress_source == KeyResult.ProgressSource.CHILDREN:
        kr.progress, started = children.get(kr.pk, (rules.children_progress(()), False))
    else:
        kr.progress = _manual_progress(kr, kr.current_value)
    kr.status = _key_result_status(kr, cycle, today, started, organization)


def _note_status(statuses: dict, kr: KeyResult, before: str) -> None:
    """Record a key result's status change in `statuses` (id → [first status before, status
    after]) for _tell_worse: a key result recomputed twice in one write keeps the status it had
    before the write."""
    if kr.status != before:
        statuses.setdefault(kr.pk, [before, kr.status])[1] = kr.status


def _tell_worse(statuses: dict, actor=None) -> None:
    """Pace got worse for the owners of the key results these statuses moved for the worse
    (notify.services.pace_got_worse: the one rule, whatever the write or refresh)."""
    from mubiao.notify.services import pace_got_worse  # notify builds on okrs

    pace_got_worse({pk: tuple(pair) for pk, pair in statuses.items()}, actor=actor)


def objective_score_of(active: Sequence[KeyResult], weights_enabled: bool) -> Decimal | None:
    """The score of an objective with these active key results: the key results that count for
    progress and status count for the score, with the same weights (all equal when the
    organization has weights off), one decimal (rules.objective_score).

    None until every key result that counts is graded: a mean of the graded ones alone (one of
    four graded 1.0 → 1.0) is a score nobody gave. So a key result added (or restored, or
    given a weight) after grading makes the objective "not graded" again until someone grades
    it: whoever grades expects the objective's score to cover every key result it has, and
    keeping the old score would show a grade the new key result never got."""
    counted = rules.weights_that_count((kr.weight for kr in active), weights_enabled)
    graded = [(kr.score, w) for kr, w in zip(active, counted, strict=True) if w > 0]
    if any(score is None for score, _w in graded):
        return None
    return rules.objective_score([s for s, _w in graded], [w for _s, w in graded])


def _objective_numbers(
    objective: Objective, krs: Sequence[KeyResult], weights_enabled: bool, today: date, groups=()
) -> tuple[Decimal, str, Decimal | None]:
    """(progress, status, score) of an objective from its active key results, the score with
    the same weights (objective_score_of), and, by its progress source, from the objectives
    aligned to it (`groups`: rules.aligned_groups, see _aligned_groups), their part's status
    by pace on `today` against the cycle's end (rules.aligned_status). All three are stored
    numbers derived from the key results: every write that recomputes progress stores the
    score with it, so a weight, an archived or a new key result never leaves a stale score."""
    cycle = objective.cycle
    progress, status = rules.objective_rollup(
        [(kr.progress, kr.status, kr.weight) for kr in krs],
        groups,
        source=objective.progress_source,
        share=objective.share,
        weights_enabled=weights_enabled,
        pace=rules.cycle_pace(cycle.start_date, cycle.end_date, today),
    )
    return progress, status, objective_score_of(krs, weights_enabled)


def counted_aligned(objective_id: int, key_result_ids: Sequence[int]):
    """The objectives whose progress counts in an objective that takes it from the objectives
    aligned to it: those aligned to it directly or to one of its active key results (two
    indexed conditions, no join: `key_result_ids` are read already)."""
    return Objective.objects.filter(
        Q(parent_objective_id=objective_id) | Q(parent_key_result_id__in=key_result_ids),
        state__in=COUNTED_CHILD_STATES,
    )


# Sums of many rows: wide enough whatever their number, and exact on SQLite too (its converter
# rounds to these places, undoing the float arithmetic of its SUM).
_SUM = DecimalField(max_digits=30, decimal_places=6)


def aligned_groups(objective: Objective, key_result_ids: Sequence[int]) -> list[tuple]:
    """rules.aligned_groups of the objectives counted in `objective` (`key_result_ids`: its
    active key results) in one grouped query, one row per status however many are aligned;
    none for an objective made of its key results only, which costs no query. All of them,
    whoever asks: the page that lists the visible ones shows the true number (DESIGN.md §4)."""
    if objective.progress_source == Objective.ProgressSource.KEY_RESULTS:
        return []
    rows = (
        counted_aligned(objective.pk, key_result_ids)
        .order_by()
        .values("status")
        .annotate(
            count=Count("pk"),
            total=Sum("progress", output_field=_SUM),
            weights=Sum("weight", output_field=_SUM),
            weighted=Sum(F("progress") * F("weight"), output_field=_SUM),
        )
        .order_by("status")
    )
    return [
        (row["status"], row["count"], row["total"], row["weights"], row["weighted"]) for row in rows
    ]


# The rollup chain of some objectives, one query whatever the depth: each objective with the
# objective it is aligned to (parent_id: directly, or the objective of its parent key result)
# and whether its progress counts there (rolls: the key result takes its progress from its
# children, or the parent objective from the objectives aligned to it); the walk goes on
# through counting links only. UNION, not UNION ALL, ends it on cyclic data.
_STEP_SQL = """
    SELECT o.id, COALESCE(k.objective_id, o.parent_objective_id),
           CASE WHEN k.progress_source = %s OR p.progress_source <> %s THEN 1 ELSE 0 END
    FROM {source}
    LEFT JOIN {key_result} k ON k.id = o.parent_key_result_id
    LEFT JOIN {objective} p ON p.id = COALESCE(k.objective_id, o.parent_objective_id)
"""
_CHAIN_SQL = (
    "WITH RECURSIVE chain(id, parent_id, rolls) AS ("
    + _STEP_SQL.replace("{source}", "{objective} o")
    + " WHERE o.id IN ({ids}) UNION "
    + _STEP_SQL.replace("{source}", "chain c JOIN {objective} o ON o.id = c.parent_id")
    + " WHERE c.rolls = 1)"
)
# Step 1 of the lock order in one statement: the chain and the objectives it is aligned to.
_LOCK_CHAIN_SQL = """
SELECT id FROM {objective}
WHERE id IN (SELECT id FROM chain UNION SELECT parent_id FROM chain)
ORDER BY id {for_update}
"""


def _lock_chain(ids: set[int]) -> set[int]:
    """Lock the rollup chain of `ids` and the objectives it is aligned to (FOR NO KEY UPDATE,
    ascending id), as the chain reads at the start of the statement; their ids."""
    names = {
        "objective": connection.ops.quote_name(Objective._meta.db_table),
        "key_result": connection.ops.quote_name(KeyResult._meta.db_table),
        "ids": ", ".join(["%s"] * len(ids)),
        "for_update": "FOR NO KEY UPDATE" if connection.features.has_select_for_update else "",
    }
    sql = (_CHAIN_SQL + _LOCK_CHAIN_SQL).format(**names)
    with connection.cursor() as cursor:
        step = [KeyResult.ProgressSource.CHILDREN, Objective.ProgressSource.KEY_RESULTS]
        cursor.execute(sql, [*step, *ids, *step])
        return {pk for (pk,) in cursor.fetchall()}


def _lock_objectives(ids: Iterable[int], *, roll_up: bool = True) -> dict[int, Objective]:
    """Lock objectives in the module's lock order; returns the locked rows by id, each with its
    cycle, parent key result, organization and owner person with their user and notification
    preference loaded (not locked; the owner is whom a check-in below notifies, as they chose).

    With `roll_up`, also every objective the write may change through alignment, and the
    objective of each key result one of those is aligned to (see the module docstring); each
    row's `rollup_parent` is then (objective it is aligned to or None, whether its progress
    counts there). The chain is locked as read at the start of the statement; the rows are
    read once locked, when no one can change them, and the chain is walked on them: if it
    changed in between, the newly needed rows are locked too (outside the order; a deadlock
    that may cause is retried by write_transaction) and every row is read again, so the rows
    are the committed ones. Queries: 2 (lock, read) whatever the depth.
    """
    start = {pk for pk in ids if pk is not None}
    held = _lock_chain(start) if roll_up and start else set()
    wanted, tried = set(start), set()
    locked: dict[int, Objective] = {}
    while True:
        if missing := wanted - held - tried:
            # No join in the locking statement: only objective rows are locked.
            held |= set(
                Objective.objects.filter(pk__in=missing)
                .select_for_update(no_key=True)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            tried |= missing  # an objective that does not exist is not waited for
            locked = {}  # the rows read before the last lock may name what changed since
        if not locked:
            rows = Objective.objects.filter(pk__in=held).select_related(
                "cycle",
                "parent_key_result",
                "organization",
                "owner_member__user",
                "owner_member__notify_preference",
            )
            locked = {row.pk: row for row in rows}
        wanted = _link_chain(locked, start) if roll_up else set()
        if wanted <= held | tried:
            return locked


def _link_chain(locked: dict[int, Objective], start: set[int]) -> set[int]:
    """Set each row's `rollup_parent` from the rows, as _STEP_SQL reads the links ((None,
    False) where the objective aligned to is not read yet), and return the objectives the
    chain of `start` needs: its own and each one they are aligned to."""
    unread = {}
    for row in locked.values():
        kr = row.parent_key_result if row.parent_key_result_id else None
        parent = kr.objective_id if kr else row.parent_objective_id
        row.rollup_parent = (None, False)
        if parent in locked:
            counts_here = kr is not None and kr.progress_source == KeyResult.ProgressSource.CHILDREN
            of_children = locked[parent].progress_source != Objective.ProgressSource.KEY_RESULTS
            row.rollup_parent = (parent, counts_here or of_children)
        elif parent is not None:
            unread[row.pk] = parent
    wanted = set(start)
    for pk in start:
        seen: set[int] = set()
        current = locked.get(pk)
        while current is not None and current.pk not in seen:
            seen.add(current.pk)
            parent, rolls = current.rollup_parent
            parent = unread.get(current.pk, parent)
            if parent is not None:
                wanted.add(parent)
            current = locked[parent] if rolls else None
    return wanted


def _roll_up(
    locked: dict[int, Objective],
    starts: Iterable[int],
    today: date,
    *,
    actor=None,
    key_results: dict[int, list[KeyResult]] | None = None,
    written: tuple[KeyResult, Sequence[str]] | None = None,
    tell: bool = True,
) -> dict[int, list[str]]:
    """Recompute objectives `starts` and every objective they roll up into, children first,
    and store what changed. All of them are in `locked` (_lock_objectives with roll_up). The
    owners of key results whose pace got worse are told (`actor`: who wrote, if anyone): the
    key result written, and those an aligned objective's progress rolls up into; with
    `tell` False, the caller tells them (a check-in, with its own event in one notify_many).
    Returns the key results whose status changed (_note_status: id → [before, after]).

    A fixed number of statements whatever the depth: one read of the active key results of
    every objective on the way, one aggregate over the children of its children-sourced key
    results and one over the objectives aligned to those whose progress comes from them (the
    siblings off the way, one row per key result or status, never every sibling), then one
    update of the changed key results and one of the changed objectives. The objectives on
    the way count with their numbers as recomputed here: O(alignment depth) rows.
    `key_results`: the active key results of the objectives on the way, when the caller read
    them already under the locks (key_results._lock_key_result_on_the_way), as stored.
    `written`: one of them the caller changed and these fields of it, stored in the same
    update as the rollup's (a check-in's value: one UPDATE, not two)."""
    starts = list(starts)
    walked = _walked(locked, starts)
    krs_of = _active_key_results(walked) if key_results is None else key_results
    kr_sums = _children_sums(
        [kr.pk for krs in krs_of.values() for kr in krs
         if kr.progress_source == KeyResult.ProgressSource.CHILDREN],
        walked,
    )  # fmt: skip
    group_rows = _aligned_sums(
        {pk: [kr.pk for kr in krs_of.get(pk, [])] for pk in walked
         if locked[pk].progress_source != Objective.ProgressSource.KEY_RESULTS},
        walked,
    )  # fmt: skip
    # The objectives on the way, by the key result and the objective they are aligned to.
    under_kr: dict[int, list[Objective]] = {}
    under_objective: dict[int, list[Objective]] = {}
    for pk in walked:
        child = locked[pk]
        if child.state in COUNTED_CHILD_STATES:
            if child.parent_key_result_id:
                under_kr.setdefault(child.parent_key_result_id, []).append(child)
            if child.parent_objective_id:
                under_objective.setdefault(child.parent_objective_id, []).append(child)
    changed_krs: dict[int, KeyResult] = {}
    changed_objectives: dict[int, Objective] = {}
    statuses: dict[int, list[str]] = {}
    for start in starts:
        seen: set[int] = set()
        current = locked.get(start)
        while current is not None and current.pk not in seen:
            seen.add(current.pk)
            krs = krs_of.get(current.pk, [])
            children = {}
            for kr in krs:
                if kr.pk in kr_sums:
                    total, count, started = kr_sums[kr.pk]
                    for child in under_kr.get(kr.pk, ()):
                        total, count = total + child.progress, count + 1
                        started += child.status != Status.NOT_STARTED
                    children[kr.pk] = (rules.children_progress_from_sum(total, count), started > 0)
            for kr in krs:
                old = (kr.progress, kr.status)
                _recompute_key_result(kr, current.cycle, today, children, current.organization)
                if (kr.progress, kr.status) != old:
                    changed_krs[kr.pk] = kr
                    _note_status(statuses, kr, old[1])
            groups = []
            if current.pk in group_rows:
                counted = {c.pk: c for c in under_objective.get(current.pk, ())}
                for kr in krs:
                    counted.update((c.pk, c) for c in under_kr.get(kr.pk, ()))
                groups = _merged_groups(
                    group_rows[current.pk],
                    [(c.progress, c.weight, c.status) for c in counted.values()],
                )
            numbers = _objective_numbers(
                current, krs, current.organization.weights_enabled, today, groups
            )
            if numbers != (current.progress, current.status, current.score):
                current.progress, current.status, current.score = numbers
                changed_objectives[current.pk] = current
            # Only where the parent counts this objective does the change go on up.
            parent, rolls = current.rollup_parent
            if not rolls:
                break
            current = locked[parent]
    fields = ["progress", "status"]
    if written is not None:
        # The other rows of the update were read under the same locks: their own values.
        changed_krs[written[0].pk] = written[0]
        fields += [name for name in written[1] if name not in fields]
    KeyResult.objects.bulk_update(changed_krs.values(), fields, batch_size=500)
    Objective.objects.bulk_update(
        changed_objectives.values(), ["progress", "status", "score"], batch_size=500
    )
    if tell:
        _tell_worse(statuses, actor)
    return statuses


def _walked(locked: dict[int, Objective], starts: Iterable[int]) -> set[int]:
    """The objectives _roll_up recomputes from `starts`: each, then up while its parent
    counts it."""
    walked: set[int] = set()
    for start in starts:
        current = locked.get(start)
        while current is not None and current.pk not in walked:
            walked.add(current.pk)
            parent, rolls = current.rollup_parent
            current = locked[parent] if rolls else None
    return walked


def _active_key_results(objective_ids: set[int]) -> dict[int, list[KeyResult]]:
    """The active key results of these objectives, by objective, in one query."""
    krs_of: dict[int, list[KeyResult]] = {}
    if objective_ids:
        for kr in KeyResult.objects.filter(
            objective_id__in=objective_ids, state=KeyResult.State.ACTIVE
        ).order_by("objective_id", "pk"):
            krs_of.setdefault(kr.objective_id, []).append(kr)
    return krs_of


def _children_sums(key_result_ids: Sequence[int], leave_out: set[int]) -> dict[int, tuple]:
    """(Σprogress, count, how many have left not_started) of the counted objectives aligned to
    each of these key results but `leave_out`, in one grouped query ((0, 0, 0) for a key
    result without any)."""
    sums = {pk: (Decimal(0), 0, 0) for pk in key_result_ids}
    if sums:
        rows = (
            Objective.objects.filter(parent_key_result_id__in=sums, state__in=COUNTED_CHILD_STATES)
            .exclude(pk__in=leave_out)
            .order_by()
            .values("parent_key_result_id")
            .annotate(
                total=Sum("progress", output_field=_SUM),
                count=Count("pk"),
                started=Count("pk", filter=~Q(status=Status.NOT_STARTED)),
            )
        )
        for row in rows:
            sums[row["parent_key_result_id"]] = (row["total"], row["count"], row["started"])
    return sums


def _aligned_sums(key_results_of: dict[int, list[int]], leave_out: set[int]) -> dict[int, dict]:
    """Per objective of `key_results_of` (objective id → its active key results' ids), the
    sums of aligned_groups by status over the objectives counted in it but `leave_out`, in one
    grouped query: status → [count, Σprogress, Σweight, Σprogress·weight]."""
    sums: dict[int, dict] = {pk: {} for pk in key_results_of}
    if not sums:
        return sums
    objective_of = {kr: pk for pk, krs in key_results_of.items() for kr in krs}
    rows = (
        Objective.objects.filter(
            Q(parent_objective_id__in=sums) | Q(parent_key_result_id__in=objective_of),
            state__in=COUNTED_CHILD_STATES,
        )
        .exclude(pk__in=leave_out)
        .order_by()
        .values("parent_objective_id", "parent_key_result_id", "status")
        .annotate(
            count=Count("pk"),
            total=Sum("progress", output_field=_SUM),
            weights=Sum("weight", output_field=_SUM),
            weighted=Sum(F("progress") * F("weight"), output_field=_SUM),
        )
    )
    for row in rows:
        # As counted_aligned: in the objective it is aligned to, or whose key result it is.
        targets = {row["parent_objective_id"], objective_of.get(row["parent_key_result_id"])}
        for pk in targets & set(sums):
            into = sums[pk].setdefault(row["status"], [0, Decimal(0), Decimal(0), Decimal(0)])
            for i, name in enumerate(("count", "total", "weights", "weighted")):
                into[i] += row[name]
    return sums


def _merged_groups(stored: dict[str, list], on_the_way: list[tuple]) -> list[tuple]:
    """aligned_groups rows of the stored sums plus the objectives on the way, by status."""
    merged = {status: list(row) for status, row in stored.items()}
    for status, *row in rules.aligned_groups(on_the_way):
        into = merged.setdefault(status, [0, Decimal(0), Decimal(0), Decimal(0)])
        for i, value in enumerate(row):
            into[i] += value
    return [(status, *row) for status, row in sorted(merged.items())]


def recompute_objective(
    objective: Objective, *, today: date | None = None, actor: Membership | None = None
) -> None:
    """Recompute an objective from its key results, then every ancestor it rolls up into,
    under the locks of the module's lock order; `objective` gets the stored numbers."""
    locked = _lock_objectives({objective.pk})
    _roll_up(locked, [objective.pk], today or today_for(objective.organization), actor=actor)
    objective.progress, objective.status, objective.score = (
        locked[objective.pk].progress,
        locked[objective.pk].status,
        locked[objective.pk].score,
    )


def recompute_organization(
    organization, *, today: date | None = None, actor: Membership | None = None
) -> int:
    """Recompute every objective of the organization (progress and status of its key results
    and of itself, and a graded objective's score) after a change of how they are computed,
    such as the weights setting: children before the objectives they roll up into, in a fixed
    number of statements whatever the size (lock, two reads, the updates). The caller's
    transaction holds the result. Returns how many objectives changed."""
    today = today or today_for(organization)
    objectives = Objective.objects.filter(organization=organization)
    ids = list(
        objectives.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True)
    )
    rows = {o.pk: o for o in objectives.filter(pk__in=ids).select_related("cycle")}
    krs_of: dict[int, list[KeyResult]] = {pk: [] for pk in rows}
    for kr in KeyResult.objects.filter(objective_id__in=ids, state=KeyResult.State.ACTIVE).order_by(
        "objective_id", "position", "pk"
    ):
        krs_of[kr.objective_id].append(kr)
    # The one rule over the tree in memory (okrs.rollup), as the snapshots of past days use it.
    objective_numbers, kr_numbers = rollup.roll_up(
        (
            rollup.ObjectiveNode(
                pk=o.pk, source=o.progress_source, share=o.share, weight=o.weight,
                state=o.state, parent_objective_id=o.parent_objective_id,
                parent_key_result_id=o.parent_key_result_id, cycle_start=o.cycle.start_date,
                cycle_end=o.cycle.end_date, progress=o.progress, status=o.status,
            )
            for o in rows.values()
        ),
        (
            rollup.KeyResultNode(
                pk=kr.pk, objective_id=kr.objective_id, source=kr.progress_source,
                weight=kr.weight, due=kr.due_date,
                progress=_manual_progress(kr, kr.current_value),
                checked=kr.last_check_in_at is not None,
                created=created_day(kr, organization, today),
                done_or_not=kr.metric_type in rules.DONE_OR_NOT_TYPES,
            )
            for krs in krs_of.values()
            for kr in krs
        ),
        weights_enabled=organization.weights_enabled,
        today=today,
    )  # fmt: skip
    changed_krs, changed_objectives = [], []
    statuses: dict[int, list[str]] = {}
    for pk, objective in rows.items():
        for kr in krs_of[pk]:
            old = (kr.progress, kr.status)
            kr.progress, kr.status = kr_numbers[kr.pk]
            if (kr.progress, kr.status) != old:
                changed_krs.append(kr)
                _note_status(statuses, kr, old[1])
        old = (objective.progress, objective.status, objective.score)
        objective.progress, objective.status = objective_numbers[pk]
        objective.score = objective_score_of(krs_of[pk], organization.weights_enabled)
        if (objective.progress, objective.status, objective.score) != old:
            changed_objectives.append(objective)
    KeyResult.objects.bulk_update(changed_krs, ["progress", "status"], batch_size=500)
    Objective.objects.bulk_update(
        changed_objectives, ["progress", "status", "score"], batch_size=500
    )
    _tell_worse(statuses, actor)
    return len(changed_objectives)


def refresh_cycle(
    cycle: Cycle, *, today: date | None = None, actor: Membership | None = None
) -> int:
    """Re-derive the pace status of every key result and objective of a cycle (it moves with
    the calendar, not only with writes), in a few set-based statements (okrs.pace); run by the
    worker. Returns how many objectives changed status.

    An objective whose status comes from the objectives aligned to it, or that has a key
    result fed by them, is recomputed after, with every objective it rolls up into, level by
    level (_roll_up_levels): such objectives are the few at the top of a tree, and their
    statuses follow their children's.

    Pace is progress against the progress expected by today (DESIGN.md §4), so the calendar
    alone makes a key result fall behind: the owners of those whose status got worse since
    it was stored (the last refresh or write) are told here, once (`actor`: who moved the
    cycle's dates, None for the worker)."""
    today = today or today_for(cycle.organization)
    statuses: dict[int, list[str]] = {}
    changed = pace.refresh_cycle_statuses(cycle, today, statuses)
    ids = list(
        Objective.objects.filter(cycle=cycle)
        .filter(~Q(progress_source=Objective.ProgressSource.KEY_RESULTS) | pace.FED_BY_ALIGNED)
        .exclude(state=Objective.State.ARCHIVED)
        .values_list("pk", flat=True)
    )
    if ids:
        with transaction.atomic():
            locked = _lock_objectives(ids)
            before = {pk: row.status for pk, row in locked.items()}
            _roll_up_levels(locked, ids, today, statuses)
            changed += sum(row.status != before[pk] for pk, row in locked.items())
    _tell_worse(statuses, actor)
    return changed


def _levels(locked: dict[int, Objective], starts: Iterable[int]) -> list[list[int]]:
    """`starts` and every objective they roll up into (rollup_parent, read by
    _lock_objectives), in levels: each objective after every one of them that counts in it.
    Objectives on a cycle in the alignment data (refused when written) come last, together."""
    nodes, todo = set(), [pk for pk in starts if pk in locked]
    while todo:
        pk = todo.pop()
        if pk in nodes:
            continue
        nodes.add(pk)
        parent, rolls = locked[pk].rollup_parent
        if rolls and parent in locked:
            todo.append(parent)
    waiting = {pk: 0 for pk in nodes}
    for pk in nodes:
        parent, rolls = locked[pk].rollup_parent
        if rolls and parent in waiting and parent != pk:
            waiting[parent] += 1
    levels = []
    while waiting:
        level = sorted(pk for pk, n in waiting.items() if n == 0) or sorted(waiting)
        for pk in level:
            del waiting[pk]
            parent, rolls = locked[pk].rollup_parent
            if rolls and parent in waiting:
                waiting[parent] -= 1
        levels.append(level)
    return levels


def _roll_up_levels(
    locked: dict[int, Objective], starts: Iterable[int], today: date, statuses: dict
) -> None:
    """What _roll_up does for each of `starts` in turn, set-based: level by level (children
    first), five statements per level whatever its size (its active key results, their
    children's progress, one grouped pass over the objectives aligned to the level, the two
    updates), so the cost grows with the depth of alignment, not the number of objectives.
    tests/okrs/test_pace.py holds the result equal to _roll_up's. Key results whose status
    changed are noted in `statuses` (_note_status)."""
    for level in _levels(locked, starts):
        krs_of: dict[int, list[KeyResult]] = {pk: [] for pk in level}
        for kr in KeyResult.objects.filter(objective_id__in=level, state=KeyResult.State.ACTIVE):
            krs_of[kr.objective_id].append(kr)
        every_kr = [kr for krs in krs_of.values() for kr in krs]
        # The children of this level were stored by the levels before it: none left out.
        children = {
            pk: (rules.children_progress_from_sum(total, count), started > 0)
            for pk, (total, count, started) in _children_sums(
                [kr.pk for kr in every_kr
                 if kr.progress_source == KeyResult.ProgressSource.CHILDREN],
                set(),
            ).items()
        }  # fmt: skip
        changed_krs = []
        for kr in every_kr:
            old = (kr.progress, kr.status)
            objective = locked[kr.objective_id]
            _recompute_key_result(kr, objective.cycle, today, children, objective.organization)
            if (kr.progress, kr.status) != old:
                changed_krs.append(kr)
                _note_status(statuses, kr, old[1])
        KeyResult.objects.bulk_update(changed_krs, ["progress", "status"], batch_size=500)
        groups = _level_aligned_groups(
            [
                pk
                for pk in level
                if locked[pk].progress_source != Objective.ProgressSource.KEY_RESULTS
            ],
            krs_of,
        )
        changed = []
        for pk in level:
            objective = locked[pk]
            numbers = _objective_numbers(
                objective,
                krs_of[pk],
                objective.organization.weights_enabled,
                today,
                groups.get(pk, []),
            )
            if numbers != (objective.progress, objective.status, objective.score):
                objective.progress, objective.status, objective.score = numbers
                changed.append(objective)
        Objective.objects.bulk_update(changed, ["progress", "status", "score"], batch_size=500)


def _level_aligned_groups(ids: list[int], krs_of: dict[int, list[KeyResult]]) -> dict:
    """aligned_groups of each of these objectives in one grouped query: the counted objectives
    aligned to each directly or to one of its active key results (`krs_of`), by status."""
    if not ids:
        return {}
    kr_ids = [kr.pk for pk in ids for kr in krs_of[pk]]
    rows = (
        Objective.objects.filter(
            Q(parent_objective_id__in=ids) | Q(parent_key_result_id__in=kr_ids),
            state__in=COUNTED_CHILD_STATES,
        )
        .annotate(target=Coalesce("parent_key_result__objective_id", "parent_objective_id"))
        .order_by()
        .values("target", "status")
        .annotate(
            count=Count("pk"),
            total=Sum("progress", output_field=_SUM),
            weights=Sum("weight", output_field=_SUM),
            weighted=Sum(F("progress") * F("weight"), output_field=_SUM),
        )
        .order_by("target", "status")
    )
    groups: dict[int, list[tuple]] = {}
    for row in rows:
        groups.setdefault(row["target"], []).append(
            (row["status"], row["count"], row["total"], row["weights"], row["weighted"])
        )
    return groups
