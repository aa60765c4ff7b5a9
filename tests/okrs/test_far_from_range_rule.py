"""Issue 9: one rule says when a value is far from a key result's range (rules.far_from_range),
and every route that asks "did you mean" about a typed value goes through it
(services.scale.off_scale: check-ins on the web, the API, chat and imports; API create and
PATCH of a current value). At 50× the range's size an extra zero slipped through: 3000 on
0 → 300 was stored at 1000 % without a word. Now, with lo, hi the range's ends and span its
width:

- far above: more than a span above hi and more than 3 × hi's size;
- far below: more than a span below lo and below lo / 3 (lo above zero), else below −3 spans;

and the value likely meant is suggested, an extra zero (× 0.1) first: 3000 on 0 → 300 asks
"300?", 500 on 0 → 100 asks "50?", while the share typed for a percentage (0.45 on 40 → 60 %)
still asks "45?"."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mubiao.okrs import rules

# (value, start, target, far)
FAR = [
    # Above: a span and 3 × hi's size.
    ("30", 10, 3, False),
    ("31", 10, 3, True),
    ("31", 3, 10, True),  # the direction does not matter
    ("17", 10, 3, False),
    ("300", 0, 100, False),
    ("301", 0, 100, True),
    ("1234", 0, 100, True),
    ("900", 0, 300, False),
    ("3000", 0, 300, True),
    ("180", 40, 60, False),
    ("181", 40, 60, True),
    ("120", -100, 10, False),  # a span above 10 is 120 …
    ("121", -100, 10, True),  # … and 3 × 10 is 30
    ("80", -100, -10, False),  # wholly below zero: a span above −10 and 3 × 10
    ("81", -100, -10, True),
    ("300", 100, 100, False),  # a level kept is as wide as its size
    ("301", 100, 100, True),
    # Below, a range wholly above zero: a span and a third of lo.
    ("-4", 10, 3, False),
    ("-4.01", 10, 3, True),
    ("20", 40, 60, False),
    ("13.4", 40, 60, False),
    ("13.3", 40, 60, True),
    ("0.45", 40, 60, True),
    ("1667", 5000, 6000, False),
    ("1666", 5000, 6000, True),
    ("0", 5000, 6000, True),
    ("0", 1200, 2400, False),  # no more than a span below
    ("0", 100, 100, False),
    ("-0.01", 100, 100, True),
    # Below, a range from zero or below: a span and −3 spans.
    ("-300", 0, 100, False),
    ("-301", 0, 100, True),
    ("-270", -100, -10, False),
    ("-271", -100, -10, True),
    # A range with no width and no size has no scale to be far from.
    ("1000000", 0, 0, False),
]


@pytest.mark.parametrize(("value", "start", "target", "far"), FAR)
def test_the_threshold(value, start, target, far):
    assert rules.far_from_range(Decimal(value), Decimal(start), Decimal(target)) is far


# (value, start, target, unit factor, the value suggested or None)
MEANT = [
    ("3000", 0, 300, 1, "300"),  # an extra zero, asked first (× 0.01 would say 30)
    ("500", 0, 100, 1, "50"),
    ("1000", 0, 100, 1, "100"),
    ("0.45", 40, 60, 1, "45"),  # a share for a percentage
    ("4500", 0, 45, 1, "45"),
    ("1000", 10, 3, 1, "10"),
    ("250000", 100, 300, 1000, "250"),  # typed in the base of k USD
    ("500000", 0, 100, 10000, "50"),  # typed in the base of 万元
    ("50000", 10, 3, 1, None),  # far, no slip explains it
    ("300", 0, 100, 1, None),  # an overshoot, not far
    ("55", 40, 60, 1, None),
]


@pytest.mark.parametrize(("value", "start", "target", "factor", "meant"), MEANT)
def test_the_value_suggested(value, start, target, factor, meant):
    found = rules.meant_on_scale(Decimal(value), Decimal(start), Decimal(target), factor)
    assert found == (Decimal(meant) if meant is not None else None)


ends = st.integers(min_value=-(10**6), max_value=10**6).map(Decimal)


@given(target=ends, digits=st.integers(1, 999), exponent=st.integers(-2, 2))
def test_an_extra_zero_on_a_value_in_range_is_asked_about_as_that_value(target, digits, exponent):
    """The kind: a value inside a range from zero, typed with one zero too many, is far
    whenever it is more than 3 × the range's size, and then the value suggested is the value
    meant."""
    high = abs(target) or Decimal(1)
    value = (Decimal(digits).scaleb(exponent) % high) or high
    typed = value * 10
    if typed > 3 * high:
        assert rules.meant_on_scale(typed, Decimal(0), high) == value
    else:
        assert not rules.far_from_range(typed, Decimal(0), high)


@given(start=ends, target=ends, value=ends, beyond=st.integers(0, 10**7).map(Decimal))
def test_far_is_a_ray(start, target, value, beyond):
    """Anything farther from the range than a far value, on the same side, is far too."""
    if not rules.far_from_range(value, start, target) or min(start, target) <= value <= max(
        start, target
    ):
        return
    farther = value + beyond if value > max(start, target) else value - beyond
    assert rules.far_from_range(farther, start, target)
