"""Issue 9 (h9m, M7): `1.200` typed on a key result that counts whole things (人, 个, users)
was read as 1.2 without a word where its range did not hold 1,200 (0 → 100 人): a German
`1.200` people stored as 1.2 of a person. On a count a dot before three digits is asked about
every time, naming both readings, and nothing is read; `1.200.000` (more than one dot: only
thousands) is read as 1,200,000 on every key result, as the text reader reads it in a title.
The convention is written in okrs.numbers' docstring."""

from decimal import Decimal

import pytest
from django.utils import translation

from mubiao.okrs import number_input, numbers
from mubiao.okrtext import read_key_result

ASKED = "ambiguous_dot"
# (typed, the key result's unit, the value read or the refusal's code)
TABLE = [
    ("1.200", "人", ASKED),
    ("1.200人", "人", ASKED),
    ("１．２００ 人", "人", ASKED),
    ("-1.200", "个", ASKED),
    ("1.000", "users", ASKED),
    ("12.345", "家", ASKED),
    ("1.200", "", Decimal("1.2")),  # a bare number: asked where its range says (services.scale)
    ("1.200", "元", Decimal("1.2")),
    ("1.200", "小时", Decimal("1.2")),
    ("1.200", "万人", Decimal("1.2")),  # 1.2 万人 is 12,000 people
    ("0.500", "人", Decimal("0.5")),  # a lone 0 groups nothing
    ("1.2", "人", Decimal("1.2")),
    ("1.200万", "人", Decimal(12000)),  # the magnitude says it
    ("1200", "人", Decimal(1200)),
    ("1,200", "人", Decimal(1200)),
    ("1.200.000", "人", Decimal(1200000)),
    ("1.200.000", "", Decimal(1200000)),
    ("12.345.678 元", "元", Decimal(12345678)),
    ("-1.200.000", "", Decimal(-1200000)),
    ("1.20.000", "人", "not_a_number"),
    ("1.200.000,5", "人", "ambiguous_comma"),
    ("4,5", "人", "ambiguous_comma"),
]


def _read(typed, unit, **more):
    try:
        return numbers.read_value(typed, metric_type="number", unit=unit, **more)
    except numbers.NumberError as error:
        return error


@pytest.mark.parametrize(("typed", "unit", "expected"), TABLE)
def test_a_dot_before_three_digits_on_a_count_is_asked(typed, unit, expected):
    read = _read(typed, unit)
    level = _read_level(typed, unit)  # a start or target: the same reading
    for found in (read, level):
        if isinstance(expected, str):
            assert isinstance(found, numbers.NumberError) and found.code == expected, found
        else:
            assert found == expected


def _read_level(typed, unit):
    try:
        return numbers.read_number(typed, unit=unit, level=True, signed=True)
    except numbers.NumberError as error:
        return error


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["“1.200”", "1,200", "1.2", "人"]),
        ("zh-hans", ["“1.200”", "1200", "1.2", "人", "千位"]),
    ],
)
def test_the_question_names_both_readings_in_the_persons_language(lang, words):
    error = _read("1.200", "人")
    with translation.override(lang):
        said = number_input.message(error)
    assert all(word in said for word in words), said


@pytest.mark.parametrize(
    ("title", "target"),
    [("活跃用户数达到 1.200.000 人", 1200000), ("营收达到 12.345.678 元", 12345678)],
)
def test_a_title_reads_dotted_groups_as_the_value_fields_do(title, target):
    reading = read_key_result(title)
    assert (reading.target, reading.unreadable) == (Decimal(target), [])
