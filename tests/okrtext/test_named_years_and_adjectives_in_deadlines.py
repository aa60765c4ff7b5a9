"""Deadlines that name their own year or only describe the work (probe10 F5, F16).

A quarter of a named fiscal year (`by end of Q2 FY 2017-18`) has no calendar date: it is kept
whole, never resolved in the cycle's year. "year-end" before a noun names the work (year-end
reports), so the date written with it is the deadline. "Before a month or quarter" keeps one
reading (the period named is excluded) and is recognised so that the importers say it."""

from datetime import date

import pytest

from mubiao.okrtext import read_key_result
from mubiao.okrtext.deadlines import before_a_period

FISCAL = [
    ("Hire 4 site engineers by end of Q2 FY 2019-20", "by end of Q2 FY 2019-20"),
    ("Open the Lyon office in Q3 of FY25", "in Q3 of FY25"),
    ("Migrate billing before Q1 FY2024/25", "before Q1 FY2024/25"),
    ("Close 12 partner deals by the end of Q4 FY 2030-31", "by the end of Q4 FY 2030-31"),
]


@pytest.mark.parametrize(("text", "deadline"), FISCAL)
def test_a_quarter_of_a_named_fiscal_year_keeps_the_year(text, deadline):
    reading = read_key_result(text, year=2026)
    assert (reading.deadline, reading.due) == (deadline, None)


ADJECTIVES = [
    ("File the year-end tax returns by March 15", "by March 15", date(2026, 3, 15)),
    ("Finish the year-end stock count before Jan 20", "before Jan 20", date(2026, 1, 20)),
    ("Publish year-end board packs by February 10", "by February 10", date(2026, 2, 10)),
    # As a time it stays the deadline.
    ("Cut open invoices to 40 by year-end", "by year-end", date(2026, 12, 31)),
    ("Reach 300 paying teams at year-end", "year-end", date(2026, 12, 31)),
]


@pytest.mark.parametrize(("text", "deadline", "due"), ADJECTIVES)
def test_year_end_before_a_noun_names_the_work_not_the_deadline(text, deadline, due):
    reading = read_key_result(text, year=2026)
    assert (reading.deadline, reading.due) == (deadline, due)


@pytest.mark.parametrize(
    ("written", "before"),
    [
        ("截止 10 月之前", True),
        ("九月以前", True),
        ("2025年Q2前", True),
        ("第四季度前", True),
        ("第四季度以前", True),
        ("before June", True),
        ("before Q4", True),
        ("10 月底前", False),
        ("第四季度末前", False),
        ("Q2 结束前", False),
        ("before June 12", False),
        ("by Q4", False),
    ],
)
def test_before_a_month_or_quarter_is_recognised(written, before):
    assert before_a_period(written) is before
