"""Tests for mubiao.okrs.rules: worked examples computed by hand, then property tests."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mubiao.okrs import rules
from mubiao.okrs.rules import (
    DIRECTIONS,
    METRIC_TYPES,
    Q4,
    STATUSES,
    children_progress,
    clamp,
    creates_alignment_cycle,
    elapsed_fraction,
    expected_progress,
    forecast,
    kr_progress,
    mean,
    objective_score,
    pace_status,
    score_band,
    suggested_score,
    validate_score,
    weighted_mean,
    worst_status,
)

D = Decimal


def prog(
    direction: str,
    start: str,
    target: str,
    current: str | None,
    metric_type: str = "number",
) -> Decimal:
    return kr_progress(
        metric_type=metric_type,
        direction=direction,
        start=D(start),
        target=D(target),
        current=None if current is None else D(current),
    )


# ---------------------------------------------------------------------------------------------
# constants


def test_public_constants() -> None:
    assert D("0.0001") == Q4
    assert METRIC_TYPES == ("number", "percent", "currency", "boolean", "milestone")
    assert DIRECTIONS == ("increase", "decrease", "at_least", "at_most")
    assert STATUSES == ("not_started", "on_track", "at_risk", "off_track", "done")


def test_module_does_not_import_django() -> None:
    tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.split(".")[0] == "django" for name in imported)


# ---------------------------------------------------------------------------------------------
# kr_progress: worked examples


@pytest.mark.parametrize("metric_type", ["number", "percent", "currency"])
@pytest.mark.parametrize(
    ("direction", "start", "target", "current", "expected"),
    [
        # increase: (current - start) / (target - start)
        ("increase", "0", "100", "0", "0"),
        ("increase", "0", "100", "25", "0.25"),
        ("increase", "0", "100", "100", "1"),
        ("increase", "0", "100", "120", "1.2"),  # past the target: over-achievement stays visible
        ("increase", "20", "120", "70", "0.5"),  # non-zero baseline: 50 / 100
        ("increase", "20", "120", "10", "0"),  # below the baseline: floored at 0
        ("increase", "0", "3", "1", "0.3333"),  # 1/3 quantized half up to 4 places
        ("increase", "0", "3", "2", "0.6667"),  # 2/3 -> 0.66666… -> 0.6667
        ("increase", "0", "0.3", "0.1", "0.3333"),
        ("increase", "-10", "10", "0", "0.5"),  # negative baseline
        ("increase", "0", "8", "0.0004", "0.0001"),  # 0.00005 rounds half *up*
        # decrease: (start - current) / (start - target)
        ("decrease", "100", "40", "100", "0"),
        ("decrease", "100", "40", "70", "0.5"),
        ("decrease", "100", "40", "40", "1"),
        ("decrease", "100", "40", "28", "1.2"),  # below the target: over-achieved
        ("decrease", "100", "40", "130", "0"),  # worse than the baseline: floored at 0
        ("decrease", "5", "2", "4", "0.3333"),
        # at_least: 1 when the bound holds, else the fraction of the way start -> target
        ("at_least", "80", "90", "85", "0.5"),
        ("at_least", "80", "90", "90", "1"),
        ("at_least", "80", "90", "99", "1"),  # never above 1: a bound holds or it does not
        ("at_least", "80", "90", "70", "0"),  # below the baseline
        ("at_least", "95", "90", "93", "1"),  # "keep it above 90", starting above, still holds
        ("at_least", "95", "90", "89", "0"),  # started above the bound and fell below it
        ("at_least", "0", "10000", "9999.999", "0.9999"),  # would round to 1, bound not held
        # at_most: 1 when the bound holds, else the fraction of the way start -> target
        ("at_most", "10", "2", "6", "0.5"),
        ("at_most", "10", "2", "2", "1"),
        ("at_most", "10", "2", "0", "1"),
        ("at_most", "10", "2", "12", "0"),  # worse than the baseline
        ("at_most", "1", "2", "1.5", "1"),  # "keep it below 2", starting below
        ("at_most", "1", "2", "3", "0"),  # started below the bound and rose above it
        ("at_most", "10000", "0", "0.001", "0.9999"),  # would round to 1, bound not held
    ],
)
def test_kr_progress_linear_metrics(
    metric_type: str, direction: str, start: str, target: str, current: str, expected: str
) -> None:
    assert prog(direction, start, target, current, metric_type) == D(expected)


def test_progress_decimal_sums_are_exact() -> None:
    # 0.1 + 0.2 is exactly 0.3 in Decimal (it is 0.30000000000000004 in float).
    current = D("0.1") + D("0.2")
    assert kr_progress(
        metric_type="percent", direction="increase", start=D(0), target=D("0.3"), current=current
    ) == D(1)
    assert prog("decrease", "0.3", "0", "0.2") == D("0.3333")
    assert prog("increase", "0.1", "0.3", "0.2") == D("0.5")


def test_progress_is_quantized_to_four_places() -> None:
    for result in (
        prog("increase", "0", "7", "1"),
        prog("increase", "0", "7", "7"),
        prog("at_least", "0", "7", "8"),
        prog("increase", "0", "7", "0", "boolean"),
        prog("increase", "0", "7", "30", "milestone"),
    ):
        assert result.as_tuple().exponent == -4
    assert prog("increase", "0", "7", "1") == D("0.1429")


@pytest.mark.parametrize(
    ("direction", "target", "current", "expected"),
    [
        ("increase", "50", "50", "1"),
        ("increase", "50", "49.99", "0"),
        ("increase", "50", "60", "1"),  # capped: no meaningful "120 %" of a zero span
        ("decrease", "50", "50", "1"),
        ("decrease", "50", "50.01", "0"),
        ("decrease", "50", "10", "1"),
        ("at_least", "50", "50", "1"),
        ("at_least", "50", "49", "0"),
        ("at_most", "50", "50", "1"),
        ("at_most", "50", "51", "0"),
    ],
)
def test_start_equal_to_target_never_divides_by_zero(
    direction: str, target: str, current: str, expected: str
) -> None:
    assert prog(direction, target, target, current) == D(expected)


@pytest.mark.parametrize(
    ("direction", "start", "target", "expected"),
    [
        ("increase", "10", "20", "0"),
        ("decrease", "20", "10", "0"),
        ("at_least", "10", "20", "0"),
        ("at_most", "20", "10", "0"),
        ("at_least", "30", "20", "1"),  # the bound already holds at the start
        ("increase", "5", "5", "1"),  # start == target: met from the outset
    ],
)
def test_no_check_in_yet_counts_as_start(
    direction: str, start: str, target: str, expected: str
) -> None:
    assert prog(direction, start, target, None) == D(expected)


@pytest.mark.parametrize(
    ("current", "expected"),
    [(None, "0"), ("0", "0"), ("0.5", "0"), ("0.9999", "0"), ("1", "1"), ("2", "1")],
)
def test_boolean_progress(current: str | None, expected: str) -> None:
    assert prog("increase", "0", "1", current, "boolean") == D(expected)
    # start, target and direction play no part once there is a value
    # (before the first check-in the start value stands in for it)
    if current is not None:
        assert prog("decrease", "5", "-3", current, "boolean") == D(expected)


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (None, "0"),
        ("0", "0"),
        ("35", "0.35"),
        ("33.333", "0.3333"),
        ("66.665", "0.6667"),  # half up
        ("100", "1"),
        ("130", "1"),  # capped: a milestone cannot be more than done
        ("-5", "0"),
    ],
)
def test_milestone_progress(current: str | None, expected: str) -> None:
    assert prog("increase", "0", "100", current, "milestone") == D(expected)
    if current is not None:
        assert prog("at_most", "70", "3", current, "milestone") == D(expected)
    else:
        assert prog("at_most", "70", "3", current, "milestone") == D("0.7")


@pytest.mark.parametrize("metric_type", ["number", "percent", "currency"])
def test_target_on_the_wrong_side_is_rejected(metric_type: str) -> None:
    with pytest.raises(ValueError, match="increase"):
        prog("increase", "100", "50", "70", metric_type)
    with pytest.raises(ValueError, match="decrease"):
        prog("decrease", "50", "100", "70", metric_type)


def test_wrong_side_does_not_apply_to_boolean_and_milestone() -> None:
    assert prog("increase", "100", "50", "1", "boolean") == D(1)
    assert prog("increase", "100", "50", "50", "milestone") == D("0.5")


def test_unknown_metric_type_or_direction_is_rejected() -> None:
    with pytest.raises(ValueError, match="metric type"):
        prog("increase", "0", "1", "1", "ratio")
    with pytest.raises(ValueError, match="direction"):
        prog("sideways", "0", "1", "1")
    with pytest.raises(ValueError, match="direction"):
        prog("sideways", "0", "1", "1", "boolean")


def test_floats_and_non_finite_values_are_rejected() -> None:
    with pytest.raises(TypeError, match="Decimal"):
        kr_progress(
            metric_type="number",
            direction="increase",
            start=D(0),
            target=D(1),
            current=0.3,  # type: ignore[arg-type]
        )
    with pytest.raises(ValueError, match="finite"):
        prog("increase", "0", "NaN", "1")
    with pytest.raises(ValueError, match="finite"):
        prog("increase", "0", "1", "Infinity")


def test_ints_are_accepted() -> None:
    result = kr_progress(
        metric_type="number",
        direction="increase",
        start=0,  # type: ignore[arg-type]
        target=4,  # type: ignore[arg-type]
        current=1,  # type: ignore[arg-type]
    )
    assert result == D("0.25")


def test_huge_over_achievement_does_not_overflow() -> None:
    assert prog("increase", "0", "0.0001", "1000000000000000000000000000000") == D("1e34")


# ---------------------------------------------------------------------------------------------
# clamp, means, children


@pytest.mark.parametrize(
    ("value", "expected"),
    [("-0.5", "0"), ("0", "0"), ("0.4321", "0.4321"), ("1", "1"), ("1.2", "1")],
)
def test_clamp(value: str, expected: str) -> None:
    assert clamp(D(value)) == D(expected)


def test_weighted_mean_examples() -> None:
    # (0.5*1 + 1*3) / 4 = 0.875
    assert weighted_mean([(D("0.5"), D(1)), (D(1), D(3))]) == D("0.875")
    # over-achievement is clamped before averaging: (1 + 0) / 2, not (1.5 + 0) / 2
    assert weighted_mean([(D("1.5"), D(1)), (D(0), D(1))]) == D("0.5")
    # a KR of weight 0 does not count
    assert weighted_mean([(D("0.2"), D(0)), (D("0.6"), D(2))]) == D("0.6")
    # (0.1 + 0.2 + 0.2) / 3 = 0.16666… -> 0.1667
    assert weighted_mean([(D("0.1"), D(1)), (D("0.2"), D(1)), (D("0.2"), D(1))]) == D("0.1667")
    # fractional weights
    assert weighted_mean([(D("0.4"), D("0.5")), (D("0.8"), D("1.5"))]) == D("0.7")


def test_weighted_mean_degenerate_cases() -> None:
    assert weighted_mean([]) == D(0)
    # all weights 0 say nothing: every KR counts equally, as for scores
    assert weighted_mean([(D("0.7"), D(0)), (D("0.9"), D(0))]) == D("0.8")
    assert weighted_mean(iter([(D("0.7"), D(2))])) == D("0.7")  # any iterable
    with pytest.raises(ValueError, match="weight"):
        weighted_mean([(D("0.7"), D(-1)), (D("0.9"), D(2))])


def test_mean_and_children_progress() -> None:
    assert mean([]) == D(0)
    assert mean([D("0.2"), D("0.4"), D("1.6")]) == D("0.5333")  # (0.2 + 0.4 + 1) / 3
    assert mean([D("-1"), D(1)]) == D("0.5")
    assert mean(x for x in [D("0.25"), D("0.75")]) == D("0.5")
    assert children_progress([D("0.3"), D("0.6")]) == D("0.45")
    assert children_progress([]) == D(0)
    assert mean([D(1)]).as_tuple().exponent == -4


# ---------------------------------------------------------------------------------------------
# expected progress, elapsed fraction and pace


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 1, 1), "0"),
        (date(2025, 12, 1), "0"),  # before the start
        (date(2026, 1, 11), "0.1"),  # 10 of 100 days
        (date(2026, 2, 20), "0.5"),  # 50 of 100 days
        (date(2026, 4, 11), "1"),  # the due date
        (date(2026, 6, 1), "1"),  # after it
    ],
)
def test_expected_progress(today: date, expected: str) -> None:
    start, due = date(2026, 1, 1), date(2026, 4, 11)  # 100 days apart
    assert (due - start).days == 100
    assert expected_progress(start, due, today) == D(expected)
    assert elapsed_fraction(start, due, today) == D(expected)


def test_expected_progress_rounds_to_four_places() -> None:
    # 1 of 3 days
    assert expected_progress(date(2026, 1, 1), date(2026, 1, 4), date(2026, 1, 2)) == D("0.3333")
    assert expected_progress(date(2026, 1, 1), date(2026, 1, 4), date(2026, 1, 3)) == D("0.6667")


@pytest.mark.parametrize(
    ("start", "due", "today", "expected"),
    [
        (date(2026, 3, 1), date(2026, 3, 1), date(2026, 2, 28), "0"),
        (date(2026, 3, 1), date(2026, 3, 1), date(2026, 3, 1), "1"),
        (date(2026, 3, 1), date(2026, 2, 1), date(2026, 1, 31), "0"),  # due before start
        (date(2026, 3, 1), date(2026, 2, 1), date(2026, 2, 1), "1"),
        (date(2026, 3, 1), date(2026, 2, 1), date(2026, 2, 15), "1"),
    ],
)
def test_degenerate_periods(start: date, due: date, today: date, expected: str) -> None:
    assert expected_progress(start, due, today) == D(expected)
    assert elapsed_fraction(start, due, today) == D(expected)


@pytest.mark.parametrize(
    ("progress", "expected", "has_check_ins", "elapsed", "status"),
    [
        # done wins over everything, including the not-started window
        ("1", "0.9", True, "0.9", "done"),
        ("1.2", "0.5", True, "0.5", "done"),
        ("1", "0", False, "0", "done"),
        ("0.9999", "0.5", True, "0.5", "on_track"),
        # not started: no check-in and less than 10 % elapsed
        ("0", "0.05", False, "0.05", "not_started"),
        ("0", "0.0999", False, "0.0999", "not_started"),
        ("0", "0.1", False, "0.1", "on_track"),  # window closed; 0 >= 0.1 - 0.1
        ("0", "0.05", True, "0.05", "on_track"),  # a check-in ends the grace period
        ("0", "0.5", False, "0.5", "off_track"),  # no check-in, well into the period
        # on_track when progress >= expected - 0.1 (inclusive)
        ("0.5", "0.6", True, "0.6", "on_track"),
        ("0.4999", "0.6", True, "0.6", "at_risk"),
        ("0.7", "0.6", True, "0.6", "on_track"),  # ahead of pace
        # at_risk when progress >= expected - 0.3 (inclusive)
        ("0.3", "0.6", True, "0.6", "at_risk"),
        ("0.2999", "0.6", True, "0.6", "off_track"),
        ("0", "0.3", True, "0.3", "at_risk"),
        ("0", "0.3001", True, "0.3001", "off_track"),
        ("0", "1", True, "1", "off_track"),
        ("0.75", "1", True, "1", "at_risk"),
        ("0.9", "1", True, "1", "on_track"),
    ],
)
def test_pace_status(
    progress: str, expected: str, has_check_ins: bool, elapsed: str, status: str
) -> None:
    assert (
        pace_status(
            progress=D(progress),
            expected=D(expected),
            has_check_ins=has_check_ins,
            elapsed=D(elapsed),
        )
        == status
    )


def test_pace_status_decimal_boundary_is_exact() -> None:
    # expected 0.3 as 0.1 + 0.2; progress 0.2 is exactly 0.1 behind -> on track (floats would fail)
    expected = D("0.1") + D("0.2")
    assert (
        pace_status(progress=D("0.2"), expected=expected, has_check_ins=True, elapsed=expected)
        == "on_track"
    )


@pytest.mark.parametrize(
    ("statuses", "worst"),
    [
        ([], "not_started"),
        (["done"], "done"),
        (["done", "done"], "done"),
        (["done", "not_started"], "done"),
        (["not_started", "on_track", "done"], "on_track"),
        (["on_track", "at_risk", "done"], "at_risk"),
        (["at_risk", "off_track", "on_track"], "off_track"),
        (["off_track", "done"], "off_track"),
    ],
)
def test_worst_status(statuses: list[str], worst: str) -> None:
    assert worst_status(statuses) == worst
    assert worst_status(reversed(statuses)) == worst
    assert worst_status(iter(statuses)) == worst


def test_worst_status_rejects_unknown_values() -> None:
    with pytest.raises(ValueError, match="status"):
        worst_status(["on_track", "late"])


# ---------------------------------------------------------------------------------------------
# forecast

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def test_forecast_needs_two_points_at_different_times() -> None:
    assert forecast([], at(10)) is None
    assert forecast([(at(0), D(5))], at(10)) is None
    assert forecast([(at(3), D(5)), (at(3), D(9))], at(10)) is None


def test_forecast_on_exact_lines() -> None:
    # y = 10 + 2·day
    points = [(at(0), D(10)), (at(5), D(20)), (at(10), D(30))]
    assert forecast(points, at(90)) == D(190)
    # the order of the points does not matter, and the due date may lie inside the range
    assert forecast(list(reversed(points)), at(2.5)) == D(15)
    # decreasing line: y = 100 - 0.5·day, as for a "decrease" KR
    assert forecast([(at(0), D(100)), (at(40), D(80))], at(90)) == D("55")
    # flat line
    assert forecast([(at(0), D(7)), (at(1), D(7)), (at(2), D(7))], at(50)) == D(7)
    # two points: the line through them; sub-day spacing
    assert forecast([(at(0), D("0.1")), (at(0.5), D("0.2"))], at(1)) == D("0.3")


def test_forecast_is_least_squares_for_noisy_points() -> None:
    # x = 0, 1, 2 days; y = 0, 2, 1 -> slope 0.5, intercept 0.5; at day 4: 2.5
    points = [(at(0), D(0)), (at(1), D(2)), (at(2), D(1))]
    assert forecast(points, at(4)) == D("2.5")
    # x = 0, 1, 3; y = 1, 2, 2 -> x̄ 4/3, ȳ 5/3, Sxy 4/3, Sxx 14/3 -> slope 2/7
    # at day 7: 5/3 + 2/7 · (7 - 4/3) = 5/3 + 34/21 = 69/21 = 3.285714… -> 3.2857
    points = [(at(0), D(1)), (at(1), D(2)), (at(3), D(2))]
    assert forecast(points, at(7)) == D("3.2857")


def test_forecast_works_with_naive_datetimes_and_exposes_q4() -> None:
    base = datetime(2026, 1, 1)
    result = forecast([(base, D(0)), (base + timedelta(days=3), D(1))], base + timedelta(days=4))
    assert result == D("1.3333")


# ---------------------------------------------------------------------------------------------
# scores


@pytest.mark.parametrize(
    ("progress", "score"),
    [
        ("-0.2", "0.0"),
        ("0", "0.0"),
        ("0.0499", "0.0"),
        ("0.05", "0.1"),  # half up, not half even
        ("0.25", "0.3"),
        ("0.64", "0.6"),
        ("0.65", "0.7"),
        ("0.9499", "0.9"),
        ("0.95", "1.0"),
        ("1", "1.0"),
        ("1.3", "1.0"),  # capped at 1.0
    ],
)
def test_suggested_score(progress: str, score: str) -> None:
    result = suggested_score(D(progress))
    assert result == D(score)
    assert result.as_tuple().exponent == -1


@pytest.mark.parametrize(
    ("scores", "weights", "expected"),
    [
        (["0.7", "0.7", "0.6"], None, "0.7"),  # 2.0 / 3 = 0.666… -> 0.7
        (["0.5", "0.6", "1.0", "0.6"], None, "0.7"),  # 0.675: stored 0.7, banded green
        (["1.0", "0.5"], None, "0.8"),  # 0.75 rounds half up
        (["0.3"], None, "0.3"),
        (["0.1", "0.2"], None, "0.2"),  # 0.15 exactly (no float noise), half up
        (["0.0", "0.1"], None, "0.1"),
        (["1.0", "0.0"], ["3", "1"], "0.8"),
        (["1.0", "0.4"], ["1", "0"], "1.0"),
        (["0.8", "0.4"], ["0", "0"], "0.6"),  # all-zero weights: plain mean
        (["0.2", "0.5", "0.5"], ["1", "1", "1"], "0.4"),
    ],
)
def test_objective_score(scores: list[str], weights: list[str] | None, expected: str) -> None:
    result = objective_score(
        [D(s) for s in scores], None if weights is None else [D(w) for w in weights]
    )
    assert result == D(expected)
    assert result is not None
    assert result.as_tuple().exponent == -1
    # One representation: a valid score, in the band its value says.
    validate_score(result)
    assert score_band(result) == score_band(D(expected))


def test_objective_score_edge_cases() -> None:
    assert objective_score([]) is None
    assert objective_score([], []) is None
    with pytest.raises(ValueError, match="weights"):
        objective_score([D("0.5"), D("0.6")], [D(1)])
    with pytest.raises(ValueError, match="weights"):
        objective_score([D("0.5"), D("0.6")], [D(1), D(-1)])
    with pytest.raises(ValueError, match="one decimal"):
        objective_score([D("0.55")])
    with pytest.raises(ValueError, match="between"):
        objective_score([D("1.1")])


@pytest.mark.parametrize(
    ("score", "band"),
    [
        ("0", "red"),
        ("0.3", "red"),
        ("0.39", "red"),
        ("0.3999", "red"),
        ("0.4", "yellow"),
        ("0.40", "yellow"),
        ("0.6", "yellow"),
        ("0.67", "yellow"),
        ("0.69", "yellow"),
        ("0.7", "green"),
        ("1", "green"),
    ],
)
def test_score_band(score: str, band: str) -> None:
    assert score_band(D(score)) == band


@pytest.mark.parametrize("score", ["0", "0.0", "0.1", "0.5", "0.50", "0.7", "1", "1.0", "1.00"])
def test_validate_score_accepts(score: str) -> None:
    validate_score(D(score))


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ("-0.1", "between"),
        ("1.1", "between"),
        ("2", "between"),
        ("0.55", "one decimal"),
        ("0.01", "one decimal"),
        ("0.99", "one decimal"),
        ("NaN", "finite"),
        ("Infinity", "finite"),
    ],
)
def test_validate_score_rejects(score: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_score(D(score))


def test_validate_score_rejects_floats_as_value_error() -> None:
    with pytest.raises(ValueError, match="Decimal"):
        validate_score(0.5)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# alignment cycles


def test_alignment_self_is_a_cycle() -> None:
    assert creates_alignment_cycle({}, 1, 1)
    assert creates_alignment_cycle({1: None}, 1, 1)


def test_alignment_two_cycle() -> None:
    # 2 is aligned to 1; aligning 1 under 2 closes 1 -> 2 -> 1
    assert creates_alignment_cycle({1: None, 2: 1}, 1, 2)
    assert not creates_alignment_cycle({1: None, 2: 1}, 2, 1)  # re-aligning 2 under 1 is fine


def test_alignment_long_chain() -> None:
    # 10 -> 9 -> … -> 1 (each aligned to the previous); 1 is the top
    chain: dict[int, int | None] = {1: None} | {i: i - 1 for i in range(2, 11)}
    assert creates_alignment_cycle(chain, 1, 10)  # top under the bottom
    assert creates_alignment_cycle(chain, 4, 9)
    assert not creates_alignment_cycle(chain, 10, 3)  # bottom re-aligned higher up
    assert not creates_alignment_cycle(chain, 5, 4)  # already there: no cycle


def test_alignment_no_cycle() -> None:
    tree: dict[int, int | None] = {1: None, 2: 1, 3: 1, 4: 2, 5: 3}
    assert not creates_alignment_cycle(tree, 4, 5)  # cousin
    assert not creates_alignment_cycle(tree, 2, 3)  # sibling
    assert not creates_alignment_cycle(tree, 6, 5)  # a new objective not in the map yet
    assert not creates_alignment_cycle(tree, 1, 7)  # an unknown top-level parent


def test_alignment_terminates_on_already_cyclic_data() -> None:
    broken: dict[int, int | None] = {1: 2, 2: 3, 3: 1}
    assert not creates_alignment_cycle(broken, 9, 1)
    assert creates_alignment_cycle(broken, 3, 1)


# ---------------------------------------------------------------------------------------------
# property tests

FAST = settings(max_examples=150, deadline=None)

values = st.decimals(min_value=-10_000, max_value=10_000, places=4, allow_nan=False)
progress_values = st.decimals(min_value=-1, max_value=2, places=4, allow_nan=False)
unit_progress = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False)
weights = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)
linear_metrics = st.sampled_from(["number", "percent", "currency"])


@st.composite
def linear_kr(draw: st.DrawFn) -> tuple[str, str, Decimal, Decimal]:
    """A (metric type, direction, start, target) whose target is on an allowed side."""
    metric_type = draw(st.sampled_from(METRIC_TYPES))
    direction = draw(st.sampled_from(DIRECTIONS))
    a, b = draw(values), draw(values)
    if direction == "increase":
        a, b = min(a, b), max(a, b)
    elif direction == "decrease":
        a, b = max(a, b), min(a, b)
    return metric_type, direction, a, b


@FAST
@given(kr=linear_kr(), current=st.none() | values)
def test_progress_is_never_negative_and_clamp_is_in_unit_interval(
    kr: tuple[str, str, Decimal, Decimal], current: Decimal | None
) -> None:
    metric_type, direction, start, target = kr
    p = kr_progress(
        metric_type=metric_type, direction=direction, start=start, target=target, current=current
    )
    assert p >= 0
    assert p.as_tuple().exponent == -4
    assert D(0) <= clamp(p) <= D(1)
    if direction in ("at_least", "at_most") or metric_type in ("boolean", "milestone"):
        assert p <= 1


@FAST
@given(
    metric_type=linear_metrics,
    direction=st.sampled_from(DIRECTIONS),
    a=values,
    b=values,
    c1=values,
    c2=values,
)
def test_progress_is_monotone_in_current(
    metric_type: str, direction: str, a: Decimal, b: Decimal, c1: Decimal, c2: Decimal
) -> None:
    if direction == "increase":
        a, b = min(a, b), max(a, b)
    elif direction == "decrease":
        a, b = max(a, b), min(a, b)
    lo, hi = min(c1, c2), max(c1, c2)

    def p(current: Decimal) -> Decimal:
        return kr_progress(
            metric_type=metric_type, direction=direction, start=a, target=b, current=current
        )

    if direction in ("increase", "at_least"):
        assert p(lo) <= p(hi)
    else:
        assert p(lo) >= p(hi)


@FAST
@given(
    metric_type=st.sampled_from(["boolean", "milestone"]),
    c1=values,
    c2=values,
)
def test_boolean_and_milestone_are_monotone_and_bounded(
    metric_type: str, c1: Decimal, c2: Decimal
) -> None:
    lo, hi = min(c1, c2), max(c1, c2)

    def p(current: Decimal) -> Decimal:
        return kr_progress(
            metric_type=metric_type, direction="increase", start=D(0), target=D(1), current=current
        )

    assert D(0) <= p(lo) <= p(hi) <= D(1)


@FAST
@given(x=progress_values)
def test_clamp_is_in_unit_interval_and_idempotent(x: Decimal) -> None:
    assert D(0) <= clamp(x) <= D(1)
    assert clamp(clamp(x)) == clamp(x)
    if D(0) <= x <= D(1):
        assert clamp(x) == x


@FAST
@given(ps=st.lists(progress_values, min_size=1, max_size=12), w=weights.filter(lambda w: w > 0))
def test_weighted_mean_with_equal_weights_is_the_mean(ps: list[Decimal], w: Decimal) -> None:
    assert weighted_mean((p, w) for p in ps) == mean(ps)


@FAST
@given(items=st.lists(st.tuples(progress_values, weights), min_size=1, max_size=12))
def test_weighted_mean_lies_between_min_and_max(items: list[tuple[Decimal, Decimal]]) -> None:
    result = weighted_mean(items)
    assert result.as_tuple().exponent == -4
    # all weights 0: every KR counts equally (weights_that_count)
    counted = [clamp(p) for p, w in items if w > 0] or [clamp(p) for p, _ in items]
    assert min(counted) <= result <= max(counted)


@FAST
@given(ps=st.lists(progress_values, max_size=12))
def test_mean_and_children_progress_are_in_unit_interval(ps: list[Decimal]) -> None:
    assert D(0) <= mean(ps) <= D(1)
    assert children_progress(ps) == mean(ps)


@FAST
@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    span=st.integers(min_value=-30, max_value=400),
    offset=st.integers(min_value=-60, max_value=500),
    later=st.integers(min_value=0, max_value=60),
)
def test_expected_progress_is_in_unit_interval_and_monotone_in_time(
    start: date, span: int, offset: int, later: int
) -> None:
    due = start + timedelta(days=span)
    today = start + timedelta(days=offset)
    e1 = expected_progress(start, due, today)
    e2 = expected_progress(start, due, today + timedelta(days=later))
    assert D(0) <= e1 <= e2 <= D(1)
    assert elapsed_fraction(start, due, today) == e1


@FAST
@given(
    progress=progress_values,
    expected=unit_progress,
    has_check_ins=st.booleans(),
    elapsed=unit_progress,
)
def test_pace_status_is_always_a_status_and_done_iff_progress_reaches_one(
    progress: Decimal, expected: Decimal, has_check_ins: bool, elapsed: Decimal
) -> None:
    status = pace_status(
        progress=progress, expected=expected, has_check_ins=has_check_ins, elapsed=elapsed
    )
    assert status in STATUSES
    assert (status == "done") == (progress >= 1)


@FAST
@given(st.lists(st.sampled_from(STATUSES), max_size=8))
def test_worst_status_is_a_member_and_order_independent(statuses: list[str]) -> None:
    worst = worst_status(statuses)
    if statuses:
        assert worst in statuses
        assert worst_status(sorted(statuses)) == worst
    else:
        assert worst == "not_started"


@FAST
@given(progress=progress_values)
def test_suggested_score_is_one_decimal_in_unit_interval(progress: Decimal) -> None:
    score = suggested_score(progress)
    assert D(0) <= score <= D(1)
    assert score.as_tuple().exponent == -1
    validate_score(score)  # a suggestion is always a valid score
    assert abs(score - clamp(progress)) <= D("0.05")


@FAST
@given(st.lists(st.integers(min_value=0, max_value=10).map(lambda i: D(i) / 10), max_size=8))
def test_objective_score_of_valid_scores_is_in_unit_interval(scores: list[Decimal]) -> None:
    result = objective_score(scores)
    if not scores:
        assert result is None
    else:
        assert result is not None
        assert min(scores) <= result <= max(scores)
        assert score_band(result) in ("red", "yellow", "green")


@FAST
@given(
    intercept=st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False),
    slope=st.decimals(min_value=-50, max_value=50, places=2, allow_nan=False),
    hours=st.lists(
        st.integers(min_value=0, max_value=120 * 24), min_size=2, max_size=10, unique=True
    ),
    due_hour=st.integers(min_value=0, max_value=200 * 24),
)
def test_forecast_of_collinear_points_reproduces_the_line(
    intercept: Decimal, slope: Decimal, hours: list[int], due_hour: int
) -> None:
    # value = intercept + slope · (hours since T0): exact Decimals, so truly collinear points
    def line(h: int) -> Decimal:
        return intercept + slope * h

    points = [(T0 + timedelta(hours=h), line(h)) for h in hours]
    due = T0 + timedelta(hours=due_hour)
    assert forecast(points, due) == line(due_hour).quantize(Q4, rounding=ROUND_HALF_UP)


def brute_force_cycle(parent_of: dict[int, int | None], child: int, new_parent: int) -> bool:
    """Apply the link, then follow parents from `child` for at most len(graph) + 1 steps."""
    graph = dict(parent_of)
    graph[child] = new_parent
    node: int | None = child
    for _ in range(len(graph) + 1):
        node = graph.get(node) if node is not None else None
        if node is None:
            return False
        if node == child:
            return True
    return False


@st.composite
def forests(draw: st.DrawFn) -> dict[int, int | None]:
    """A valid alignment forest: each objective is aligned to an earlier one or to nothing."""
    n = draw(st.integers(min_value=1, max_value=15))
    parent_of: dict[int, int | None] = {0: None}
    for i in range(1, n):
        parent_of[i] = draw(st.none() | st.integers(min_value=0, max_value=i - 1))
    return parent_of


@FAST
@given(data=st.data(), parent_of=forests())
def test_creates_alignment_cycle_agrees_with_brute_force(
    data: st.DataObject, parent_of: dict[int, int | None]
) -> None:
    ids = st.integers(min_value=0, max_value=len(parent_of))  # may include one unknown id
    child, new_parent = data.draw(ids), data.draw(ids)
    assert creates_alignment_cycle(parent_of, child, new_parent) == brute_force_cycle(
        parent_of, child, new_parent
    )


# Issue 9 item 4: progress, status and score agree for every weight combination.
_PROGRESS = st.decimals(min_value=0, max_value=D("1.5"), places=4)
_WEIGHT = st.sampled_from([D(0), D("0.5"), D(1), D(2)])


@given(st.lists(st.tuples(_PROGRESS, _WEIGHT), min_size=1, max_size=6), st.booleans())
def test_progress_status_and_score_agree_for_every_weight_combination(krs, enabled) -> None:
    """With the organization's weights on or off (issue 9: off, weights 3 and 1 still weighted
    the progress to 0.75 while the score was 0.5), as services.progress and grading use them."""
    counted = rules.weights_that_count((w for _, w in krs), enabled)
    statuses = [
        pace_status(progress=p, expected=D("0.5"), has_check_ins=True, elapsed=D("0.5"))
        for p, _ in krs
    ]
    progress = weighted_mean(zip((p for p, _ in krs), counted, strict=True))
    status = rules.objective_status(zip(statuses, counted, strict=True))
    scores = [suggested_score(p) for (p, _), c in zip(krs, counted, strict=True) if c > 0]
    weights = [c for c in counted if c > 0]
    score = objective_score(scores, weights)
    assert (progress == 1) == (status == "done")
    assert (progress == 1) <= (score == 1)  # done everywhere that counts scores 1.0
    assert score is not None and 0 <= progress <= 1
    # The score is the progress on the score's one-decimal grid, weighted alike.
    assert abs(score - progress) <= D("0.1")
    if not enabled:
        assert counted == [D(1)] * len(krs)


@given(st.lists(st.decimals(min_value=0, max_value=1, places=4), max_size=30))
def test_children_progress_from_a_sum_equals_the_mean_of_the_values(values) -> None:
    assert rules.children_progress_from_sum(sum(values, D(0)), len(values)) == children_progress(
        values
    )


# h9k 4: "99.9 % · off track" under extreme weights. An objective's status is the worst among
# the key results weighing at least a tenth of the heaviest (docs/design-notes.md).
_HEAVY_WEIGHT = st.sampled_from([D(0), D("0.01"), D(1), D(3), D(10), D(999), D(9999)])


def test_a_key_result_too_light_to_move_the_progress_does_not_set_the_status() -> None:
    statuses, weights = ["done", "off_track"], [D(999), D(1)]
    assert weighted_mean([(D(1), D(999)), (D(0), D(1))]) == D("0.999")
    assert rules.objective_status(zip(statuses, weights, strict=True)) == "on_track"
    # A tenth of the heaviest still counts; equal weights are DESIGN.md's worst status.
    assert rules.objective_status([("done", D(10)), ("off_track", D(1))]) == "off_track"
    assert rules.objective_status([("on_track", D(1)), ("off_track", D(1))]) == "off_track"
    # All key results that count done: done; a weight of 0 counts in neither.
    assert rules.objective_status([("done", D(1)), ("off_track", D(0))]) == "done"


@given(
    st.lists(st.tuples(_PROGRESS, _HEAVY_WEIGHT), min_size=1, max_size=6),
    st.decimals(min_value=0, max_value=1, places=2),
    st.booleans(),
)
def test_an_objective_status_agrees_with_its_progress_and_key_results(krs, expected, on) -> None:
    counted = rules.weights_that_count((w for _, w in krs), on)
    statuses = [
        pace_status(progress=p, expected=expected, has_check_ins=True, elapsed=D("0.5"))
        for p, _ in krs
    ]
    progress = weighted_mean(zip((p for p, _ in krs), counted, strict=True))
    status = rules.key_results_status(statuses, counted)
    assert (status == "done") == (progress == 1)
    if len(set(counted)) == 1:  # equal weights: the worst status (DESIGN.md §4)
        assert status == rules.worst_status(statuses)
    heaviest = max(counted)
    if status not in ("done", "on_track"):
        # Some key result heavy enough to set it is in that state ...
        assert any(
            s == status and w * 10 >= heaviest for s, w in zip(statuses, counted, strict=True)
        )
        # ... so it holds back a share of the progress the status can be read from: behind
        # by 0.1 (at risk) or 0.3 (off track) on at least a tenth of the heaviest's weight.
        slack = rules.AT_RISK_SLACK if status == "off_track" else rules.ON_TRACK_SLACK
        share = heaviest / 10 / sum(counted)
        assert progress <= 1 - slack * share
    # A status some key result that counts has, or on track while only light ones lag.
    assert status in {s for s, w in zip(statuses, counted, strict=True) if w > 0} | {"on_track"}
