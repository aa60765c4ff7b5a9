"""The numbers a writing form compares with its title are said whole (issue 9, probe 9): with the
start not entered the message read "the fields say €3,000,000, Increase to", the target taken
for the start and the direction run into the sentence. A missing value is "?", the direction in
brackets, in both languages."""

from decimal import Decimal

import pytest
from django.utils import translation

from mubiao.okrs.transfer.readings import describe_numbers as _describe

BOTH = {"start_value": Decimal(1200000), "target_value": Decimal(3000000), "unit": "€",
        "direction": "increase", "metric_type": "currency"}  # fmt: skip


@pytest.mark.parametrize(
    ("language", "fields", "said"),
    [
        ("en", BOTH, "€1,200,000 → €3,000,000 (Increase to)"),
        ("en", {**BOTH, "start_value": None}, "? → €3,000,000 (Increase to)"),
        ("en", {**BOTH, "target_value": ""}, "€1,200,000 → ? (Increase to)"),
        ("en", {**BOTH, "direction": None}, "€1,200,000 → €3,000,000"),
        # Chinese punctuation in a Chinese sentence (h9c): full-width question mark and brackets.
        ("zh-hans", {**BOTH, "start_value": None}, "？ → €3,000,000（提升到）"),
    ],
)
def test_every_variant_is_said_whole(language, fields, said):
    with translation.override(language):
        assert _describe(fields) == said
