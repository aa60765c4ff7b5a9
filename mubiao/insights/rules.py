"""The leader's glance in numbers: pure functions, no Django (tested with examples).

The dashboards read their figures from the database (insights.selectors); what is decided here
is how those figures are read: how far behind an objective is, how fresh a check-in is, which
at-risk objective comes first.
"""

from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

from mubiao.okrs import rules as okr_rules  # plain Python, as this module

# A key result nobody has checked in on for this long is "stale" (UI.md: 7+ days).
FRESH_FOR = timedelta(days=7)

# The at-risk list, worst first (insights.selectors orders it in SQL: this status order, then
# the shortfall, then the days since the last update, then the confidence drop).
AT_RISK_STATUSES = ("off_track", "at_risk")


# The distribution of progress: ten bands of 10 points, the last one holding everything from
# 90% up (over-achievement included); (low, high) with None for an open end.
DISTRIBUTION_BANDS = [
    (Decimal(i) / 10 if i else None, Decimal(i + 1) / 10 if i < 9 else None) for i in range(10)
]


def mean_point(values: Iterable[Decimal] | Decimal, count: int | None = None) -> Decimal | None:
    """The mean of `values` (Decimals), or with `count` of the `count` values whose sum
    `values` is, as a point of a progress line: the exact mean rounded once, half up, to 4
    places (okrs.rules.Q4). None with no value. Every mean of the dashboards goes through it
    (the headline, the sub-team rollups, the worker's team snapshots and the backfill, the
    series read from objective snapshots): a database's average (a float on SQLite) rounded
    half to even and then again when read gave the trend a point the headline did not have
    (issue 12, M1)."""
    if count is None:
        values = list(values)
        count, total = len(values), sum(values, Decimal(0))
    else:
        total = values
    if not count:
        return None
    # Exact: a Decimal division would round at the context's precision before the rounding.
    mean = Fraction(Decimal(total)) / count
    units = int(abs(mean) * 10_000 + Fraction(1, 2))
    return (Decimal(-units if mean < 0 else units) / 10_000).quantize(okr_rules.Q4)


def band_label(index: int) -> str:
    """A band's label: "0–10%", …, "90–100%" (the same in both languages)."""
    return f"{index * 10}–{(index + 1) * 10}%"


def shortfall(expected: Decimal, progress: Decimal | None) -> Decimal:
    """How far progress is behind where it should be today (0 when ahead)."""
    return max(expected - (progress or Decimal(0)), Decimal(0))


# An on-track objective whose forecast ends the cycle below this is listed as at risk by
# forecast: it would end more than the on-track slack short of its target.
FORECAST_SHORT_OF = okr_rules.ONE - okr_rules.ON_TRACK_SLACK


def falls_short(forecast: Decimal | None) -> bool:
    """Whether a forecast ("at this rate") ends short of the target by more than the on-track
    slack (None: no trend to tell)."""
    return forecast is not None and forecast < FORECAST_SHORT_OF


def confidence_drop(change: float | None) -> Decimal | None:
    """How far an objective's confidence fell over the last 7 days (the mean fall of its key
    results' confidences, insights.selectors.confidence_annotations), to one decimal; 0 when
    it rose or held. None when no key result had a confidence both then and now: a figure
    from confidences nobody gave is none, not a 0 that reads as "held"."""
    if change is None:
        return None
    if change <= 0:
        return Decimal(0)
    return okr_rules.rounded(Decimal(str(change)), okr_rules.Q1)


def sort_columns(sort: str, columns: list[tuple[str, str]]) -> list[dict]:
    """Header cells of a sortable table: each column's aria-sort state and the sort its link
    asks for (the same column again flips the direction)."""
    cells = []
    for key, label in columns:
        state = {key: "ascending", f"-{key}": "descending"}.get(sort, "none")
        cells.append(
            {"label": label, "state": state, "next": f"-{key}" if state == "ascending" else key}
        )
    return cells


def share(part: int, whole: int) -> Decimal | None:
    """part / whole as a fraction, None for an empty whole (shown as "–", not 0%)."""
    if not whole:
        return None
    return Decimal(part) / Decimal(whole)


def objective_forecast(
    key_results: list[tuple[Decimal | None, Decimal, Decimal]], weights_enabled: bool
) -> Decimal | None:
    """Where an objective ends "at this rate": the weighted mean of its key results'
    ``(forecast progress or None, progress, weight)``, a key result without a trend (fewer
    than two check-ins on different days) counting at its progress today, as objective
    progress weighs them (okrs.rules.weights_that_count). None when no key result has a
    trend: nothing to project."""
    if all(forecast is None for forecast, _, _ in key_results):
        return None
    weights = okr_rules.weights_that_count((w for _, _, w in key_results), weights_enabled)
    return okr_rules.weighted_mean(
        (progress if forecast is None else forecast, weight)
        for (forecast, progress, _), weight in zip(key_results, weights, strict=True)
    )


# Leak by subtraction: a figure taken over every objective of a scope (DESIGN.md §4, "the same
# true number") lets a reader subtract what they see (the visible list) and read what is hidden
# from them: the sum of the hidden progress, each hidden objective's 10-point band from the
# distribution, its status from the status counts, its confidence from the average; and any
# threshold on the hidden ones (once counted "at three owners") tells, by flipping, when a new
# private objective appears. So no figure a reader sees counts an objective hidden from them:
# every scope figure is over the visible objectives. Whether any is hidden is itself such a
# threshold: every reader but an admin reads figures said to be over what they may see,
# whatever is hidden (issue 12, S2). An admin gets the whole figures from the kept sums. The
# figures are still the kept sums of every objective with the hidden ones' sums taken off, per
# "atom" (the objectives filed directly under one team, or under none), so that the sub-team
# rows take off only their own atoms'.
# The objective page's contribution list lists each visible aligned child with its weight and
# share and counts the hidden ones (okrs.selectors.rollup, issue 12 §4).


def take_off_hidden(sums: dict, hidden_by_atom: dict) -> dict:
    """A scope's `sums` (name → number, over every objective of its atoms) with the sums of
    the objectives hidden from the reader (name → number per atom, the same names) taken off:
    the figures over the visible objectives alone."""
    left = dict(sums)
    for hidden in hidden_by_atom.values():
        for key in left:
            left[key] -= hidden.get(key, 0)
    return left


def team_status(counts: list[tuple[str, int]]) -> str | None:
    """A team's status (its colour in the sub-team table and treemap) from the status counts
    of the objectives it counts, [(status, n)]: the status most of them have, a tie going to
    the more severe (okrs.rules.SEVERITY), so that the colour says what its objectives say (a
    team whose objectives are all at risk is at risk, whatever its average's pace). None with
    no objective."""
    counted = [(n, okr_rules.SEVERITY[status], status) for status, n in counts if n]
    return max(counted)[2] if counted else None
