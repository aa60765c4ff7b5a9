"""One number, however it is typed, is read the same by every reader (review of issues 9 and
10): the title reader (okrtext.numbers.find_quantities), the value reader of check-ins and
key result fields (okrs.numbers.read_number), the duration reader both share
(okrtext.numbers.duration) and the deadline reader's spans (okrtext.deadlines). Full-width
digits, Chinese numerals (三, 十二, 两), thousands commas and spaces go through one
normaliser (okrtext.numbers.numeral_value); a decimal comma is read by none of them.
`一分三十秒` and `两分30秒` were two numbers in a title and refused in a value field, while
`1分30秒` was 90 秒 in both; `一个半小时` was 1.5 小时 in a title and refused as a value."""

from decimal import Decimal

import pytest

from mubiao.okrs.numbers import NumberError, read_number
from mubiao.okrtext.deadlines import find_deadlines
from mubiao.okrtext.numbers import duration, find_quantities
from mubiao.okrtext.text import normalise

# (ways one amount is typed, the value in 秒 / in the unit written when it is one number).
DURATIONS = [
    (("1分30秒", "１分３０秒", "一分三十秒", "一分30秒", "1 分 30 秒", "1 min 30 s"), 90),
    (("两分30秒", "两分钟三十秒", "2分30秒", "２分３０秒"), 150),
    (
        ("1小时30分钟", "一小时三十分钟", "1 小时 30 分钟", "一个半小时", "１个半小时", "1h30m"),
        5400,
    ),
    (("半小时",), 1800),
    (("1,000 min 30 s", "1000 min 30 s"), 60030),
]
SECONDS = {"秒": 1, "s": 1, "分钟": 60, "min": 60, "小时": 3600}


@pytest.mark.parametrize(("ways", "seconds"), DURATIONS)
def test_a_duration_reads_the_same_in_a_title_and_in_a_value_field(ways, seconds):
    for typed in ways:
        norm = normalise(typed)
        value, unit = duration(norm)
        assert value * SECONDS[unit] == seconds, typed
        (quantity,) = find_quantities(norm)
        assert quantity.value * SECONDS[quantity.unit] == seconds, typed
        assert read_number(typed, unit="秒") == seconds, typed
        assert read_number(typed, unit="分钟") == Decimal(seconds) / 60, typed


# (ways one count is typed, its value): a count of people in a title and in a value field.
COUNTS = [
    (("12", "１２", "十二", "12 人", "１２ 人", "十二人"), 12),
    (("2", "两", "２"), 2),
    (("3", "三", "３"), 3),
    (("1,200", "１，２００", "1 200", "一千二百", "一千二"), 1200),
]


@pytest.mark.parametrize(("ways", "value"), COUNTS)
def test_a_count_reads_the_same_in_a_title_and_in_a_value_field(ways, value):
    for typed in ways:
        assert read_number(typed, unit="人") == value, typed
        quantities = find_quantities(normalise(f"新增{typed}人" if "人" not in typed else typed))
        assert [q.value for q in quantities] == [value], typed


@pytest.mark.parametrize(
    "typed", ["3个月内上线", "３个月内上线", "三个月内上线", "3 个月内上线", "十二个月内上线",
              "１２个月内上线", "两个月内上线"],
)  # fmt: skip
def test_a_span_counted_from_now_reads_its_count_as_the_other_readers_do(typed):
    norm = normalise(typed)
    (deadline,) = find_deadlines(norm)
    span = norm[deadline.start : deadline.end]
    (count,) = [q for q in find_quantities(norm) if q.start < deadline.end]
    assert span.endswith("个月内")
    assert count.value == read_number(span.removesuffix("个月内").strip()), typed


@pytest.mark.parametrize("typed", ["4,5分钟", "1,5小时30分钟", "4,5"])
def test_a_decimal_comma_is_read_by_none(typed):
    norm = normalise(typed)
    assert duration(norm) is None
    assert all(q.value is None for q in find_quantities(norm) if q.start == 0)
    with pytest.raises(NumberError):
        read_number(typed, unit="分钟")
