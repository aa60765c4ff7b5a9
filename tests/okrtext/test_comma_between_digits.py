"""A comma between digits, full-width (`，`) or not, is part of the number: one notion of a number
for the title reader and the check-in box (okrs.numbers.ambiguous_separator).

A fresh tester found `6，5%` read as a target of 6, `9，5 元降到 3 元` as 9 → 5 and `4，5` as 4 with
the direction turned: the full-width comma was taken for a clause separator and the digits after
it dropped, stored with no message. A comma that groups thousands (exactly three digits after
it) makes one number; any other comma between digits is ambiguous (4.5 or 45?) and the key result
is reported on its line, never read as a guess. A comma before a date of its own (`50，5 月底前`)
still closes the clause.
"""

from decimal import Decimal

import pytest

from mubiao.okrs import numbers as typed_numbers
from mubiao.okrtext import parse, read_key_result
from mubiao.okrtext.parser import AMBIGUOUS_NUMBER

AMBIGUOUS = [
    # (key result, the number as written)
    ("KR1: 转化率从 4.5% 提升到 6，5%", "6，5"),
    ("KR2: 成本从 9，5 元降到 3 元", "9，5"),
    ("转化率从 4.5% 提升到 ６，５%", "６，５"),
    ("转化率从 4.5% 提升到 ６，０%", "６，０"),
    ("NPS from 30 to 4，5", "4，5"),
    ("NPS 从 30 提升到 4，5 分", "4，5"),
    ("NPS from 30 to 4,5", "4,5"),
    ("转化率 10，5%", "10，5"),
    ("营收达到 1，5万", "1，5"),
    ("ARR to 1，5k", "1，5"),
    ("营收达到 ¥1，2", "1，2"),
    ("交付 3，5 个版本", "3，5"),
    ("新增 3，5-8 家客户", "3，5"),
    ("新增 3～5，5 家客户", "5，5"),
    ("用户数从 1，20 提升到 300", "1，20"),
    ("用户数从 1，2345 提升到 30000", "1，2345"),
]


@pytest.mark.parametrize(("text", "written"), AMBIGUOUS)
def test_a_comma_that_groups_no_thousands_is_asked_never_split(text, written):
    reading = read_key_result(text)
    numbers = [typed for code, typed in reading.unreadable if code == "number"]
    assert any(written in typed for typed in numbers), reading.unreadable


THOUSANDS = [
    # (key result, start, target)
    ("收入从 800 元提升到 1，200 元", 800, 1200),
    ("门店从 2，000 家扩展到 3，000 家", 2000, 3000),
    ("营收从 １，２００ 元提升到 ３，０００ 元", 1200, 3000),
    ("营收达到 ¥1，200", None, 1200),
    ("营收达到 1，200 万元", None, 12000000),
    ("用户数达到 1，234，567", None, 1234567),
    ("Grow users from 1,200 to 3，500", 1200, 3500),
]


@pytest.mark.parametrize(("text", "start", "target"), THOUSANDS)
def test_a_comma_that_groups_thousands_makes_one_number(text, start, target):
    reading = read_key_result(text)
    assert reading.unreadable == []
    expected_start = None if start is None else Decimal(start)
    assert (reading.start, reading.target) == (expected_start, Decimal(target))


CLAUSES = [
    # (key result, target, a deadline is read)
    ("活跃用户从 30 万提升到 50 万，5 月底前完成", Decimal(500000), True),
    ("NPS 从 30 提升到 50，5 月 20 日前", Decimal(50), True),
    ("NPS 从 30 提升到 50， 5 月底前", Decimal(50), True),
]


@pytest.mark.parametrize(("text", "target", "deadline"), CLAUSES)
def test_a_comma_before_a_date_still_closes_the_clause(text, target, deadline):
    reading = read_key_result(text, year=2026)
    assert reading.unreadable == []
    assert reading.target == target
    assert (reading.deadline is not None) == deadline


def test_the_tester_document_reports_each_line_and_stores_no_guess():
    document = parse(
        "O1: 提升转化\n"
        "KR1: 转化率从 4.5% 提升到 6，5%\n"
        "KR2: 成本从 9，5 元降到 3 元\n"
        "KR3: 门店从 2，000 家扩展到 3，000 家\n"
    )
    assert [(p.line, p.message) for p in document.problems] == [
        (2, AMBIGUOUS_NUMBER),
        (3, AMBIGUOUS_NUMBER),
    ]
    first, second, third = document.sections[0].objectives[0].key_results
    assert first.unreadable and second.unreadable
    assert (third.start, third.target, third.unreadable) == (Decimal(2000), Decimal(3000), [])


# One notion of a number: what the check-in box refuses as ambiguous for its comma, the title
# reader reports; what it reads as one grouped number, the title reader reads as that number.
TYPED = ["4，5", "６，０", "10,5", "4,5", "1，20", "1，2345", "１，２００", "1,200", "3，000",
         "1，234，567", "12,345.5"]  # fmt: skip


@pytest.mark.parametrize("typed", TYPED)
def test_the_title_reader_and_the_check_in_box_agree_on_a_comma(typed):
    asked = typed_numbers.ambiguous_separator(typed) == ","
    reading = read_key_result(f"用户数达到 {typed} 人")
    assert bool([u for code, u in reading.unreadable if code == "number"]) == asked
    if not asked:
        assert reading.target == typed_numbers.read_number(typed)


@pytest.mark.parametrize(
    ("typed", "unit"),
    [("¥4,5", "元"), ("¥1，2 万", "元"), ("$4，5k", "$"), ("USD 4,5", "USD"), ("1,2,3", "")],
)
def test_the_check_in_box_asks_about_a_comma_beside_a_currency_or_scale(typed, unit):
    """`¥4,5` was "not a number; enter for example 42, 4.5 or 1,234", while `4,5` is asked
    about: a comma between digits that groups no thousands is asked about wherever it stands."""
    with pytest.raises(typed_numbers.NumberError) as error:
        typed_numbers.read_number(typed, unit=unit)
    assert error.value.code == "ambiguous_comma"


@pytest.mark.parametrize(
    ("typed", "value"), [("¥1，200", 1200), ("¥1,200", 1200), ("1，2万", None)]
)
def test_thousands_beside_a_currency_are_one_number(typed, value):
    if value is None:
        with pytest.raises(typed_numbers.NumberError):
            typed_numbers.read_number(typed, unit="元")
    else:
        assert typed_numbers.read_number(typed, unit="元") == value
