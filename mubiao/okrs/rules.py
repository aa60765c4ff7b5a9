"""OKR rules as pure functions (DESIGN.md §4, okr-rules.md §2).

Everything here is plain Python on :class:`~decimal.Decimal`, with no Django imports, so the
numbers that pages, the API, exports and notifications show all come from one place and can be
tested with worked examples and property tests without a database.

Why Decimal everywhere: progress and scores are stored in ``DecimalField`` columns and compared
against thresholds such as ``expected - 0.1``; binary floats would turn ``0.1 + 0.2`` into
``0.30000000000000004`` and flip a status at a boundary. Floats are therefore rejected as input,
and all arithmetic runs in a private, wide decimal context so the results do not depend on
whatever ``decimal.getcontext()`` a caller happens to have set.

Two quantities are deliberately kept apart (okr-rules.md §2.1, OKR-C06): *progress* (how far the
measured value has moved, 4 decimal places, may exceed 1 before clamping) and *score* (a grade
in [0, 1] with one decimal, decided at grading time). Only :func:`suggested_score` links them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext

from mubiao.okrs.numbers import (  # plain Python, as this module
    STORED_PLACES,
    counts_money,
    same_unit,
    unit_scale,
    units_factor,
)

__all__ = [
    "DIRECTIONS",
    "METRIC_TYPES",
    "Q4",
    "STATUSES",
    "aligned_groups",
    "aligned_part",
    "aligned_status",
    "children_progress",
    "children_progress_from_sum",
    "clamp",
    "creates_alignment_cycle",
    "cycle_pace",
    "elapsed_fraction",
    "expected_progress",
    "forecast",
    "forecast_by_day",
    "key_results_status",
    "kr_progress",
    "leaves_children_unpublished",
    "may_align_to",
    "mean",
    "needs_written_start",
    "not_started_elapsed",
    "objective_rollup",
    "objective_score",
    "objective_status",
    "on_metric_change",
    "pace_status",
    "parent_refusal",
    "part_shares",
    "score_band",
    "suggested_score",
    "validate_score",
    "value_at_progress",
    "values_factor",
    "weight_in_effect",
    "weighted_mean",
    "weights_that_count",
    "worst_status",
]

Q4 = Decimal("0.0001")
"""Progress is stored and compared with 4 decimal places (0.01 %), rounded half up."""

Q1 = Decimal("0.1")
"""Every score, a KR's or an objective's, has exactly one decimal (Google's 0.0–1.0 scale, 飞书
stores the same): the value that is stored is the value shown, banded and checked."""

# An average of scores (the grading review's per team, calibration's per confidence): two
# decimals, where a single score has one (0.75 and 0.55 are not 0.8 and 0.6; issue 12).
Q2 = Decimal("0.01")


def score_mean(total, n: int) -> Decimal | None:
    """The average of `n` scores summing to `total`, rounded once, half up, to two decimals;
    None with no score."""
    return _q(Decimal(str(total)) / n, Q2) if n else None


METRIC_TYPES = ("number", "percent", "currency", "boolean", "milestone")
DIRECTIONS = ("increase", "decrease", "at_least", "at_most")
STATUSES = ("not_started", "on_track", "at_risk", "off_track", "done")

# The days a person may give a cycle or a weekly report: a week's next Monday, a day's
# midnight in UTC and the worker's day-by-day backfill of a cycle must all exist and stay
# small (9999-12-31's week ends past date.max and 0001-01-01 starts before it in UTC: both
# overflowed into a 500; a cycle from 0001-01-01 made the backfill 740,000 days long). Round
# years, so the message is easy to read.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(9998, 12, 31)

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

# The pace thresholds of DESIGN.md §4: a KR within 0.1 of where it should be is on track, within
# 0.3 at risk. The not-started grace window is the first 10% of the period.
ON_TRACK_SLACK = Decimal("0.1")
AT_RISK_SLACK = Decimal("0.3")
NOT_STARTED_WINDOW = Decimal("0.1")

# Score bands (okr-rules.md §2.1): 0.0–0.3 red, 0.4–0.6 yellow, 0.7–1.0 green.
YELLOW_FROM = Decimal("0.4")
GREEN_FROM = Decimal("0.7")

# The one order of the pace statuses, worst highest, read from their meanings (DESIGN §4): off
# track, at risk and on track are judged against the pace, done is finished, and not started
# says nothing yet (no check-in in the first tenth of the period), so it ranks below every
# other status, done included. An objective shows the worst among its active KRs (as 飞书 and
# Perdoo show the worst; key_results_status); a person on the leaders' pages, the worst of
# their objectives by the same rule (insights.people); a team's colour on a tie, a reminder's
# order and the SQL that picks the worst (okrs.pace) rank by it too (issue 9, h9b).
_SEVERITY: dict[str, int] = {
    "off_track": 4,
    "at_risk": 3,
    "on_track": 2,
    "done": 1,
    "not_started": 0,
}
# The same ranks for SQL that picks the worst status (okrs.pace, insights.people).
SEVERITY = _SEVERITY

# A key result sets its objective's status only when it weighs at least a tenth of the
# objective's heaviest key result (docs/design-notes.md, "An objective's status"): with weights
# 999 and 1 the light one moves the progress by 0.1 %, and "99.9 % · off track" contradicted
# the pace rule's own 0.1 / 0.3 margins. Equal weights all count: DESIGN.md's worst status.
STATUS_WEIGHT_RATIO = Decimal(10)

# Wide enough that sums of products of stored values (and the microsecond time axis of
# forecast) stay exact, so equal inputs give equal results however they are grouped.
_CTX = Context(prec=100, rounding=ROUND_HALF_EVEN, Emax=999_999, Emin=-999_999)

# A bound that does not hold is never reported as met, even when rounding to Q4 would say 1.
_ALMOST_ONE = ONE - Q4

_MICROSECOND = timedelta(microseconds=1)


# --------------------------------------------------------------------------------------------
# helpers


def _dec(value: Decimal | int, name: str) -> Decimal:
    """Return ``value`` as a finite Decimal.

    Floats are refused rather than converted: ``Decimal(0.1)`` is
    ``0.1000000000000000055511151231257827...``, which is exactly the surprise this module
    exists to avoid. ``int`` is accepted because it converts exactly. ``bool`` is refused: a
    ``True`` where a number belongs is a bug at the call site, not a value.
    """
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal (or int), got {type(value).__name__}")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"{name} must be a finite number, got {result}")
    return result


def _q(value: Decimal, exp: Decimal) -> Decimal:
    """Round half up to ``exp``, in the wide context so huge over-achievement cannot overflow."""
    return value.quantize(exp, rounding=ROUND_HALF_UP, context=_CTX)


def rounded(value: Decimal, exp: Decimal = Decimal(1)) -> Decimal:
    """`value` rounded half up to `exp` (1, Q1, Q4): the one rounding of every number shown
    (percentages on pages, exports and messages) and suggested (scores), so that 0.125 shows
    as 13% and 0.25 suggests 0.3 alike; Decimal's own quantize rounds half to even (12%)."""
    return _q(Decimal(value), exp)


def _q4(value: Decimal) -> Decimal:
    return _q(value, Q4)


def _fraction(numerator: Decimal, denominator: Decimal) -> Decimal:
    """``numerator / denominator`` floored at 0 (callers guarantee ``denominator > 0``)."""
    with localcontext(_CTX):
        return max(ZERO, numerator / denominator)


# --------------------------------------------------------------------------------------------
# progress


