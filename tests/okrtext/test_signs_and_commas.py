"""Issue 9: a minus sign is part of a number, and a comma that groups no thousands is no split.

"从 -5 提升到 2" was read as 5 → 2 decrease, "−5 万" as 50000 and "4,5%" as the two numbers 4 and 5.
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mubiao.okrtext import lint, parse, read_key_result
from mubiao.okrtext.parser import AMBIGUOUS_NUMBER

NEGATIVE_STARTS = [
    # (key result, start, target, unit, direction)
    ("KR1: 利润从 -5 提升到 2", -5, 2, None, "increase"),
    ("Raise net margin from -5% to 2%", -5, 2, "%", "increase"),
    ("营收从 −5 万 提升到 10 万", -50000, 100000, None, "increase"),  # U+2212 minus
    ("净利润由-3%提升至5%", -3, 5, "%", "increase"),
    ("温度从 5 降到 -10", 5, -10, None, "decrease"),
    # a hyphen between two numbers is still a range, and a bullet dash no sign
    ("新增 3-5 家客户", None, 3, "家", "increase"),
]


@pytest.mark.parametrize(("text", "start", "target", "unit", "direction"), NEGATIVE_STARTS)
def test_a_minus_sign_belongs_to_its_number(text, start, target, unit, direction):
    reading = read_key_result(text)
    expected_start = None if start is None else Decimal(start)
    assert (reading.start, reading.target, reading.unit, reading.direction) == (
        expected_start,
        Decimal(target),
        unit,
        direction,
    )


@given(
    start=st.integers(min_value=-999, max_value=999),
    target=st.integers(min_value=-999, max_value=999),
    minus=st.sampled_from(["-", "−", "–"]),  # hyphen, minus sign, en dash typed as a minus
)
def test_any_signed_baseline_and_target_are_read_as_written(start, target, minus):
    def written(value):
        return f"{minus}{abs(value)}" if value < 0 else str(value)

    verb = "提升到" if target >= start else "降低到"
    reading = read_key_result(f"利润从 {written(start)} {verb} {written(target)}")
    assert (reading.start, reading.target) == (Decimal(start), Decimal(target))


def test_a_decimal_comma_is_reported_on_its_line_not_split():
    document = parse("O1: 提升转化\nKR1: 转化率从 4,5% 提升到 6%\nKR2: 利润从 -5 提升到 2\n")
    assert [(p.line, p.message) for p in document.problems] == [(2, AMBIGUOUS_NUMBER)]
    # The unreadable key result is kept, marked, so KR2 stays the user's KR2 (issue 9).
    first, second = document.sections[0].objectives[0].key_results
    assert (first.line, first.unreadable) == (2, [("number", "4,5")])
    assert (second.start, second.target, second.unreadable) == (Decimal(-5), Decimal(2), [])


@pytest.mark.parametrize("number", ["4,5", "4,50", "12,3456", "1,5000", "1,500,5"])
def test_every_comma_that_groups_no_thousands_is_ambiguous(number):
    document = parse(f"O1: 提升转化\nKR1: 转化率达到 {number}%\n")
    assert [p.message for p in document.problems] == [AMBIGUOUS_NUMBER]


@pytest.mark.parametrize(("number", "value"), [("1,500", 1500), ("12,345,678", 12345678)])
def test_thousands_separators_still_read(number, value):
    assert read_key_result(f"营收达到 {number} 元").target == Decimal(value)


def test_the_lint_numbers_key_results_as_the_user_did_around_an_unreadable_one():
    """Issue 9: the KR with "4,5" was dropped and the linter called the user's KR3 "KR2"."""
    text = "O1: 拓展业务\nKR1: 签约 3 个客户\nKR2: 12-31 前收入达到 4,5 万元\nKR3: 开会\n"
    about_kr3 = [f for f in lint(text) if f.line == 4]
    assert about_kr3 and {f.key_result for f in about_kr3} == {3}


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("用户数达到 12，345 人", 12345),  # a full-width comma grouping thousands: one number
        ("达到１２３，４５６人", 123456),
        ("Q3，100 家客户签约", 100),  # after a label it separates clauses
        ("完成 3 个项目，500 个客户", 3),
    ],
)
def test_a_full_width_comma_groups_thousands_only_between_digits(text, target):
    assert read_key_result(text).target == Decimal(target)


@given(
    value=st.integers(min_value=-99999, max_value=-1),
    minus=st.sampled_from(["-", "−", "–"]),
    written=st.sampled_from([("{}", None), ("{}%", "%"), ("${}", "$"), ("{} NPS", "NPS")]),
)
def test_a_signed_number_opening_a_title_keeps_its_sign(value, minus, written):
    # Brief h9v: "-$20k", "-5%" at a title's start were read without their minus; the minus
    # opens the title before a currency too.
    shape, unit = written
    title = minus + shape.format(-value)
    reading = read_key_result(title)
    assert (reading.target, reading.unit) == (Decimal(value), unit)


@pytest.mark.parametrize("title", ["-1999", "–2026", "Profit −2000", "利润 -1950"])
def test_a_signed_number_of_a_years_shape_is_a_level(title):
    # Found by the property above in CI: "-1999" was read as the year 1999 (no target).
    assert read_key_result(title).target < 0
