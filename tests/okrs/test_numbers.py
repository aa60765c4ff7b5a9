"""Numbers as people type them (okrs.numbers): a table of real typings, and the property that
whatever way a person writes a number in English or Chinese, it reads back as that number."""

from decimal import Decimal

import cn2an
import pytest
from django.utils import numberformat, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from mubiao.okrs import number_input, numbers
from mubiao.okrs.numbers import NumberError, read_number, read_value

D = Decimal

# (typed, keywords, expected Decimal or the NumberError code)
TABLE = [
    # the typings of issue 9
    ("3 分钟", {"unit": "分钟"}, D(3)),
    ("280人", {"unit": "人"}, D(280)),
    ("4.5%", {"unit": "%", "percent": True}, D("4.5")),
    ("4,5", {}, "ambiguous_comma"),
    # units
    ("280 人", {"unit": "人"}, D(280)),
    ("280人", {}, "unit_not_expected"),
    ("3 小时", {"unit": "分钟"}, D(180)),  # converted, as the import converts a start
    ("3 小时", {"unit": "人"}, "wrong_unit"),
    ("12 ms", {"unit": "ms"}, D(12)),
    ("12MS", {"unit": "ms"}, D(12)),
    ("NPS 45", {"unit": "NPS"}, D(45)),
    ("¥3,000", {"unit": "元"}, D(3000)),
    ("$3,000", {"unit": "元"}, "wrong_unit"),
    ("3.5万元", {"unit": "万元"}, D("3.5")),
    ("3.5万", {"unit": "万元"}, D("3.5")),
    ("3 km", {}, "unit_not_expected"),
    # magnitude words on a unit that carries a magnitude are converted into its scale (万元,
    # 亿元, 万人); the unit's base (元) is the same unit, typed in its own scale
    ("1亿", {"unit": "万元"}, D(10000)),
    ("2亿", {"unit": "万元"}, D(20000)),
    ("1亿元", {"unit": "万元"}, D(10000)),
    ("5000元", {"unit": "万元"}, D("0.5")),
    ("¥50万", {"unit": "万元"}, D(50)),
    ("三百万", {"unit": "万元"}, D(300)),
    ("5千万", {"unit": "万元"}, D(5000)),
    ("5千万元", {"unit": "万元"}, D(5000)),
    ("一万二千万元", {"unit": "万元"}, D(12000)),
    ("300", {"unit": "万元"}, D(300)),
    # a magnitude smaller than the unit's, typed without its base, is asked (issue 9, h9w)
    ("5000万", {"unit": "亿元"}, D("0.5")),
    ("1千", {"unit": "亿元"}, "smaller_magnitude"),
    ("5000万元", {"unit": "亿元"}, D("0.5")),
    ("3亿元", {"unit": "亿元"}, D(3)),
    ("1亿", {"unit": "万人"}, D(10000)),
    ("2万人", {"unit": "万人"}, D(2)),
    ("30000人", {"unit": "万人"}, D(3)),
    ("1亿", {"unit": "万"}, D(10000)),
    ("5千克", {"unit": "千克"}, D(5)),
    ("1亿美元", {"unit": "万元"}, "wrong_unit"),
    ("1亿人", {"unit": "万元"}, "wrong_unit"),
    # units with a magnitude the scale words do not start with (issue 9 re-probe): a magnitude
    # typed is converted into the unit's, never stored as the raw multiplied number
    ("5万", {"unit": "千元"}, D(50)),
    ("5万元", {"unit": "千元"}, D(50)),
    ("¥5万", {"unit": "千元"}, D(50)),
    ("50", {"unit": "千元"}, D(50)),
    ("250k", {"unit": "M USD"}, D("0.25")),
    ("$250k", {"unit": "M USD"}, D("0.25")),
    ("250,000 USD", {"unit": "M USD"}, D("0.25")),
    ("0.25M", {"unit": "M USD"}, D("0.25")),
    ("0.25 M USD", {"unit": "M USD"}, D("0.25")),
    ("$1.2M", {"unit": "k USD"}, D(1200)),
    ("400", {"unit": "k USD"}, D(400)),
    ("5万", {"unit": "亿"}, D("0.0005")),
    ("5万", {"unit": "K"}, D(50)),
    ("3百万", {"unit": "百万"}, D(3)),
    ("2000人", {"unit": "千人"}, D(2)),
    # the whole unit typed after a magnitude multiplies it, as 5千万元 is 5,000 万元
    ("8万 千元", {"unit": "千元"}, D(80000)),
    # another currency or count: refused naming both units
    ("5万元", {"unit": "M USD"}, "wrong_unit"),
    ("$250k", {"unit": "千元"}, "wrong_unit"),
    ("250k人", {"unit": "M USD"}, "wrong_unit"),
    # 千 and k that belong to a unit of their own are no magnitude of it
    ("5", {"unit": "km"}, D(5)),
    ("5 kg", {"unit": "kg"}, D(5)),
    ("5 MB", {"unit": "MB"}, D(5)),
    ("5k", {"unit": "kg"}, D(5000)),
    # superscripts, subscripts, fractions, circled digits: refused, never read as digits
    ("5²", {}, "not_plain_digit"),
    ("2³", {}, "not_plain_digit"),
    ("10²人", {"unit": "人"}, "not_plain_digit"),
    ("²", {}, "not_plain_digit"),
    ("½", {}, "not_plain_digit"),
    ("1½", {}, "not_plain_digit"),
    ("1⁄2", {}, "not_plain_digit"),
    ("①", {}, "not_plain_digit"),
    ("H₂", {}, "not_plain_digit"),
    # digits of other scripts (D15): refused, never read as 0–9 (Decimal and NFKC would)
    ("٣٠", {}, "other_digit"),
    ("۳۰", {}, "other_digit"),
    ("३०", {}, "other_digit"),
    ("𝟑𝟎", {}, "other_digit"),
    ("𝟹𝟶 人", {"unit": "人"}, "other_digit"),
    ("1٠", {}, "other_digit"),
    ("３０", {}, D(30)),
    # a number written another way is not a number, not a number in some unit
    ("1'234", {"unit": "人"}, "not_a_number"),
    ("1_000", {"unit": "人"}, "not_a_number"),
    ("0x10", {"unit": "人"}, "not_a_number"),
    ("280+", {"unit": "人"}, "not_a_number"),
    ("¥50万", {"unit": "人"}, "not_a_number"),
    ("¥50万", {}, "not_a_number"),
    ("一半", {"unit": "%", "percent": True}, "half"),
    ("3万多", {}, "approximate"),  # about 30,000: the exact number is asked for (h9g)
    ("3 $", {"unit": "元"}, "wrong_unit"),
    ("25℃", {"unit": "度"}, "wrong_unit"),
    # percent on a percent key result vs a number key result
    ("45%", {"unit": "%", "percent": True}, D(45)),
    ("45", {"unit": "%", "percent": True}, D(45)),
    ("百分之四十五", {"unit": "%", "percent": True}, D(45)),
    ("45%", {"unit": "人"}, "percent_not_allowed"),
    ("45%", {}, "percent_not_allowed"),
    # separators
    ("1,234", {}, D(1234)),
    ("1,234,567.25", {}, D("1234567.25")),
    ("1 234", {}, D(1234)),
    ("1\u00a0234", {}, D(1234)),
    ("1,23", {}, "ambiguous_comma"),
    ("12,3456", {}, "ambiguous_comma"),
    ("1.234,5", {}, "ambiguous_comma"),
    # full-width
    ("１２３", {}, D(123)),
    ("４．５", {}, D("4.5")),
    ("１，２３４", {}, D(1234)),
    ("４５％", {"unit": "%", "percent": True}, D(45)),
    # Chinese numerals and scale
    ("三", {}, D(3)),
    ("十二", {}, D(12)),
    ("两千", {}, D(2000)),
    ("一万零五", {}, D(10005)),
    ("一点五", {}, D("1.5")),
    ("3.5万", {}, D(35000)),
    ("1万2千", {}, D(12000)),
    ("2亿", {}, D(200000000)),
    ("1.2k", {}, D(1200)),
    ("3 million", {}, D(3000000)),
    # signs
    ("-3", {}, D(-3)),
    ("−3", {}, D(-3)),
    ("+2.5", {}, D("2.5")),
    ("负三", {}, D(-3)),
    ("-0", {}, D(0)),
    (".5", {}, D("0.5")),
    # limits
    ("0.0001", {}, D("0.0001")),
    ("0.00001", {}, "too_many_places"),
    ("1.005", {"places": 2}, "too_many_places"),
    ("1e5", {}, "exponent"),
    ("99999999999999999", {}, "too_large"),
    ("123456789012.3456", {"digits": 15}, "too_many_digits"),
    ("123,456,789,012.345", {"digits": 15}, D("123456789012.345")),
    ("7", {"whole": True, "low": 0, "high": 10}, D(7)),
    ("七", {"whole": True, "low": 0, "high": 10}, D(7)),
    ("7.5", {"whole": True, "low": 0, "high": 10}, "not_whole"),
    ("11", {"whole": True, "low": 0, "high": 10}, "out_of_range"),
    ("-1", {"low": 0}, "out_of_range"),
    # garbage
    ("", {}, "empty"),
    ("   ", {}, "empty"),
    (None, {}, "empty"),
    ("lots", {}, "not_a_number"),
    ("万", {}, "not_a_number"),
    ("1.2.3", {}, "not_a_number"),
    ("NaN", {}, "not_a_number"),
    ("Infinity", {}, "not_a_number"),
    ("-", {}, "not_a_number"),
    ("约 3", {}, "approximate"),
]


