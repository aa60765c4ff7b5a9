"""Number readings fresh testers found wrong in key-result titles (h9v), each as a kind, zh and en.

1. a minus sign before or after a currency, or 负, belongs to the value (`-$5k` was 5000);
2. ‰ and ‱ (`2‰`, `2 per mille`, `千分之二`, `万分之五`, `5 basis points`) are units of their
   own, converted with % as one dimension (`from 0.5% to 2 per mille` was 0.5 → 2 %);
3. a letter O among digits (`$4O k`) is unreadable, never 4 or 40;
4. a range as the start or the target (`40-45 万`, `12 到 15 家`, `5 to 8 engineers`) is asked:
   okr-rules.md names no value of a range to commit to;
5. a start and a target in two currencies are asked, whichever is written first;
6. `(now 35)`, `(today 35)`, `（现在 2%）`, `（目前 35）`, `（当前 35 家）` state the start;
7. a range's upper end is no part of the metric (`新签 12 到 15 家` measured "到 15 家");
8. a plus after a number is "or more" (`10万+`, `500+ 人`, `5k+`), the unit after the plus;
9. `$7,000 MRR per month` is a rate per month; `Revenue $1.2k to $3k` is a start and a target.
"""

import itertools
from decimal import Decimal

import pytest

from mubiao.okrtext import lint, parse, read_key_result
from mubiao.okrtext.reading import _SCALES, in_one_unit, in_unit

SIGNED = [
    # (key result, start, target, unit)
    ("Raise net profit to $10k (currently -$5k)", -5000, 10000, "$"),
    ("Raise net profit to $10k (currently $-5k)", -5000, 10000, "$"),
    ("Grow EBITDA from -$200k to $50k", -200000, 50000, "$"),
    ("Grow EBITDA from -€1.2M to €0.5M", -1200000, 500000, "€"),
    ("Raise margin to 3% (currently −5%)", -5, 3, "%"),
    ("利润从负 5 万元提升到 10 万元", -50000, 100000, "元"),
    ("利润从负5万元提升到10万元", -50000, 100000, "元"),
    ("净利润达到 10 万元（当前-5 万元）", -50000, 100000, "元"),
    ("毛利率达到 3%（目前 −5%）", -5, 3, "%"),
    ("经营现金流从 -¥300万 提升到 ¥100万", -3000000, 1000000, "¥"),
    ("现金流提升到 -5 万元（现在是 -20 万元）", -200000, -50000, "元"),
]


@pytest.mark.parametrize(("text", "start", "target", "unit"), SIGNED)
def test_a_negative_value_keeps_its_sign_beside_a_currency_or_a_unit(text, start, target, unit):
    reading = read_key_result(text)
    assert (reading.start, reading.target, reading.unit) == (
        Decimal(start),
        Decimal(target),
        unit,
    )
    assert reading.direction == "increase"
    assert not reading.unreadable


@pytest.mark.parametrize("text", ["Cut burn (currently -$5k) to -$2k", "把亏损从 -$5k 降低到 -$2k"])
def test_a_cut_from_minus_five_to_minus_two_is_asked_not_read_as_five_to_two(text):
    """-5000 → -2000 goes up while the verb says down: the numbers are kept as written and the
    disagreement is asked (before, the signs were lost and it read as a cut from 5000 to 2000)."""
    reading = read_key_result(text)
    assert (reading.start, reading.target) == (Decimal(-5000), Decimal(-2000))
    assert [code for code, _written in reading.unreadable] == ["direction"]


@pytest.mark.parametrize(
    ("text", "target"),
    [("误差控制在正负5%以内", 5), ("新增 3-5 家客户", 3), ("负责 5 个大客户的续约", 5)],
)
def test_a_hyphen_between_numbers_or_a_tolerance_is_no_sign(text, target):
    assert read_key_result(text).target == Decimal(target)