def kr_progress(
    *,
    metric_type: str,
    direction: str,
    start: Decimal,
    target: Decimal,
    current: Decimal | None,
) -> Decimal:
    """Raw progress of a key result, floored at 0 but **not** capped at 1, quantized to ``Q4``.

    Over-achievement stays visible (a KR at 120 % of its target returns ``1.2``); use
    :func:`clamp` for display bars and roll-ups. ``current`` is ``None`` before the first
    check-in and then counts as ``start`` (nothing has moved yet).

    Per metric type:

    * ``number`` / ``percent`` / ``currency`` follow ``direction``:

      - ``increase``: ``(current - start) / (target - start)``
      - ``decrease``: ``(start - current) / (start - target)``
      - ``at_least``: ``1`` when ``current >= target``, else the fraction of the way from
        ``start`` up to ``target``. A bound either holds or it does not, so the result is 1
        only when it holds (at most 0.9999 otherwise, even where rounding would say 1). When
        ``start`` already satisfies the bound (a "keep it above" KR) and ``current`` has
        dropped below it, there is no way *from start to target* to measure: the result is 0.
      - ``at_most``: the mirror image: ``1`` when ``current <= target``, else the fraction of
        the way from ``start`` down to ``target`` (0 when ``start`` already met the bound).

    * ``boolean``: 1 once ``current >= 1`` (done), else 0.
    * ``milestone``: ``current`` is a percentage 0..100 entered by hand; progress is
      ``current / 100``, clamped to [0, 1] because "more than done" is meaningless for it.

    ``start`` and ``target`` are ignored for boolean and milestone KRs. ``direction`` is still
    checked to be one of :data:`DIRECTIONS` (it is a required column), but otherwise ignored.

    ``start == target`` never divides by zero: the result is 1 if the target is met in the
    KR's direction (``current >= target`` for increase/at_least, ``<=`` for
    decrease/at_most), else 0.

    Raises:
        ValueError: unknown ``metric_type``/``direction``, non-finite values, or a target on
            the wrong side of the start for ``increase`` (target < start) or ``decrease``
            (target > start). Such a KR is a data-entry mistake (the direction contradicts
            the numbers), and silently mirroring it would show confident but wrong progress;
            services validate this before saving, so reaching it here is a bug.
        TypeError: a float (or other non-Decimal) value.
    """
    if metric_type not in METRIC_TYPES:
        raise ValueError(f"unknown metric type {metric_type!r}; expected one of {METRIC_TYPES}")
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}; expected one of {DIRECTIONS}")

    s = _dec(start, "start")
    t = _dec(target, "target")
    c = s if current is None else _dec(current, "current")
    return _q4(_raw_progress(metric_type, direction, s, t, c))


def _raw_progress(metric_type: str, direction: str, s: Decimal, t: Decimal, c: Decimal) -> Decimal:
    """The unrounded maths of :func:`kr_progress`, on already validated Decimals."""
    if metric_type == "boolean":
        return ONE if c >= ONE else ZERO
    if metric_type == "milestone":
        with localcontext(_CTX):
            return clamp(c / HUNDRED)
    if direction == "increase":
        if t < s:
            raise ValueError(
                f"an 'increase' key result needs target >= start (start={s}, target={t}); "
                "use direction 'decrease' for a value that should go down"
            )
        if t == s:
            return ONE if c >= t else ZERO
        return _short_of_target(_fraction(c - s, t - s), reached=c >= t)
    if direction == "decrease":
        if t > s:
            raise ValueError(
                f"a 'decrease' key result needs target <= start (start={s}, target={t}); "
                "use direction 'increase' for a value that should go up"
            )
        if t == s:
            return ONE if c <= t else ZERO
        return _short_of_target(_fraction(s - c, s - t), reached=c <= t)
    if direction == "at_least":
        if c >= t:
            return ONE
        if s >= t:  # the bound held at the start and is broken now: no way left to measure
            return ZERO
        return min(_fraction(c - s, t - s), _ALMOST_ONE)
    # at_most
    if c <= t:
        return ONE
    if s <= t:
        return ZERO
    return min(_fraction(s - c, s - t), _ALMOST_ONE)


def _short_of_target(progress: Decimal, *, reached: bool) -> Decimal:
    """`progress` of a key result that has not `reached` its target stays below 1 (at most
    0.9999): 99995 of 100000 is not done, though it rounds to 1.0000 at four places, and done
    (status, score suggestion, ✓) is for a value at its target only."""
    return progress if reached else min(progress, _ALMOST_ONE)


# A level kept at a bound: its progress is 1 as soon as the value is on the right side of it.
KEPT = ("at_least", "at_most")


def against_direction(direction: str, start: Decimal, target: Decimal) -> bool:
    """Whether a target goes against its key result's direction (below the start of an
    increasing one, above the start of a decreasing one): refused as it is, so never offered
    to be confirmed (issue 9, h9w)."""
    if direction == "increase":
        return target < start
    if direction == "decrease":
        return target > start
    return False


def needs_written_start(direction: str, *, start_given: bool, current_given: bool) -> bool:
    """A level kept under a ceiling or above a floor that nobody said the level of: neither its
    start nor its current value was given (issue 9 S2). Any number stored for it would be
    invented, and the column's 0 is under every ceiling: done before any check-in."""
    return direction in KEPT and not start_given and not current_given


def clamp(p: Decimal) -> Decimal:
    """Clamp progress into [0, 1] for display bars and roll-ups.

    Over-achievement on one KR must not hide a miss on another when they are averaged into an
    objective, so every roll-up clamps first; the raw value stays available for display.
    """
    value = _dec(p, "progress")
    return min(ONE, max(ZERO, value))


def weights_that_count(weights: Iterable[Decimal], enabled: bool = True) -> list[Decimal]:
    """The weights a mean uses: as given, or all 1 when every weight is 0 or the organization
    has weights turned off (`enabled` False: every key result counts equally, whatever its
    weight says).

    Weights only say how the key results compare; when all are 0 they say nothing, so each
    counts equally (as for scores) rather than an objective whose key results are all done
    showing 0 %. Progress, status and score all go through this one rule, so they agree for
    every weight combination; a key result whose weight ends up 0 counts in none of them.

    Raises:
        ValueError: a negative weight (it would let one KR's progress count *against* the
            objective, and could push the mean outside [0, 1]).
    """
    ws = [_dec(w, "weight") for w in weights]
    if any(w < 0 for w in ws):
        raise ValueError(f"weights must be >= 0, got {min(ws)}")
    return ws if enabled and any(ws) else [ONE] * len(ws)


def weight_in_effect(weight: Decimal, enabled: bool) -> Decimal:
    """The weight a key result or objective counts with: the one stored while the organization
    has weights on, 1 with them off (every one counts equally). Exports and the API show this
    one, so that what Mubiao writes its own import takes, whatever the organization's setting;
    the stored one is kept for when weights are turned on again."""
    return weight if enabled else ONE