@pytest.mark.parametrize(("typed", "keywords", "expected"), TABLE)
def test_real_typings(typed, keywords, expected):
    if isinstance(expected, Decimal):
        value = read_number(typed, **keywords)
        assert value == expected and isinstance(value, Decimal)
        assert not value.is_signed() or value < 0  # never "-0"
    else:
        with pytest.raises(NumberError) as caught:
            read_number(typed, **keywords)
        assert caught.value.code == expected
        assert caught.value.code in numbers.CODES


@pytest.mark.parametrize(
    ("typed", "metric_type", "unit", "expected"),
    [
        ("完成", "boolean", "", D(1)),
        ("未完成", "boolean", "", D(0)),
        ("Done", "boolean", "", D(1)),
        ("not done", "boolean", "", D(0)),
        ("1", "boolean", "", D(1)),
        ("0", "boolean", "", D(0)),
        ("0.5", "boolean", "", "not_done_word"),
        ("完成", "number", "", "not_a_number"),
        ("60%", "milestone", "%", D(60)),
        ("101", "milestone", "%", "out_of_range"),
        ("12.5%", "percent", "%", D("12.5")),
        ("4.5%", "number", "分钟", "percent_not_allowed"),
        ("3 分钟", "number", "分钟", D(3)),
        ("¥1,200", "currency", "元", D(1200)),
        ("¹", "boolean", "", "not_plain_digit"),
        ("一半", "milestone", "%", "half"),
        ("1亿", "currency", "万元", D(10000)),
    ],
)
def test_values_by_metric_type(typed, metric_type, unit, expected):
    read_as(typed, metric_type, unit, expected)