SHARES = [
    # (key result, start, target, unit as read, (start, target, unit) in one unit)
    ("不良率降低到 2‰", None, 2, "‰", (None, 2, "‰")),
    ("Reduce defect rate to 2 per mille", None, 2, "‰", (None, 2, "‰")),
    ("Reduce defect rate to 2 permille", None, 2, "‰", (None, 2, "‰")),
    ("缺陷率降到千分之二", None, 2, "‰", (None, 2, "‰")),
    ("坏账率控制在万分之五以内", None, 5, "‱", (None, 5, "‱")),
    ("Cut chargebacks to 3‱", None, 3, "‱", (None, 3, "‱")),
    ("Cut chargebacks to 5 basis points", None, 5, "‱", (None, 5, "‱")),
    ("Reduce defect rate from 0.5% to 2 per mille", 0.5, 2, "‰", (5, 2, "‰")),
    ("Defect rate below 2‰ (currently 0.5%)", 0.5, 2, "‰", (5, 2, "‰")),
    ("不良率从 0.5% 降到 2‰", 0.5, 2, "‰", (5, 2, "‰")),
    ("坏账率从千分之一降到万分之五", 1, 5, "‱", (10, 5, "‱")),
]


@pytest.mark.parametrize(("text", "start", "target", "unit", "one_unit"), SHARES)
def test_per_mille_and_per_myriad_are_their_own_units_never_percent(
    text, start, target, unit, one_unit
):
    reading = read_key_result(text)
    expected = None if start is None else Decimal(str(start))
    assert (reading.start, reading.target, reading.unit) == (expected, Decimal(target), unit)
    assert reading.direction == "decrease"
    assert not reading.unreadable
    as_one = in_one_unit(reading)
    assert (as_one[0], as_one[1], as_one[2]) == (
        None if one_unit[0] is None else Decimal(one_unit[0]),
        Decimal(one_unit[1]),
        one_unit[2],
    )


LETTER_O = [
    # (key result, the number as written)
    ("Revenue $4O k", "$4O"),
    ("Reach $4O k MRR", "$4O"),
    ("营收达到 4O 万", "4O"),
    ("营收达到4O万元", "4O"),
    ("Reach 1O0 paying users", "1O0"),
    ("Raise conversion to 2O%", "2O"),
    ("签约客户从 1o 家增加到 2O 家", "1o"),
]


@pytest.mark.parametrize(("text", "written"), LETTER_O)
def test_a_letter_o_among_digits_is_unreadable_never_its_digits(text, written):
    reading = read_key_result(text)
    assert ("letter", written) in reading.unreadable
    assert reading.target not in (Decimal(4), Decimal(40), Decimal(4000), Decimal(40000))
    finding = [f for f in lint(f"O1: 增长\nKR1: {text}\n") if f.rule == "unreadable"]
    assert finding and written in finding[0].message


@pytest.mark.parametrize(
    "text", ["Migrate every service to GPT-4o", "Ship the Q4OKR review", "Sell 40 4oz bottles"]
)
def test_a_letter_o_in_a_name_or_unit_is_no_typo(text):
    assert not [code for code, _w in read_key_result(text).unreadable if code == "letter"]


RANGES = [
    # (key result, the range as written, where it is: "start" or "target")
    ("营收达到 40-45 万", "40-45 万", "target"),
    ("营收达到 40~45 万（当前 30 万）", "40~45 万", "target"),
    ("营收提升到 60 万（当前 40-45 万）", "40-45 万", "start"),
    ("营收从 40-45 万提升到 60 万", "40-45 万", "start"),
    ("新签 12 到 15 家", "12 到 15 家", "target"),
    ("新簽客戶 12-15 家", "12-15 家", "target"),
    ("Grow paid seats to 20-25k", "20-25k", "target"),
    ("Hire 5 to 8 engineers", "5 to 8", "target"),
    ("Grow MRR to $60k (currently $40-45k)", "$40-45k", "start"),
]


@pytest.mark.parametrize(("text", "written", "where"), RANGES)
def test_a_range_as_a_start_or_a_target_is_asked(text, written, where):
    reading = read_key_result(text)
    assert ("range", written) in reading.unreadable
    # Never the range's first number as written, without its scale (40 for "40-45 万").
    value = reading.start if where == "start" else reading.target
    assert value not in (Decimal(40), Decimal(45))
    findings = [f for f in lint(f"O1: 增长\nKR1: {text}\n") if f.rule == "unreadable"]
    assert findings and written in findings[0].message


@pytest.mark.parametrize(
    "text",
    [
        "营收从 40 万提升到 45 万",
        "Revenue from 3 to 5 M",
        "每周 30-60 分钟的阅读 3 次",
        "6-8月完成招聘 5 人",
    ],
)
def test_a_start_and_a_target_or_a_qualifier_is_no_range(text):
    assert not [c for c, _w in read_key_result(text).unreadable if c == "range"]


