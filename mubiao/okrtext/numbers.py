"""Numeric tokens in a key result (okr-rules.md §5.1): values, units, non-targets.

Everything here works on `text.normalise`d text (half-width digits and punctuation).
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

import cn2an

from . import lexicon, wordclass

_ZH_DIGIT = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_ZH_DIGIT |= {"八": 8, "九": 9}
_ZH_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG_UNIT = {"万": 10**4, "亿": 10**8}
_SCALE = {
    "k": 10**3,
    "K": 10**3,
    "M": 10**6,
    "B": 10**9,
    "m": 10**6,
    "mn": 10**6,
    "mil": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "十": 10,
    "百": 10**2,
    "千": 10**3,
    "万": 10**4,
    "十万": 10**5,
    "百万": 10**6,
    "千万": 10**7,
    "亿": 10**8,
    "w": 10**4,  # "50W": 万 as people type it
    "W": 10**4,
}
# Units people write in several ways for one quantity (case-folded, without spaces), each with
# the one spelling every reader compares them by: `¥1,000`, `1000元` and `1000 RMB` are the
# same amount, `4.5 min` is 4.5 分钟. A scale word (k, 千, w, 万) is a magnitude, not a unit:
# it is read as one (_SCALE).
UNIT_SYNONYMS = {
    spelling: canonical
    for canonical, spellings in {
        "元": ("元", "¥", "￥", "rmb", "cny", "人民币", "块", "块钱"),
        "usd": ("usd", "$", "us$", "美元"),
        "hkd": ("hkd", "hk$", "港元", "港币"),
        "分钟": ("分钟", "min", "mins", "minute", "minutes"),
        "小时": ("小时", "个小时", "钟头", "个钟头", "h", "hr", "hrs", "hour", "hours"),
        "秒": ("秒", "秒钟", "s", "sec", "secs", "second", "seconds"),
        "天": ("天", "日", "d", "day", "days"),
        "ms": ("ms", "毫秒", "msec", "msecs", "millisecond", "milliseconds"),
        "周": ("周", "星期", "个星期", "week", "weeks", "wk", "wks"),
        "%": ("%", "percent", "percentage", "pct"),
        # A count's measure word and the English words for it (issue 9: "280 people" was
        # refused on a key result counted in 人).
        "人": ("人", "people", "person", "persons"),
        "个": ("个", "item", "items", "pcs"),
        # 度 stays apart: it is also a kilowatt-hour (用电 300 度).
        "℃": ("℃", "°c"),
        "万": ("万", "w"),
        # Shares of a thousand and of ten thousand, each a unit of its own (2‰ is 0.2 %, never
        # 2 %): reading.py converts between them and % as one dimension.
        "‰": ("‰", "permille", "permil"),
        "‱": ("‱", "permyriad", "basispoint", "basispoints"),
    }.items()
    for spelling in spellings
}


# The digits Mubiao reads (issue 9, D15): ASCII 0–9 and full-width ０–９ (Chinese numerals are
# read as words). A digit of any other script (Arabic-Indic ٣, Devanagari ३, maths-bold 𝟑) is
# refused on every path that reads a number, never converted: Python's Decimal and `\d` take
# them all, and NFKC folds 𝟑 into 3.
READ_DIGITS = frozenset("0123456789０１２３４５６７８９")


def other_digit(text: str) -> str | None:
    """The first digit in `text` of a script Mubiao does not read (READ_DIGITS), else None."""
    return next(
        (char for char in text if char not in READ_DIGITS and unicodedata.category(char) == "Nd"),
        None,
    )


def unit_key(unit: str) -> str:
    """The one spelling of `unit` that readers compare (`RMB` → 元, `min` → 分钟); a unit
    with no other spelling as written, case-folded and without spaces."""
    folded = "".join(unicodedata.normalize("NFKC", unit).casefold().split())
    return UNIT_SYNONYMS.get(folded, folded)


_EN_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_WORDS = {word: value for value, word in enumerate(_EN_ONES)}
_EN_WORDS |= {word: 20 + 10 * index for index, word in enumerate(_EN_TENS)}
_EN_WORDS |= {"hundred": 100, "dozen": 12}
# A number written in words, as business English writes one below a thousand (a scale word
# after it multiplies it: "two million", "twenty-five thousand"): "twenty-five",
# "one hundred and twenty", "a hundred", "a dozen" (issue 10 §3: "twenty-five" was no number,
# "one hundred paying customers" was 1 hundred-paying-customer).
# The tens and ones with a hyphen or without ("twenty-five", "twenty five": issue 9, h9).
_EN_SMALL = (
    rf"(?:(?:{'|'.join(_EN_TENS)})(?:(?:-|\s+)(?:{'|'.join(_EN_ONES[1:10])})\b)?"
    rf"|{'|'.join(_EN_ONES)})"
)
_EN_NUMBER = (
    rf"(?:(?:{_EN_SMALL}|a)\s+hundred(?:\s+(?:and\s+)?{_EN_SMALL}\b)?|{_EN_SMALL}|a\s+dozen"
    r"|dozen|hundred)"
)


def en_number_value(words: str) -> int:
    """The value of a number _EN_NUMBER matches: "one hundred and twenty-five" → 125."""
    value = 0
    for word in re.split(r"[\s-]+", words.lower()):
        if word in ("hundred", "dozen"):
            value = (value or 1) * _EN_WORDS[word]
        elif word not in ("a", "and"):
            value += _EN_WORDS[word]
    return value


# A number in words as a whole word, in any case ("Twenty-Five", "a dozen"): the one pattern
# the title reader and the value reader (okrs.numbers.read_number) read numbers in words by.
EN_NUMBER = re.compile(rf"\b(?i:{_EN_NUMBER})\b")


def en_number_at(text: str, position: int = 0) -> tuple[int, int] | None:
    """The value of the number written in English words at `position` of `text` and where it
    ends ("twenty five users" → (25, 11)), or None; a scale word after it ("two million") is
    left to the reader's own magnitudes."""
    match = EN_NUMBER.match(text, position)
    return (en_number_value(match[0]), match.end()) if match else None


# A line that opens with one states a quantity, never a verb ("Zero app store rejections").
EN_NUMBER_WORDS = frozenset(w for w in _EN_WORDS if " " not in w)
_MULTIPLIER_WORDS = {"翻倍": 2, "翻番": 2, "翻一番": 2, "翻两番": 4, "double": 2, "triple": 3}
_MULTIPLIER_WORDS |= {"quadruple": 4, "halve": Decimal("0.5"), "half": Decimal("0.5")}
_MULTIPLIER_WORDS |= {"减半": Decimal("0.5"), "in half": Decimal("0.5")}
# After what it multiplies: "Revenue from 1,000, doubled", "从 1000 翻了一番".
_MULTIPLIER_AFTER = {"doubled": 2, "doubles": 2, "tripled": 3, "triples": 3, "quadrupled": 4}
_MULTIPLIER_AFTER |= {"quadruples": 4, "halved": Decimal("0.5"), "halves": Decimal("0.5")}
_MULTIPLIER_WORDS |= _MULTIPLIER_AFTER
_MULTIPLIER_WORDS |= {"翻了一番": 2, "翻了两番": 4, "翻了一倍": 2}

# Chinese measure words (§6: the unit of a zh count is its measure word).
_MEASURE = "个位场家份篇次条项名款套本期门节轮单例件人台所座张级笔种只部分起对道星杯"
_ZH_TIME = "毫秒|秒钟|秒|分钟|小时|个工作日|工作日|天|周|个月|年"
_EN_TIME = (
    r"ms|msecs?|milliseconds?|secs?|seconds?|s|mins?|minutes?|hrs?|hours?|h|days?|d|weeks?|wks?"
    r"|months?|years?"
)
# Units of weight, length and data in their scales (吨/公斤/克, 公里/米, GB/MB/KB) and degrees
# (`-5 度`, `℃`): kept as written, so that a start and a target in different ones are compared
# as such (reading.py), never as bare numbers (‰ and ‱ are _SHARE's). A
# container or a piece before "of" is a unit too: "two cups of fruit", "10 pieces of content"
# count the fruit, the content.
_PHYSICAL = (
    r"公斤|千克|公里|千米|厘米|毫米|(?<![千厘毫])米|吨|(?<![千公毫])克|毫克|℃|°C|°|度(?![过假])"
    # Litres: "每天喝水2升" (升级, 升至 after a number are no unit).
    r"|毫升|(?<!毫)升(?![级至到])"
    # Traditional and imperial measures as Taiwan and Hong Kong write them: 碼 (yards), 英里, 公尺.
    r"|码|英里|英尺|公尺|公分|磅"
    r"|(?:kg|km|mg|cm|mm|miles?|litres?|liters?|TB|GB|MB|KB)\b"
    r"|(?:cups?|glass(?:es)?|bowls?|servings?|bottles?|slices?|pieces?)(?=\s+of\b)"
)
_PERCENT = (
    r"\s?%|\s?percent(?:age points?)?\b|\s?per cent\b|\s?pp\b|\s?个百分点"
    r"|\s?(?i:pct)\b\.?"  # "45pct": its unit was dropped (45)
)
_MULTIPLIER = r"[xX×](?![A-Za-z])|\s?倍"
# Per mille and per myriad, as signs and in words: "2‰", "2 per mille", "5‱", "5 basis points".
_SHARE = r"‰|‱|\s?(?i:per\s?mille?|permille|basis\s+points?)\b"

# A minus sign belongs to the number only at the start of the text or after a space, an opening
# bracket or a word that introduces a value ("-5%", "从 -5 提升到 2", "from -5%", "当前-5"); "3-5"
# stays a range and "- 5" a bullet. An en dash there is a minus as typed on many keyboards
# ("from –5 to +3" was read as 5 → 3, brief h9v). Before a currency ("-$5k") or after it
# ("$-5k") it is the amount's sign, as 负 is ("负 5 万元"; 正负 5% is a tolerance, not a value).
# A comma that does not group thousands ("4,5%") is a decimal comma or a list: the token is kept
# whole and marked ambiguous, never read as two numbers.
# Thousands grouped by spaces ("1 234 万", as French and SI typesetting write them) are one
# number; a decimal comma after such groups or after dot groups ("1 234,5", "1.234,5") is the
# European decimal comma, which Mubiao's readers never guess at: kept whole and ambiguous, so
# the message quotes what was written rather than its last part ("234,5").
# A number written with an exponent ("1e16") is a computer's notation whose size is easily
# misread: kept whole as unreadable (the check-in box refuses it too), never read as 1.
# A comma between digits, written in either width (`1，200`, `6，5`, `4,5`), belongs to the number:
# groups of exactly three digits after it (THOUSANDS) make one number, any other comma between
# digits is ambiguous (a decimal comma or a list: 4.5 or 45?) and is asked about, never read as
# the number before it. The one notion of a comma in a number: the title reader reads it so, and
# okrs.numbers (the check-in box, every typed value) refuses and reads by the same THOUSANDS.
THOUSANDS = r"\d{1,3}(?:,\d{3})+"
_COMMA_AFTER_A_NAME = re.compile(r"[A-Za-z]\d+$")  # "Q3，4 月": a name's digits, no number


def comma_between_digits(written: str, norm: str, clause_starts=frozenset()) -> str:
    """`norm` (normalise(`written`)) for the number reader: a comma written directly between
    digits, full-width or not, as an ASCII comma (part of the number: find_quantities reads it
    as thousands or as one ambiguous token); every other full-width comma kept as written, a
    clause separator. A comma before a position in `clause_starts` (where a date of its own
    begins: "提升到 50，5 月底前", "50,5 月底前") separates clauses in either width, as does one
    after a name's digits ("Q3，4 月")."""
    out = []
    for i, (char, folded) in enumerate(zip(written, norm, strict=True)):
        if folded == "," and _between_digits(norm, i):
            closes = i + 1 in clause_starts or _COMMA_AFTER_A_NAME.search(norm, 0, i)
            out.append("，" if closes else ",")
        else:
            out.append("，" if char == "，" else folded)
    return "".join(out)