def read_as(typed: str, metric_type: str, unit: str, expected) -> None:
    """`typed` is read as `expected` (a Decimal), or refused with the code `expected`."""
    if isinstance(expected, Decimal):
        assert read_value(typed, metric_type=metric_type, unit=unit) == expected
    else:
        with pytest.raises(NumberError) as caught:
            read_value(typed, metric_type=metric_type, unit=unit)
        assert caught.value.code == expected


@pytest.mark.parametrize("code", numbers.CODES)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_refusal_has_a_message_that_quotes_the_typing(code, language):
    error = NumberError(
        code, text="4,5x", typed="小时", unit="分钟", places=4, digits=15, limit=numbers.MAX_ABS,
        low=0, high=10, other="5人", other_unit="人", negative="-4,5x", share=D("66.7"),
        read=D("1.2"), char="٣", number=D(1000), amount=D("0.1"), meant=D("2.5"),
    )  # fmt: skip
    with translation.override(language):
        text = number_input.message(error)
    assert text and "%(" not in text
    if code not in ("empty", "out_of_range"):
        assert "4,5x" in text
    if language == "zh-hans":
        assert any("\u4e00" <= char <= "\u9fff" for char in text), text


# ---- The property: format as a person would, read back the same number -------------------

UNITS = ["", "人", "分钟", "ms", "家", "users", "万元", "%"]
values = st.decimals(
    min_value=D("-999999999999"), max_value=D("999999999999"), places=2, allow_nan=False
) | st.integers(min_value=-(10**12), max_value=10**12).map(D)
FULL_WIDTH = str.maketrans("0123456789.,-%", "０１２３４５６７８９．，－％")