def weighted_mean(items: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """Weighted mean of ``(progress, weight)`` pairs, each progress clamped first, quantized Q4.

    This is objective progress (DESIGN.md §4, weights default 1; all 0 counts as all equal, see
    :func:`weights_that_count`). An objective with no KRs has made no measurable progress,
    hence 0 rather than an error: the objective still has to be shown.

    Raises:
        ValueError: a negative weight.
    """
    pairs = list(items)
    weights = weights_that_count(w for _, w in pairs)
    if not pairs:
        return _q4(ZERO)
    with localcontext(_CTX):
        total = sum((clamp(p) * w for (p, _), w in zip(pairs, weights, strict=True)), ZERO)
        progress = _q4(total / sum(weights, ZERO))
    # 1 (100 %) only when every key result that counts is done: weights 9999.99 and 0.01 with
    # the light one at 0 round to 1.0000, beside a status that is off track.
    every_done = all(clamp(p) >= ONE for (p, _), w in zip(pairs, weights, strict=True) if w > 0)
    return progress if every_done else min(progress, _ALMOST_ONE)


def mean(values: Iterable[Decimal]) -> Decimal:
    """Plain mean of clamped progress values, quantized Q4; empty -> 0.

    Used for team and company progress (the mean of the objectives they own in a cycle): an
    owner with no objectives in the cycle shows 0, not an error.
    """
    return weighted_mean((v, ONE) for v in values)


def children_progress(child_progresses: Iterable[Decimal]) -> Decimal:
    """Progress of a KR whose progress source is ``children``.

    It is the plain mean of the progress of the objectives aligned to it (DESIGN.md §3/§4).
    Kept as its own name so the services read like the design, and so the rule can change in
    one place (for example to a weighted mean) without touching callers.
    """
    return mean(child_progresses)


def value_written_by_hand(key_result_source: str, value, stored) -> bool:
    """Whether writing `value` over a key result's `stored` value is a value written by hand
    where none may be: one whose progress comes from its aligned objectives (source
    ``children``) has no value of its own, so a check-in, a PATCH of its current value or an
    import's `current` that would change it is refused on every path (issue 9, probe 15: the
    value was stored, its progress stayed that of its aligned objectives). While nothing is
    aligned its progress is 0 (:func:`children_progress` of none)."""
    return key_result_source == "children" and value != stored


def value_at_progress(
    metric_type: str, start: Decimal, target: Decimal, progress: Decimal
) -> Decimal:
    """The value a progress stands for on a key result's scale: what a key result fed by its
    aligned objectives (source ``children``, no value of its own) shows as its current value
    where a value is asked for (its exports' current column, issue 9 h9z2). The inverse of
    :func:`kr_progress` within its range: ``start + progress × (target − start)``; a milestone
    in percent; a done / not done one done only at 100 %."""
    p = clamp(_dec(progress, "progress"))
    if metric_type == "boolean":
        return ONE if p >= ONE else ZERO
    if metric_type == "milestone":
        return _q4(p * 100)
    return _q4(_dec(start, "start") + p * (_dec(target, "target") - _dec(start, "start")))


def children_progress_from_sum(total: Decimal, count: int) -> Decimal:
    """:func:`children_progress` from the sum and number of the child objectives' progress.

    The database adds up any number of aligned objectives in one row, so a check-in reads one
    row per alignment level rather than every sibling. Equal to :func:`children_progress` of
    the values because an objective's stored progress is already clamped to [0, 1].
    """
    if count == 0:
        return _q4(ZERO)
    with localcontext(_CTX):
        return _q4(clamp(_dec(total, "total") / count))


# --------------------------------------------------------------------------------------------
# objective progress from key results, from aligned objectives, or a mix (issue 12 §4)

PROGRESS_SOURCES = ("key_results", "aligned", "mix")


def counts_aligned(parent_source: str, key_result_source: str | None = None) -> bool:
    """Whether a child's progress counts in its parent's: the parent takes progress from its
    aligned objectives (all of them, aligned to it or to one of its key results), or the child
    is aligned to a key result whose progress comes from its aligned objectives."""
    return parent_source in ("aligned", "mix") or key_result_source == "children"


def shares_progress_wider(
    child_visibility: str,
    child_team_id: int | None,
    parent_visibility: str,
    parent_team_id: int | None,
    counted: bool,
) -> str | None:
    """Who would read a child's progress in its parent's without being allowed to see the child
    (issue 12: with one hidden child, a public parent's progress *is* the child's): "organization"
    for a public parent, "team" for a parent seen by its team (a private child, or a team child
    of another team), None when the parent's readers may all see the child or it is not counted.
    Team visibility follows the objective's team (DESIGN.md §4 Visibility details)."""
    if not counted or child_visibility == "public":
        return None
    if parent_visibility == "public":
        return "organization"
    if parent_visibility == "team" and (
        child_visibility == "private" or child_team_id != parent_team_id
    ):
        return "team"
    return None


def aligned_groups(
    children: Iterable[tuple[Decimal, Decimal, str]],
) -> list[tuple[str, int, Decimal, Decimal, Decimal]]:
    """``(status, count, Σprogress, Σweight, Σprogress·weight)`` per status of aligned objectives
    given as ``(progress, weight, status)``.

    The services get the same rows from one grouped query (at most one row per status, however
    many objectives are aligned), so a check-in reads one row per status and level rather than
    every sibling; this builds them from rows in memory, for the whole-organization
    recomputation and the tests, so that both go through :func:`aligned_part`.
    """
    sums: dict[str, list] = {}
    for progress, weight, status in children:
        p, w = clamp(progress), _dec(weight, "weight")
        row = sums.setdefault(status, [0, ZERO, ZERO, ZERO])
        with localcontext(_CTX):
            row[0] += 1
            row[1] += p
            row[2] += w
            row[3] += p * w
    return [(status, *row) for status, row in sorted(sums.items())]


def aligned_part(
    groups: Iterable[tuple[str, int, Decimal, Decimal, Decimal]], weights_enabled: bool
) -> tuple[Decimal, list[str], Decimal, bool] | None:
    """The aligned objectives' part of an objective's progress, from :func:`aligned_groups`:
    ``(progress Q4, statuses that count, denominator, weighted)``, or ``None`` when no objective
    is aligned. Weighted by the aligned objectives' weights exactly as key results are
    (:func:`weights_that_count`: all equal when the organization has weights off or every
    weight is 0), so one child's share is ``weight / denominator`` (``1 / denominator`` when
    not ``weighted``); a child weighing 0 counts in neither progress nor status."""
    rows = [g for g in groups if g[1]]
    if not rows:
        return None
    with localcontext(_CTX):
        total_weight = sum((_dec(g[3], "weight") for g in rows), ZERO)
        weighted = weights_enabled and total_weight > 0
        if weighted:
            total = sum((_dec(g[4], "total") for g in rows), ZERO)
            denominator = total_weight
            statuses = [g[0] for g in rows if _dec(g[3], "weight") > 0]
        else:
            total = sum((_dec(g[2], "total") for g in rows), ZERO)
            denominator = Decimal(sum(g[1] for g in rows))
            statuses = [g[0] for g in rows]
        return _q4(clamp(total / denominator)), statuses, denominator, weighted


def part_shares(source: str, share: Decimal, has_key_results: bool, has_aligned: bool):
    """``(share of the key results, share of the aligned objectives)`` in an objective's progress.

    ``key_results`` (the default) counts its key results only, ``aligned`` the objectives
    aligned to it only, ``mix`` both, the aligned ones with ``share`` (0–1). In a mix, a part
    with nothing to count (no active key result, no aligned objective yet) is left out and the
    other takes the whole, so an objective does not lose half its progress the day it is set
    to mix before anyone aligns to it.
    """
    if source not in PROGRESS_SOURCES:
        raise ValueError(f"unknown progress source {source!r}; expected one of {PROGRESS_SOURCES}")
    if source == "key_results":
        return ONE, ZERO
    if source == "aligned":
        return ZERO, ONE
    s = _dec(share, "share")
    if not ZERO <= s <= ONE:
        raise ValueError(f"a share is between 0 and 1, got {s}")
    if not has_aligned:
        return ONE, ZERO
    if not has_key_results:
        return ZERO, ONE
    return ONE - s, s


def objective_rollup(
    key_results: Sequence[tuple[Decimal, str, Decimal]],
    groups: Iterable[tuple[str, int, Decimal, Decimal, Decimal]],
    *,
    source: str,
    share: Decimal,
    weights_enabled: bool,
    pace: tuple[Decimal, Decimal],
) -> tuple[Decimal, str]:
    """An objective's ``(progress, status)`` from its active key results (``(progress, status,
    weight)``) and the objectives aligned to it (:func:`aligned_groups`), by its progress source
    (:func:`part_shares`); ``pace`` is ``(expected, elapsed)`` of the cycle on the day
    (:func:`expected_progress`, :func:`elapsed_fraction` to the cycle's end).

    Progress is the mix of the two parts' progress; status is the worst status among the parts
    that count and have started (combined as :func:`key_results_status` combines equal key
    results): the key results' status (:func:`key_results_status`, as for an objective made
    of key results only) when their part has a share, and the aligned part's status by pace
    when theirs has: :func:`aligned_status`, as a key result that takes its progress from the
    objectives aligned to it. Not the worst aligned child's status: the progress is their mean,
    and "67 % with 67 % expected · off track" contradicted the pace rule the status is read by.
    """
    krs = list(key_results)
    weights = weights_that_count((w for _, _, w in krs), weights_enabled)
    kr_progress_ = weighted_mean((p, w) for (p, _, _), w in zip(krs, weights, strict=True))
    kr_statuses = [key_results_status([s for _, s, _ in krs], weights)] if krs else []
    aligned = aligned_part(groups, weights_enabled)
    kr_share, aligned_share = part_shares(source, share, bool(krs), aligned is not None)
    statuses = kr_statuses if kr_share else []
    progress = kr_share * kr_progress_
    parts = [kr_progress_] if kr_share else []
    if aligned is not None and aligned_share:
        progress += aligned_share * aligned[0]
        started = any(status != "not_started" for status in aligned[1])
        statuses = [*statuses, aligned_status(aligned[0], started, pace)]
        parts.append(aligned[0])
    # Each part is below 1 unless all it counts is done; their mix must not round up to 1.
    every_done = all(part >= ONE for part in parts)
    # The parts combine as equal key results do: a part not started yet (no aligned objective
    # under way) does not make a done key-result part read "not started" (h9z2).
    status = key_results_status(statuses, [ONE] * len(statuses))
    return min(_q4(progress), ONE if every_done else _ALMOST_ONE), status


def aligned_status(
    progress: Decimal, started: bool, pace: tuple[Decimal, Decimal], *, past_due: bool = False
) -> str:
    """The status of progress taken from aligned objectives, the one rule for both places it
    is: an objective's aligned part (:func:`objective_rollup`, against the cycle's end) and a
    key result fed by the objectives aligned to it (progress source ``children``, against its
    due date). That progress (their mean) is read by pace against ``pace``, ``(expected,
    elapsed)`` of the period (:func:`cycle_pace`), as :func:`pace_status` reads a key
    result's; "checked in" once any aligned objective that counts has left ``not_started``
    (``started``): nobody checks in on a rolled-up figure itself. A key result past its due
    date (``past_due``) short of its target is off track, as one checked in by hand is
    (:func:`pace_status` 2.; issue 9: it kept reading by pace after its deadline)."""
    expected, elapsed = pace
    return pace_status(
        progress=progress,
        expected=expected,
        has_check_ins=started,
        elapsed=elapsed,
        past_due=past_due,
    )


def cycle_pace(start: date, end: date, today: date) -> tuple[Decimal, Decimal]:
    """``(expected, elapsed)`` of a period (a cycle to its end, or to a key result's due
    date) on ``today``, for :func:`aligned_status` and :func:`objective_rollup`."""
    return expected_progress(start, end, today), elapsed_fraction(start, end, today)


# --------------------------------------------------------------------------------------------
# time and pace


def elapsed_fraction(start: date, end: date, today: date) -> Decimal:
    """Fraction of the period ``[start, end]`` that has elapsed on ``today``, in [0, 1], Q4.

    Counted in whole days, so the answer is the same all day long and in every time zone of the
    organization. A degenerate period (``end <= start``) is all-or-nothing: 1 from ``end`` on,
    else 0, instead of a division by zero.
    """
    if end <= start:
        return _q4(ONE if today >= end else ZERO)
    span = (end - start).days
    done = (today - start).days
    with localcontext(_CTX):
        return _q4(clamp(Decimal(done) / Decimal(span)))


def expected_progress(start: date, due: date, today: date) -> Decimal:
    """Where a KR should be on ``today`` if it moved linearly from cycle start to its due date.

    Same maths as :func:`elapsed_fraction`; a separate name because the pace rule compares
    progress to *expected progress*, while the not-started window uses the elapsed share of the
    period, and the two may be computed over different periods by callers.
    """
    return elapsed_fraction(start, due, today)


# Key results done or not done (a milestone's 0–100 % is how far along, not a pace): judged by
# their due date, never by how far along they should be (key_result_status).
DONE_OR_NOT_TYPES = ("boolean", "milestone")


def key_result_status(
    *,
    progress: Decimal,
    start: date,
    due: date,
    today: date,
    checked_in: bool,
    created: date | None = None,
    done_or_not: bool = False,
) -> str:
    """A key result's status on ``today`` (DESIGN.md §4 and docs/design-notes.md, "A key
    result's status"): :func:`pace_status` with its expected progress over ``[start, due]``
    (``start``: the cycle's start), its not-started window over ``[max(start, created), due]``
    (a key result added in the middle of a cycle is not judged the minute it is created),
    past due once ``today > due``, and judged by its due date alone when it is a done / not
    done key result (``done_or_not``: its metric type is one of :data:`DONE_OR_NOT_TYPES`)."""
    window_from = max(start, created) if created is not None else start
    return pace_status(
        progress=progress,
        expected=expected_progress(start, due, today),
        has_check_ins=checked_in,
        elapsed=not_started_elapsed(window_from, due, today),
        past_due=today > due,
        done_or_not=done_or_not,
    )


def not_started_elapsed(opens: date, due: date, today: date) -> Decimal:
    """The elapsed share of a key result's not-started window ``[opens, due]`` on ``today``
    (:func:`key_result_status`; okrs.pace's set-based refresh bounds ``opens`` by it). A window
    with no length (created on its due day, or after it; due on the cycle's first day) is at
    its start until the due day has passed (then it is past due): a number key result created
    on its due day without a check-in is not started, as a done / not done one is (issue 9), not
    off track because the degenerate period counts as wholly elapsed."""
    if due <= opens:
        return ZERO
    return elapsed_fraction(opens, due, today)


def pace_status(
    *,
    progress: Decimal,
    expected: Decimal,
    has_check_ins: bool,
    elapsed: Decimal,
    past_due: bool = False,
    done_or_not: bool = False,
) -> str:
    """Pace status of a KR (DESIGN.md §4), one of :data:`STATUSES`.

    In order:

    1. ``done`` once ``progress >= 1``: finished is finished, whatever the calendar says.
    2. ``off_track`` once the due date has passed (``past_due``) short of the target: nothing
       is on track (or merely at risk) after its deadline, however close it came.
    3. a done / not done key result (``done_or_not``) has no pace to read: ``not_started``
       before any check-in, else ``on_track``, until its due date (2.).
    4. ``not_started`` when there has been no check-in yet and less than 10 % of the period has
       elapsed: nobody should be flagged off track on day two.
    5. ``on_track`` when ``progress >= expected - 0.1``.
    6. ``at_risk`` when ``progress >= expected - 0.3``.
    7. otherwise ``off_track``.

    The boundaries are inclusive (exactly 0.1 behind is still on track). The owner's confidence
    is deliberately not an input: it is shown beside the status, never mixed into it.
    """
    p = _dec(progress, "progress")
    e = _dec(expected, "expected")
    el = _dec(elapsed, "elapsed")
    if p >= ONE:
        return "done"
    if past_due:
        return "off_track"
    if done_or_not:
        return "on_track" if has_check_ins else "not_started"
    if not has_check_ins and el < NOT_STARTED_WINDOW:
        return "not_started"
    if p >= e - ON_TRACK_SLACK:
        return "on_track"
    if p >= e - AT_RISK_SLACK:
        return "at_risk"
    return "off_track"


def worst_status(statuses: Iterable[str]) -> str:
    """The worst of several statuses: off_track > at_risk > on_track > done > not_started
    (:data:`SEVERITY`).

    An objective's status is the worst among its *active* KRs that have started (the caller
    filters: :func:`key_results_status`), so one KR in trouble is never averaged away. No
    KRs -> ``not_started``.

    Raises:
        ValueError: a value that is not one of :data:`STATUSES`.
    """
    worst = "not_started"
    seen = False
    for status in statuses:
        if status not in _SEVERITY:
            raise ValueError(f"unknown status {status!r}; expected one of {STATUSES}")
        if not seen or _SEVERITY[status] > _SEVERITY[worst]:
            worst = status
            seen = True
    return worst


def objective_status(items: Iterable[tuple[str, Decimal]]) -> str:
    """An objective's status from ``(status, weight)`` of its active KRs (weights as given: the
    organization's weights on; :func:`weights_that_count` decides which count)."""
    pairs = list(items)
    weights = weights_that_count(w for _, w in pairs)
    return key_results_status([s for s, _ in pairs], weights)


def key_results_status(statuses: Sequence[str], weights: Sequence[Decimal]) -> str:
    """The status key results give their objective, with the weights that count.

    The worst status among the key results heavy enough to set it (at least a tenth of the
    heaviest, :data:`STATUS_WEIGHT_RATIO`; every one when the weights are equal), so one key
    result in trouble is never averaged away, and a key result too light to move the progress
    does not make a 99.9 % objective off track. ``not_started`` only while none of those has
    started: a key result still in its not-started window (no check-in, early in its period)
    says nothing yet, so the worst is taken among the ones that have started or are judged
    (one past its window is already on, behind or off track by :func:`pace_status`). Two of
    five done and three not yet started is under way, not "not started" (issue 9, h9z2).
    ``done`` only when every key result that counts in the progress is done (the progress is
    1 exactly then); when only lighter or not-yet-started ones are left, ``on_track``: nothing
    heavy is behind. No key results: ``not_started``.
    """
    heaviest = max(weights, default=ZERO)
    setting = [
        s for s, w in zip(statuses, weights, strict=True)
        if w > 0 and w * STATUS_WEIGHT_RATIO >= heaviest
    ]  # fmt: skip
    worst = worst_status(s for s in setting if s != "not_started")
    unfinished = any(s != "done" for s, w in zip(statuses, weights, strict=True) if w > 0)
    return "on_track" if worst == "done" and unfinished else worst


def forecast(points: Sequence[tuple[datetime, Decimal]], due: datetime) -> Decimal | None:
    """Least-squares line through ``(time, value)`` check-ins, projected to ``due``, Q4.

    Time is measured in whole microseconds from the first point, so the x axis is exact
    integers; with the wide private context the only rounding is at the 100th significant
    digit, so a perfectly linear history reproduces its line at the Q4 the result keeps.
    Returns ``None`` when there is no line to draw: fewer than 2 points, or all points at the
    same instant. Naive and aware datetimes must not be mixed (``TypeError``).

    The result is a value in the KR's own unit; feed it to :func:`kr_progress` and
    :func:`suggested_score` for the forecast progress and score.
    """
    if len(points) < 2:
        return None
    origin = points[0][0]
    n = Decimal(len(points))
    with localcontext(_CTX):
        sx = sy = sxx = sxy = ZERO
        for when, value in points:
            x = Decimal((when - origin) // _MICROSECOND)
            y = _dec(value, "value")
            sx += x
            sy += y
            sxx += x * x
            sxy += x * y
        denominator = n * sxx - sx * sx
        if denominator == 0:
            return None
        slope = (n * sxy - sx * sy) / denominator
        x_due = Decimal((due - origin) // _MICROSECOND)
        # ŷ = ȳ + slope · (x_due − x̄), with the single division by n left to the end.
        projected = (sy + slope * (n * x_due - sx)) / n
        return _q4(projected)


def forecast_by_day(
    points: Iterable[tuple[datetime, Decimal]], due: datetime, zone: tzinfo
) -> Decimal | None:
    """The forecast every view shows (key result page, insights, API): :func:`forecast` over
    the latest value of each day in ``zone`` (the organization's), by the time it was measured.

    A typo corrected a minute later is one day's value, not two points a minute apart whose
    slope would project thousands; likewise several check-ins in one day weigh as one. ``None``
    without a trend: values on fewer than two days, or less than a day apart.
    """
    by_day: dict[date, tuple[datetime, Decimal]] = {}
    for when, value in sorted(points, key=lambda point: point[0]):  # stable: ties keep order
        by_day[when.astimezone(zone).date()] = (when, value)
    days = list(by_day.values())
    if len(days) < 2 or days[-1][0] - days[0][0] < timedelta(days=1):
        return None
    return forecast(days, due)


# --------------------------------------------------------------------------------------------
# scores


def suggested_score(progress: Decimal) -> Decimal:
    """The score suggested at grading: progress clamped to [0, 1], rounded half up to 0.1.

    Google grades KRs 0.0–1.0 with one decimal, and over-achievement does not score above 1.0.
    It is only a suggestion: the owner may change it with a note.
    """
    return _q(clamp(progress), Q1)


def validate_score(score: Decimal) -> None:
    """Raise ``ValueError`` unless ``0 <= score <= 1`` with at most one decimal (OKR-C06).

    The check is on the value, not the written form: ``Decimal("0.50")`` (as a two-place
    ``DecimalField`` returns it) is 0.5 and accepted; ``0.55`` is not.
    """
    try:
        value = _dec(score, "score")
    except TypeError as exc:
        raise ValueError(str(exc)) from exc
    if not ZERO <= value <= ONE:
        raise ValueError(f"a score must be between 0.0 and 1.0, got {value}")
    if _q(value, Q1) != value:
        raise ValueError(f"a score has at most one decimal (0.0, 0.1, …, 1.0), got {value}")


def objective_score(
    scores: Sequence[Decimal], weights: Sequence[Decimal] | None = None
) -> Decimal | None:
    """An objective's score: the plain mean of its KR scores, rounded half up to one decimal.

    Google (GV): "straight, equal weighted average of the key results grades (avoid
    weighting)", so weights are used only when the caller passes them (the organization turned
    weights on). ``None`` when no KR has a score yet: an ungraded objective has no score, which
    is different from a score of 0.0. If every weight is 0 the weights say nothing, so every KR
    counts equally rather than the objective losing its score. One decimal like every score
    (0.5/0.6/1.0/0.6 → 0.7, not 0.68): the stored score is the one shown, banded and checked by
    OKR-C06.

    Raises:
        ValueError: an invalid KR score (see :func:`validate_score`), a negative weight, or
            ``weights`` of a different length than ``scores``.
    """
    if not scores:
        return None
    for s in scores:
        validate_score(s)
    if weights is None:
        weights = [ONE] * len(scores)
    elif len(weights) != len(scores):
        raise ValueError(f"got {len(scores)} scores but {len(weights)} weights")
    ws = weights_that_count(weights)
    with localcontext(_CTX):
        total = sum((Decimal(s) * w for s, w in zip(scores, ws, strict=True)), ZERO)
        return _q(total / sum(ws, ZERO), Q1)


def score_band(score: Decimal) -> str:
    """Colour band of a score: ``red`` below 0.4, ``yellow`` from 0.4 below 0.7, else ``green``.

    Google's bands are 0.0–0.3 red, 0.4–0.6 yellow, 0.7–1.0 green; every score has one decimal,
    so the half-open intervals are exactly those bands.
    """
    value = _dec(score, "score")
    if value < YELLOW_FROM:
        return "red"
    if value < GREEN_FROM:
        return "yellow"
    return "green"


# --------------------------------------------------------------------------------------------
# changing how a key result is measured


def on_metric_change(
    *,
    old_type: str,
    new_type: str,
    measured: bool,
    checked_in: bool = False,
    old_unit: str = "",
    new_unit: str = "",
    restated: bool = False,
) -> str:
    """What becomes of a key result's values (start, target, current and every check-in's)
    when its metric type or unit changes; `restated`: the same write gives the start and the
    target (the person said them in the new terms). A value is never re-read in other terms: 280 人
    re-read in 千人 would be 280,000 people, 50 people re-read as done / not done done.

    * ``"keep"``: the values mean what they meant (nothing changed, `RMB` → `元`, a number
      in `%` made a percent key result, a unit given to a count that had none);
    * ``"convert"``: a unit of the same family whose factor is known (万元 → 元, USD →
      k USD), measured or not: every value is multiplied by values_factor, so the range,
      progress and history read the same amounts in the new unit (140 万元 is 1,400,000 元,
      never 140 元);
    * ``"refuse"``: check-ins were made in terms the new ones cannot read (人 → 分钟, a
      number → done / not done): the history would change its meaning;
    * ``"restate"``: no check-in, but the start and target would read as other amounts (0 →
      140 in 人 relabelled 次, a number 0 → 140 made a percentage: 140 %) and were not given
      with the change: only the person knows them in the new terms;
    * ``"restart"``: nothing was measured yet and the values keep their meaning, or the new
      terms fix or were given the range: the key result starts at its new start;
    * ``"ask"``: a current value but no check-in (stored before check-ins were kept): only
      the person knows it in the new terms, so it is given with the change.
    """
    unchanged = new_type not in ("number", "currency") or same_unit(old_unit, new_unit)
    if old_type == new_type and unchanged:
        return "keep"
    factor = values_factor(old_type=old_type, new_type=new_type, old_unit=old_unit,
                           new_unit=new_unit)  # fmt: skip
    if factor == 1:
        return "keep" if measured else "restart"
    if factor is not None:
        return "convert"
    if checked_in:
        return "refuse"
    if new_type not in _FIXED_RANGE and not restated:
        return "restate"
    return "ask" if measured else "restart"


# The metric types whose start and target are fixed (done / not done 0 → 1, a milestone
# 0 → 100 %): a change into them needs no range from the person.
_FIXED_RANGE = ("boolean", "milestone")


# The metric types whose values are amounts of a unit (a percentage's is %).
_IN_A_UNIT = ("number", "currency", "percent")


def carried_forward(
    *, metric_type: str, direction: str, start: Decimal, target: Decimal, current: Decimal
) -> tuple[Decimal, str]:
    """The start and direction of a key result carried into the next cycle (prepare the next
    cycle, DESIGN §3): it goes on from where it is, so its start is its last measured value and
    its target is kept (温度 -5 → 2 measured -1 starts at -1). A copy made as a template keeps
    the original start instead (copy_objective without `carried`).

    Done / not-done and milestone key results have a fixed range (0 → 1, 0 → 100 %): they keep
    it. One that already reached its target in an increase or decrease cannot start beyond it
    (the target would be on the wrong side): it is carried as the level reached, to be kept
    (响应时间 800 → 200 measured 150: at most 200 from 150)."""
    if metric_type in _FIXED_RANGE:
        return start, direction
    if direction == "increase" and current >= target:
        return current, "at_least"
    if direction == "decrease" and current <= target:
        return current, "at_most"
    return current, direction


def values_factor(
    *, old_type: str, new_type: str, old_unit: str = "", new_unit: str = ""
) -> Decimal | None:
    """What a key result's values are multiplied by to mean in `new_type` / `new_unit` what
    they meant before: 1 for the same terms, 10,000 for 万元 → 元, 0.001 for USD → k USD
    (numbers.unit_factor: the magnitudes the number reader knows), 60 for 小时 → 分钟
    (numbers.units_factor: the units of one dimension it converts), 1 for a unit given to
    values that had none; None where no factor says it (人 → 分钟, 万元 → 人, a number → done
    / not done or a milestone, whose values are a state or a share done)."""
    if old_type not in _IN_A_UNIT or new_type not in _IN_A_UNIT:
        return Decimal(1) if old_type == new_type else None
    old = "%" if old_type == "percent" else old_unit.strip()
    new = "%" if new_type == "percent" else new_unit.strip()
    if new_type == "currency" and old_type != "currency" and new and not counts_money(new):
        # 280 人 made a currency key result are no amount of money, whichever path sends it.
        return None
    if same_unit(old, new):
        return Decimal(1)
    (old_factor, old_base), (new_factor, new_base) = unit_scale(old), unit_scale(new)
    if old_base == new_base:
        return Decimal(old_factor) / Decimal(new_factor)
    if (factor := units_factor(old, new)) is not None:
        return factor  # one dimension (分钟 → 秒), as a value typed in the other unit is read
    # A unit given to a count that had none names what was counted; a count made a
    # percentage is not a share of anything (0 → 140 is not 0 → 140 %).
    return Decimal(1) if not old and new != "%" else None


# --------------------------------------------------------------------------------------------
# alignment

ALIGNABLE_STATES = ("active", "closed")
"""The states of an objective that others may be aligned to, directly or to one of its key
results: published ones (a closed one too, as the history a later cycle builds on).

Source: DESIGN.md §3 gives an objective the states draft, active, closed and archived, and §4
("Visibility details") says a draft is seen by its editors only and is no part of team and
company figures; §4 says nothing of aligning to one, so issue 12 decides: a parent is never a
draft (half-written work nobody agreed on would carry children, count in rollups and the
alignment map, and show its owner objectives under it) nor archived (hidden, restorable, no
part of any figure). The same holds the other way round: a parent keeps a published state while
live objectives (not archived: the kept `aligned_count`) are aligned to it
(:func:`leaves_children_unpublished`), so every route that aligns or changes a state meets one
rule, and no route can reach the forbidden pair by going round it."""


def may_align_to(parent_state: str) -> bool:
    """Whether an objective in `parent_state` may become the parent of another (or the owner
    of a key result another is aligned to)."""
    return parent_state in ALIGNABLE_STATES


PARENT_REFUSALS = ("archived", "draft", "key_result_archived", "other_cycle")
"""Why a parent is refused, one message each (okrs.services.published_parents), in the order
they are told: the objective's state first (the key result goes with it), then the key
result's, then the cycle."""


def parent_refusal(objective_state: str, key_result_state: str | None, nested: bool) -> str | None:
    """Why an objective may not be (or stay, once moved or restored) aligned to a parent whose
    objective is in `objective_state`, through a key result in `key_result_state` (None: to
    the objective itself), `nested` telling whether the parent's cycle is the child's own, one
    containing it (its year) or one it contains (a year's personal objective supporting a
    team's quarter, as the demo's seed article has it); None when it may.

    The cycle (issue 12): a parent's period is the child's or holds it or lies within it,
    never a past or later cycle, even a closed objective of last quarter. 承上启下 (DESIGN.md
    §1) translates the objectives of the same period, along the cycle tree (a year's company
    objectives hold a quarter's team ones); the history a cycle builds on is carried forward
    (prepare the next cycle: Objective.carried_from), not aligned to, because a past cycle is
    read-only once closed (DESIGN.md §3) and a parent's progress rolls up from its children:
    this quarter's check-ins would change last quarter's graded numbers. The import, the
    alignment map and "prepare the next cycle" already looked for parents in the cycle and
    those containing it (selectors.enclosing_cycle_ids), within this rule."""
    if not may_align_to(objective_state):
        return "archived" if objective_state == "archived" else "draft"
    if key_result_state is not None and key_result_state != "active":
        return "key_result_archived"
    if not nested:
        return "other_cycle"
    return None


def leaves_children_unpublished(old_state: str, new_state: str, live_children: int) -> bool:
    """Whether moving a parent from `old_state` to `new_state` would leave `live_children`
    aligned objectives under one that is not published (ALIGNABLE_STATES): back to draft, or
    archived, while any is aligned. Such a change is refused, naming the children, until they
    are aligned elsewhere, unaligned or archived; a parent that keeps its state changes nothing."""
    return live_children > 0 and new_state != old_state and not may_align_to(new_state)


def creates_alignment_cycle(
    parent_of: Mapping[int, int | None], child: int, new_parent: int
) -> bool:
    """Would aligning objective ``child`` under objective ``new_parent`` create a cycle?

    ``parent_of`` maps each objective id to the objective id it is aligned to (``None`` or
    absent for a top-level objective; a KR parent is given as its objective's id, because a
    cycle through a KR is a cycle through its objective). The new link closes a cycle exactly
    when ``child`` is ``new_parent`` itself or one of its ancestors, so walk up from
    ``new_parent`` looking for ``child``.

    The walk remembers where it has been, so stored data that is already cyclic (which this
    check exists to prevent) ends the walk instead of looping forever; a cycle that does not
    pass through ``child`` is not one that this new link creates.
    """
    seen: set[int] = set()
    node: int | None = new_parent
    while node is not None and node not in seen:
        if node == child:
            return True
        seen.add(node)
        node = parent_of.get(node)
    return False


# The cycle switcher's first group: cycles within this many days of today, either side (the
# quarter before and after the current one, and the year and half containing them).
NEARBY_DAYS = 92


def nearby_cycles(cycles: Sequence, today: date, chosen_pk: int | None = None) -> tuple[list, list]:
    """(near, others) for the cycle switcher: a year of quarters, halves and bimonthly cycles
    is two dozen entries, and the one a person wants is nearly always one that is running or
    about to. `near`: those within NEARBY_DAYS of today and the chosen one, in date order,
    the longer first where they start together (2026, H1, Q1); `others`: the rest, latest
    first. `cycles` are anything with pk, start_date and end_date."""
    window_start, window_end = (
        today - timedelta(days=NEARBY_DAYS),
        today + timedelta(days=NEARBY_DAYS),
    )
    near, others = [], []
    for cycle in cycles:
        close = cycle.end_date >= window_start and cycle.start_date <= window_end
        (near if close or cycle.pk == chosen_pk else others).append(cycle)
    near.sort(key=lambda c: (c.start_date, -(c.end_date - c.start_date).days, c.pk))
    others.sort(key=lambda c: (c.start_date, c.end_date, c.pk), reverse=True)
    return near, others


# The slips of scale people make typing a value: an extra zero (3000 for 300), a share for a
# percentage (0.45 for 45 %), a percentage for a share, a number in units for one counted in
# thousands (250,000 on k USD). The extra zero is the commonest slip, so it is suggested first.
SCALE_FACTORS = (Decimal("0.1"), Decimal(100), Decimal(1000), Decimal("0.01"), Decimal("0.001"))


def far_from_range(value: Decimal, start: Decimal, target: Decimal) -> bool:
    """Whether `value` is so far from a key result's range start → target that a person is
    asked before it is stored (services.scale.off_scale), whether or not a slip of scale
    explains it. This is the one rule of every route that asks "did you mean" (check-ins on
    the web, the API, chat and imports; a current value created or edited). With lo, hi the
    range's ends and span its width, a value is far when it lies more than a span beyond the
    range and
    - above it: more than 3 × hi's size (31 on 10 → 3 分钟; 301 on 0 → 100: an extra zero on
      0 → 300 is 3000, where 50× let it be stored at 1000 %);
    - below it: under lo / 3 on a range wholly above zero (13 on 40 → 60, 0.45 there too),
      under −3 spans otherwise (−301 on 0 → 100).
    Each side is a ray: anything farther from the range than a far value is far too. A level
    kept (at least / at most 100: start and target alike) is as wide as its size (_width), so
    that 1,000 on it is asked about as on 0 → 100; a range 0 → 0 has no scale to be far from."""
    low, high = sorted((start, target))
    span = _width(low, high)
    if span <= 0:
        return False
    if value > high + span:
        return value > 3 * abs(high)
    if value < low - span:
        return value < (low / 3 if low > 0 else -3 * span)
    return False


def _width(low: Decimal, high: Decimal) -> Decimal:
    """The width a range's distances are measured in: high − low, or for a level (low = high)
    its size, so that a kept level is neither never far (a zero width read every value as
    near: 100,000 on at least 100 was stored without a word) nor far at any step off it."""
    return high - low if high != low else abs(high)


def meant_on_scale(
    value: Decimal, start: Decimal, target: Decimal, unit_factor: int = 1, *, slips: bool = True
) -> Decimal | None:
    """The value a person likely meant when `value` is 10×, 100× or 1000× off a key result's
    range start → target (3000 on 0 → 300: 300; 0.45 on 40 → 60 %: 45; 4500 on 0 → 45 %: 45;
    250,000 on 100 → 300 k USD: 250), or None. Only a value far from the range
    (far_from_range) counts, and only a factor that brings it into the range (half its width
    either side) is suggested, an extra zero first (SCALE_FACTORS). On a unit that carries a
    magnitude (`unit_factor`: 10⁴ for 万元, 10³ for k USD) the value typed in the unit's base
    is tried first: 500,000 on 0 → 100 万元 is 50 (万元), 8,000 is 0.8. Without `slips` (a
    value whose every digit was written on purpose: `1.200.000`) only the unit's base is."""
    if not far_from_range(value, start, target):
        return None
    low, high = sorted((start, target))
    span = _width(low, high)
    own = (Decimal(1) / unit_factor,) if unit_factor != 1 else ()
    for factor in (*own, *(SCALE_FACTORS if slips else ())):
        meant = value * factor
        if low - span / 2 <= meant <= high + span / 2 and (offered := offerable(meant)):
            return offered
    return None


def offerable(meant: Decimal) -> Decimal | None:
    """A value the app suggests, as it would be stored: rounded to numbers.STORED_PLACES
    (99999.99 % read as 99.99999 on 0 → 100 %: 100), so that entering the suggestion is never
    refused ("enter at most 4 decimal places"); None where rounding leaves nothing of it (a
    suggestion of 0 for 0.00003 would not be what was meant). + 0: 4.5E+1 as 45."""
    rounded = meant.quantize(Decimal(1).scaleb(-STORED_PLACES), rounding=ROUND_HALF_EVEN)
    if rounded == 0 and meant != 0:
        return None
    return rounded.normalize() + 0


# How many days a cycle of each kind spans (DESIGN §3: year, half, quarter, bimonth, month;
# custom any), wherever it starts (a fiscal quarter too): a calendar period's length, or one of
# a calendar of whole weeks (4-4-5, 52/53 weeks: a month of 4 or 5 weeks, a quarter of 13 or
# 14, a year of 364 or 371 days). No two ranges overlap: a span fits one kind at most.
CYCLE_KIND_DAYS = {
    "month": (28, 35),
    "bimonth": (56, 63),
    "quarter": (89, 98),
    "half": (181, 189),
    "year": (364, 371),
}


def cycle_days(start: date, end: date) -> int:
    return (end - start).days + 1


def cycle_kind_fits(kind: str, start: date, end: date) -> bool:
    """Whether start … end (both days counted) is as long as a cycle of `kind` is."""
    low, high = CYCLE_KIND_DAYS.get(kind, (1, None))
    days = cycle_days(start, end)
    return days >= low and (high is None or days <= high)


def cycle_kind_for(start: date, end: date) -> str:
    """The kind a span of days is, where none was given: the one it fits, else custom."""
    return next((kind for kind in CYCLE_KIND_DAYS if cycle_kind_fits(kind, start, end)), "custom")


# A cycle's span: its days and its kind, which say what its objectives' pace and due dates
# were measured against.
CYCLE_SPAN_FIELDS = ("kind", "start_date", "end_date")


def cycle_span_refusal(cycle_state: str, changed: Iterable[str]) -> list[str]:
    """The fields of `changed` that a cycle in `cycle_state` refuses to change: a closed cycle
    keeps its span (DESIGN.md §3: closed cycles are read-only; moving its days would move its
    key results' due dates and its objectives' pace after the fact). Its name and its parent
    are labels, not results: they stay changeable, as a state change (reopening) does."""
    if cycle_state != "closed":
        return []
    return [name for name in CYCLE_SPAN_FIELDS if name in set(changed)]


def meant_as_thousands(value: Decimal, start: Decimal, target: Decimal) -> Decimal | None:
    """The value likely meant by a number typed with one dot before three digits (`1.200`, read
    1.2): 1,200 where that lies within the range start → target while 1.2 is at least 50×
    below the range's size, else None: a value near the range, which far_from_range leaves
    alone. 1.200 on 0 → 5 is 1.2 and on 0 → 100 too (1,200 is beyond the range); the caller
    decides how it was typed (numbers.ambiguous_separator)."""
    low, high = sorted((start, target))
    size = max(abs(low), abs(high))
    meant = value * 1000
    if low <= meant <= high and abs(value) * 50 <= size:
        return offerable(meant)
    return None


def meant_as_share(value: Decimal, start: Decimal, target: Decimal) -> Decimal | None:
    """On a percentage key result, a value typed bare as a share of 1 (0.3 on 20 → 50 %: 30;
    0.3 on a 0 → 100 milestone: 30), or None: a value strictly between -1 and 1 where an end
    of the range is at least 1 is far likelier a share than a fraction of a percent. Near
    values do not hide it (0.3 is within reach of 20 → 50), which is why it is its own rule
    beside meant_on_scale. Only where 100× it lies within the range or a range's width of it
    (0.8 on 1 → 5 % is 0.8 %, as 80 is far off). The caller decides "bare" (typed without %)."""
    low, high = sorted((start, target))
    span = high - low
    meant = value * 100
    if (
        0 < abs(value) < 1
        and max(abs(start), abs(target)) >= 1
        and low - span <= meant <= high + span
    ):
        return offerable(meant)
    return None


def meant_shares(start: Decimal, target: Decimal) -> tuple[Decimal, Decimal] | None:
    """On a percentage key result, a range typed as shares of 1 (0.2 → 0.5, 0 → 1: 20 → 50 %,
    0 → 100 %), as the (start, target) likely meant, or None: both ends within -1 … 1, or one
    end within it and the other a share beyond 1 with a fraction (0 → 1.5: 0 → 150 %; h9p,
    issue 9). A whole end beyond 1 (1 → 2) reads as the small percentages it says."""
    near, far = sorted((abs(start), abs(target)))
    beyond = near <= 1 < far <= 2 and far != far.to_integral_value()
    if start != target and (far <= 1 or beyond):
        return (start * 100).normalize() + 0, (target * 100).normalize() + 0
    return None


def meant_between(start: Decimal, target: Decimal) -> tuple[str, Decimal] | None:
    """On a percentage key result, the end typed as a share while the other is a percentage
    (target 0.6 with start 40: 60), as ("start_value" | "target_value", the value likely
    meant), or None. Only a share (0 < |v| ≤ 1) at least 50× smaller than a percentage end
    counts, and only when 100× it is not the other end (1 → 100 % is a range as meant)."""
    for name, share, other in (("start_value", start, target), ("target_value", target, start)):
        if 0 < abs(share) <= 1 < abs(other) <= 100 and abs(other) >= 50 * abs(share):
            meant = (share * 100).normalize() + 0
            if meant != other:
                return name, meant
    return None


def asks_for_check_ins(state: str, end_date: date, today: date) -> bool:
    """Whether a cycle still asks for check-ins: active and not past its end. A cycle whose
    grading is open or over, or one past its end, asks for grades instead (issue 12): no
    "not updated for N days" nudge, reminder or list of who has not checked in."""
    return state == "active" and today <= end_date


# The states of a cycle whose objectives are settled (h9g): one being graded or closed holds
# the objectives graded in it, so an objective neither leaves it (its grades would stand as
# another cycle's) nor arrives in it (ungraded, in a grading it was never part of).
SETTLED_CYCLE_STATES = frozenset({"grading", "closed"})


def move_refusal(source_state: str, target_state: str) -> str | None:
    """Why an objective cannot move from a cycle in `source_state` to one in `target_state`:
    "out" (its own cycle is settled), "in" (the other is), None (it may move)."""
    if source_state in SETTLED_CYCLE_STATES:
        return "out"
    if target_state in SETTLED_CYCLE_STATES:
        return "in"
    return None


# What a write changes, for write_refusal (h9j): a value (a check-in, a current value), the
# definition (titles, targets, weights, key results added or removed, alignment), a state
# (archive, restore), an order, a grade (scores, retrospective), a comment (a conversation).
WRITES = frozenset({"value", "definition", "state", "order", "grade", "comment"})


def write_refusal(cycle_state: str, what: str) -> str | None:
    """Why a write of `what` (WRITES) to an objective of a cycle in `cycle_state` is refused, as
    a reason ("closed"), or None: allowed. The one rule of every route (DESIGN.md §3: closed
    cycles are read-only): a closed cycle takes nothing but comments (a conversation about its
    results, not a value); a cycle in grading takes everything a person may still settle —
    last values, grades, retrospectives (moves are move_refusal's); grades themselves are
    given only in grading (services.not_grading says when)."""
    if what not in WRITES:
        raise ValueError(f"unknown write {what!r}")
    if cycle_state == "closed" and what != "comment":
        return "closed"
    return None