def _between_digits(norm: str, i: int) -> bool:
    """Whether the comma at `i`, alone or in a run of commas (`1，，200`: a broken separator,
    asked about whole), stands between digits."""
    before, after = i, i + 1
    while before > 0 and norm[before - 1] == ",":
        before -= 1
    while after < len(norm) and norm[after] == ",":
        after += 1
    digits = "0123456789"
    return before > 0 and after < len(norm) and norm[before - 1] in digits and norm[after] in digits


_EXPONENT = r"(?P<exponent>(?<![A-Za-z\d])\d+(?:\.\d+)?[eE][+-]?\d+(?![A-Za-z\d]))"
# A currency before the number is its unit, as a symbol (`¥5000`, `HK$ 50`) or an ISO code
# (`RMB 5000`, `USD 120`), so that both say the same as `5000 RMB`.
CURRENCY_CODES = ("RMB", "CNY", "USD", "EUR", "GBP", "HKD", "JPY")
_CURRENCY = (
    r"(?:(?<![A-Za-z])(?:HK|US|NT)\$|[$¥€£]|(?<![A-Za-z])(?i:" + "|".join(CURRENCY_CODES) + r")"
    r"(?=\s?[\d-]))"
)
# A Chinese magnitude after the first of a compound number ("10 万 5 千"); not a unit that
# begins with one (千克, 百分点, 十分).
_LESSER_MAGNITUDE = r"(?:千万|百万|十万|万|千(?![克米瓦])|百(?![分米])|十(?![分足全]))"
_SIGN_AFTER = r"[\s(从由到至为:前是于达值在]"
_ARABIC = (
    r"(?P<lead>(?:^|(?<=" + _SIGN_AFTER + r"))[-–](?=" + _CURRENCY + r"\s?\d))?"
    r"(?:(?P<currency>" + _CURRENCY + r")\s?)?"
    r"(?P<sign>(?:^|(?<=" + _SIGN_AFTER[:-1] + r"$¥€£]))[-–](?=\d)|(?<!正)负\s?(?=\d)"
    # "from minus 2 to 3 M USD", "from negative 5": the sign in words (was read as a range 2-3).
    r"|(?<![A-Za-z-])(?i:minus|negative)\s(?=\d))?"
    rf"(?P<num>{THOUSANDS}(?!,?\d)(?:\.\d+)?"
    r"|(?P<ambiguous>\d{1,3}(?:[ .]\d{3})+,\d+|\d+(?:\.\d+)?(?:,\d+)+(?:\.\d+)?)"
    # "1.200.000": dots grouping thousands more than once, one reading (okrs.numbers reads a
    # typed value so); it was read as a version "1.200" and a target of 0.
    r"|\d{1,3}(?: \d{3})+(?![\d,.])|\d{1,3}(?:\.\d{3}){2,}(?![\d,.])|\d+(?:\.\d+)?)"
    # "1百", "3千", "5十": a digit before one Chinese magnitude, as 一百 and 三千 are read (1百
    # was read as 1); 百分 is a percentage, 十足 a word, 千克 and 千米 units.
    r"(?:\s?(?P<scale>[kKMBwW](?![A-Za-z])|(?:thousand|million|billion)\b"
    rf"|{_LESSER_MAGNITUDE}|亿"
    # Money's lower-case shorthands: "$5m", "$5 mil" after a currency (issue 9, probe p3: read
    # as $5); "bn", glued "b" and "mn" are billions and millions anywhere ("from 1.5bn to 2bn"
    # was read as 1.5 → 2). A lower-case "m" glued to a number without a currency is a
    # million unless the title speaks of length or time (_METRES_OR_MINUTES: then it is asked
    # about); it was dropped, "1.2m" read as 1.2.
    r"|bn(?![A-Za-z])|(?<=\d)b(?![A-Za-z])|mn(?![A-Za-z])"
    r"|(?(currency)m(?:il)?(?![A-Za-z])|(?<=\d)m(?![A-Za-z]))))?"
    # "10 万 5 千", "1 亿 2 千万", "1亿2千万": smaller magnitudes after a Chinese one, spaced
    # or not, one number (compound_magnitudes checks their order); "10 万 5 千" was read as
    # 100,000 → 5,000, "1亿2千万" as 100,002,000.
    rf"(?:(?<=[万亿千百十])(?P<tail>(?:\s?\d{{1,4}}\s?{_LESSER_MAGNITUDE})+)"
    # "12万5": the short form after a Chinese scale word, as in 一万二.
    r"|(?<=[万亿千百])(?P<short>\d)(?![\d.,%])"
    # "3 万 5", "3 万 5 人": 35,000 or 30,000 and a 5 apart: asked, as the value field refuses
    # "1 万 2", never read as 30,000 with the 5 dropped.
    rf"|(?<=[万亿千百])(?P<spaced_short>\s\d)(?=\s?(?:$|[,，;；。)]|[{_MEASURE}]|元)))?"
)
_ZH_NUMERAL = (
    # "从 负五 提升到 两 万元": 负 before a numeral is its sign, as before digits (正负 is a
    # tolerance, no sign).
    r"(?P<zh_sign>(?<!正)负\s?)?"
    r"(?P<zh>[一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]"
    r"[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬]*"
    r"(?:点[零一二三四五六七八九]+)?)"
)
# Numerals with digits run into them (chinese_numerals_value): `十5`, `二十5万`, `万5`; and digits
# with 点 for a decimal point before a percent sign (`6点5%`; elsewhere `9点30` is a time).
_MIXED_NUMERAL = (
    r"(?P<mixed>(?<![\d.零〇一二两三四五六七八九十百千万亿])[零〇一二两三四五六七八九十百千万亿]+"
    r"\d+(?:\.\d+)?(?:点\d+)?[万亿]?|(?<![\d.])\d+点\d+(?=\s?%))"
)
_PLACEHOLDER = (
    r"(?P<ph>(?<![A-Za-z])(?:x{1,4}|X{1,4})(?![A-Za-z])|××|\?{3}|若干|(?<![A-Za-z\d])N(?![A-Za-z])"
    # "$Xm", "$XXk": a currency's amount still to be written, with its scale (h10n).
    r"|(?<=[$¥€£])(?:x{1,4}|X{1,4}|N)(?=[kKmMbB]n?(?![A-Za-z]))"
    # "从 X 增加到 Y", "维持在Y以下": Y is the target's placeholder after a Chinese marker only
    # (in English "Y" is a word, a name or a grade too often); after a change verb too, "增加 Y
    # 美元" (h10e).
    r"|(?:(?<=[到至为达在])|(?<=[到至为达在]\s))Y(?![A-Za-z])"
    r"|(?:(?<=增加|提升|提高|增长|降低|减少|下降|缩短)"
    r"|(?<=增加 |提升 |提高 |增长 |降低 |减少 |下降 |缩短 ))Y(?![A-Za-z])"
    r"|(?<![A-Za-z])TBD(?![A-Za-z])"
    # "签约某某家客户": 某某 ("so-and-so") stands where the number is still to be written (h9g).
    r"|某某(?=\s?[家个人名位条件次单台套份篇万亿千百])"
    r")"
)
# A number word counts something after it ("three SDRs", not "one of"); "zero" is a level on its
# own ("cut P1 bugs to zero"), but not in a compound ("zero-downtime deploys").
_EN_WORD_NUMBER = (
    # Any case: a line opens with a capital ("Three enterprise logos live").
    # Not inside a hyphenated compound ("one-on-one meetings", "Two-factor"): a word, no count.
    r"(?P<word>(?<!-)\b(?i:" + _EN_NUMBER + r")\b(?=\s+[A-Za-z])(?!\s+of\b)"
    # "from two to five": the level a change's `to` leads to, ending the clause, as "to 5" is
    # (issue 9, h9o).
    r"|(?<=\bto )(?<!-)(?i:" + _EN_NUMBER + r")\b(?=\s*(?:$|[,;.)]))"
    r"|(?<!-)(?i:\bzero\b)(?!-)"
    # 零 as a level: "零严重缺陷", "实现零 P0 事故", "严重缺陷为零"; not inside a word (零售,
    # 零件, 零基础).
    r"|(?:(?<![\u4e00-\u9fff])|(?<=实现)|(?<=达到)|(?<=做到)|(?<=保持)|(?<=维持)|(?<=为))零"
    r"(?![售件食钱部基星散碎工头配])(?=\s?[\w\u4e00-\u9fff]|\s*(?:$|[,，。;；.]))"
    r")"
)
# "double-click", "double-sided": a compound, no multiplier.
_MULTIPLIER_WORD = (
    r"(?P<mult>翻倍|翻一番|翻两番|翻了一番|翻了两番|翻了一倍|翻番|减半"
    r"|(?<!-)(?i:\bdoubl(?:e[ds]?)\b|\btripl(?:e[ds]?)\b|\bquadrupl(?:e[ds]?)\b|\bhalve[ds]?\b"
    r"|\bin\s+half\b)(?!-)"
    # "Cut onboarding to half of the current time": half a level, no share of a whole.
    r"|(?i:\bhalf\b(?=\s+(?:of\s+)?the\s+(?:current|present|existing|previous|baseline)\b)))"
)
# 千分之六 is 6 ‰ (per mille), as 百分之六 is 6 %. 八成 / 两成 are tenths: 80 % / 20 % (成 after a
# numeral; not in words such as 一成不变, 三成员, 十成功), and so are 8 成 / 3成 written in digits,
# as the check-in box reads them (issue 9: "从 1 成提升到 3 成" was read as 1 → 3).
_ZH_TENTHS = (
    r"(?<![零一二两三四五六七八九十百千万\d.])(?P<tenths>[一二两三四五六七八九十]|10|\d)\s?成"
    r"(?![功为本员立果绩交长熟品型都就不])"
)
# A letter O written for a zero ("$4O k", "1O0 users", "2O%"): a typo whose value nobody can
# say (4, 40 or 400), kept whole as unreadable, never read as its digits. Not in a name
# ("GPT-4o", "Q4OKR"), nor before a word ("4oz").
_LETTER_FOR_DIGIT = (
    r"(?P<letter>(?<![A-Za-z\d-])(?:[$¥€£]\s?)?\d[\d,.]*[Oo][\dOo,.]*(?<![,.])(?![A-Za-z\d]))"
)
_TOKEN = re.compile(
    rf"{_LETTER_FOR_DIGIT}|万分之(?P<pmy_zh>[\d.]+|[零一二两三四五六七八九十百]+(?:点[零一二三四五六七八九]+)?)"
    rf"|千分之(?P<pm_zh>[\d.]+|[零一二两三四五六七八九十百]+(?:点[零一二三四五六七八九]+)?)|{_ZH_TENTHS}"
    rf"|百分之(?P<pct_zh>[\d.]+|[零一二两三四五六七八九十百]+(?:点[零一二三四五六七八九]+)?)|{_MULTIPLIER_WORD}|{_EXPONENT}"
    rf"|{_MIXED_NUMERAL}|{_ARABIC}"
    rf"|{_ZH_NUMERAL}|{_PLACEHOLDER}|{_EN_WORD_NUMBER}"
)
# "a 4-5-star rating": the rating's scale is the unit ("a 5-star review" names the review).
_STAR_RATING = r"(?i:\s+(?:[a-z-]+\s+){0,2}(?:rating|score|average)s?\b|(?=\s*(?:$|[.,;)])))"
_UNIT_AFTER = re.compile(
    rf"-(?P<star>(?i:stars?)\b)(?={_STAR_RATING})|(?P<percent>{_PERCENT})|(?P<share>{_SHARE})"
    rf"|(?P<multiplier>{_MULTIPLIER})"
    rf"|\s?(?P<time_zh>{_ZH_TIME})|\s?(?P<money_zh>人民币|美元|欧元|日元|港币|港元|元)"
    rf"|\s?(?P<physical>{_PHYSICAL})|\s?(?P<measure>[{_MEASURE}])"
    # A Chinese character after it ends the unit too ("30min内"), but not after d ("3d打印").
    rf"|\s?(?P<time_en>(?:{_EN_TIME})(?:\b|(?<![dD])(?=[\u4e00-\u9fff])))"
)
_STOPWORDS = {
    "by", "to", "from", "per", "in", "for", "with", "and", "or", "on", "at", "of", "that", "which",
    "who", "within", "across", "before", "after", "each", "every", "than", "this", "the", "a",
    "an", "into", "over", "under", "out", "through", "via", "while", "so", "as", "is", "are",
    "more", "less", "about", "have", "has", "will", "can", "must", *lexicon.MODIFIER_PARTICIPLES,
    # A deadline's lead word, as "by" and "before" are: "Signups 0 to 100 due today" counts no
    # "due today" (issue 9, h9x: read so, 0 → 100 became a range of things counted).
    "due", "until", "till",
    *_MULTIPLIER_AFTER,  # "from 1,000 tripled": the multiple, no noun counted
}  # fmt: skip
_OBJECT_WORDS = {"the", "a", "an", "our", "their", "its", "up", "out"}
# Past participles that close a counted noun: "2 bugs found in production".
_PARTICIPLES = set(
    [
        "found",
        "made",
        "built",
        "done",
        "seen",
        "sent",
        "shipped",
        "reported",
        "filed",
        "opened",
        "closed",
        "resolved",
        "fixed",
        "merged",
        "delivered",
        "published",
    ]
)
_ONE_BEFORE = re.compile(r"(?:(?<![\d.,])1|(?i:\bone))$")
# A rate's period (issue 10 §3): "5 次/周", "8/quarter", "3 interviews per week", "每周 3 次".
# The rate is the count's unit per that period, never a date or a fraction.
_PERIOD = r"(?:(?i:day|week|month|quarter|year|sprint)s?\b|工作日|天|日|周|月|季度?|年)"
_RATE_AFTER = re.compile(rf"\s?/\s?(?P<per>{_PERIOD})")
_PER_WORD = re.compile(
    r"\s+(?i:per|a|an|every|each)\s+(?P<per>(?i:day|week|month|quarter|year|sprint))\b"
)
# Chinese units of an amount done over a cadence ("每天喝水2升"), as counts are ("每周 3 次").
_ZH_AMOUNTS = {"升", "毫升", "公里", "千米", "米", "公斤", "千克", "克"}
# What a measure is of, before its period: "2 litres of water a day", "8 glasses of water per day".
_OF_WHAT = re.compile(r"(?i:\s+of(?:\s+(?!(?:per|a|an|every|each)\b)[a-z][\w-]*){1,3})")
_EACH_PERIOD = re.compile(r"每个?(?P<per>工作日|天|日|周|月|季度|年)")
# "200个精准点击/周": the period after the Chinese noun a measure word counts.
_ZH_NOUN_RATE = re.compile(rf"[\u4e00-\u9fff]{{1,10}}?\s?/\s?(?P<per>{_PERIOD})")
# A rate's period left at the end of a measured phrase ("blog posts/quarter"): not the metric.
RATE_AT_END = re.compile(rf"\s?/\s?{_PERIOD}\s*$")
# A technology named with a digit ("3D", "5G"): a word, never a number (_TECH_NAME).
TECH_WORD = r"(?:[2-4]D|[3-6]G)"
# A noun may open with one: "2 3D printing prototypes".
# A grade's name with its number is one word of a counted noun: "5 tier 1 customers" counts
# tier 1 customers, never "tier" (the number after it is no target either: _ID_PREFIX).
GRADE_WORD = r"(?i:tier|level|stage|phase|grade|class|category|priority)\s\d{1,2}\+?(?![\w.])"
_NOUN_WORD = re.compile(rf"\s+({GRADE_WORD}|(?:{TECH_WORD}|[A-Za-z])(?:[\w'&+-]|/(?!{_PERIOD}))*)")
# Identifiers and versions: "RFC 7", "#4260", "P0", "T=1001", "Foo 4.1", "v0", "0.5.0".
_ID_PREFIX = re.compile(
    r"(?:[A-Za-z#=]-?|(?:RFC|PEP|ISO|CVE|SOC|PR|MR|Issue|issue)\s"
    # A grade's name: "Tier 1 or Tier 2 customers", "Stage 4+ opportunities", "level 3 adoption";
    # a place's, a group's or an iteration's ("in region 1", "sprint 3", "cohort 2").
    r"|\b(?i:tier|stage|phase|level|wave|region|zone|district|sprint|round|batch|cohort|step"
    r"|season|chapter|module|group)\s)$"
)
_VERSION_PREFIX = re.compile(
    r"(?:\b[vV]|\bversion\s|版本\s?|\b[A-Z][a-z]+\w*\s|\b[a-z]+-[a-z]+\s)$"
)
# A product, platform or standard named with its version or model number (brief h9t: "Launch
# iOS 17 support for 50% of users" was stored with target 17): the number is part of the name.
_PRODUCT_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])(?i:iOS|iPadOS|macOS|watchOS|tvOS|Android|Windows|Python|Java|JDK|Node"
    r"|PHP|Ruby|Rails|Django|Vue|React|Angular|Swift|Kotlin|Scala|Perl|Ubuntu|Debian|CentOS"
    r"|RHEL|Chrome|Firefox|Safari|Office|HTTP|HTML|TLS|SSL|IPv|OAuth|Web|iPhone|iPad|Pixel"
    r"|Galaxy|GPT|Llama|Claude|Gemini|Xbox|PlayStation|Wi-?Fi|Bluetooth|USB|Unity|Spring"
    r"|ECMAScript|PostgreSQL|Postgres|MySQL|Redis|Elasticsearch|Kafka|Spark|MongoDB|Oracle"
    r"|Laravel|Symfony|Tomcat|Gradle|Webpack|TypeScript|Bootstrap|HarmonyOS|Vision\s?Pro)"
    r"|鸿蒙|安卓)\s?[-/]?\s?$"
)
# A resolution's name before what it shows: "4K video", "8K 视频" (not "4K users": 4,000).
_RESOLUTION = re.compile(
    r"(?i:[48]K(?=\s?(?:video|display|screen|resolution|stream|tv|monitor|content|HDR|视频|画质"
    r"|分辨率|屏|电视|直播|片源))|(?:480|720|1080|1440|2160)[pi]\b)"
)
# Round-the-clock: "24/7", "24x7", "7×24", "7*24 小时" name a service's hours, no fraction.
_ROUND_THE_CLOCK = re.compile(r"(?<![\d.])(?:24\s?[/x×*]\s?7|7\s?[x×*]\s?24)(?![\d.])")
# Digits inside a technology's name: 2D/3D (3d before Chinese: "3d打印"; "within 3d" is days),
# 3G-6G networks. "B2B", "O2O", "H5" are identifiers already (a letter before the digit); "10G
# 流量" and "4K" stay amounts (gigabytes, thousands).
_TECH_NAME = re.compile(rf"(?<![\d.,])(?:{TECH_WORD}(?![A-Za-z\d])|[2-4]d(?=\s?[\u4e00-\u9fff]))")
_ARTICLE_ONE = re.compile(r"一(?=[个套份项款种])")
# 一 after a negated existence ("没有一笔", "沒有一起", "无一例"): "not a single", never a count.
_NONE_BEFORE = re.compile(r"(?:没有|沒有|无|無|未有|不再有)\s?$")
# "上一年度", "上一季度", "下一个月": a period named as the base or the time of a comparison, as
# 去年 and 上年度 are, not a quantity of one year.
_REFERENCE_PERIOD = re.compile(r"[上下前去本这]一(?:个)?(?:年度?|季度?|个?月|周)")


