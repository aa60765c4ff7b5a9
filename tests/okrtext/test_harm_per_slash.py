"""Issue 10 (h10e): a slash names a rate as "per" does ("cost/lead" is cost per lead), so a
harm measured per something stays lower-is-better: brought to a level, it is a decrease."""

import pytest

from mubiao.okrtext import read_key_result

LINES = [
    ("Get cost/lead to $70 off of online sources.", "decrease"),
    ("Bring cost/hire to $3,000", "decrease"),
    ("Get complaints / 1,000 orders to 2", "decrease"),
    ("Get cost per lead to $70", "decrease"),
    ("Get revenue/employee to $200k", "increase"),
]


@pytest.mark.parametrize(("line", "direction"), LINES)
def test_a_harm_per_slash_is_lower_is_better(line, direction):
    assert read_key_result(line, year=2026).direction == direction