MIXED_CURRENCIES = [
    "Revenue from ¥100万 to $200k",
    "Revenue $200k (currently ¥100万)",
    "营收从 ¥100万 提升到 $20万",
    "营收达到 $20万（当前 100 万元）",
    "Grow ARR from €100k to $200k",
    "Grow ARR to USD 200k (now EUR 100k)",
]


@pytest.mark.parametrize("text", MIXED_CURRENCIES)
def test_two_currencies_in_one_title_are_asked(text):
    reading = read_key_result(text)
    assert [code for code, _written in reading.unreadable] == ["units"]


CURRENT = [
    # (key result, start, target)
    ("Grow DAU to 50 (now 35)", 35, 50),
    ("Grow DAU to 50 (today 35)", 35, 50),
    ("Grow DAU to 50 (now: 35)", 35, 50),
    ("Grow DAU to 50 (as of today 35)", 35, 50),
    ("Grow MRR to $50k (now $35k)", 35000, 50000),
    ("留存率提升到 5%（现在 2%）", 2, 5),
    ("留存率提升到 5%（现在是 2%）", 2, 5),
    ("签约客户达到 50 家（目前 35）", 35, 50),
    ("签约客户达到 50 家（当前 35 家）", 35, 50),
    ("Grow DAU to 50 (currently 35)", 35, 50),
]


@pytest.mark.parametrize(("text", "start", "target"), CURRENT)
def test_where_it_stands_now_in_brackets_is_the_start(text, start, target):
    reading = read_key_result(text)
    assert (reading.start, reading.target) == (Decimal(start), Decimal(target))
    assert reading.direction == "increase"


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("新签 12 到 15 家", "新签"),
        ("新签客户 12 到 15 家", "新签客户"),
        ("新签 12-15 家", "新签"),
        ("新开 12~15 家", "新开"),
        ("新增 3-5 家客户", "客户"),
        ("Close 6-9 enterprise deals", "enterprise deals"),
    ],
)
def test_no_number_of_a_range_stays_in_the_metric(text, metric):
    reading = read_key_result(text)
    assert reading.metric == metric
    assert not any(char.isdigit() for char in reading.metric)


AT_LEAST = [
    # (key result, target, unit, metric)
    ("日活突破 10万+", 100000, None, "日活"),
    ("日活突破10w+", 100000, None, "日活"),
    ("付费用户达到 500+ 人", 500, "人", "付费用户"),
    ("新签 20+ 家客户", 20, "家", "客户"),
    ("Reach 5k+ DAU", 5000, "DAU", "DAU"),
    ("Grow MAU to 100+", 100, None, "MAU"),
    ("Reach 100+ paying customers", 100, "paying customers", "paying customers"),
]


@pytest.mark.parametrize(("text", "target", "unit", "metric"), AT_LEAST)
def test_a_plus_after_a_number_is_at_least_it(text, target, unit, metric):
    reading = read_key_result(text)
    assert (reading.target, reading.unit, reading.metric) == (Decimal(target), unit, metric)
    assert (reading.direction, reading.bound) == ("increase", "at_least")


RATES = [
    # (key result, target, unit, per)
    ("Reach $7,000 MRR per month", 7000, "$", "month"),
    ("Reach $7,000 MRR a month", 7000, "$", "month"),
    ("Reach €2k monthly donations per week", 2000, "€", "week"),
    ("Reach $7,000/month MRR", 7000, "$", "month"),
    ("月收入达到 7000 元/月", 7000, "元", "月"),
]


@pytest.mark.parametrize(("text", "target", "unit", "per"), RATES)
def test_money_per_a_period_is_a_rate(text, target, unit, per):
    reading = read_key_result(text)
    assert (reading.target, reading.unit, reading.per) == (Decimal(target), unit, per)


A_TO_B = [
    # (key result, start, target, metric)
    ("Revenue $1.2k to $3k", Decimal("1200"), 3000, "Revenue"),
    ("MRR $40k to $60k", 40000, 60000, "MRR"),
    ("NPS 30 to 45", 30, 45, "NPS"),
    ("收入 $1.2k 到 $3k", Decimal("1200"), 3000, "收入"),
]


