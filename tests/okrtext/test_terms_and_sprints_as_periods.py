"""The end of a period the cycle does not date (a school term or semester, a sprint, this
month's middle) is a deadline as written with no calendar date, as `end of quarter` is; `at`
introduces it as `by` does (`… at end of quarter`). Issue 10: `100 email subscribers by the end of
the term` had no deadline, `… at end of quarter` lost its `at`, `by mid this month` its `by mid`."""

import pytest

from mubiao.okrtext import read_key_result

CASES = [
    # (key result, deadline as written, target)
    ("Reach 500 newsletter subscribers by the end of the term", "by the end of the term", 500),
    ("Finish the thesis draft by end of semester", "by end of semester", None),
    ("Close 40 support tickets before the end of the sprint", "before the end of the sprint", 40),
    ("Grow the reading club to 30 members by the end of this term", "by the end of this term", 30),
    ("Average rating of 4.5 at end of quarter", "at end of quarter", 4.5),
    ("Cut churn to 3% at the end of the month", "at the end of the month", 3),
    ("Lift reply rate to 40% by mid this month", "by mid this month", 40),
    ("Publish the pricing page by the middle of next month", "by the middle of next month", None),
]


@pytest.mark.parametrize(("text", "deadline", "target"), CASES)
def test_a_period_with_no_date_is_a_deadline_as_written(text, deadline, target):
    reading = read_key_result(text, year=2026)
    assert (reading.deadline, reading.due) == (deadline, None)
    assert reading.target == target


@pytest.mark.parametrize(
    "text",
    [
        # Not a deadline: a place or a time of day, and a span the rate is counted over.
        "Answer 90% of calls at the front desk",
        "Keep the term glossary under 200 entries",
        "Run 2 retros per sprint",
    ],
)
def test_no_period_is_no_deadline(text):
    assert read_key_result(text, year=2026).deadline is None
