"""h9j (issue 9, small leftovers): `counts_whole("NPS")` answered True — the plural-noun reading
("users", "customers") took an abbreviation in capitals for a plural because it read the unit
lowercased. NPS, QPS, RPS name a score or a rate (fractional, negative); an abbreviation's
plural is written with a small s (SLOs, KPIs, DAUs) and counts one by one."""

from decimal import Decimal

import pytest

from mubiao.okrs import services
from mubiao.okrs.numbers import counts_whole


@pytest.mark.parametrize(
    ("unit", "whole"),
    [
        ("NPS", False),
        ("QPS", False),
        ("RPS", False),
        ("CSAT", False),
        ("MAU", False),
        ("users", True),
        ("customers", True),
        ("SLOs", True),
        ("KPIs", True),
        ("DAUs", True),
        ("人", True),
        ("家门店", True),
        ("万人", False),
        ("次/周", False),
        ("小时", False),
        ("元", False),
        ("分", False),
    ],
)
def test_counts_are_told_from_scores_rates_and_measures(unit, whole):
    assert counts_whole(unit) is whole


@pytest.mark.django_db
def test_a_fractional_negative_nps_is_stored_as_typed(world):
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Delight customers",
        key_results=[{"title": "NPS from -10 to 30", "start_value": -10, "target_value": 30,
                      "unit": "NPS"}],
    )  # fmt: skip
    kr = objective.key_results.get()
    services.check_in(world.alice, kr, value="-2.5")
    kr.refresh_from_db()
    assert kr.current_value == Decimal("-2.5")
