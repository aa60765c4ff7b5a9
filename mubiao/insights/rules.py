"""The leader's glance in numbers: pure functions, no Django (tested with examples).

The dashboards read their figures from the database (insights.selectors); what is decided here
is how those figures are read: how far behind an objective is, how fresh a check-in is, which
at-risk objective comes first.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

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
# true number") lets a reader who sees all but one of them read the hidden one's progress,
# status and confidence by subtracting what they see; and so does the difference of two scopes'
# figures (a department minus its sub-team minus what is seen of the department's own). Any two
# scopes differ by a union of "atoms": the objectives filed directly under one team of the cycle
# (or under none). So the rule is per atom: an atom's hidden objectives are counted only when
# none are hidden from the reader or the hidden ones belong to at least this many owners (a
# person, a team, the organization: okrs.selectors.distinct_owners), since the sum of one
# owner's hidden objectives is that owner's private progress, however many they are. An atom
# with fewer contributes its visible objectives alone, and every scope figure is the sum of its
# atoms under that rule (docs/design-notes.md). A difference of two scopes then never isolates
# the hidden objectives of fewer than this many owners.
HIDDEN_OWNERS_AT_LEAST = 3


def counts_hidden(hidden: int, owners: int) -> bool:
    """Whether an atom's figures may count the `hidden` objectives the reader cannot see, which
    belong to `owners` distinct owners (True: over every objective; False: over the visible
    ones only)."""
    return hidden == 0 or owners >= HIDDEN_OWNERS_AT_LEAST


@dataclass(frozen=True)
class HiddenAtom:
    """What one atom hides from a reader: the sums of its hidden objectives (the names of the
    scope's sums: objectives, progress, …) and how many distinct owners they have, which is no
    sum (distinct owners do not add up across atoms)."""

    sums: dict
    owners: int

    @property
    def counted(self) -> bool:
        """Whether the atom's figures count its hidden objectives (counts_hidden)."""
        return counts_hidden(self.sums["objectives"], self.owners)


def take_off_withheld(sums: dict, hidden_by_atom: dict) -> tuple[dict, int]:
    """A scope's `sums` (name → number, over every objective of its atoms) with the hidden
    objectives' sums (HiddenAtom per atom) taken off for each atom whose hidden ones are not
    counted. Returns the sums and how many hidden objectives are left out."""
    left, left_out = dict(sums), 0
    for hidden in hidden_by_atom.values():
        if hidden.counted:
            continue
        left_out += hidden.sums["objectives"]
        for key, value in hidden.sums.items():
            left[key] -= value
    return left, left_out
