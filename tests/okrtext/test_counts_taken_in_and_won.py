"""Issue 10 (h10e): a count of what the owner takes in or wins is an outcome.

A personal count of things read or learnt ("Read at least 6 books this quarter", "Learn 8 new
songs") measures what the person ends up with, as "Pull in 1 large deal" counts what was won;
a deliverable verb whose count is of people won ("Add 250 new customers to our loyalty mailing
list") is the same. Reading or learning as a routine ("Read 30 pages every day"), with no count
("Learn the pricing model"), and things built or written ("Add 5 new integrations", "Write 10
blog posts") stay work.
"""

import pytest

from mubiao.okrtext import read_key_result

OUTCOMES = [
    "Read 24 books this year",
    "Read at least 10 novels in 2026",
    "Learn 5 new recipes",
    "Learn at least 12 new chords on the guitar",
    "Add 400 new subscribers to the newsletter",
    "Add 3 new partners in Europe",
    "Add 1,000 paying users by Q3",
]

WORK = [
    "Read 30 pages every day",
    "Learn the new pricing model",
    "Read the onboarding docs",
    "Add 5 new integrations to the marketplace",
    "Write 10 blog posts",
    "Add a search page to the help center",
]


@pytest.mark.parametrize("line", OUTCOMES)
def test_a_count_taken_in_or_won_is_an_outcome(line):
    assert read_key_result(line, year=2026).is_activity is False


@pytest.mark.parametrize("line", WORK)
def test_routines_uncounted_learning_and_things_made_stay_work(line):
    assert read_key_result(line, year=2026).is_activity is True
