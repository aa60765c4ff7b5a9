"""h10q (issue 10 §3, "a key result with two targets takes the first"; the measured noun):

- a count in a `with at least N …` phrase describes each of the things counted first (`3
  rounds of usability testing with at least 20 users`): the first count is the target (main:
  20 users, the bound taken for a better target);
- after a determiner in the counted phrase (`90% of all feature branches`) comes a noun
  phrase, even one whose first word is spelt like a verb (feature, test, support): main read
  the metric `all`."""

import pytest

from mubiao.okrtext import read_key_result
from tests.okrtext.real_corpus import same

CASES = [
    # (key result, metric, target)
    ("Complete and document 3 rounds of usability testing with at least 20 users",
     "rounds of usability testing", 3),
    ("Run 4 workshops with at least 30 attendees each", "workshops", 4),
    ("Publish 6 case studies with more than 1,000 views each", "case studies", 6),
    ("Increase sign-ups by 20% with at least 500 from referrals", "sign-ups", 20),
    ("Ensure 90% of all feature branches are integrated within 24 hours",
     "feature branches", 90),
    ("Close 95% of all support tickets within a day", "support tickets", 95),
    ("Automate 80% of the test suites before release", "test suites", 80),
]  # fmt: skip


@pytest.mark.parametrize(("kr", "metric", "target"), CASES)
def test_read_as_meant(kr, metric, target):
    reading = read_key_result(kr, year=2026)
    assert same("metric", reading.metric, (metric,)), reading.metric
    assert reading.target == target


def test_a_with_phrase_alone_still_holds_the_target():
    # No earlier count: the number in the phrase is the only target there is.
    reading = read_key_result("Ship the new checkout with at least 95% test coverage", year=2026)
    assert reading.target == 95