@st.composite
def typings(draw):
    """(value, unit, how a person would type it in zh-hans or en)."""
    value = draw(values)
    unit = draw(st.sampled_from(UNITS))
    language = draw(st.sampled_from(["en", "zh-hans"]))
    grouping = draw(st.sampled_from(["", ",", " "]))
    text = numberformat.format(
        value, ".", grouping=3 if grouping else 0, thousand_sep=grouping,
        force_grouping=bool(grouping),
    )  # fmt: skip
    if language == "zh-hans":
        style = draw(st.sampled_from(["digits", "full-width", "numerals", "wan"]))
        if style == "full-width":
            text = text.translate(FULL_WIDTH)
        elif style == "numerals" and value == value.to_integral_value():
            text = cn2an.an2cn(str(int(value)))  # 负一千二百三十四
        elif style == "wan" and value != 0 and not unit.startswith("万"):
            wan = (value / 10000).normalize()
            if -wan.as_tuple().exponent <= 6:  # 3.5万, 12.3456万
                text = f"{format(wan, 'f')}万"
        if unit:
            text += unit
    elif unit:
        text += draw(st.sampled_from([" ", ""])) + unit
    return value, unit, text


@settings(max_examples=300, deadline=None)
@given(typings())
def test_formatted_numbers_read_back_the_same(typing):
    value, unit, text = typing
    assert read_number(text, unit=unit, percent=unit == "%") == value, text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12))
def test_anything_typed_is_read_or_refused_with_a_code(text):
    """Never another exception, never a value the text did not say."""
    try:
        value = read_number(text)
    except NumberError as error:
        assert error.code in numbers.CODES
    else:
        assert value.is_finite() and abs(value) < numbers.MAX_ABS


def test_the_reader_bounds_numbers_as_the_column_does():
    from mubiao.okrs import limits
    from mubiao.okrs.models import KeyResult

    assert limits.decimal_bound(KeyResult._meta.get_field("start_value")) == numbers.MAX_ABS


# ---- The kind: a magnitude typed is converted into the unit's magnitude ----------------------

SCALED_UNITS = {"千元": 10**3, "万元": 10**4, "亿元": 10**8, "k USD": 10**3, "M USD": 10**6,
                "亿": 10**8, "K": 10**3, "百万": 10**6, "万人": 10**4}  # fmt: skip
