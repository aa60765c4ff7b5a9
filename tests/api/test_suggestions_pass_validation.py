"""Every value the app suggests ("did you mean …?") passes the validation it would meet when
typed: at most numbers.STORED_PLACES decimal places (rounded to them, or not suggested)."""

import re
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from mubiao.okrs import numbers, rules, services
from mubiao.okrs.models import KeyResult
from tests.api.conftest import sent_check_in

PLACES = numbers.STORED_PLACES


def storable(value: Decimal | None) -> bool:
    return value is None or -value.as_tuple().exponent <= PLACES or value == value.to_integral()


values = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=6,
                     allow_nan=False, allow_infinity=False)  # fmt: skip
ends = st.decimals(min_value=Decimal(-1000), max_value=Decimal(1000), places=4,
                   allow_nan=False, allow_infinity=False)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(value=values, start=ends, target=ends, factor=st.sampled_from([1, 1000, 10000]))
def test_every_rule_suggests_a_storable_value(value, start, target, factor):
    assert storable(rules.meant_on_scale(value, start, target, factor))
    assert storable(rules.meant_as_thousands(value, start, target))
    assert storable(rules.meant_as_share(value, start, target))


def test_the_suggestion_for_a_long_percentage_is_accepted(world, api):
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Cover", key_results=[{
            "title": "Coverage", "metric_type": KeyResult.MetricType.PERCENT,
            "start_value": 0, "target_value": 100, "unit": "%"}],
    )  # fmt: skip
    kr = objective.key_results.get()
    alice = api(world.alice)
    question = sent_check_in(alice, kr, "99999.99%")
    assert question is not None
    meant = re.search(r"did you mean ([\d.,]+)", question).group(1).replace(",", "")
    assert sent_check_in(alice, kr, meant) is None  # the suggestion itself is taken
