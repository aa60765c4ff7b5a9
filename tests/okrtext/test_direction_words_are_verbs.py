"""Issue 10 §4, probe 10 (a fresh tester's real key results): a direction word matched inside
another word — "…for better maintainability" read as maintain. The maintain and cut verbs
are matched in their verb forms only; their nouns and compounds name no direction."""

import pytest

from mubiao.okrtext import read_key_result


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Decompose the core into smaller modules for better maintainability", "milestone"),
        ("Raise our sustainability score from 60 to 80", "increase"),
        ("Ship a cutting-edge search to 3 markets", "increase"),
        ("Grow the stakeholders' survey score to 8", "increase"),
        ("Maintain uptime at 99.9%", "maintain"),
        ("Keep churn below 2%", "maintain"),
        ("Remain at 99.9% availability", "maintain"),
        ("Sustain NPS at 50", "maintain"),
        ("Cut costs by 10%", "decrease"),
        ("Cutting support costs by 10%", "decrease"),
        ("Hold 6 workshops", "increase"),
    ],
)
def test_a_direction_word_is_a_verb_not_part_of_a_noun(text, direction):
    assert read_key_result(text).direction == direction