TYPED_SCALES = {"万": 10**4, "亿": 10**8, "千": 10**3, "k": 10**3, "M": 10**6, "百万": 10**6}


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=99999),
    st.sampled_from(sorted(TYPED_SCALES)),
    st.sampled_from(sorted(SCALED_UNITS)),
)
def test_a_magnitude_is_converted_into_the_units(amount, scale, unit):
    """`amount scale` typed on a key result counted in `unit` is the same quantity in that
    unit's magnitude, or refused: never amount × scale in the wrong scale."""
    meant = D(amount) * TYPED_SCALES[scale] / SCALED_UNITS[unit]
    try:
        value = read_number(f"{amount}{scale}", unit=unit)
    except NumberError as error:
        # Typed without decimal places: told the value in the unit, never "too many places";
        # a magnitude smaller than the unit's is asked (1千 on 万元: 1,000 万元 or 0.1 万元).
        assert error.code in ("inexact_in_unit", "too_large", "smaller_magnitude")
        if error.code == "smaller_magnitude":
            assert TYPED_SCALES[scale] < SCALED_UNITS[unit]
            assert error.params["amount"] == meant
            assert error.params["number"] == D(amount) * TYPED_SCALES[scale]
    else:
        assert value == meant


# h9k 2: a share typed in another unit than the key result's is converted or refused naming
# both units, never taken as a number of the key result's unit (45‰ as 45 %).
@pytest.mark.parametrize(
    ("typed", "metric_type", "unit", "expected"),
    [
        ("45‰", "percent", "%", Decimal("4.5")),
        ("千分之六", "percent", "%", Decimal("0.6")),
        ("45‰", "number", "‰", Decimal(45)),
        ("千分之六", "number", "‰", Decimal(6)),
        ("八成", "percent", "%", Decimal(80)),
        ("两成", "milestone", "", Decimal(20)),
        ("45‰", "number", "人", ("wrong_unit", "‰", "人")),
        ("八成", "number", "人", ("wrong_unit", "成", "人")),
        ("45‰", "number", "", ("unit_not_expected", "‰", None)),
        ("1 234,5", "number", "", ("ambiguous_comma", None, None)),
        ("1.234,5", "percent", "%", ("ambiguous_comma", None, None)),
    ],
)
def test_shares_in_words_and_per_mille(typed, metric_type, unit, expected):
    if isinstance(expected, Decimal):
        assert numbers.read_value(typed, metric_type=metric_type, unit=unit) == expected
        return
    with pytest.raises(numbers.NumberError) as caught:
        numbers.read_value(typed, metric_type=metric_type, unit=unit)
    code, typed_unit, unit_named = expected
    assert caught.value.code == code
    assert caught.value.params.get("typed") == typed_unit
    assert caught.value.params.get("unit") == unit_named


@pytest.mark.parametrize(
    ("typed", "unit", "expected"),
    [
        # A unit spelled with digits is the unit only where it stands apart from the number
        # (a generated round trip stored 2.01 on a key result counted in "2" as 0.01).
        ("2.01", "2", D("2.01")),
        ("20", "2", D(20)),
        ("20 2", "2", D(20)),
        ("12", "2", D(12)),
        ("2 12", "2", D(12)),
        ("5m2", "m2", D(5)),
        ("5 m2", "m2", D(5)),
        ("5", "m2", D(5)),
        ("3D件", "3D件", "wrong_unit"),
        ("7 3D件", "3D件", D(7)),
        ("1,5", "5", "ambiguous_comma"),
    ],
)
def test_a_unit_with_digits_never_takes_the_numbers_own(typed, unit, expected):
    if isinstance(expected, Decimal):
        assert read_value(typed, metric_type="number", unit=unit) == expected
    else:
        with pytest.raises(NumberError) as caught:
            read_value(typed, metric_type="number", unit=unit)
        assert caught.value.code == expected


@given(
    number=st.decimals(-(10**6), 10**6, places=2, allow_nan=False, allow_infinity=False),
    data=st.data(),
)
def test_a_plain_number_is_itself_in_any_unit(number, data):
    """A number typed alone is that number whatever the key result counts in, a unit spelled
    with the number's own digits included."""
    typed = f"{number:f}"
    own = [typed[:end] for end in range(1, 4)] + [typed[-end:] for end in range(1, 4)]
    unit = data.draw(
        st.one_of(
            st.sampled_from([part.strip("-.") for part in own if part.strip("-.")]),
            st.text(st.characters(categories=["Nd", "Lu", "Ll", "Lo"]), min_size=1, max_size=4),
        )
    )
    try:
        read = read_value(typed, metric_type="number", unit=unit)
    except NumberError as refused:
        assert refused.code not in ("wrong_unit", "unit_not_expected"), (typed, unit)
        return
    assert read == number, (typed, unit)