@dataclass(frozen=True)
class Quantity:
    """One numeric token. `value` is None for a placeholder ("xx家", "$N")."""

    value: Decimal | None
    start: int
    end: int
    # count (a measure word or counted noun follows), number, percent, multiplier, placeholder,
    # ambiguous ("4,5": a decimal comma or a list; "1.234,5"; "1e16": an exponent; no value)
    kind: str
    unit: str | None
    skip: str | None = None  # why it cannot be a target: identifier, version, year, ...

    @property
    def is_placeholder(self) -> bool:
        return self.kind == "placeholder"


# The financial (capital) numerals of cheques and contracts, read as the everyday ones.
_ZH_CAPITAL = str.maketrans("壹贰叁肆伍陆柒捌玖拾佰仟萬〇", "一二三四五六七八九十百千万零")


def zh_numeral_value(text: str) -> int:
    """Value of a Chinese numeral such as 十二, 两千, 一万五千, 壹万贰仟, and the short forms
    people say: a digit right after 百/千/万/亿 counts in the next unit down (一万二 is 12,000,
    两千三 2,300, 三百五 350), as the shared number reader (cn2an) reads them."""
    total = section = digit = 0
    last_unit = 0  # the unit just before a trailing digit, 0 after 零 or at the start
    for char in text.translate(_ZH_CAPITAL):
        if char in _ZH_DIGIT:
            digit = _ZH_DIGIT[char]
            if char == "零":
                last_unit = 0
        elif char in _ZH_SMALL_UNIT:
            section += (digit or 1) * _ZH_SMALL_UNIT[char]
            digit, last_unit = 0, _ZH_SMALL_UNIT[char]
        elif char in _ZH_BIG_UNIT:
            total += (section + digit) * _ZH_BIG_UNIT[char]
            section = digit = 0
            last_unit = _ZH_BIG_UNIT[char]
    if digit and last_unit >= 100:
        digit *= last_unit // 10
    return total + section + digit


# A number as people write it in normalised text (full-width digits are half-width there):
# digits with a decimal point, thousands grouped by commas (`1,200`), or Chinese numerals
# (`十二`, `两`, `三百五`). Every reading of a count in this module and in deadlines
# (durations, spans, shares) reads it with numeral_value, so that `１２`, `十二` and `12` are
# one number wherever they stand, as okrs.numbers reads a typed value.
_ZH_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟"
NUMERAL = rf"(?:{THOUSANDS}(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?|[{_ZH_NUMERAL_CHARS}]+)"


# `1.200.000`, `12.345.678`: thousands grouped by dots more than once (no decimal has two points).
DOTTED_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")


def numeral_value(written: str) -> Decimal:
    """The value of a number written as NUMERAL matches it (or as the token reader's digits,
    grouped by commas or spaces: `1 200`): `1,200` 1200, `4.5`, `十二` 12, `两` 2."""
    if "点" in written:
        # 六点五, 6点5: 点 is the decimal point, each digit after it one place (h10m A2:
        # 百分之六点五 was read as 6 %, 六点五% as 5 %).
        whole, places = written.split("点", 1)
        digits = "".join(str(_ZH_DIGIT.get(char, char)) for char in places.translate(_ZH_CAPITAL))
        return numeral_value(whole) + Decimal(f"0.{digits}")
    if written[:1].isdigit():
        if DOTTED_GROUPS.fullmatch(written):
            written = written.replace(".", "")
        return Decimal(written.replace(",", "").replace(" ", ""))
    return Decimal(zh_numeral_value(written))


# Chinese numerals with digits run into them (h10m A2): `十5`, `二十5`, `两千5`, `万5`, `三5`.
# A title read each part alone (十5 as 5, 二十5 as 20, 万5 as 5). Read as the check-in box reads
# them (cn2an's smart mode: 十5 is 15, 二十5 is 25, 两千5 is 2,500, 十5万 150,000) where a
# magnitude stands before the digits; a digit numeral right before digits (`三5`: 35? 3 and 5?)
# and what cn2an cannot read (`万5`) have no one reading: None, asked about.
_NUMERAL_THEN_DIGIT = re.compile(r"[零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖]\d")