@pytest.mark.parametrize(("text", "start", "target", "metric"), A_TO_B)
def test_a_measure_then_a_to_b_is_a_start_and_a_target(text, start, target, metric):
    reading = read_key_result(text)
    assert (reading.start, reading.target, reading.metric) == (
        Decimal(start),
        Decimal(target),
        metric,
    )
    assert reading.direction == "increase"
    assert not reading.unreadable


def test_a_parsed_document_reads_every_kind_as_a_single_key_result_does():
    lines = [
        text
        for table in (SIGNED, SHARES, LETTER_O, RANGES, CURRENT, AT_LEAST, RATES, A_TO_B)
        for text, *_rest in table
    ] + MIXED_CURRENCIES
    document = parse("O1: 增长\n" + "".join(f"KR{i}: {t}\n" for i, t in enumerate(lines, 1)))
    parsed = document.objectives[0].key_results
    assert len(parsed) == len(lines)
    for text, kr in zip(lines, parsed, strict=True):
        alone = read_key_result(text)
        assert (kr.start, kr.target, kr.unit, kr.unreadable) == (
            alone.start,
            alone.target,
            alone.unit,
            alone.unreadable,
        ), text


MIXED_UNITS = [
    # (key result, (start, target, unit) in one unit): a start and a target in two units of one
    # dimension, put in the smaller one exactly (the factor 1/60 is no exact decimal: "180 秒降到
    # 1 分钟" was 180 → 59.999… 秒 and refused as "at most 4 decimal places", probe 18).
    ("响应时间从 180 秒降到 1 分钟", (180, 60, "秒")),
    ("响应时间从 200 秒降到 1.1 分钟", (200, 66, "秒")),
    ("Cut build time from 7200 seconds to 1 hour", (7200, 3600, "seconds")),
    ("Cut build time from 2 hours to 45 minutes", (120, 45, "minutes")),
    ("Cut onboarding from 90 minutes to 1.5 hours", (90, 90, "minutes")),
]


@pytest.mark.parametrize(("text", "one_unit"), MIXED_UNITS)
def test_two_units_of_one_dimension_are_put_in_one_exactly(text, one_unit):
    start, target, unit = in_one_unit(read_key_result(text))
    assert (start, target, unit) == (Decimal(one_unit[0]), Decimal(one_unit[1]), one_unit[2])


@pytest.mark.parametrize("dimension", sorted(_SCALES))
def test_every_pair_of_units_converts_a_whole_number_exactly(dimension):
    """A whole number in the larger unit is a whole number (or an exact decimal of the finer
    unit's own places) in the smaller, for every pair of units of every dimension."""
    units = _SCALES[dimension]
    for big, small in itertools.permutations(units, 2):
        if Decimal(units[big]) <= Decimal(units[small]):
            continue
        for value in (1, 7, 59, 1000):
            converted = in_unit(Decimal(value), big, small)
            assert converted == Decimal(value) * Decimal(units[big]) / Decimal(units[small])
            assert converted == converted.to_integral_value(), (value, big, small, converted)


NUMERALS_APART_FROM_THEIR_MAGNITUDE = [
    # (key result, start, target, unit): a Chinese numeral with its 万/亿 written apart reads as
    # digits do (`3000 万元`); 3,000 万元 was stored as 3,000 and 25 → 3,000 万元 as a decrease.
    ("营收从 25 万元 到 三千 万元", 250000, 30000000, "元"),
    ("营收达到 三千 万元", None, 30000000, "元"),
    ("营收从 二十5 万元 到 三千 万元", 250000, 30000000, "元"),
    ("营收达到 三千 万", None, 30000000, None),
    ("营收达到 十二 亿元", None, 1200000000, "元"),
    ("营收达到 三千万元", None, 30000000, "元"),
    ("营收达到 3000 万元", None, 30000000, "元"),
]


@pytest.mark.parametrize(("text", "start", "target", "unit"), NUMERALS_APART_FROM_THEIR_MAGNITUDE)
def test_a_chinese_numeral_apart_from_its_magnitude_reads_as_digits_do(text, start, target, unit):
    reading = read_key_result(text)
    expected = None if start is None else Decimal(start)
    assert (reading.start, reading.target, reading.unit) == (expected, Decimal(target), unit)
    assert reading.direction == "increase"
