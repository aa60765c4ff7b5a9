"""Issue 9 (finding 2): the text reader and the check-in box read a number the same way.

okrtext stays free of Django, and mubiao.okrs.numbers (the check-in box's reader, also pure
Python) is not imported by it; this table keeps the two consistent instead. Every number shape
is run through both: a value one reads, the other reads the same; a number the check-in box
refuses (an ambiguous comma, an exponent), okrtext marks unreadable rather than guessing."""

from decimal import Decimal

import pytest

from mubiao.okrs.numbers import NumberError, read_number
from mubiao.okrtext import read_key_result

# (number as typed, the value both read; None: both refuse it)
TABLE = [
    ("280", 280),
    ("12,345", 12345),
    ("12，345", 12345),  # a full-width comma grouping thousands
    ("１２３，４５６", 123456),  # full-width digits too
    ("1,234,567", 1234567),
    ("1,234.5", Decimal("1234.5")),
    ("3.5万", 35000),
    ("2亿", 200000000),
    ("1.2k", 1200),
    ("-5", -5),
    ("4,5", None),  # 4.5 in much of Europe, two numbers elsewhere
    ("4,50", None),
    ("12,3456", None),
    ("1,500,5", None),
    ("1.234,5", None),  # European thousands and decimal comma
    ("1 234", 1234),  # thousands grouped by a space (h9k 2: okrtext read 1)
    ("1 234 567", 1234567),
    ("1 234,5", None),  # a decimal comma after space groups: refused as 1.234,5 is
    ("1e16", None),  # an exponent: refused by both, never read as 1
    ("2.5E3", None),
]


def _check_in(typed: str) -> Decimal | None:
    try:
        return read_number(typed, unit="人")
    except NumberError:
        return None


@pytest.mark.parametrize(("typed", "value"), TABLE)
def test_text_and_check_in_read_a_number_alike(typed, value):
    reading = read_key_result(f"活跃用户数达到 {typed} 人")
    assert _check_in(typed) == (None if value is None else Decimal(value))
    if value is None:
        assert reading.target is None or reading.unreadable, reading
        assert [code for code, _written in reading.unreadable] == ["number"]
    else:
        assert (reading.target, reading.unreadable) == (Decimal(value), [])


# h9k 2: shares written in words, on a key result measured in % (八成 = 80 %) or in ‰ (千分之六).
SHARES = [
    ("八成", "%", 80),
    ("两成", "%", 20),
    ("百分之六", "%", 6),
    ("千分之六", "‰", 6),
    ("45‰", "‰", 45),
]


@pytest.mark.parametrize(("typed", "unit", "value"), SHARES)
def test_text_and_check_in_read_a_share_alike(typed, unit, value):
    reading = read_key_result(f"转化率达到{typed}")
    assert (reading.target, reading.unit, reading.unreadable) == (Decimal(value), unit, [])
    assert read_number(typed, unit=unit, percent=unit == "%") == value
