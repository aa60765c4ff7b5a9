"""Issue 9, a black-box tester's check-ins (brief h9u): a value is read as the person meant it
on the key result it is typed on, or refused saying what is wrong (okrs.numbers.read_value with
the key result's start and target, `levels`):

- a plus sign on a level that may be below zero (an NPS) says its side of zero: `+5` is 5;
- a minus typed as an en dash or a minus sign (`–3%`, `−3%`) is a minus;
- a rating is typed in any rating word (`4.2 星` on 分) or out of its scale (`4/5` on a
  5-point rating is 4; out of another scale, refused naming the key result's);
- numerals spaced (`1 千 5`) read as unspaced (`1千5`);
- money said in 块 and 毛 (`十三块五`) is 元; another currency is named whole (`13 美元`: 美元);
- a range (`250-300`) is refused as one, offering the middle."""

from decimal import Decimal

import pytest
from django.utils import translation

from mubiao.okrs import number_input
from mubiao.okrs.numbers import NumberError, read_number, read_value

D = Decimal
NPS = (D(-5), D(20))
STARS = (D("4.1"), D("4.5"))
MARKS = (D("3.5"), D("4.2"))
# (metric type, unit, start and target, typed, the value read, or the refusal's code)
TABLE = [
    ("number", "NPS", (D(10), D(30)), "+5", D(5)),
    ("number", "", NPS, "+5", D(5)),
    ("number", "分", NPS, "+5", D(5)),
    ("number", "", NPS, "–3", D(-3)),
    ("number", "", NPS, "−3", D(-3)),
    ("percent", "", (D(-10), D(10)), "+5%", D(5)),
    ("percent", "", (D(0), D(10)), "–3%", D(-3)),
    ("percent", "", (D(0), D(10)), "−3%", D(-3)),
    # A plus sign where nothing is below zero is a change, as before.
    ("number", "", (D(0), D(100)), "+5", "a_change"),
    ("number", "分", (D(0), D(100)), "+5", "a_change"),
    ("percent", "", (D(0), D(10)), "+5%", "a_change"),
    ("number", "", NPS, "+5pp", "a_change"),
    ("number", "stars", STARS, "4/5", D(4)),
    ("number", "stars", STARS, "4.2 stars", D("4.2")),
    ("number", "stars", STARS, "4.2 星", D("4.2")),
    ("number", "星", STARS, "4.2 stars", D("4.2")),
    ("number", "星", STARS, "4.2 颗星", D("4.2")),
    ("number", "分", MARKS, "3.5 分", D("3.5")),
    ("number", "分", MARKS, "4.2 星", D("4.2")),
    ("number", "分", MARKS, "4/5", D(4)),
    ("number", "分", MARKS, "4.5 / 5 分", D("4.5")),
    ("number", "分", (D(6), D(8)), "8/10", D(8)),
    ("number", "分", (D(6), D(8)), "4/5", "out_of"),
    ("number", "stars", STARS, "8/10", "out_of"),
    ("number", "stars", (), "4/5", "out_of"),
    ("number", "", STARS, "4/5", "not_a_number"),
    ("number", "人", (D(0), D(100)), "4.2 星", "wrong_unit"),
    ("number", "元", (D(0), D(5000)), "1 千 5", D(1500)),
    ("number", "元", (D(0), D(5000)), "1千5", D(1500)),
    ("number", "", (D(0), D(50000)), "1 万 2", D(12000)),
    ("number", "", (D(0), D(50000)), "1万2", D(12000)),
    ("number", "", (D(0), D(50000)), "3 千 5 百", D(3500)),
    ("number", "", (D(0), D(500000)), "5 千 10 万", "not_a_number"),
    ("currency", "元", (D(0), D(100)), "十三块五", D("13.5")),
    ("currency", "元", (D(0), D(100)), "13块5", D("13.5")),
    ("currency", "元", (D(0), D(100)), "3块2毛5", D("3.25")),
    ("currency", "元", (D(0), D(100)), "5毛", D("0.5")),
    ("currency", "元", (D(0), D(100)), "十块钱", D(10)),
    ("currency", "元", (D(0), D(100)), "13元5角", D("13.5")),
    ("currency", "¥", (D(0), D(100)), "十三块五", D("13.5")),
    ("currency", "万元", (D(0), D(100)), "5000块", D("0.5")),
    ("number", "人", (D(0), D(100)), "十三块五", "wrong_unit"),
    ("currency", "元", (D(0), D(100)), "13 美元", "wrong_unit"),
    ("currency", "元", (D(0), D(100)), "3.5万元", D(35000)),
    ("number", "人", (D(0), D(500)), "250-300", "a_range"),
    ("number", "人", (D(0), D(500)), "250 到 300 人", "a_range"),
    ("number", "", (D(0), D(500)), "250~300", "a_range"),
    ("number", "", (D(0), D(500)), "250–300", "a_range"),
    ("percent", "", (D(0), D(100)), "25-30%", "a_range"),
    ("number", "", NPS, "-5", D(-5)),
    ("number", "", NPS, "-5-3", "not_a_number"),
    # Issue 9 (fresh tester): a share typed alone is the percentage a title's share is read as
    # (it was refused "without 分之二"); on a count, refused saying what it read.
    ("percent", "", (D(0), D(100)), "三分之二", D("66.7")),
    ("milestone", "", (D(0), D(100)), "四分之一", D(25)),
    ("percent", "", (D(0), D(100)), "每 4 个用户中有 1 个", D(25)),
    ("number", "人", (D(0), D(500)), "三分之二", "a_share"),
    # A count's unit in either language ("280 people" was refused on 人).
    ("number", "人", (D(0), D(500)), "280 people", D(280)),
    ("number", "人", (D(0), D(500)), "280 persons", D(280)),
    ("number", "people", (D(0), D(500)), "280人", D(280)),
    ("number", "个", (D(0), D(500)), "30 items", D(30)),
    ("number", "items", (D(0), D(500)), "30个", D(30)),
    ("number", "人", (D(0), D(500)), "30 items", "wrong_unit"),
]


