"""Issue 9 (h9o, left by h9w): a number written as a numeral or a number word where a change
states its start or its target reads as the digits there do. `用户从 三 增长到 五万` read no
start (its metric was "用户从 三") while `用户从 3 增长到 5万` reads 3 → 5 万; `Grow stores from
two to five` read a target of 2 and no start. A lone numeral elsewhere stays a word (`统一`,
`从一开始`)."""

from decimal import Decimal

import pytest

from mubiao.okrtext import parse, read_key_result

# (written with numerals or words, the same written with digits)
PAIRS = [
    ("用户从 三 增长到 五万", "用户从 3 增长到 5万"),
    ("用户从三增长到五万", "用户从3增长到5万"),
    ("门店从 两 增长到 5 家", "门店从 2 增长到 5 家"),
    ("门店从两增长到五家", "门店从2增长到5家"),
    ("客户从 十 增长到 二十 家", "客户从 10 增长到 20 家"),
    ("故障从 九 降到 三 次", "故障从 9 降到 3 次"),
    ("用户从 3 增长到 五", "用户从 3 增长到 5"),
    ("用户由 三 提升至 五万", "用户由 3 提升至 5万"),
    ("营收从 八 提升到 十二 万元", "营收从 8 提升到 12 万元"),
    ("Grow stores from two to five", "Grow stores from 2 to 5"),
    ("Cut P1 incidents from nine to three", "Cut P1 incidents from 9 to 3"),
    ("Grow partners from three to twelve.", "Grow partners from 3 to 12."),
    ("Grow users from three to 50k", "Grow users from 3 to 50k"),
]


def _read(reading):
    return (reading.metric, reading.start, reading.target, reading.unit, reading.direction)


@pytest.mark.parametrize(("numerals", "digits"), PAIRS)
def test_numerals_in_a_change_read_as_its_digits(numerals, digits):
    expected = _read(read_key_result(digits, year=2026))
    assert expected[1] is not None and expected[2] is not None  # the digits state both
    assert _read(read_key_result(numerals, year=2026)) == expected
    # The same in a document, as every import reads it.
    [kr] = parse(f"O1: o\nKR1: {numerals}\n", year=2026).objectives[0].key_results
    assert _read(kr) == expected


@pytest.mark.parametrize(
    ("title", "target"),
    [
        ("从一开始建立数据体系", None),
        ("统一三个平台的登录", Decimal(3)),
        ("从三方面提升服务质量", None),
        ("Reply to one customer survey", Decimal(1)),
    ],
)
def test_a_numeral_outside_a_change_is_read_as_before(title, target):
    assert read_key_result(title, year=2026).target == target
