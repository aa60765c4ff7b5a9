"""Issue 10 (h10k): a number inside the question an opening verb asks is no target.

"Analyse which accounts are most likely to reach 60+ days past due and plan invoicing
accordingly": the work finds out which accounts; 60+ days describes them, it is no level to
reach. The line is work done, with no measure (a milestone). A number outside such a question
is read as before.
"""

import pytest

from mubiao.okrtext import read_key_result

QUESTIONS = [
    "Analyse which accounts are most likely to reach 60+ days past due and plan invoicing "
    "accordingly.",
    "Investigate why 20% of trials never activate",
    "Find out how many customers churn within 30 days",
    "Identify which 10 accounts need a renewal call",
    "Decide whether 2 regions can share one team",
]


@pytest.mark.parametrize("line", QUESTIONS)
def test_a_number_in_the_question_is_no_target(line):
    reading = read_key_result(line, year=2026)
    assert (reading.target, reading.direction, reading.is_activity) == (None, "milestone", True)


@pytest.mark.parametrize(
    ("line", "target"),
    [
        ("Increase trial activation from 20% to 35%", 35),
        ("Reduce the share of accounts 60+ days past due to 5%", 5),
        ("Get 10 accounts to renew early, whichever tier they are in", 10),
    ],
)
def test_numbers_outside_a_question_are_read_as_before(line, target):
    assert read_key_result(line, year=2026).target == target