def test_a_range_typed_as_a_start_or_target_is_no_number():
    """A start or target is no check-in: a range there is refused as the title reader's ranges
    are, not told "a check-in is one value"."""
    with pytest.raises(NumberError) as caught:
        read_number("250-300", level=True)
    assert caught.value.code == "not_a_number"


@pytest.mark.parametrize(("metric_type", "unit", "levels", "typed", "expected"), TABLE)
def test_a_check_in_is_read_as_spoken_or_refused(metric_type, unit, levels, typed, expected):
    if isinstance(expected, Decimal):
        assert read_value(typed, metric_type=metric_type, unit=unit, levels=levels) == expected
    else:
        with pytest.raises(NumberError) as caught:
            read_value(typed, metric_type=metric_type, unit=unit, levels=levels)
        assert caught.value.code == expected


# (unit, start and target, typed, words each language's refusal says)
REFUSALS = [
    ("元", (D(0), D(100)), "13 美元", {"en": ["美元", "元"], "zh-hans": ["美元", "元"]}),
    ("人", (D(0), D(500)), "250-300", {"en": ["one value", "275"], "zh-hans": ["一个", "275"]}),
    ("分", (D(6), D(8)), "4/5", {"en": ["out of 10"], "zh-hans": ["10"]}),
    # The middle as the range was written, in its magnitude: 1.5万, never 15,000 on 万元.
    ("万元", (D(0), D(5)), "1-2万", {"en": ["1.5万"], "zh-hans": ["1.5万"]}),
    ("人", (D(0), D(500)), "三分之二", {"en": ["66.7%", "a number"], "zh-hans": ["66.7%", "数值"]}),
]


@pytest.mark.parametrize(("unit", "levels", "typed", "said"), REFUSALS)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_refusal_names_what_was_typed_in_the_persons_language(
    unit, levels, typed, said, language
):
    with pytest.raises(NumberError) as caught:
        read_value(typed, metric_type="number", unit=unit, levels=levels)
    with translation.override(language):
        text = number_input.message(caught.value)
    assert typed in text
    for word in said[language]:
        assert word in text, text
    # "单位是美": the currency is named whole, never cut in two.
    assert "美，" not in text and "美," not in text
    # Beyond what was typed and the units named, the words are the person's language.
    words = text.replace(typed, "").replace("美元", "").replace("元", "").replace("1.5万", "")
    chinese = any("\u4e00" <= char <= "\u9fff" for char in words)
    assert chinese == (language == "zh-hans"), text