def chinese_numerals_value(written: str) -> Decimal | None:
    """The value of Chinese numerals, alone or mixed with digits (`一点五` 1.5, `十5` 15, `1万5`
    15,000, `十5点5` 15.5), or None where it has no one reading (`三5`, `万5`, `二十5.5`): the one
    reading of the title reader and the check-in box (okrs.numbers)."""
    if _NUMERAL_THEN_DIGIT.search(written):
        return None
    try:
        value = cn2an.cn2an(written, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    # cn2an answers floats for decimals, rounded to the places written: their shortest repr is
    # the number written.
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def find_quantities(text: str) -> list[Quantity]:
    """Every numeric token in normalised `text`, with the reason it cannot be a target if so.

    A number gets its role before anything reads it: besides identifiers, versions and years,
    a qualifier ("每周30分钟以上的跑步3次", "accounts over $1m"), a look-back window ("近两年"), a
    range's upper end ("2到3名"), a restatement in brackets ("50% (2x)"), a count in the means
    ("通过新增两个渠道，…") and a number in a name ("一级客户", "12-month roadmap") is no target.
    """
    compound = _compound_durations(text) + _broken_separators(text)
    found = []
    for match in _TOKEN.finditer(text):
        if any(q.start <= match.start() < q.end for q in compound):
            continue
        quantity = _quantity(text, match)
        if quantity is not None:
            found.append(quantity)
    found = sorted(_joined_durations(text, found) + compound, key=lambda q: q.start)
    found = _shares(text, found)
    found = _scores_not_dates(text, found)
    found = _ranks(text, _roles(text, found))
    found = _fractions(text, found)
    # "4.8/5 星", "4.8/5 stars": the score is in the unit written after its scale.
    for index, (score, scale) in enumerate(pairwise(found)):
        if (
            score.unit is None
            and score.skip is None
            and scale.skip == "denominator"
            and scale.unit
            and text[score.end : scale.start].strip() == "/"
        ):
            found[index] = Quantity(score.value, score.start, score.end, score.kind, scale.unit)
    return found


# A share of a whole written as a fraction or as "M in N" (issue 9, brief h9t: `三分之二的用户`
# was stored as 0 → 3 分, `9 out of 10 customers` as 9): the percentage it states, one decimal.
# Chinese: 三分之二 (N 分之 M; 百分之 / 千分之 / 万分之 are % ‰ ‱ already), 每 4 个用户中有 1 个,
# 十个客户中九个. English: 1 in 4 users, 9 out of 10 customers (not "4 out of 5" alone or before
# "to", a rating: _SCORE_AFTER; not "2 in 3 weeks": _PERIOD_AFTER), two thirds of, three-quarters
# of, half of (not a half-year).
_SHARE_DIGITS = rf"{THOUSANDS}|\d+"
_ZH_SHARE_NUMERAL = rf"(?:{_SHARE_DIGITS}|[一二两三四五六七八九十百千万]+)"
_EN_SHARE_NUMERAL = rf"(?:{_SHARE_DIGITS}|(?i:one|two|three|four|five|six|seven|eight|nine|ten))"
# What follows a scale, not the things a share counts: "8 out of 10 to 6 out of 10" is a score.
_SCORE_AFTER = re.compile(
    r"\s*$|\s*[,.;)]|\s+(?i:stars?|points?|rating|score|to|from|by|and|or|on|at|for|with|in"
    r"|within|of|per|than)\b"
)
_PERIOD_AFTER = re.compile(
    r"\s+(?i:(?:business\s+|working\s+)?(?:minutes?|hours?|days?|weeks?|months?|quarters?"
    r"|years?|sprints?))\b"
)
_PEOPLE_OR_THINGS = r"[个位名家人户笔单件次条项台所]"
_SHARES = re.compile(
    rf"(?<![百千万\d])(?![百千万]分之)(?P<zh_whole>{_ZH_SHARE_NUMERAL})\s?分之"
    rf"\s?(?P<zh_part>{_ZH_SHARE_NUMERAL})"
    # "10次中有8次" names no noun between the measure word and 中: the occasions are the whole.
    rf"|每?\s?(?P<each_whole>{_ZH_SHARE_NUMERAL})\s?{_PEOPLE_OR_THINGS}[\u4e00-\u9fff]{{0,8}}?"
    rf"(?:中|里|当中)\s?(?:就)?(?:至少|至多|只|仅)?(?:有)?"
    rf"\s?(?P<each_part>{_ZH_SHARE_NUMERAL})\s?{_PEOPLE_OR_THINGS}"
    rf"|(?<![\w.#])(?P<en_part>{_EN_SHARE_NUMERAL})\s+(?P<en_join>(?i:in|out\s+of))\s+"
    rf"(?P<en_whole>{_EN_SHARE_NUMERAL})\b(?![.,]\d)"
    # 一半的门店, 半数员工, 超过一半的客户: half of those named after it.
    r"|(?P<zh_half>一半|半数|过半)(?=\s?(?:以上|以下)?\s?的?\s?[\u4e00-\u9fff])"
    r"|(?P<en_fraction>(?<![\w-])(?i:(?:one|a|two)[\s-]thirds?|(?:one|a|three)[\s-]quarters?"
    r"|half))(?=\s+of\s+(?!(?i:the\s+)?(?:year|quarter|month|week|cycle|h[12]|q[1-4]|20\d\d"
    # "half of the current time": a multiple of a level, no share of a whole.
    r"|current|present|existing|today|last|previous|baseline)\b))"
)
_RANK_BEFORE_SHARE = re.compile(r"(?i:\b(?:top|rank(?:ed)?|no\.|number)\s*)$")
# After a verb that makes or opens what it counts, "M in N …" counts the things made and says
# where (brief h9v: "Hire 2 in 3 teams", "Open 2 in 3 cities" were read as 66.7 %); a share
# is of a population that is there already ("Reach 1 in 4 users", "used by 1 in 4 users").
_MADE_BEFORE_SHARE = re.compile(
    rf"(?:{lexicon.DELIVERABLE.pattern}|(?i:\b(?:open|start|clos)\w*\b))\s+$"
)
_EN_FRACTIONS = {"third": Decimal(1) / 3, "quarter": Decimal(1) / 4, "half": Decimal(1) / 2}


def share_percent(text: str) -> Decimal | None:
    """The percentage `text` states when it is one share and nothing else (`三分之二` → 66.7,
    `每 4 个用户中有 1 个` → 25), as a title's share is read; None otherwise (a score such as
    `9 out of 10` alone, any other text)."""
    text = text.strip()
    if not _SHARES.fullmatch(text):
        return None
    found = _shares(text, [])
    return found[0].value if len(found) == 1 else None


def _share_value(part: str, whole: str) -> Decimal | None:
    """part / whole in %, one decimal (`2`, `3` → 66.7), or None where it is no share."""
    values = [
        Decimal(_EN_WORDS[n.lower()]) if n.lower() in _EN_WORDS else numeral_value(n)
        for n in (part, whole)
    ]
    if not 0 < values[0] <= values[1]:
        return None
    return _percent(values[0] / values[1])


def _percent(share: Decimal) -> Decimal:
    # One decimal, as a percentage is written; a share under 1 % keeps what would round to 0
    # ("1 in 5000 builds fails": 0.02 %, never 0).
    value = (share * 100).quantize(Decimal("0.1") if share >= Decimal("0.01") else Decimal("1e-4"))
    return Decimal(format(value.normalize(), "f"))


def _shares(text: str, found: list[Quantity]) -> list[Quantity]:
    """`found` with each share (_SHARES) made one percentage in place of the numbers in it."""
    result = list(found)
    for match in _SHARES.finditer(text):
        groups = match.groupdict()
        if groups["zh_half"]:
            value = Decimal(50)
        elif fraction := groups["en_fraction"]:
            word = fraction.lower()
            count = 2 if word.startswith("two") else 3 if word.startswith("three") else 1
            value = _percent(_EN_FRACTIONS[word.split()[-1].split("-")[-1].rstrip("s")] * count)
        else:
            part, whole = next(
                (groups[f"{k}_part"], groups[f"{k}_whole"])
                for k in ("zh", "each", "en")
                if groups[f"{k}_part"]
            )
            value = _share_value(part, whole)
            if groups["en_part"] and (
                _SCORE_AFTER.match(text, match.end())
                if groups["en_join"].lower() != "in"
                else _PERIOD_AFTER.match(text, match.end())
                or _MADE_BEFORE_SHARE.search(text, 0, match.start())
                or (re.fullmatch(r"(?:19|20)\d\d", whole) and _SCORE_AFTER.match(text, match.end()))
                or lexicon.in_years_of_a_change(text, match.start(), match.end())
            ):
                # "Rate it 4 out of 5", "from 8 out of 10 to 6 out of 10": a score out of a
                # scale, nothing counted; "2 in 3 weeks": a count in a span; "Hire 2 in 3
                # teams": a count in a place; "Grow users to 500 in 2026": a level in a year
                # (h10m: read as 24.7 %), where "1 in 2000 builds" counts builds; "from 1 in
                # 2025 to 50 in 2026 worldwide": each end in its year (h9u).
                value = None
        if value is None:
            continue
        start, end = match.span()
        if _RANK_BEFORE_SHARE.search(text, 0, start):
            continue  # "Top 3 in 5 markets": a rank, then where
        result = [q for q in result if q.end <= start or q.start >= end]
        result.append(Quantity(value, start, end, "percent", "%"))
    return sorted(result, key=lambda q: q.start)


# A rank: a place in an order where lower is better (brief h9t: "Top 3 in app store ranking"
# was read as 3 to grow to, "排名进入前三" as no target, "#1" as an identifier). "top 3" before
# what it ranks in (not "our top 20 accounts", a group named), "#1" / "No. 1" after a verb of
# being or before "in", 前三 / 前 10 名 after a verb of entering or before 名/位/强, and 第 3 名
# where the title speaks of a ranking.
_ZH_RANK_BEFORE = re.compile(
    r"(?:排名|排行|榜|进入|跻身|位列|位居|稳居|保持|挤进|冲进|冲入|杀入)[^,，;；]{0,8}前\s?$"
)
_RANK_AFTER_EN = (
    r"\s*(?:$|[,.;)]|(?i:in|on|among|of|for|across|position|spot|place|rank|ranking|overall"
    r"|globally|worldwide|nationally)\b)"
)
_RANKS = [
    (re.compile(r"(?i:\btop\s?)$"), re.compile(_RANK_AFTER_EN)),
    # "Rank 1 in 3 categories", not "Rank 50 new keywords" (a count of what ranks).
    (re.compile(r"(?i:\brank(?:ed)?\s+)$"), re.compile(_RANK_AFTER_EN)),
    # "Be a top 5 vendor", "Get into the top 20 apps": a place entered, whatever is ranked.
    (
        re.compile(
            r"(?i:\b(?:be|become|get\s+into|break\s+into|enter|stay\s+in|remain\s+in|rank\s+in"
            r"|make|make\s+it\s+into)\s+(?:a|an|the|one\s+of\s+the)?\s*top\s?)$"
        ),
        re.compile(""),
    ),
    (
        re.compile(r"(?i:(?:#|\bno\.\s?|\bnumber\s))$"),
        re.compile(rf"{_RANK_AFTER_EN}|\s+[A-Za-z]+\s+(?i:in|on|among)\b"),
    ),
    (re.compile(r"前\s?$"), re.compile(r"\s?(?:名|位|强)")),
    (_ZH_RANK_BEFORE, re.compile("")),
]
_RANKED_ORDINAL = (re.compile(r"第\s?$"), re.compile(r"\s?(?:名|位)"))
_RANKED_NUMBER = (re.compile(r"(?:#|(?i:\bno\.\s?))$"), re.compile(""))  # 第3名 or 第 3 名
_SPEAKS_OF_RANKING = re.compile(r"排名|排行|榜|(?i:\brank)")


def _ranks(text: str, found: list[Quantity]) -> list[Quantity]:
    """`found` with each rank (_RANKS) a quantity of kind "rank", whatever role it was given."""
    ranks = _RANKS + ([_RANKED_ORDINAL, _RANKED_NUMBER] if _SPEAKS_OF_RANKING.search(text) else [])
    result = []
    for quantity in found:
        before = text[max(0, quantity.start - 20) : quantity.start]
        if (
            quantity.value is not None
            and quantity.unit != "%"
            and quantity.value == quantity.value.to_integral_value()
            and 0 < quantity.value <= 1000
            and any(
                b.search(before) and (a.match(text, quantity.end) or quantity.unit in ("名", "位"))
                for b, a in ranks
            )
        ):
            quantity = Quantity(quantity.value, quantity.start, quantity.end, "rank", quantity.unit)
        result.append(quantity)
    return result


# The scales a score is given out of ("4.2/5", "8/10", "85/100"); over any other a number is a
# fraction ("1/3", "2/3"), and so it is where one title writes two scales ("从 1/3 提升到 1/2").
_SCORE_SCALES = {5, 10, 100}


def _over(text: str, found: list[Quantity]) -> list[tuple[int, Quantity]]:
    """(index of the number, its scale) for each number written over another ("3/5")."""
    return [
        (index, scale)
        for index, (score, scale) in enumerate(pairwise(found))
        if scale.skip == "denominator"
        and score.value is not None
        and scale.value is not None
        and text[score.end : scale.start].strip() == "/"
    ]


def _scores_not_dates(text: str, found: list[Quantity]) -> list[Quantity]:
    """`found` with a number over a score's scale read as a date ("3/5 提升": March 5th) made
    a score again where the same text gives a score over the same scale that is no date
    ("评分从 3/5 提升到 4/5": 3 → 4 out of 5; the start was dropped as a date). Two dates
    ("从 3/5 到 4/5 完成迁移") stay dates."""
    pairs = _over(text, found)
    scores = {scale.value for index, scale in pairs if found[index].skip is None}
    result = list(found)
    for index, scale in pairs:
        score = found[index]
        if score.skip == "date" and scale.value in scores & _SCORE_SCALES:
            result[index] = Quantity(score.value, score.start, score.end, score.kind, score.unit)
    return result


def _fractions(text: str, found: list[Quantity]) -> list[Quantity]:
    """`found` with each fraction as a value ("1/3": a share no key result stores) made one
    unreadable token, so that it is asked about; it was read as 1 (issue 9: "从 1/3 提升到
    1/2" stored 0 → 1). The check-in box refuses "1/2" as no number alike."""
    pairs = _over(text, found)
    scales = {scale.value for _index, scale in pairs}
    result = list(found)
    for index, scale in reversed(pairs):
        if len(scales) > 1 or scale.value not in _SCORE_SCALES:
            score = found[index]
            result[index : index + 2] = [
                Quantity(None, score.start, scale.end, "ambiguous", None, "fraction")
            ]
    return result


# Durations written in two or three units or with a half, read as one (probe 9c 5: "从 1 小时 30
# 分钟降到 45 分钟" was read as 1 → 30; probe9d: "1分30秒" was read as 90 and 30): `1h30m`,
# `1 min 30 s`, `1 分 30 秒`, `1小时5分10秒` (in the smallest unit written), `一个半小时`,
# `半小时` (hours). Hours, minutes and seconds in that order, at least two of them; a letter
# after a Latin unit makes it a word (`1h30 mins` is, `1m30sec` too, `1m30st` is not).
_NUMBER = NUMERAL
_HOURS = r"小时|钟头|(?i:hours?|hrs?|h)(?![a-zA-Z])"
_MINUTES = r"分钟|分|(?i:minutes?|mins?|m)(?![a-zA-Z])"
_SECONDS_UNIT = r"秒钟|秒|(?i:seconds?|secs?|s)(?![a-zA-Z])"
_COMPOUND = re.compile(
    rf"(?<![A-Za-z\d.,{_ZH_NUMERAL_CHARS}])(?:(?P<h>{_NUMBER})\s?(?:{_HOURS})\s?(?:and\s)?)?"
    rf"(?:(?P<m>{_NUMBER})\s?(?P<mu>{_MINUTES})\s?(?:and\s)?)?"
    rf"(?:(?P<s>{_NUMBER})\s?(?P<su>{_SECONDS_UNIT}))?"
)
# What each part is worth in seconds, and the unit a compound is said in (its smallest part's,
# in the script it was written in).
_PART_SECONDS = {"h": 3600, "m": 60, "s": 1}
_PART_UNIT = {("m", False): "分钟", ("m", True): "min", ("s", False): "秒", ("s", True): "s"}
_HALF_HOURS = re.compile(rf"(?:({NUMERAL})\s?个)?半(?:个)?\s?(小时|钟头)")


def compound_duration(match: re.Match) -> tuple[Decimal, str] | None:
    """(value, unit) of a _COMPOUND match of at least two parts, in its smallest part's unit
    (`1分30秒` → (90, 秒), `1h30m` → (90, min)), or None for a single part (a token reads it)."""
    parts = [name for name in ("h", "m", "s") if match.group(name)]
    if len(parts) < 2:
        return None
    smallest = parts[-1]
    seconds = sum(numeral_value(match.group(name)) * _PART_SECONDS[name] for name in parts)
    written = match.group("su" if smallest == "s" else "mu")
    latin = written.isascii()
    return seconds / _PART_SECONDS[smallest], _PART_UNIT[(smallest, latin)]


def duration(text: str) -> tuple[Decimal, str] | None:
    """`text` (normalised, trimmed) as one duration in two or three units (`1 分 30 秒`,
    `一分三十秒`, `1h30m`) or with a half (`一个半小时`), or None: the one reading behind
    titles and value fields (okrs.numbers converts it into a key result's unit of time)."""
    if half := _HALF_HOURS.fullmatch(text):
        return _half_hours(half), "小时"
    match = _COMPOUND.fullmatch(text)
    return compound_duration(match) if match else None


def _half_hours(match: re.Match) -> Decimal:
    """The hours of a _HALF_HOURS match: `一个半小时` 1.5, `半小时` 0.5."""
    return numeral_value(match.group(1) or "0") + Decimal("0.5")


# A separator no number is written with, between digits (h10m A3): `1,,200`, `1..2`, `1_000`,
# `1'000`, `1·5`, `6。5%`, `1 ,200`. Such a number has no one reading: it is kept whole as
# ambiguous (the import refuses it with the check-in box's words for it, which refuses it too),
# never read as the digits before the separator (`1,,200` was read as 1, `6。5%` as 6). Not
# after a letter ("Q3'26"); `1,200,` is a number and a clause's comma.
_BROKEN_SEPARATOR = re.compile(
    r"(?<![A-Za-z\d.,])\d[\d.,]*(?:(?:,{2,}|\.{2,}|[_'’·。]| ,)\d[\d.,]*)+(?<![.,])%?"
)


def _broken_separators(text: str) -> list[Quantity]:
    return [
        Quantity(None, m.start(), m.end(), "ambiguous", None, "ambiguous")
        for m in _BROKEN_SEPARATOR.finditer(text)
    ]


def _compound_durations(text: str) -> list[Quantity]:
    """The durations of `text` that no single token reads: `1h30m` (90 minutes), `1 分 30 秒`
    (90 秒) and `一个半小时` (1.5 hours)."""
    found = []
    for m in _COMPOUND.finditer(text):
        if m.end() > m.start() and (read := compound_duration(m)):
            found.append(Quantity(read[0], m.start(), m.end(), "number", read[1]))
    for m in _HALF_HOURS.finditer(text):
        found.append(Quantity(_half_hours(m), m.start(), m.end(), "number", "小时"))
    return found


def _joined_durations(text: str, found: list[Quantity]) -> list[Quantity]:
    """Hours followed at once by minutes (`1 小时 30 分钟`, `1 hour 30 minutes`, `1h 30min`) as one
    quantity in the minutes' unit (90 分钟), never as two numbers of which one is a start."""
    joined: list[Quantity] = []
    for quantity in found:
        hours = joined[-1] if joined else None
        if (
            hours is not None
            and hours.value is not None
            and quantity.value is not None
            and hours.unit is not None
            and quantity.unit is not None
            and unit_key(hours.unit) == "小时"
            and unit_key(quantity.unit) == "分钟"
            and text[hours.end : quantity.start].strip().casefold() in ("", "零", "and")
        ):
            value = hours.value * 60 + quantity.value
            joined[-1] = Quantity(value, hours.start, quantity.end, quantity.kind, quantity.unit)
            continue
        joined.append(quantity)
    return joined


# "30分钟以上的跑步" qualifies the run; "…到3天的同时，…" ends a clause ("while"), no qualifier.
_QUALIFIER_AFTER = re.compile(r"\s?(?:以上|以下|以内|左右|多)?的(?!同时)")
# "适应率低于40%的新功能", "日活低于100的功能模块", "评分高于4.5分的供应商": a bound on a measure
# of the things named after 的 picks those things out (a relative clause), whatever number
# follows; "留存率低于40%" with no noun after it is the target.
_ZH_MEASURE_BOUND_BEFORE = re.compile(
    r"(?:[率度量数值额]|得分|分数|评分|时长|日活|月活|周活)\s?"
    rf"(?:{lexicon.BOUND_BEFORE_ZH}|在)\s?$"
)
_ZH_NOUN_QUALIFIED_AFTER = re.compile(
    r"\s?(?:以上|以下|以内)?的(?!同时)\s?(?!比例|占比|水平|目标|标准)[\u4e00-\u9fffA-Za-z]"
)
_QUALIFIER_BEFORE = re.compile(
    r"(?i:\b(?:all|every|each|any)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:over|above|under|below|with)\s*"
    # "every feature with adoption below 40%", as "适应率低于40%的新功能" (h10r).
    r"|\b(?:all|every|each|any)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:with|having)\s+(?:an?\s+)?"
    r"[\w-]+(?:\s+[\w-]+)?\s+(?:over|above|under|below|(?:less|more|lower|higher)\s+than)\s*)$"
)
_IN_A_ROW_BEFORE = re.compile(r"连续\s*$")
_IN_A_ROW_AFTER = re.compile(r"(?i:\s+in\s+a\s+row\b|\s+running\b)")
_OFFSET_AFTER = re.compile(
    r"(?i:\s+(?:before|after|prior\s+to|ahead\s+of)\s+(?:the\s+)?"
    r"(?:end|start|beginning|close|launch|deadline|due\s+date)\b)"
)
# "15 days before the end of each quarter": when a recurring piece of work is due, never what is
# delivered nor its target (the metric reader ends a deliverable there).
DATE_OFFSET = re.compile(rf"(?i:\s*\d+\s?(?:{_EN_TIME}){_OFFSET_AFTER.pattern})")
# "customers with an adoption score of 50 or less": a bound that picks the counted things.
_WITH_OF_BEFORE = re.compile(r"(?i:\b(?:with|having)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){1,3}of\s*)$")
_OR_BOUND_AFTER = re.compile(r"(?i:\s*or\s+(?:less|more|fewer|lower|higher|below|above)\b)")
_LOOK_BACK = re.compile(r"(?:近|过去|最近|(?<![当目之以])前)\s*$")
_SCOPE_BEFORE = re.compile(r"(?i:\b(?:in|across|for|of|on)\s+(?:the|our|all|these)\s+)$")
# "在 3 个城市新开 5 家门店": the places where the count is made, as "in 3 cities" after it is
# (brief h9v: read as 3 个). Not 在 after a verb of holding a level (控制在 3 个以内) or in 现在.
_ZH_PLACE_BEFORE = re.compile(r"(?<![现存正实所好定制持])在[\u4e00-\u9fff]{0,4}\s?$")
# A change in percentage points ("5 个百分点", "3 pp"), not a level.
POINTS = re.compile(r"百分点|(?i:\d\s*p\.?p\.?(?![a-z])|percentage points?)")
_RANGE_JOIN = re.compile(r"\s*(?:到|至|~|～|-|–|—)\s*$")
_EN_RANGE_JOIN = re.compile(r"\s+(?i:to)\s+")
_DASH_JOIN = re.compile(r"\s*(?:~|～|-|–|—)\s*")
_NAME_AFTER = re.compile(
    r"(?i:-(?:day|week|month|quarter|year)\s+(?!of\b)[a-z])|级(?=[\u4e00-\u9fff])"
    rf"|(?i:-stars?(?!{_STAR_RATING})\s+[a-z])"
    # A hyphen left open before the next of a list: "the 30-, 60- and 90-day marks".
    r"|(?i:-,?\s*(?:(?:and|or|&|to)\s+)?(?=\d+-))"
)
# A duration used before a noun, as its modifier: "1 hour response SLA", "24 hour support".
_ATTRIBUTIVE = re.compile(
    r"\s+(?!(?:of|to|per|a|an|or|and|by|in|on|for|from|with|every|each|or|than|at"
    # A clause or a phrase of its own after the unit ("to 2.8 days while maintaining a 99.1%
    # accuracy rate", "to 1 day without …"): the time is a level, no name of a later measure.
    r"|while|whilst|without|when|during|after|before|until|across|within|via|so|but|if"
    r"|because|since|through|then)\b)[A-Za-z]"
)
# How far before or after a number its role is read (a clause's last words are enough): a
# bounded stretch keeps reading linear in the line's length.
CONTEXT = 200
_FROM_BEFORE = re.compile(r"(?:从|由|(?i:\bfrom))\s*$")
_SCALE_WORD = re.compile(r"\s+(thousand|million|billion)\b", re.IGNORECASE)
_ZH_SCALE_AFTER = re.compile(r"\s?(?:万|亿|千)")
_ZH_PLACEHOLDER_MARK_BEFORE = re.compile(r"(?:从|由|到|至|为|达|在)$")
_EN_SCALE_LETTER = re.compile(r"[kKmMbB]n?(?![A-Za-z])")
# "from 30 to X", "Increase conversion to X": the level a change or a baseline leads to.
_LEVEL_TO = re.compile(
    rf"(?i:\bfrom\s+\S+\s+to|(?:{lexicon.INCREASE.pattern}|{lexicon.DECREASE.pattern})\b.*\bto)$"
)
_CLAUSE_ENDS = re.compile(r"\s*(?:$|[,;.)]|(?i:by|in|before|this|next)\b)")
_PLURAL = re.compile(r"[a-z]{2}(?<!s)s$")
_ZH_PLACEHOLDER_MARK_AFTER = re.compile(
    r"\s?(?:到|至|提升|提高|增加|增长|降低|减少|下降|缩短|以下|以上|以内)"
)
_MORE = re.compile(r"\+|\s+(?:more|additional|extra)\b")
_MEANS = re.compile(r"^\s*(?:通过|依靠|借助|(?i:by\s+\w+ing\b))[^,，;；]*[,，]")


# "收入 $1.2k 到 $3k", "营收 2亿 到 3.5亿": after a measure's name, with nothing counted after
# the second number, `A 到 B` is where it starts and the target, as a person means it (issue 9
# M3); "2到3名候选人", "5 到 8 家客户", "达到 300-350 万元" and 之间/between/范围 stay ranges.
_MEASURE_NAME_BEFORE = re.compile(
    r"(?:[\u4e00-\u9fff](?<![达到至为在是约有])|(?i:[a-z](?<!\bto)(?<!reach)))\s*$"
)
# A deadline after the target ends it too: "Signups 0 to 100 by Dec 20" is 0 → 100 (h9x).
_NOTHING_COUNTED_AFTER = re.compile(
    r"\s*(?:$|[,，;；。(（]|(?i:by|due|before|until|till|within)\b)"
)
_SAYS_RANGE = re.compile(r"之间|范围|区间|(?i:\bbetween\b)")
# "Revenue $1.2k to $3k" says it in English as "收入 $1.2k 到 $3k" does in Chinese.
_START_TO_TARGET_JOIN = re.compile(r"\s*(?:到|至|~|～)\s*|\s+(?i:to)\s+")


def start_to_target(text: str, first: Quantity, second: Quantity) -> bool:
    """`first 到 second` written after a measure's name: a start and a target, not a range."""
    return bool(
        _START_TO_TARGET_JOIN.fullmatch(text[first.end : second.start])
        and _MEASURE_NAME_BEFORE.search(context_before(text, first.start))
        and second.kind != "count"  # "新签客户 12 到 15 家": things counted, a range
        # "提升 5 个百分点至 35%": the points moved, then the level reached.
        and not POINTS.search(text[first.start : first.end])
        # "回款 15 至 20 万元": a scale or unit written once, after the upper end, is a range's
        and (first.unit is None) == (second.unit is None)
        and bool(written_scale(text, first)) == bool(written_scale(text, second))
        and _NOTHING_COUNTED_AFTER.match(text, second.end)
        and not _SAYS_RANGE.search(text)
    )


def context_before(text: str, position: int) -> str:
    """The text a number's role is read from: at most CONTEXT characters before `position`
    (a few words), so that reading a line stays linear in its length."""
    return text[max(0, position - CONTEXT) : position]


def _roles(text: str, quantities: list[Quantity]) -> list[Quantity]:
    means = _MEANS.match(text)
    question_end = _question_end(text)
    # later[i]: the numbers after the i-th that nothing has ruled out yet, counted once from the
    # end (a list per number made this step quadratic in the line's numbers).
    later = [0] * (len(quantities) + 1)
    percent_later = [False] * (len(quantities) + 1)
    for index in range(len(quantities) - 1, -1, -1):
        open_ = quantities[index].skip is None
        later[index] = later[index + 1] + open_
        percent_later[index] = percent_later[index + 1] or (open_ and quantities[index].unit == "%")
    result = []
    for index, quantity in enumerate(quantities):
        has_later, percent_after = later[index + 1] > 0, percent_later[index + 1]
        before = context_before(text, quantity.start)
        previous = quantities[index - 1] if index else None
        reason = quantity.skip
        if reason is None:
            if _LOOK_BACK.search(before) or (
                # "连续三个月，月均跑量超过200公里", "for 3 consecutive months", "15 days before
                # the end of each quarter": a span the target holds over, or an offset from a
                # date, is no target.
                quantity.unit
                and re.fullmatch(rf"{_ZH_TIME}|(?:{_EN_TIME})", quantity.unit)
                and (
                    _IN_A_ROW_BEFORE.search(before)
                    or _IN_A_ROW_AFTER.match(text, quantity.end)
                    or _OFFSET_AFTER.match(text, quantity.end)
                )
            ):
                reason = "window"
            elif _NAME_AFTER.match(text, quantity.end - (1 if quantity.unit == "级" else 0)):
                reason = "name"
            elif quantity.start < question_end:
                reason = "question"  # "Analyse which accounts reach 60+ days past due …"
            elif (
                _QUALIFIER_BEFORE.search(before)
                or (_WITH_OF_BEFORE.search(before) and _OR_BOUND_AFTER.match(text, quantity.end))
                or (has_later and _SCOPE_BEFORE.search(before))
                or (
                    has_later
                    and quantity.unit is not None
                    and len(quantity.unit) == 1
                    and quantity.unit in _MEASURE
                    and _ZH_PLACE_BEFORE.search(before)
                )
                or (
                    has_later
                    and _QUALIFIER_AFTER.match(text, quantity.end)
                    and quantity.unit != "%"
                )
                or (
                    _ZH_MEASURE_BOUND_BEFORE.search(before)
                    and _ZH_NOUN_QUALIFIED_AFTER.match(text, quantity.end)
                )
            ):
                reason = "qualifier"  # "accounts over $1m", "in the two main repos", "30分钟以上的"
            elif (
                previous is not None
                and previous.skip is None
                and (
                    _RANGE_JOIN.fullmatch(text[previous.end : quantity.start])
                    # "Hire 5 to 8 engineers": things counted after both ends, as "5 到 8 家".
                    or (
                        quantity.kind == "count"
                        and _EN_RANGE_JOIN.fullmatch(text[previous.end : quantity.start])
                    )
                )
                # "$40-45k": a currency before the lower end is both ends'.
                and (
                    previous.unit in (None, quantity.unit)
                    or (quantity.unit is None and text[previous.start] in "$¥€£")
                )
                # "从 3 到 5" is a start and a target; "从 40-45 万提升到 60 万" starts in a range.
                and not (
                    _FROM_BEFORE.search(context_before(text, previous.start))
                    and not (has_later and _DASH_JOIN.fullmatch(text, previous.end, quantity.start))
                )
                # "提升 5 个百分点至 35%": a change in points, then the level it reaches.
                and not POINTS.search(text[previous.start : previous.end])
                and not start_to_target(text, previous, quantity)
            ):
                reason = "range"  # "2到3名", "3–5 个": the lower end is the target
                # "300-350 万元", "3~5k": the scale written once after the upper end is both
                # ends' (probe9 S1 read 300 元, 10,000× too small).
                low = previous.value
                if (
                    low is not None
                    and written_scale(text, quantity)
                    and not written_scale(text, previous)
                ):
                    low *= written_scale(text, quantity)
                result[-1] = Quantity(low, previous.start, previous.end, quantity.kind,
                                      quantity.unit or previous.unit)  # fmt: skip
            elif previous is not None and re.fullmatch(
                r"\s*\(\s*", text[previous.end : quantity.start]
            ):
                reason = "restatement"  # "by 50% (2x)"
            elif (
                has_later
                and quantity.unit
                and re.fullmatch(_EN_TIME, quantity.unit)
                and _ATTRIBUTIVE.match(text, quantity.end)
                and percent_after
            ):
                reason = "name"  # "a 1 hour response SLA 100% of the time": the SLA's name
            elif means and quantity.end <= means.end() and has_later:
                reason = "means"
        result.append(Quantity(quantity.value, quantity.start, quantity.end, quantity.kind,
                               quantity.unit, reason))  # fmt: skip
    return result


# An embedded question after the opening verb: what the work finds out, not a level to reach.
_QUESTION = re.compile(
    r"(?i:\W*([a-z]+)\s+(?:(?:out|up)\s+)?(?:which|whether|what|how|why|where|who|when)\b"
    r"[^,;:.!?，；：。]*)"
)


def _question_end(text: str) -> int:
    """Where the question the opening imperative asks ends ("Analyse which accounts are most
    likely to reach 60+ days past due", "Find out how many users …"), or 0: a number before it
    is what the work finds out, no level to reach. Matched once per line (linear work)."""
    question = _QUESTION.match(text)
    if question is None or not wordclass.is_en_verb_lemma(question.group(1)):
        return 0
    return question.end()


_ARABIC_NUMBER = re.compile(_ARABIC)
# "10万+", "100+", "5k+": a plus after a number says "or more" (not "5+3", a sum).
AT_LEAST_PLUS = "+"
_AT_LEAST_PLUS = re.compile(r"\+(?![\d+])")

# Words that make a lower-case "m" after a number a metre or a minute rather than a million.
_METRES_OR_MINUTES = re.compile(
    r"(?i:\b(?:metres?|meters?|minutes?|mins?|time|times|latency|duration|delay|wait|distance"
    r"|run|runs|running|swim|walk|height|length|depth|deep|tall|long)\b)"
    r"|米|分钟|时长|耗时|时间|延迟|等待|距离|跑|游泳|长度|高度|深度"
)


def written_scale(text: str, quantity: Quantity) -> int:
    """The scale word written after an Arabic number (`350 万` → 10,000, `5k` → 1,000) or
    after Chinese numerals (`两千 万`, `两千万` → 10,000: 千 and 百 are a numeral's places, 万
    and 亿 its scale, as `2000 万` writes it), else 0 (issue 9, h9w)."""
    match = _ARABIC_NUMBER.match(text, quantity.start)
    scale = match.group("scale") if match and match.end() <= quantity.end else None
    if scale:
        return _SCALE[scale.strip()]
    numeral = _ZH_SCALED.match(text, quantity.start)
    return _SCALE[numeral[1]] if numeral and numeral.end() <= quantity.end else 0


# Chinese numerals then one scale (`两千 万`, `三百万`), nothing of the number after it.
_ZH_SCALED = re.compile(rf"[{_ZH_NUMERAL_CHARS}]+\s?(万|亿)(?![{_ZH_NUMERAL_CHARS}万亿\d])")


def _quantity(text: str, match: re.Match[str]) -> Quantity | None:
    start, end = match.span()
    groups = match.groupdict()
    if other_digit(match.group()):
        # `从 ٣ 到 ٥٠ 人`: digits of another script are no number read (D15), and a key result
        # written with them is refused as the value fields refuse them, never read as 3 → 50.
        return Quantity(None, start, end, "ambiguous", None, "ambiguous")
    if groups["letter"]:
        return Quantity(None, start, end, "ambiguous", None, "letter")
    if groups["pm_zh"]:
        return Quantity(numeral_value(groups["pm_zh"]), start, end, "number", "‰")
    if groups["pmy_zh"]:
        return Quantity(numeral_value(groups["pmy_zh"]), start, end, "number", "‱")
    if groups["tenths"]:
        tenths = numeral_value(groups["tenths"])  # 十成 is 100 %
        return Quantity(Decimal(tenths * 10), start, end, "percent", "%")
    if groups["pct_zh"]:
        return Quantity(numeral_value(groups["pct_zh"]), start, end, "percent", "%")
    if mixed := groups["mixed"]:
        value = chinese_numerals_value(mixed.replace("点", "."))
        if value is None:
            return Quantity(None, start, end, "ambiguous", None, "ambiguous")
        value, end = _spaced_zh_scale(text, end, value)
        unit, kind, end = _unit(text, end, _UNIT_AFTER.match(text, end))
        return Quantity(value, start, end, kind, unit)
    if groups["mult"]:
        value = Decimal(_MULTIPLIER_WORDS[re.sub(r"\s+", " ", groups["mult"].lower())])
        return Quantity(value, start, end, "multiplier", "x")
    if groups["ph"]:
        if not _placeholder_in_number_position(text, start, end, _UNIT_AFTER.match(text, end)):
            return None
        # "xx亿元", "$Xm": the scale multiplies an unknown number; the unit after it is still
        # the unit.
        if scale := _ZH_SCALE_AFTER.match(text, end) or _EN_SCALE_LETTER.match(text, end):
            end = scale.end()
        unit_match = _UNIT_AFTER.match(text, end)
        unit, _, end = _unit(text, end, unit_match)
        if text[start - 1 : start] == "$":
            # "$N", "$Xm": the sign is the unit and part of the amount, as in "$5m".
            return Quantity(None, start - 1, end, "placeholder", "$")
        return Quantity(None, start, end, "placeholder", unit)
    if word := groups["word"]:
        # The pattern is built from _EN_WORDS: a word it matches that the table lacks is a
        # mistake to see (KeyError), never a silent 0.
        value = Decimal(0 if word == "零" else en_number_value(word))
        if scale := _SCALE_WORD.match(text, end):
            value *= _SCALE[scale.group(1).lower()]
            end = scale.end()
    elif groups["zh"]:
        numeral = groups["zh"]
        signed = bool(groups["zh_sign"])  # 负五: a sign makes a lone numeral a number
        if not (signed or _zh_numeral_is_number(text, end, numeral)) or _REFERENCE_PERIOD.match(
            text, max(0, start - 1)
        ):
            return None
        value, end = _spaced_zh_scale(text, end, numeral_value(numeral))
        if groups["zh_sign"]:
            value = -value
    elif groups["ambiguous"]:
        return Quantity(None, start, end, "ambiguous", None, "ambiguous")
    elif groups["exponent"]:
        return Quantity(None, start, end, "ambiguous", None, "exponent")
    else:
        value = numeral_value(groups["num"])
        if groups["sign"] or groups["lead"]:
            value = -value
        if groups["scale"]:
            if (
                groups["scale"] == "m"
                and not groups["currency"]
                and _METRES_OR_MINUTES.search(text)
            ):
                return Quantity(None, start, end, "ambiguous", None, "metres_or_million")
            scale = _SCALE[groups["scale"].strip()]
            value *= scale
            if groups["spaced_short"]:
                return Quantity(None, start, end, "ambiguous", None, "ambiguous")
            if tail := groups["tail"]:
                value = add_lesser_magnitudes(value, scale, tail)
                if value is None:  # "5 千 10 万": which was meant is asked, never guessed
                    return Quantity(None, start, end, "ambiguous", None, "ambiguous")
            elif short := groups["short"]:
                value += int(short) * (scale // 10)  # 12万5 is 125,000: 5 in the next unit down
    if plus := _AT_LEAST_PLUS.match(text, end):
        end = plus.end()  # "10万+", "500+ 人": at least the number; the unit follows the plus
    unit_match = _UNIT_AFTER.match(text, end)
    unit, kind, end = _unit(text, end, unit_match)
    if kind != "percent" and (rate := _RATE_AFTER.match(text, end)):
        # "5 次/周", "7,000/month", "8/quarter blog posts": the period is part of the amount
        # (no date, no fraction, not the metric); the noun counted may follow it.
        end = rate.end()
        if unit is None and (noun := _counted_noun(text, end)):
            unit, kind = noun, "count"
    if groups.get("currency"):
        unit = groups["currency"]
    return Quantity(value, start, end, kind, unit, _skip_reason(text, match, value, unit))


# A magnitude written apart from a Chinese numeral (`三千 万元`, `二十5 万元`), as `3000 万元` is
# read: left unread, the 万 fell out of the unit and 3,000 万元 was stored as 3,000 (probe 18).
_ZH_SCALE_APART = re.compile(r"\s+(千万|百万|十万|万|亿)(?!一)")  # 万一: "in case"


def _spaced_zh_scale(text: str, end: int, value: Decimal) -> tuple[Decimal, int]:
    if scale := _ZH_SCALE_APART.match(text, end):
        return value * _SCALE[scale.group(1)], scale.end()
    return value, end


_LESSER_PART = re.compile(rf"(\d+(?:\.\d+)?)\s?({_LESSER_MAGNITUDE})")


def add_lesser_magnitudes(value: Decimal, scale: int, tail: str) -> Decimal | None:
    """`value` (written in the magnitude `scale`) with the smaller magnitudes written after it
    (`tail`: " 5 千" of "10 万 5 千", "2千万" of "1亿2千万"), or None where a part is not
    smaller than the one before it ("5 千 10 万", "1 亿 20 千万"): the one reading of a
    compound number for titles and value fields (okrs.numbers)."""
    for digits, word in _LESSER_PART.findall(tail):
        part = Decimal(digits) * _SCALE[word]
        if _SCALE[word] >= scale or part >= scale:
            return None
        value, scale = value + part, _SCALE[word]
    return value


COMPOUND_MAGNITUDES = re.compile(
    rf"(?P<head>\d+(?:\.\d+)?)\s?(?P<scale>{_LESSER_MAGNITUDE}|亿)"
    rf"(?P<tail>(?:\s?\d{{1,4}}\s?{_LESSER_MAGNITUDE})+)"
)


def compound_magnitudes(text: str) -> Decimal | None:
    """The value of `text` (normalised, trimmed) written in two or more Chinese magnitudes
    after digits (`10 万 5 千` 105,000, `1 亿 2 千万` 120,000,000, `1亿2千万`), or None where it
    is not one such number or its magnitudes are out of order (`5 千 10 万`)."""
    match = COMPOUND_MAGNITUDES.fullmatch(text)
    if match is None:
        return None
    scale = _SCALE[match["scale"]]
    return add_lesser_magnitudes(Decimal(match["head"]) * scale, scale, match["tail"])


def rate_period(text: str, quantity: Quantity | None) -> str | None:
    """The period a count is a rate over ("周" for "5 次/周" and "每周 3 次", "week" for "3
    interviews per week"), as written (singular), or None."""
    if quantity is None or quantity.kind not in ("count", "number"):
        return None
    found = _RATE_AFTER.search(text, quantity.start, quantity.end)
    if found is None:
        end = quantity.end
        # The noun after the unit: "3 interviews per week"; after an amount of money, what it
        # is ("$7,000 MRR per month").
        counted = quantity.unit
        if counted and not (counted[:1].isascii() and counted[:1].isalpha()):
            counted = _counted_noun(text, end)
        if counted and counted[:1].isascii() and counted[:1].isalpha():
            noun = re.compile(r"\s+" + re.escape(counted)).match(text, end)
            end = noun.end() if noun else end
        found = _RATE_AFTER.match(text, end) or _PER_WORD.match(text, end)
        if found is None and (what := _OF_WHAT.match(text, end)):
            found = _PER_WORD.match(text, what.end())  # "2 litres of water a day"
    if found is None and (
        (quantity.kind == "count" and not (quantity.unit or "a").isascii())
        or quantity.unit in _ZH_AMOUNTS  # "每天喝水2升", "每周跑步10公里"
    ):
        # "每周 3 次", "每週至少做5次": a cadence earlier in the same clause.
        clause = max(text.rfind(mark, 0, quantity.start) for mark in ",，;；。") + 1
        found = _EACH_PERIOD.search(text, clause, quantity.start) or _ZH_NOUN_RATE.match(
            text, quantity.end
        )
    if found is None:
        return None
    per = found.group("per").lower()
    return {"季": "季度", "日": "天"}.get(per, per.removesuffix("s"))


# Where a change states its start or its target (issue 9, h9o): "从 三 增长到", "由两提升至",
# "增长到 五" at the end of a clause. A numeral there is the number, as digits there are
# (`从 3 增长到 5万`).
_ZH_START_BEFORE = re.compile(r"(?:从|由)\s?$")
_ZH_CHANGE_AFTER = re.compile(rf"\s?(?:到|至|降到|降至|{lexicon.CHANGE_VERB_ZH})")
_ZH_TARGET_BEFORE = re.compile(rf"(?:{lexicon.CHANGE_VERB_ZH}|降)(?:到|至) ?$")
_ZH_CLAUSE_END = re.compile(r"\s*(?:$|[,，;；。、)）])")


def _in_a_change(text: str, start: int, end: int) -> bool:
    """Whether the numeral at text[start:end] stands where a change states its start (after
    从/由, before 到 or a change verb) or its target (spaced after 增长到 …, ending the clause)."""
    before = text[max(0, start - 4) : start]
    if _ZH_START_BEFORE.search(before):
        return bool(_ZH_CHANGE_AFTER.match(text, end))
    return bool(_ZH_TARGET_BEFORE.search(text, max(0, start - 5), start)) and bool(
        _ZH_CLAUSE_END.match(text, end)
    )


def _zh_numeral_is_number(text: str, end: int, numeral: str) -> bool:
    numeral = numeral.translate(_ZH_CAPITAL)
    # Only a numeral before a measure word or a unit is a quantity: this keeps words such as
    # 一定, 统一, 三方 out. "一个/一套" is an article ("上线一个新版本"), not a count.
    if _ARTICLE_ONE.match(text, end - 1) and numeral == "一":
        return False
    if numeral == "一" and _NONE_BEFORE.search(text, 0, end - 1):
        return False  # "没有一笔坏账", "没有一起事故": not a single one, no count of one (h10s)
    # 一对一, 一对多, 多对一: a compound ("one-on-one"), not a count of pairs.
    if _ONE_ON_ONE.match(text, end) or _ONE_ON_ONE_AFTER.search(text, 0, end - len(numeral)):
        return False
    return (
        bool(_UNIT_AFTER.match(text, end))
        # "提升到 两 万元": a magnitude written apart after it (_spaced_zh_scale).
        or bool(_ZH_SCALE_APART.match(text, end))
        or _in_a_change(text, end - len(numeral), end)
        # "进入前三", "跻身行业前十": a rank (_ranks) needs no measure word after it.
        or bool(_ZH_RANK_BEFORE.search(text, 0, end - len(numeral)))
        or numeral[-1] in _ZH_BIG_UNIT
        or (len(numeral) > 1 and numeral[-1] in _ZH_SMALL_UNIT)
        # 一万二, 两千三, 一万零五: a numeral naming a unit of a hundred or more is a number
        # even when it ends on a digit.
        or (len(numeral) > 2 and any(char in "百千万亿" for char in numeral))
        # 十二, 三十五: tens and units are a number without a unit after them, as 12 and 35
        # are ("用户数达到十二"); a lone 十 stays a word (十足, 十全十美).
        or (
            bool(_TENS_AND_UNITS.fullmatch(numeral))
            # 十一 before 前/后/假期/长假/黄金周 is the National Day holiday, not eleven.
            and not (numeral == "十一" and _HOLIDAY_AFTER.match(text, end))
        )
    )


_ONE_ON_ONE = re.compile(r"对[一二两三多]")
_ONE_ON_ONE_AFTER = re.compile(r"[一二两三多]对$")
_TENS_AND_UNITS = re.compile(r"[一二三四五六七八九]?十[一二三四五六七八九]")
_HOLIDAY_AFTER = re.compile(r"[前后]|假|长假|黄金周|期间|国庆")


def _placeholder_in_number_position(text: str, start: int, end: int, unit: re.Match | None) -> bool:
    before = context_before(text, start).rstrip()
    if text[start - 1 : start] == "$" or unit or _ZH_SCALE_AFTER.match(text, end):
        return True
    # "从X提升到Y", "从 X 到 Y": a baseline or a target between Chinese words that mark one.
    if _ZH_PLACEHOLDER_MARK_BEFORE.search(before) or _ZH_PLACEHOLDER_MARK_AFTER.match(text, end):
        return True
    # "Sign xx new customers", "达到 xx": a placeholder standing alone after a verb or comparator.
    # A lone letter standing alone is a name as often as a placeholder ("Launch X", "Plan B"),
    # and one set in emphasis ("Launch *X* by Q2", its marks gone before reading) is a name the
    # author set off (h9j): only a placeholder's own shape (xx, XX, TBD, ××, 某某) or a number's
    # position above (a unit, `$`, a scale, 从/到) makes a single letter one.
    if end - start == 1:
        # ... or the place a number has in English (h10n): the level after a change's `to`
        # ("from 30 to X"), before the plural noun it counts ("Sign X new customers", where
        # "Adopt X framework" names one).
        if _LEVEL_TO.search(before) and _CLAUSE_ENDS.match(text, end):
            return True
        counted = text[end : end + 1] == " " and _counted_noun(text, end)
        return bool(before) and bool(counted) and bool(_PLURAL.search(counted))
    return text[start - 1 : start] == " " and bool(before) and text[end : end + 1] in ("", " ")


def _unit(text: str, end: int, match: re.Match[str] | None) -> tuple[str | None, str, int]:
    """(unit, kind, new end) for the token ending at `end`."""
    if match is None:
        noun = _counted_noun(text, end)
        return noun, "count" if noun else "number", end
    name = match.lastgroup
    if name == "percent":
        return "%", "percent", match.end()
    if name == "multiplier":
        return "x", "multiplier", match.end()
    if name == "share":  # "2 per mille" is 2‰: one spelling, the sign
        return unit_key(match.group(name)), "number", match.end()
    # Measure words count things; time and money units are kept as written ("ms", "小时", "元").
    return match.group(name).strip(), "count" if name == "measure" else "number", match.end()


def _counted_noun(text: str, end: int) -> str | None:
    """The English noun phrase a number counts: "10 blog posts" → "blog posts" (up to 3 words)."""
    words = []
    position = end
    # "20+ engineers": the plus says "or more", the noun follows it.
    extra = _MORE.match(text, end)
    if extra:
        position = extra.end()  # "1 more SDR" counts SDRs
    while len(words) < 4:
        match = _NOUN_WORD.match(text, position)
        word = match.group(1) if match else ""
        after = _NOUN_WORD.match(text, match.end()) if match else None
        # "1 large or strategic deal", "committee process or program": one noun phrase.
        joins = (
            bool(words)
            and word.lower() in ("and", "or")
            and after is not None
            and after.group(1).lower() not in _STOPWORDS
            and not lexicon.is_en_verb(after.group(1))
        )
        following = after.group(1).lower() if after else ""
        # A verb after a plural ("5 customers sign up") or before its object ("3 engineers join
        # the team") is the predicate; after a singular noun it is part of it ("one blog post").
        plural_before = bool(re.search(r"[^s]s$", words[-1] if words else ""))
        before_object = following in _OBJECT_WORDS or following[:1].isdigit()
        predicate = (
            (lexicon.is_en_verb(word) and (plural_before or before_object))
            or (plural_before and before_object and wordclass.is_en_verb_lemma(word))
            # "1 engineer participates in …", "one designer joins each review": a verb that
            # agrees with one of a singular noun, before a preposition or its object (after
            # other counts "3 feature flags" is one noun).
            or (
                words
                and not plural_before
                and _ONE_BEFORE.search(text, 0, end)
                and word.endswith("s")
                and (lexicon.is_en_verb(word) or wordclass.is_en_verb_form(word))
                and (following in _STOPWORDS or before_object)
            )
        )
        # "members focused on …": a participle before a preposition closes the noun.
        participle = word.lower() in _PARTICIPLES or (
            word.lower().endswith("ed")
            and wordclass.is_en_verb_form(word)
            and (not following or following in _STOPWORDS)
        )
        if (
            not match
            or (word.lower() in _STOPWORDS and not joins)
            or (words and (predicate or participle))
        ):
            break
        words.append(match.group(1))
        position = match.end()
    return " ".join(words) or None


_FOR_BEFORE = re.compile(r"[为為]\s?$")


def _for_a_named_one(text: str, match: re.Match[str], before: str, unit: str | None) -> bool:
    """A bare number after 为 ("for") with a verb right after it names whom the work is for (a
    product or model number: "为 8085 赢得 10 款新设计", "為 Z80 拿下…"), not a count: a count
    after 为 is a level ("目标为 80 分") or has its measure word ("为 50 家门店提供")."""
    if unit or match.group("scale") or match.group("currency") or not _FOR_BEFORE.search(before):
        return False
    after = text[match.end() : match.end() + 8]
    if not re.match(r"\s?[\u4e00-\u9fff]", after):
        return False
    first = next((t for t in wordclass.zh_tokens(after.strip()) if t.word.strip()), None)
    return first is not None and first.flag == "v"


def _skip_reason(text: str, match: re.Match[str], value: Decimal, unit: str | None) -> str | None:
    start = match.start()
    before = text[max(0, start - 12) : start]
    after = text[match.end() : match.end() + CONTEXT]
    raw = match.group("num") or ""
    if any(
        clock.start() <= start < clock.end()
        for clock in _ROUND_THE_CLOCK.finditer(text, max(0, start - 5), match.end() + 5)
    ):
        return "name"  # "24/7 support": the hours of a service
    if raw and (_PRODUCT_BEFORE.search(before) or _RESOLUTION.match(text, start)):
        return "name"  # "iOS 17", "Java 8", "GPT-4", "4K video"
    if raw and _for_a_named_one(text, match, before, unit):
        return "name"  # "在本季为 8085 赢得 10 款新设计": the product won for, no count
    if before.endswith("/") or re.search(r"(?i:\bout\s+of\s*)$", before):
        return "denominator"  # "4.2/5", "8 out of 10": the scale, not the level
    if re.match(r"(?i:-on-)\d", after) or re.search(r"\d(?i:-on-)$", before):
        return "name"  # "1-on-1 meetings": a kind of meeting, as one-on-one is
    if before.endswith("第") or re.match(r"(?i:st|nd|rd|th)\b", after):
        return "ordinal"  # "第3名", "by the 15th of each month"
    if re.match(r"\s*(?:[-~～至到]\s*\d{1,2}\s*)?月", after) or (
        re.search(r"\d\s*[-~～至到]\s*$", before) and re.match(r"\s*月", after)
    ):
        return "date"  # "6-8月": months, not a count
    if raw and (
        re.match(r"\.\d", after)
        or re.search(r"\d\.$", before)  # the 3 of "v1.2.3": a version's last part, no target
        or (raw.count(".") > 1 and not DOTTED_GROUPS.fullmatch(raw))
    ):
        return "version"  # "0.5.0"
    if raw and _ID_PREFIX.search(before) and not match.group("currency"):
        return "identifier"
    if raw and not match.group("scale") and _TECH_NAME.match(text, start):
        return "name"  # "完成3D打印样机", "5G网络覆盖率": a product's or technology's name
    if (
        "." in raw
        and unit is None
        and (prefix := _VERSION_PREFIX.search(before))
        # "Achieve 4.7+ CSAT": a verb's object, or a number "or more", is no version.
        and not lexicon.is_en_verb(prefix.group().strip())
        and not after.startswith("+")
    ):
        return "version"
    if (
        re.fullmatch(r"\d+\.0", raw)
        and unit is None
        and re.search(r"[\u4e00-\u9fffA-Za-z]\s?$", before)
        and not re.search(r"(?:达到|达|至|到|为|提升|提高|(?i:\bto|\bat))\s?$", before)
    ):
        return "version"  # "导师制2.0", "新手引导 2.0"
    if re.match(r":\d{2}(?!\d)", after) or re.search(r"\d:$", before):
        return "time of day"  # "每天23:00前睡觉"
    if (
        re.match(r"/\d{1,2}(?=\s?[\u4e00-\u9fff])", after)
        and value <= 12
        and value == value.to_integral_value()  # "4.8/5 星" is a score, no month
    ):
        return "date"  # "完成6/15的毕业答辩": June 15
    if raw and unit is None and re.search(r"(?i:\bversion\s?|\bv)$", before):
        return "version"  # "Release version 2 with 10 new integrations", "Launch v3 with …"
    if raw and re.match(r"\s?(?:版本|版|(?i:version|release)\b)", after):
        return "version"  # "发布 2.0 版本"
    if raw and re.fullmatch(r"\d\d", raw) and re.search(r"(?:19|20)\d\d\s?[-–/]\s?$", before):
        return "year"  # "2017-18财年", "FY2017-18": the second year of a span
    if (
        raw
        and re.fullmatch(r"(?:19|20)\d\d", raw)
        and value > 0  # "-1999" is a signed level, never a year
        and unit in (None, "年", "years", "year")
        and not match.group("scale")
        and not _in_a_value_slot(text, match, unit)
    ) or (raw and re.fullmatch(r"(?:19|20)\d\d", raw) and re.search(r"(?i:\bthe\s)$", before)):
        return "year"
    return None


# Where a level is written (h10m, A1): after the words that lead to one ("提升到 2000", "from 800
# to 1999", "800 → 2000", "从 2000"). A number from 1900 to 2099 there is the value: it was taken
# for a year and dropped, "用户数从 800 提升到 2000" read as a target of 800.
_VALUE_SLOT = re.compile(
    r"(?:[到至为→]|->|=>|从|由|达到|(?<![A-Za-z])(?i:to|from|reach|reaches|reached|hit))\s?$"
)
# ... and before the arrow that leads from a start to its target ("Users: 2000 → 800").
_ARROW_AFTER = re.compile(r"\s?(?:→|->|=>)")
# ... unless a date's word stands beside it, as where a year is written ("到 2026 年",
# "to 2026 Q3", "to 2026-06", "to 2026 H2", "提升到 2026 财年"): the year it names.
_DATE_AFTER = re.compile(r"\s?(?:年|财年|(?i:Q[1-4]|H[12])(?![A-Za-z\d])|[-/.]\d)")


def _in_a_value_slot(text: str, match: re.Match[str], unit: str | None) -> bool:
    """Whether the year-like number `match` stands where a level is written, not a date."""
    before = text[max(0, match.start() - 8) : match.start()]
    return (
        unit is None
        and bool(_VALUE_SLOT.search(before) or _ARROW_AFTER.match(text, match.end()))
        and not _DATE_AFTER.match(text, match.end())
    )
