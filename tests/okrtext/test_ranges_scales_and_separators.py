"""A range's scale, and a dot that may group thousands, in a key result's text (probe9 S1, S3).

`收入达到 300-350 万元` was read as 300 元: the 万 written once after the upper end is both ends'
scale. A range as the target is asked (h9v: okr-rules.md names no value of a range to commit
to); the lower end the reading keeps, marked, is in that scale. `from 1,200 to 1.500 EUR` was
read as a decrease to 1.5: a dot before three digits is a
thousands separator in much of Europe, so it is reported (KeyResultReading.unreadable), never
guessed. Sentences of our own, zh, traditional zh and en, several shapes each.
"""

from decimal import Decimal

import pytest

from mubiao.okrtext import lint, read_key_result

RANGES = [
    # (text, target, unit)
    ("季度销售额做到 80-120 万元", Decimal(800_000), "元"),
    ("新签合同额 2~3 亿元", Decimal(200_000_000), "元"),
    ("会员收入达到 40 到 60 万", Decimal(400_000), None),
    ("本季度回款 15 至 20 万元", Decimal(150_000), "元"),
    ("年度營收做到 90–110 萬元", Decimal(900_000), "元"),
    ("新簽客戶 12-15 家", Decimal(12), "家"),
    ("Grow paid seats to 20-25k", Decimal(20_000), None),
    ("Reach 1.5-2M monthly visitors", Decimal(1_500_000), "monthly visitors"),
    ("Close 6-9 enterprise deals", Decimal(6), "enterprise deals"),
    # Both ends scaled: as written.
    ("线上收入 1万-2万元", Decimal(10_000), "元"),
]


@pytest.mark.parametrize(("text", "target", "unit"), RANGES)
def test_a_range_is_asked_and_kept_in_the_scale_written_after_it(text, target, unit):
    reading = read_key_result(text)
    assert (reading.target, reading.unit, reading.start) == (target, unit, None)
    assert reading.direction == "increase"
    assert [code for code, _written in reading.unreadable] == ["range"]


DOTTED = [
    # (text, the dotted numbers as written)
    ("Revenue from 2,400 to 3.100 GBP", ["3.100"]),
    ("Grow bookings from 1.800 EUR to 2.600 EUR", ["1.800", "2.600"]),
    ("Raise the average order to 1.250 USD", ["1.250"]),
    ("客单价从 900 欧元提升到 1.400 欧元", ["1.400"]),
    ("月度订阅收入由 1.100 欧元增加到 1.600 欧元", ["1.100", "1.600"]),
    ("營收從 700 歐元增加到 2.050 歐元", ["2.050"]),
]


@pytest.mark.parametrize(("text", "dotted"), DOTTED)
def test_a_dot_before_three_digits_is_reported_not_guessed(text, dotted):
    assert read_key_result(text).unreadable == [("separator", d) for d in dotted]


@pytest.mark.parametrize(
    "text",
    [
        "API uptime at 99.995%",  # a percentage has one reading
        "营收达到 1.250 万元",  # 12,500 元: a scale word follows
        "Cut p95 latency from 2.5 s to 1.25 s",  # not three digits
        "Hit 0.125 error budget",  # a leading zero groups nothing
    ],
)
def test_other_decimals_keep_their_one_reading(text):
    assert not [code for code, _ in read_key_result(text).unreadable if code == "separator"]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_linter_reports_a_dotted_number_in_place_of_the_checks_on_it(lang):
    text = (
        "O1: Grow\nKR1: Revenue from 2,400 to 3.100 GBP\nKR2: 客单价从 900 欧元提升到 1.400 欧元\n"
    )
    found = [f for f in lint(text, lang=lang) if f.rule == "unreadable"]
    assert [(f.key_result, f.severity) for f in found] == [(1, "error"), (2, "error")]
    assert "3.100" in found[0].message and "1.400" in found[1].message