# (typed, the separator that gives it two readings): one rule, asked the same way on every path.
SEPARATORS = [
    ("4,5", ","),
    ("1,23", ","),
    ("1.234,5", ","),
    ("1 234,5", ","),
    ("4,5 万", ","),
    ("４，５", ","),
    ("1.200", "."),
    ("¥1.000", "."),
    ("-1.234 人", "."),
    ("１．２００", "."),
    ("1,200", None),
    ("1 200", None),
    ("0.500", None),
    ("1.2345", None),
    ("1.200万", None),
    ("4.5", None),
    ("1,200.000", None),
]


# h9f (issue 9): a comma's question offers the readings of what was typed, in place, never a
# fixed example (`4,5` was told "write decimals with a point (4.5) … (4,500)").
# (typed, English, Chinese)
COMMA_QUESTIONS = [
    ("4,5", "“4,5” is ambiguous: write 4.5 (a decimal) or 4500 / 4,500 (thousands).", "“4,5”有歧义：请写 4.5（小数）或 4500 / 4,500（千位分隔）。"),  # noqa: E501
    ("1,23", "“1,23” is ambiguous: write 1.23 (a decimal) or 1230 / 1,230 (thousands).", "“1,23”有歧义：请写 1.23（小数）或 1230 / 1,230（千位分隔）。"),  # noqa: E501
    ("12,3456", "“12,3456” cannot be read as written: write 12.3456.",
     "“12,3456”无法按所写读取：请写 12.3456。"),
    ("4,5 万", "“4,5 万” is ambiguous: write 4.5 万 (a decimal) or 4500 万 / 4,500 万 (thousands).",
     "“4,5 万”有歧义：请写 4.5 万（小数）或 4500 万 / 4,500 万（千位分隔）。"),
    ("1.234,5", "“1.234,5” cannot be read as written: write 1234.5.",
     "“1.234,5”无法按所写读取：请写 1234.5。"),
    ("1 234,5", "“1 234,5” cannot be read as written: write 1234.5.",
     "“1 234,5”无法按所写读取：请写 1234.5。"),
    ("４，５", "“４，５” is ambiguous: write 4.5 (a decimal) or 4500 / 4,500 (thousands).", "“４，５”有歧义：请写 4.5（小数）或 4500 / 4,500（千位分隔）。"),  # noqa: E501
]  # fmt: skip


@pytest.mark.parametrize(("typed", "english", "chinese"), COMMA_QUESTIONS)
def test_a_decimal_comma_is_asked_with_its_own_readings(typed, english, chinese):
    with pytest.raises(NumberError) as error:
        numbers.read_number(typed, unit="万" if "万" in typed else "")
    for language, said in (("en", english), ("zh-hans", chinese)):
        with translation.override(language):
            assert number_input.message(error.value) == said
    for reading in numbers.comma_readings(typed):  # each offered reading is read as offered
        numbers.read_number(reading, unit="万" if "万" in typed else "")


@pytest.mark.parametrize(("typed", "separator"), SEPARATORS)
def test_one_rule_says_which_separator_is_ambiguous(typed, separator):
    """`4,5` and `1.200` are both a separator with two readings (numbers.ambiguous_separator):
    the comma is refused by the reader with the same question the import and the services ask
    (number_input.separator_question); the dot is read as a decimal point and asked about."""
    assert numbers.ambiguous_separator(typed) == separator
    if separator == ",":
        with pytest.raises(NumberError) as error:
            numbers.read_number(typed, unit="人")
        assert error.value.code == "ambiguous_comma"
        assert number_input.message(error.value) == number_input.separator_question(
            number_input.shown(typed), ","
        )
    elif separator is None:
        numbers.read_number(typed, unit="人")  # one reading: read without a question
