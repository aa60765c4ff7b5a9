"""Issue 9, probe 9 (a black-box tester, 2026-12-05):

- F2: 分 alone was always a minute: `90秒` on a satisfaction score in 分 was stored as 1.5,
  `0.05 小时` as 3, and a start of -10 分 (NPS) refused as a negative time. A key result
  counted in 分 is a mark; on one counted in minutes, `3 分` is still 3 minutes;
- F3: `2 hours` on a key result counted in minutes (10 → 3) was read as 120 and the person
  asked "did you mean 12?", a number never typed: a value converted from another unit is
  said as read, no slip of digits suggested."""

from decimal import Decimal

import pytest
from django.utils import translation

from mubiao.okrs import numbers
from mubiao.okrs.models import KeyResult
from mubiao.okrs.numbers import NumberError
from mubiao.okrs.services.scale import off_scale
from mubiao.okrtext import read_key_result


@pytest.mark.parametrize(
    ("unit", "typed", "expected"),
    [
        ("分", "90秒", "wrong_unit"),
        ("分", "0.05 小时", "wrong_unit"),
        ("分", "3 分钟", "wrong_unit"),
        ("分", "-10", Decimal(-10)),
        ("分", "4.5分", Decimal("4.5")),
        ("分钟", "3 分", 3),
        ("分钟", "3分", 3),
        ("min", "3 分", 3),
        ("分钟", "1分30秒", Decimal("1.5")),
        ("分钟", "90秒", Decimal("1.5")),
    ],
)
def test_a_mark_is_no_minute(unit, typed, expected):
    if isinstance(expected, str):
        with pytest.raises(NumberError) as refused:
            numbers.read_number(typed, unit=unit, level=True, signed=True)
        assert refused.value.code == expected
    else:
        assert numbers.read_number(typed, unit=unit, level=True, signed=True) == expected


def test_a_title_with_a_negative_mark_reads_it():
    reading = read_key_result("NPS 从 -10 分提升到 20 分")
    assert (reading.start, reading.target, reading.unit) == (-10, 20, "分")


@pytest.mark.parametrize(
    ("typed", "read", "language"),
    [("2 hours", "120 分钟", "en"), ("2 小时", "120 分钟", "zh-hans"), ("1h30m", "90 分钟", "en")],
)
def test_a_converted_value_far_off_is_said_as_read(typed, read, language):
    kr = KeyResult(
        metric_type="number", unit="分钟", start_value=Decimal(10), target_value=Decimal(3)
    )
    number = numbers.read_number(typed, unit="分钟", level=True)
    with translation.override(language):
        said = off_scale(kr, typed, number)
    assert read in said, said
    assert "12" not in said.replace("120", "")


def test_a_slip_of_digits_is_still_suggested():
    kr = KeyResult(
        metric_type="number", unit="分钟", start_value=Decimal(10), target_value=Decimal(3)
    )
    with translation.override("en"):
        said = off_scale(kr, "50", Decimal(50))
    assert "did you mean 5?" in said, said
