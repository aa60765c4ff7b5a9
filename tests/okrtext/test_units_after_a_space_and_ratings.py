"""Units that were lost or misread (probe10 F8): a percent sign after a space (`75 %`), a
rating's stars written with hyphens (`4-5-star rating`), and a verb taken into the counted noun
after one of a singular noun (`1 engineer participates in …` counted "engineer participates").
Sentences of our own, zh, traditional zh and en."""

from decimal import Decimal

import pytest

from mubiao.okrtext import read_key_result

CASES = [
    # (text, start, target, unit)
    ("Lift test coverage to 80 % from current 55 %", Decimal(55), Decimal(80), "%"),
    ("Raise trial conversion from 12 % to 18 %", Decimal(12), Decimal(18), "%"),
    ("Grow the activation rate to 40 %", None, Decimal(40), "%"),
    ("付费转化率从 3 % 提升到 5 %", Decimal(3), Decimal(5), "%"),
    ("續約率由 70 % 提高到 85 %", Decimal(70), Decimal(85), "%"),
    ("Hold a 4-5-star rating on the app stores", None, Decimal(4), "star"),
    ("Reach a 4-star App Store rating", None, Decimal(4), "star"),
    ("Average a 4.5-star score in support surveys", None, Decimal("4.5"), "star"),
    # A 5-star review is a kind of review: the clients are counted.
    ("Collect a 5-star review from 25 clients", None, Decimal(25), "clients"),
    ("Ensure 1 engineer participates in every incident review", None, Decimal(1), "engineer"),
    ("At least one designer joins each sprint review", None, Decimal(1), "designer"),
    ("Every month 1 analyst presents at the town hall", None, Decimal(1), "analyst"),
    # Other counts keep a noun that ends in s: "feature flags" is one noun.
    ("Remove 3 feature flags", None, Decimal(3), "feature flags"),
    ("Publish one blog post", None, Decimal(1), "blog post"),
]


@pytest.mark.parametrize(("text", "start", "target", "unit"), CASES)
def test_the_unit_written_is_the_unit_read(text, start, target, unit):
    reading = read_key_result(text)
    assert (reading.start, reading.target, reading.unit) == (start, target, unit)
