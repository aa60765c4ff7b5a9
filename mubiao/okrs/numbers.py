"""Numbers as people type them: the one reader behind every number field (check-ins, key
result start/target, weights, confidence, scores) on the web, in imports and in the services.

Pure Python (no Django), so it can be tested on its own; `mubiao.okrs.number_input` turns its
errors into messages in the person's language.

What it reads, after Unicode compatibility folding (full-width `１２３`, `４．５`, `％`, `，`):

- plain and signed numbers: `42`, `-3`, `+2.5`, `.5`, `−3` (minus sign);
- thousands grouped in threes by a comma or a space: `1,234`, `1 234 567.5`. English and
  Chinese both write decimals with a point, so a comma that does not group thousands (`4,5`,
  `1,23`, and the European `1.234,5` and `1 234,5`) is refused as ambiguous rather than read
  as 45 or 4.5;
- one dot before exactly three digits (`1.200`, `1.000`) is read as a decimal point, as
  English and Chinese write it; where the thousands reading (1,200) lies within a key result's
  range and the decimal one (1.2) is far below it, every path asks "did you mean 1,200?"
  (okrs.rules.meant_as_thousands); typed as a start or target, which no range explains yet,
  it is asked about every time (services.scale); a semicolon-separated CSV (the European
  layout, where the dot groups thousands) refuses it as ambiguous. On a key result that
  counts whole things (人, 个, 家, users: counts_whole), where 1.2 of them is no likelier than
  1,200, it is refused naming both readings (ambiguous_dot), whatever the range, and nothing
  is read;
- dots grouping thousands more than once (`1.200.000`, `12.345.678 元`): no decimal has two
  points, so there is one reading, 1,200,000, read on every key result (as the title reader
  reads it); with a decimal comma after them (`1.200.000,5`) the comma is refused as above.

The convention in one line: a comma groups thousands or is refused; one dot is a decimal point
(asked about where thousands are likelier, refused on a count); two or more dots group
thousands.
- the key result's own unit before or after the number: `3 分钟`, `280人`, `¥3000` for 元;
  any other unit is refused (`3 小时` on a key result counted in 分钟);
- a duration in two or three units (`1 分 30 秒`, `1分30秒`, `一分三十秒`, `1 min 30 s`,
  `1h30m`) or with a half (`一个半小时`), read by the title reader's
  okrtext.numbers.duration (its numbers as okrtext.numbers.numeral_value reads every
  number of a title) and converted into a key result counted in
  秒, 分钟 or 小时 (1.5 on 分钟, 90 on 秒); refused naming both units on any other;
- `%` (and `百分之…`) only where the value is a percentage; elsewhere it is refused, because
  `4.5%` of a number key result could mean 4.5 or 0.045 of something; `八成` / `两成` are
  tenths (80, 20) where a percentage is measured; `45‰` and `千分之六` are per mille: as they
  are on a key result counted in ‰, converted on a percentage (45‰ is 4.5 %, never 45 %), and
  refused naming both units elsewhere;
- scale words: `3.5万`, `2亿`, `1.2k`, `2.5M`, `3 million`, `2bn`, and `1.5m` / `$1.5
  mil` where the key result counts money or things (elsewhere `m` is a metre or a
  minute: refused); on a key result whose unit carries a magnitude (万元, 亿元, 千元, 万人, 亿,
  K, k USD, M USD) they are converted into it: `1亿` or `1亿元` on 万元 is 10,000, `5000万元`
  on 亿元 is 0.5, `5万` on 千元 is 50, `$250k` on M USD is 0.25, while `3.5万元` and a bare
  `3.5` are 3.5 of the unit. A magnitude below 万 typed without the unit's base on a unit in
  a Chinese magnitude of 万 or more (`1千`, `5k` on 万元 or 亿元) is asked about naming both
  readings (smaller_magnitude: 1,000 万元 or 0.1 万元); a larger one (`5000万` on 亿元: 0.5)
  or one on a Latin scale (`250k` on M USD: 0.25) is the amount (number_or_amount), and a
  Chinese numeral with no 万 or 亿 is a number (`三千` on 万元 is 3,000 万元, as `3000` is;
  issue 9, h9w). A magnitude typed before the whole unit multiplies it (`8万 千元` is
  80,000 千元, as `5千万元` is 5,000 万元); a magnitude in another currency or count
  (`5万元` on M USD, `1亿人` on 万元) is refused naming both units, never stored in the wrong
  scale;
- Chinese numerals as a title reads them (okrtext.numbers.chinese_numerals_value, cn2an's smart
  mode): `三`, `十二`, `一万零五`, `一点五`, `负三`, `1百`, `3千`, `十5` (15); `三5` and `万5`
  have no one reading and are refused;
  digits in two or more magnitudes, spaced or not, as a title reads them
  (okrtext.numbers.compound_magnitudes): `10 万 5 千` 105,000, `1 亿 2 千万` 120,000,000;
  out of order (`5 千 10 万`) refused;
- a unit spelled another way than the key result's (okrtext.numbers.UNIT_SYNONYMS): `300 毫秒`
  and `300 msec` on ms, `3 钟头` on h, `300 元` on ¥ or CNY, `45pct` on %;
- on a done / not-done key result: `完成`/`未完成`, `done`/`not done`, `是`/`否`, `yes`/`no`,
  `1`/`0`.

Two signs (`--5`, `+-5`) are refused naming them, never read as one of them or as a change;
a sign after a currency (`USD -5`, `¥-5`) is the number's, as before it (`-USD 5`, `-¥5`); a
number in brackets (`(5)`, an accountant's -5) is refused asking for the sign.

Superscripts and fractions (`5²`, `½`) are refused, never folded into digits; what follows a
number without being a unit (`1'234`, `1_000`, `0x10`, `280+`, `一半`) is not a number.

Everything else raises :class:`NumberError` with a `code` and the `params` its message needs;
nothing typed is ever silently changed (more decimal places than are stored are refused, not
rounded).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from mubiao.okrtext.numbers import (
    COMPOUND_MAGNITUDES,
    CURRENCY_CODES,
    EN_NUMBER,
    EN_NUMBER_WORDS,
    POINTS,
    THOUSANDS,
    UNIT_SYNONYMS,
    chinese_numerals_value,
    compound_magnitudes,
    duration,
    en_number_at,
    find_quantities,
    other_digit,
    share_percent,
    unit_key,
)
from mubiao.okrtext.reading import conversion_factor, in_unit, unit_dimension
from mubiao.okrtext.text import normalise

# Values are stored with 4 decimal places in 20 digits (okrs.models); every value stays within
# the bound okrs.limits gives that column, both ends included (-10¹⁵ and 10¹⁵ are values, as
# the refusal "between -10¹⁵ and 10¹⁵" says; issue 9, h9b2).
MAX_ABS = Decimal(10) ** 15
STORED_PLACES = 4

CODES = (
    "empty",
    "not_a_number",
    "ambiguous_comma",
    "ambiguous_dot",
    "wrong_unit",
    "unit_not_expected",
    "percent_not_allowed",
    "too_many_places",
    "too_large",
    "too_small",
    "too_many_digits",
    "not_whole",
    "out_of_range",
    "not_done_word",
    "units_disagree",
    "exponent",
    "not_plain_digit",
    "a_change",
    "two_signs",
    "brackets",
    "too_long",
    "a_range",
    "out_of",
    "a_share",
    "negative_duration",
    "inexact_in_unit",
    "half",
    "word_before",
    "approximate",
    "other_digit",
    "smaller_magnitude",
    "half_after_unit",
    "done_on_milestone",
    "m_on_time",
)

# No number a person types is longer than this (the longest sensible one, `¥123,456,789,012,345.6789
# 万元`, has 30 characters); a longer text is refused before it is read, so that no typed value,
# however long, costs more than this much reading (a 100,000-character paste held a web worker
# for its whole timeout).
MAX_LENGTH = 100

_SCALES = {
    "k": 10**3, "K": 10**3, "thousand": 10**3, "million": 10**6, "billion": 10**9,
    "千": 10**3, "万": 10**4, "十万": 10**5, "百万": 10**6, "千万": 10**7, "亿": 10**8,
    "M": 10**6, "B": 10**9, "mn": 10**6, "bn": 10**9, "b": 10**9, "w": 10**4, "W": 10**4,
    "mio": 10**6, "Mio": 10**6,
}  # fmt: skip
# The ticks and crosses of every keyboard: √ is how a Chinese input method types ✓.
_DONE = {"1", "done", "yes", "y", "true", "完成", "已完成", "是", "达成", "已达成", "✓", "✔", "√",
         "☑", "✅"}  # fmt: skip
_NOT_DONE = {"0", "not done", "no", "n", "false", "未完成", "没完成", "否", "未达成", "✗", "✘",
             "×", "☒", "❌"}  # fmt: skip
# The symbols a person types for the currency a unit names.
CURRENCY_SYMBOLS = {
    "¥": {"元", "¥", "rmb", "cny", "人民币", "块"},
    "$": {"$", "us$", "usd", "美元", "dollar", "dollars", "us dollars"},
    "hk$": {"hk$", "hkd", "港元", "港币"},
    "€": {"€", "eur", "欧元", "euro", "euros"},
    "£": {"£", "gbp", "英镑"},
    "jpy": {"jpy", "日元"},
}
# Units that carry a magnitude (万元, 亿元, 万人, 万): the scale word and what it counts.
_UNIT_SCALES = ("十万", "百万", "千万", "万", "亿")
# Magnitudes a unit carries only before nothing, a currency or a count (千元, 千人, k USD, M USD,
# K): 千克, 千米, 千瓦, kg, km, MB and ms are units of their own. Latin letters keep their case
# here, as `M` is a million and `m` a metre.
_COUNT_SCALES = {"千": 10**3, "k": 10**3, "K": 10**3, "M": 10**6, "B": 10**9, "mn": 10**6,
                 "bn": 10**9}  # fmt: skip
# A million as people shorten it in lower case (`1.5m`, `$2 mil`): where the key result counts
# money or things, never a metre or a minute (_strip_units).
_MILLION_SHORT = {"m", "mil"}
_SPACED_SCALE = re.compile(r"(mn|bn|[kKMB])\s+(\S.*)")
_COUNTED = {"", "人", "个", "次", "户", "家", "条", "件", "单", "台", "套", "份", "篇", "名"}
# Chinese numerals that make a number a magnitude (一千二百, 三百万, 5千万).
_CN_SCALE_CHARS = "千万亿仟萬"
_CN_MAGNITUDES = {"千": 10**3, "仟": 10**3, "万": 10**4, "萬": 10**4, "亿": 10**8}
# Words that follow a number to make it approximate or a fraction (3万多, 一半, 280余): not units.
_APPROXIMATE = "半多余几来"
_CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿点负壹贰叁肆伍陆柒捌玖拾佰仟廿"
# Words that say a number is about right (`280左右`, `约 280`, `~280`, `about 280`): no unit and
# no level, so the number is never stored as if measured; refused asking for the exact one
# (h9g: `280左右` was told 左右 is not the key result's unit).
_APPROXIMATOR = re.compile(
    r"^(?:(?i:about|approx\.?|approximately|around|roughly|circa|ca\.|nearly|almost)(?=[\s\d])"
    r"|约莫|大约|大概|差不多|将近|接近|约|[~≈∼])\s*"
    rf"|(?<=[\d{_CN_NUMERAL_CHARS}kKM])\s*(?:左右|上下|多|余)"
    # After the unit (`2.5秒左右`, `280人左右`): was "is in 秒左右" (issue 9, probe 20).
    r"|\s*(?:左右|上下|多|余)$"
    r"|(?<=\d)\s*(?i:ish|or so)$"
)
# A dot closing the digits (`280.`, `1,000.`, `1 000.`) ends the number, with or without
# groups of thousands: both read alike (h9g), never one read and the other refused.
_PLAIN = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)")
# Thousands as the title reader groups them (okrtext.numbers.THOUSANDS: one notion of a comma).
_GROUPED_COMMA = re.compile(rf"{THOUSANDS}(?:\.\d*)?")
_GROUPED_SPACE = re.compile(r"\d{1,3}(?: \d{3})+(?:\.\d*)?")
# `1.200.000`: two dots or more group thousands (no decimal has two points).
_GROUPED_DOTS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
_SIGN = re.compile(r"^([+\-−负])\s*")
# A currency before the number: a symbol (`¥5000`, `HK$ 50`) or a code (`RMB 5000`, `USD 120`).
_CURRENCY_PREFIX = re.compile(
    r"^((?i:HK|US)\$|[¥$€£]|(?i:" + "|".join(CURRENCY_CODES) + r")(?=\s?[\d.-]))\s*"
)
_PERCENT_ZH = re.compile(r"^百分之(.+)$")
# 千分之六 (per mille) and 八成 / 两成 / 十成 (tenths: 80 %, 20 %, 100 %).
# 六成五 / 6成5 is 65 % (a tenth and a hundredth, as 一万二 is 12,000).
_SHARE_ZH = re.compile(
    r"^(?:(千分之)(.+)|([一二两三四五六七八九十]|10|\d)\s*成\s*([一二三四五六七八九]|\d)?)$"
)
_TENTHS = {**{char: str(i) for i, char in enumerate("零一二三四五六七八九")}, "两": "2", "十": "10"}
_PERCENT_WORDS = {"%", "percent", "per cent", "pct", "个百分点", "pp"}
_NUMBER_PART = re.compile(rf"^[\d.,\s{_CN_NUMERAL_CHARS}]+")


class NumberError(ValueError):
    """What is wrong with a typed number: `code` (one of CODES) and the `params` of its
    message (`text` is always the typing as it was given)."""

    def __init__(self, code: str, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


_DASHES = dict.fromkeys(map(ord, "\u2212\u2013\u2012"), "-")


def fold(text: str) -> str:
    """Full-width and other compatibility forms to their plain ASCII/CJK form, spaces of any
    width to one space, invisible format characters left out, trimmed: `１，２３４　人` →
    `1,234 人`."""
    # The minus sign, en dash and figure dash are typed for a minus (`–3%` from a word
    # processor's autocorrect) as the hyphen is: one sign for the reader.
    folded = unicodedata.normalize("NFKC", text).translate(_DASHES)
    # Invisible format characters (zero-width space, BOM, direction marks, soft hyphen: Cf)
    # come with a paste from a web page or chat and mean nothing in a number: `4\u200b5` is 45.
    folded = "".join(char for char in folded if unicodedata.category(char) != "Cf")
    return re.sub(r"\s+", " ", folded).strip()


# `half`, `a half`, `two and a half`: a share of something unnamed (of one? of the target?),
# refused saying so rather than read as 0.5 or dropped.
_HALF = re.compile(r"(?i:\bhalf\b)|^(?:一半|半数)$")
# Words that only say "the level is" before it (`达到 1200 人`, `覆盖 80%`, `reached 300`): the
# number after them is the level. Any other word before a level (`about`, `约`, `超过`) changes
# what the number means, and is refused naming it (word_before), never dropped.
_LEVEL_WORDS = {
    "达到", "达到了", "已达到", "已经达到", "达", "已达", "到达", "覆盖", "覆盖了", "已覆盖",
    "完成", "完成了", "已完成", "现在", "目前", "当前", "现为", "目前为", "当前为", "累计",
    "累计达到", "共", "共计", "合计", "总计", "实际", "实际为",
    "reached", "reach", "hit", "at", "now", "now at", "currently", "currently at", "is", "is at",
    "is now", "total", "actual", "achieved", "completed", "done",
}  # fmt: skip
# A word (English words, or Chinese characters that are no numeral) before where a number
# begins (digits, a sign, a currency, a Chinese numeral or an English number word).
_NUMBER_STARTS = rf"(?:[\d+\-.¥$€£{_CN_NUMERAL_CHARS}]|{EN_NUMBER.pattern})"
_WORD_BEFORE = re.compile(
    rf"(?P<word>[A-Za-z]+(?:\s[A-Za-z]+)*?|[^\W\d_A-Za-z{_CN_NUMERAL_CHARS}]+)\s?:?\s?"
    rf"(?={_NUMBER_STARTS})"
)


_EN_WORD = re.compile(rf"(?i:\b(?:{'|'.join(sorted(EN_NUMBER_WORDS, key=len, reverse=True))})\b)")


def spelled_out(body: str) -> str:
    """`body` (folded) with a number written in English words at its start in digits, as the
    title reader reads it (okrtext.numbers.en_number_at): `twenty-five users` → `25 users`,
    `two million` → `2 million`, `a dozen` → `12`; else `body` as it is."""
    found = en_number_at(body)
    if found is None or re.match(r"-[A-Za-z]", body[found[1] :]):
        return body  # `twelve-ish`: a word of its own, no number (as a title reads it)
    return f"{found[0]}{body[found[1] :]}"


def read_number(text, **limits) -> Decimal:
    """The Decimal a person meant by `text` (_read_number says how it is read, and its
    `limits`). On a level, a word before the number (`达到 1200 人`, `reached 300`) that only
    says "the level is" is read past; any other (`about 300`, `约 1200 人`) is refused naming
    it (word_before), with the number read after it where there is one. A number that cannot
    be read and has a comma between digits that groups no thousands (`¥4,5`, `$4，5k`) is
    asked about for its comma (ambiguous_comma), as `4,5` is, not called no number."""
    try:
        return _read_level(text, **limits)
    except NumberError as error:
        if (
            error.code == "not_a_number"
            and isinstance(text, str)
            and _COMMA_BETWEEN_DIGITS.search(fold(text))
            and ambiguous_separator(text) == ","
        ):
            raise NumberError("ambiguous_comma", text=error.params.get("text", text)) from None
        raise


_COMMA_BETWEEN_DIGITS = re.compile(r"\d,\d")


def _read_level(text, **limits) -> Decimal:
    """read_number, before its comma is asked about."""
    try:
        return _read_number(text, **limits)
    except NumberError as error:
        if error.code != "not_a_number" or not limits.get("level"):
            raise
        raw = str(text)
        worded = _WORD_BEFORE.match(fold(raw))
        if worded is None or _is_unit_word(worded["word"]) or _part_of_a_number(worded["word"]):
            raise
        word, rest = worded["word"], fold(raw)[worded.end() :]
    try:
        value = _read_number(rest, **limits)
    except NumberError as inner:
        if word.casefold() in _LEVEL_WORDS:
            raise NumberError(inner.code, **{**inner.params, "text": raw}) from None
        raise NumberError("word_before", text=raw, typed=word, read=None) from None
    if word.casefold() in _LEVEL_WORDS:
        return value
    raise NumberError("word_before", text=raw, typed=word, read=value)


def _is_unit_word(word: str) -> bool:
    """Whether `word` before a number is a unit or a currency (`USD 5`, `NPS 45`, `min 3`):
    the reader's to accept or refuse as a unit, not a word to name."""
    return word.upper() in CURRENCY_CODES or unit_key(word) in UNIT_SYNONYMS.values()


def _part_of_a_number(word: str) -> bool:
    """Whether `word` before a number is itself part of one written in words (`ten thousand`
    in `ten thousand five hundred`): a number not read, never a word to name."""
    return any(part in EN_NUMBER_WORDS or part in _SCALES for part in word.casefold().split())


def _read_number(
    text,
    *,
    unit: str = "",
    percent: bool = False,
    places: int = STORED_PLACES,
    whole: bool = False,
    digits: int | None = None,
    low: Decimal | int | None = None,
    high: Decimal | int | None = None,
    level: bool = False,
    signed: bool = False,
) -> Decimal:
    """The Decimal a person meant by `text`.

    `unit`: the unit the value is counted in (the key result's unit), accepted before or after
    the number; `percent`: whether a `%` may follow (a percentage key result); `places`: most
    decimal places kept; `digits`: most significant digits kept (what the column stores on
    every database); `whole`, `low`, `high`: further limits (confidence is whole 0–10);
    `level`: the text is a key result's level (a start, target, current value or check-in),
    where a change (`+5`, `+5%`, `15pp`) is refused; `signed`: the level may be below zero (an
    NPS), so its plus sign says which side of zero it is (`+5` is 5) and is no change.
    Raises NumberError.
    """
    raw = "" if text is None else str(text)
    refuse_long(raw)
    _refuse_digit_lookalikes(raw)
    body = fold(raw)
    if not body:
        raise NumberError("empty", text=raw)
    if _HALF.search(body):
        raise NumberError("half", text=raw)
    if approximate := _APPROXIMATOR.search(body):
        _refuse_approximate(body, approximate, raw, unit=unit, percent=percent)
    if len(body) > 1 and body.endswith("半"):
        # `两秒半` on a key result in 秒: 2 秒 and a half, said with the number to enter (it
        # was "is in 秒半"; issue 9, probe 20).
        # The half is of the unit typed (`1小时半` on 分钟 is 90, `两秒半` 2.5 秒).
        number = _NUMBER_PART.match(body[:-1])
        typed = body[number.end() : -1].strip() if number else ""
        try:
            whole_part = _read_number(body[:-1], unit=unit, percent=percent)
            half = _read_number(f"0.5{typed}", unit=unit, percent=percent)
        except NumberError:
            pass
        else:
            raise NumberError("half_after_unit", text=raw, meant=whole_part + half)
    if _TWO_SIGNS.match(body):
        # `--5`, `+-5`, `-¥-5`: which sign was meant is a guess (and `+-5` is no change).
        raise NumberError("two_signs", text=raw)
    if bracketed := _BRACKETS.fullmatch(body):
        # An accountant's `(5)` is -5, a list's `(5)` is 5: the sign is asked for, never guessed.
        raise NumberError("brackets", text=raw, negative="{}-{}{}".format(*bracketed.groups()))
    if level and (POINTS.search(body) or (not signed and body.startswith("+"))):
        # A level is what was measured: "+5", "+5%" and "15个百分点" say how much it moved,
        # and applying that to the held value would depend on which value is held when it
        # arrives (two people at once, an import after a check-in). A minus sign is a
        # negative level (-5 度), as every number is written.
        raise NumberError("a_change", text=raw)
    sign = 1
    sign_match = _SIGN.match(body)
    if sign_match:
        sign = -1 if sign_match.group(1) in "-−负" else 1
        body = body[sign_match.end() :]
    body = spelled_out(body)  # `twenty-five` is 25, as a title reads it
    if _EN_WORD.search(body):
        # `ten thousand five hundred`, `two million and five`: more number words than the title
        # reader reads as one number; not read (never one of its parts read, the rest a unit).
        raise NumberError("not_a_number", text=raw)
    currency = _CURRENCY_PREFIX.match(body)
    if currency and (after := _SIGN.match(body[currency.end() :])):
        # `USD -5`, `¥-5` are -5 as `-USD 5` and `-¥5` are: the sign is kept, wherever it
        # stands (a plus sign there is a change, as `+5` is).
        if level and not signed and after.group(1) == "+":
            raise NumberError("a_change", text=raw)
        sign = -1 if after.group(1) in "-−负" else 1
        body = currency.group(0) + body[currency.end() + after.end() :]
    if _EXPONENT.fullmatch(body):
        # 1e16, 2.5E+3: a computer's way of writing a number, not a person's; its size is
        # easily misread, so it is refused with the range in words (number_input.message):
        # this field's own limit (a weight's 9,999.99), else the largest value.
        limit = high if high is not None else MAX_ABS
        if digits is not None and significant_digits(Decimal(limit)) > digits:
            limit = Decimal(limit).to_integral_value(rounding="ROUND_DOWN")
        # The digits it stands for, as the example of what to type (1e3: 1000), where they fit.
        meant = Decimal(re.sub(r"\s", "", body))
        fits = abs(meant) <= Decimal(limit) and (
            digits is None or significant_digits(meant) <= digits
        )
        raise NumberError("exponent", text=raw, limit=limit, meant=f"{meant:f}" if fits else None)
    if _counts_yuan(unit) and (spoken := _spoken_yuan(body, raw)) is not None:
        body = f"{spoken}元"  # 十三块五: 13.5 元, as every other spelling of 元 is read
    if (timed := duration(body)) is not None:
        # `1 分 30 秒`, `1h30m`: one duration, in the key result's unit of time (1.5 分钟).
        value = sign * _in_time_unit(*timed, raw=raw, unit=unit)
        _exact_in_unit(value, raw, unit, places)
        return _within(value, raw, places=places, whole=whole, digits=digits, low=low,
                       high=high)  # fmt: skip
    body, share, typed_in, other_unit = _strip_units(body, raw, unit=unit)
    if share == "%" and not percent:
        raise NumberError("percent_not_allowed", text=raw, unit=unit)
    if share in ("‰", "成") and not percent and _norm_unit(unit) != share:
        raise _unit_error(raw, share, unit)  # 45‰ on a key result in 人: both units named
    amount, magnitude = _with_magnitude(body, raw)
    scaled = magnitude != 1 or any(char in _CN_SCALE_CHARS for char in body)
    value = sign * amount
    if not scaled and counts_whole(unit) and ambiguous_separator(raw) == ".":
        # `1.200` people: 1.2 of a person is no likelier than a German 1,200 (h9m, issue 9).
        raise NumberError("ambiguous_dot", text=raw, read=value, unit=unit.strip())
    if other_unit:
        # `0.25s` on a key result counted in ms is 250, as the text import converts a start
        # into its target's unit (okrtext.reading.in_unit, the one converter).
        value = in_unit(value, other_unit, unit)
        _exact_in_unit(value, raw, unit, places)
    if share == "成":
        value *= 10  # 八成 is 80 %
    elif share == "‰" and percent and _norm_unit(unit) != "‰":
        value /= 10  # 45‰ on a percentage is 4.5 %: the same share, never taken as 45 %
    unit_scale = _unit_scale(unit)[0]
    if typed_in == "" and number_or_amount(magnitude, unit):
        # `1千`, `1.2千`, `5k` on a key result counted in 万元: 1,000 元 (0.1 万元) or the
        # number 1,000 of the unit (1,000 万元), a 10,000-fold difference, is asked with both
        # readings, never converted without a word; with its base written (`1千元`, `¥1000`)
        # it is 0.1 万元, and a numeral with no magnitude (`三千`) is 3,000 万元 (issue 9, h9w).
        raise NumberError("smaller_magnitude", text=raw, number=value, amount=value / unit_scale,
                          unit=unit.strip())  # fmt: skip
    if unit_scale != 1 and (typed_in == "base" or (magnitude != 1 and typed_in != "unit")):
        # On a key result counted in 万元: `1亿` and `1亿元` are 10,000 of them, `5000元` 0.5;
        # `5千万元` is 5,000 of them (the unit typed whole).
        value = value / unit_scale
        _exact_in_unit(value, raw, unit, places)  # `12345k` on 亿元: 0.00012345 亿元
    return _within(value, raw, places=places, whole=whole, digits=digits, low=low, high=high)


def number_or_amount(magnitude: int, unit: str) -> bool:
    """Whether digits typed with `magnitude` and no base on a key result counted in `unit` have
    two readings people mean, the number in the unit or the amount (smaller_magnitude): only a
    magnitude below 万 (千, k) on a unit in a Chinese magnitude of 万 or more, which Chinese
    writes after a smaller one (`1千万元`, `5千亿元`). A magnitude of 万 or more (`5000万` on
    亿元: nobody means 5,000万 亿元) or one on a unit in a Latin scale (`250k` on M USD: no one
    writes "250k M USD" for $250bn) is the amount, converted (issue 9, h9y)."""
    if not 1 < magnitude < 10**4:
        return False
    return _chinese_scale(unit) >= 10**4


def _chinese_scale(unit: str) -> int:
    """The Chinese magnitude `unit` starts with (万元 → 10⁴, 千万元 → 10⁷), 1 for any other."""
    word = _scale_word(_norm_unit(unit), _UNIT_SCALES)
    return _SCALES[word] if word else 1


def _scale_word(written: str, words) -> str:
    """The longest of the magnitude `words` that `written` starts with (千万 before 千), or ""."""
    return next((w for w in sorted(words, key=len, reverse=True) if written.startswith(w)), "")


def _refuse_approximate(body: str, found: re.Match[str], raw: str, **reading) -> None:
    """NumberError("approximate") when `body` is a number once the word `found` is taken out
    (`280左右` is 280 said roughly); else the word is none (`约` of no number), and the rest of
    the reader says what it is."""
    exact = body[: found.start()] + body[found.end() :]
    try:
        _read_number(exact, **reading)
    except NumberError:
        return
    raise NumberError("approximate", text=raw, typed=found.group().strip())


def _exact_in_unit(value: Decimal, raw: str, unit: str, places: int) -> None:
    """A value typed in another unit that the key result's does not hold within `places`
    (`2 hours` on days: 0.083333…) is refused naming both units and the value, never told it
    has too many decimal places (the person typed none) nor rounded without a word."""
    if -value.normalize().as_tuple().exponent > places:
        raise NumberError("inexact_in_unit", text=raw, unit=unit.strip(), read=value, places=places)


def _within(value: Decimal, raw: str, *, places, whole, digits, low, high) -> Decimal:
    """`value` read from `raw` once within read_number's limits, else NumberError."""
    if abs(value) > MAX_ABS:
        # -10¹⁶ is too small, never "too large" (issue 9, h9b2).
        raise NumberError("too_large" if value > 0 else "too_small", text=raw, limit=MAX_ABS)
    # The field's whole rule travels with each refusal of it, so that every message states it
    # (h9g: 7.5 was told "a whole number", 11 "a number from 0 to 10").
    rule = {"whole": whole, "low": low, "high": high}
    if whole and value != value.to_integral_value():
        raise NumberError("not_whole", text=raw, **rule)
    if -value.normalize().as_tuple().exponent > places:
        raise NumberError("too_many_places", text=raw, places=places)
    if digits is not None and significant_digits(value) > digits:
        raise NumberError("too_many_digits", text=raw, digits=digits)
    if (low is not None and value < low) or (high is not None and value > high):
        raise NumberError("out_of_range", text=raw, **rule)
    return value + 0  # no negative zero ("-0" is 0)


def _in_time_unit(value: Decimal, typed: str, *, raw: str, unit: str) -> Decimal:
    """A compound duration (`value` in `typed`, okrtext.numbers.duration) in `unit`: 90 秒 is
    1.5 on a key result counted in 分钟, 90,000 on one in ms; refused naming both units where
    `unit` is no unit of time (a count, 元), as `3 小时` is on one counted in 人."""
    if same_unit(typed, unit):
        return value
    converted = in_unit(value, typed, unit)
    if converted is None:
        raise _unit_error(raw, typed, unit)
    return converted


# Two signs before the number, with or without a currency between them.
_TWO_SIGNS = re.compile(r"^[+\-−负]\s*(?:(?:(?i:HK|US)\$|[¥$€£]|[A-Za-z]{3})\s*)?[+\-−负]")
# A number in brackets, with its currency inside or outside them: `(5)`, `(¥5)`, `¥(5)`.
_BRACKETS = re.compile(r"([^()\d]*)\(([^()]*\d[^()]*)\)([^()\d]*)")
# `\d+(?:\.\d*)?`, not `\d+\.?\d*`: the latter splits a run of digits in every way before it
# fails, which is quadratic in the run's length.
_EXPONENT = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)\s*[eE]\s*[+-]?\d+")
# Two numbers joined by a dash or a word (`250-300`, `250 ~ 300`, `250 到 300`), a unit after
# them or not: a range, where one value is asked for. A minus sign before the first is a
# negative number's (`-5-3` is refused as no number, never read as a range).
_RANGE = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(?:-|~|至|到)\s*(\d[\d,]*(?:\.\d+)?)\s*([^\d\s.,]*)\s*[^\d.,]*"
)
# 块 / 毛 (角) / 分 are how 元 are said: `十三块五` is 13.5 元, `3块2毛5` 3.25 元, `5毛` 0.5 元.
_DIGIT = r"[\d一二两三四五六七八九]"
_SPOKEN = re.compile(
    rf"(?:(?P<yuan>[\d.{_CN_NUMERAL_CHARS}]+?)\s*(?:块|元(?=\s*{_DIGIT}\s*[毛角]))(?:\s*(?P<jiao>{_DIGIT})\s*[毛角]?"
    rf"(?:\s*(?P<fen>{_DIGIT})\s*分?)?)?|(?P<jiao_only>{_DIGIT})\s*[毛角]"
    rf"(?:\s*(?P<fen_only>{_DIGIT})\s*分?)?)\s*钱?"
)


def _counts_yuan(unit: str) -> bool:
    """Whether `unit` counts 元 (元, ¥, RMB, 万元)."""
    return bool({_norm_unit(unit), _unit_scale(unit)[1]} & CURRENCY_SYMBOLS["¥"])


def _spoken_yuan(body: str, raw: str) -> Decimal | None:
    """The amount in 元 of money said in 块 and 毛 (`十三块五`), else None."""
    spoken = _SPOKEN.fullmatch(body)
    if spoken is None:
        return None
    yuan = _magnitude(spoken["yuan"], raw)[0] if spoken["yuan"] else Decimal(0)
    tenths = spoken["jiao"] or spoken["jiao_only"] or "0"
    hundredths = spoken["fen"] or spoken["fen_only"] or "0"
    return yuan + Decimal(f"0.{_TENTHS.get(tenths, tenths)}{_TENTHS.get(hundredths, hundredths)}")


# `1.200`, `¥1.000 `, `-1.234 人`: one dot before exactly three digits, no other separator,
# no magnitude word (`1.200万` is 12,000 as written). A leading zero (`0.500`) groups nothing.
_DOTTED_THREE = re.compile(
    r"[^\d.,\s]*\s*[+\-]?\s*[^\d.,\s]*\s*[1-9]\d{0,2}\.\d{3}(?![\d.,])\s*\D*"
)
# The digits and separators of a typed number (`1 234,5` of `1 234,5 元`, `4,5` of `4,5 万`).
_SEPARATED = re.compile(r"(?:[\d.,]*\d[\d.,]*|,)(?: [\d.,]*\d[\d.,]*)*")


def ambiguous_separator(text) -> str | None:
    """The separator of a typed number that gives it two readings, so that every path asks
    which was meant rather than guess (English and Chinese, Mubiao's languages, write a
    decimal point and group thousands with commas; German or Traditional Chinese spreadsheets
    the other way round). number_input.separator_question words the question.

    - ``","``: a comma that groups no thousands (`4,5`, `1,23`, `1.234,5`, `1 234,5`): a
      decimal comma or a list. Never read: read_number refuses it (ambiguous_comma).
    - ``"."``: one dot before exactly three digits (`1.200`, `¥1.000`, not `0.500` nor
      `1.200万`): read as 1.2, but 1,200 where the dot groups thousands. Asked about where no
      range tells (a start or target: services.scale) or a range does (rules.meant_as_thousands),
      and refused where the file's layout groups with dots (a semicolon-separated CSV).
    - None: one reading. A comma is never read as a decimal point, `0,7` included (issue 9:
      one rule for every comma; it is refused offering its one reading, 0.7).
    """
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        return None
    folded = fold(text)
    number = _SEPARATED.search(folded)
    if number and "," in number[0] and not _GROUPED_COMMA.fullmatch(number[0]):
        return ","
    if _DOTTED_THREE.fullmatch(folded) and not typed_with_magnitude(text):
        return "."
    return None


# `1.234,5`, `1 234 567,5`: thousands grouped by dots or spaces before a decimal comma.
_GROUPED_BEFORE_COMMA = re.compile(r"\d{1,3}(?:(?P<by>[. ])\d{3})(?:(?P=by)\d{3})*,\d+")


def comma_readings(text: str) -> list[str]:
    """How a number refused for its comma (ambiguous_separator gives ``","``) can be retyped,
    each reading written in place of the number in what was typed (`4,5 万` → `4.5 万`): the
    comma as a decimal point (`4,5` → `4.5`, `1.234,5` → `1234.5`) and, where one comma after
    at most three digits is followed by fewer than three, the comma grouping thousands
    (`4,5` → `4500`, `1,23` → `1230`); never the comma grouping nothing (`4,5` → 45, a
    misreading of both, probe 27). Only readings that are numbers: none for `1,2,3`."""
    folded = fold(text)
    number = _SEPARATED.search(folded)
    if number is None:
        return []
    digits = number[0]
    if re.search(r",,| ,|,$|^,", digits) or (
        re.search(r"[. ]", digits) and not _GROUPED_BEFORE_COMMA.fullmatch(digits)
    ):
        # `1,,200`, `1 ,200`, `1,200,`, `1 ,2`: a comma no number is written with, and dots or
        # spaces that group no thousands before a decimal comma: no reading to offer (h10m A3:
        # `1 ,200` was offered as 1.200, itself asked about on a count).
        return []
    readings = [digits.replace(".", "").replace(" ", "").replace(",", ".")]
    if grouped := re.fullmatch(r"(\d{1,3}),(\d{1,2})", digits):
        # A comma grouping thousands with its zeros left out (`4,5` → 4500, written 4,500):
        # never the digits run together (`4,5` → 45, probe 27: a misreading of either).
        readings.append(grouped[1] + grouped[2].ljust(3, "0"))
    return [
        folded[: number.start()] + reading + folded[number.end() :]
        for reading in dict.fromkeys(readings)
        # `05` is no way to write a number (`0,5` offers 0.5 alone).
        if re.fullmatch(r"\d+(?:\.\d+)?", reading) and not re.match(r"0\d", reading)
    ]


def refuse_long(raw: str) -> None:
    """Refuse a text longer than any number (MAX_LENGTH) before anything reads it."""
    if len(raw) > MAX_LENGTH:
        raise NumberError("too_long", text=raw)


def significant_digits(value: Decimal) -> int:
    """The digits of `value` without leading or trailing zeros (120.50 has 4)."""
    return len(value.normalize().as_tuple().digits)


def _refuse_digit_lookalikes(raw: str) -> None:
    """Superscripts, subscripts, fractions and circled digits (5², ½, ①) would fold to plain
    digits (5² to 52): they are refused, never read as digits. So are digits of other scripts
    (٣٠, ३०, 𝟑𝟎: okrtext.numbers.other_digit), which Decimal and NFKC would read as 30 (D15):
    Mubiao reads 0–9, ０–９ and Chinese numerals."""
    if (char := other_digit(raw)) is not None:
        raise NumberError("other_digit", text=raw, char=char)
    for char in raw:
        if unicodedata.category(char) == "No" or char == "\u2044":
            raise NumberError("not_plain_digit", text=raw, char=char)


def read_done(text) -> Decimal:
    """A done / not-done answer: 1 for done, 0 for not done (words in English or Chinese)."""
    raw = "" if text is None else str(text)
    refuse_long(raw)
    _refuse_digit_lookalikes(raw)
    answer = fold(raw).lower()
    if answer in _DONE:
        return Decimal(1)
    if answer in _NOT_DONE:
        return Decimal(0)
    # A number sent for it (an API's 1.0, a spreadsheet's 0.0) is done / not done only as 1 / 0.
    if _PLAIN.fullmatch(answer) and Decimal(answer) in (0, 1):
        return Decimal(1) if Decimal(answer) else Decimal(0)
    raise NumberError("empty" if not answer else "not_done_word", text=raw)


def signed_scale(unit: str, levels: tuple) -> bool:
    """Whether a plus sign marks a level's side of zero (`+20` is 20) rather than a change, on
    a key result in `unit` whose `levels` (its start and target where known) are these: an
    NPS, or a range below zero (-5 → +20). Only levels already read count (an import row's
    start may still be text)."""
    levels = tuple(v for v in levels if isinstance(v, int | Decimal) and not isinstance(v, bool))
    return _norm_unit(unit) == "nps" or any(v < 0 for v in levels)


def read_value(text, *, metric_type: str, unit: str = "", levels: tuple = (), **limits) -> Decimal:
    """A key result's value as typed for its metric type: done / not done on a boolean key
    result, a percentage on a percent or milestone one, else a number in `unit`; `limits` as
    read_number takes them (the column's). `levels`, the key result's start and target where
    known: one below zero (or an NPS) lets a plus sign mark a level (`+5`), and on a rating
    (4.2 stars, 3.5 分) they say its scale, so that `4/5` on a 5-point rating is 4."""
    if metric_type == "boolean":
        return read_done(text)
    if (
        metric_type == "milestone"
        and isinstance(text, str)
        and fold(text).casefold() in (_DONE | _NOT_DONE) - {"0", "1"}
    ):
        # `done`, `完成` on a milestone (checked in as percent complete): said so, with what to
        # send, not "is not a number" (issue 9, probe 20).
        raise NumberError("done_on_milestone", text=text)
    if isinstance(text, str) and len(text) <= MAX_LENGTH:
        _refuse_digit_lookalikes(text)  # before anything folds it (`𝟒 星` on a rating: 4 星)
    if (
        isinstance(text, str)
        and len(text) <= MAX_LENGTH
        and ((share := share_percent(fold(text))) is not None)
    ):
        # `三分之二`: the percentage it states, as a title's share is read (66.7); on a key
        # result that counts a number, refused saying what it read, never its digits alone.
        if metric_type in ("percent", "milestone"):
            return share
        raise NumberError("a_share", text=text, share=share)
    if isinstance(text, str) and len(text) <= MAX_LENGTH and (span := _RANGE.fullmatch(fold(text))):
        # `250-300`, `250 到 300`: a check-in is one value; which one (the middle, the latest)
        # is the person's to say (number_input.message offers the middle).
        # A magnitude after both ends is each end's (`1-2万`: the middle is 1.5万).
        scale = re.match(r"十万|百万|千万|[千万亿kKM](?![A-Za-z])", span[3])
        ends = [_magnitude(end, text)[0] for end in span.group(1, 2)]
        raise NumberError("a_range", text=text, low=min(ends), high=max(ends),
                          scale=scale[0] if scale else "")  # fmt: skip
    if metric_type == "milestone":
        limits = {**limits, "low": 0, "high": 100}
    # Only levels already read count (an import row's start may still be text).
    signed = signed_scale(unit, levels)
    if metric_type in ("milestone", "percent"):
        return read_number(text, unit="%", percent=True, level=True, signed=signed, **limits)
    if _norm_unit(unit) in _RATING_UNITS:
        text = _rating(text, unit, levels)
    percent = _norm_unit(unit) == "%"
    value = read_number(text, unit=unit, percent=percent, level=True, signed=signed, **limits)
    # A time taken is no level below zero (`-2` on 10 → 3 分钟 would be 171 % done); a count,
    # money or a bare number may be (a net loss, a deficit).
    if value < 0 and unit_dimension(unit) == "time":
        raise NumberError("negative_duration", text=text, unit=unit)
    return value


# The units a rating is given in: one scale, whichever word a person types for it (`4.2 星` on a
# key result in 分, `4.2 stars` on one in 星).
_RATING_UNITS = {"分", "星", "颗星", "星级", "star", "stars"}
_RATING_WORD = re.compile(r"(?i:\s*(?:颗星|星级|星|分|stars?))$")
# `4/5`, `4.5 / 5 星`: a rating out of a scale.
_OUT_OF = re.compile(r"\s*([^/]*?)\s*/\s*(\d+)\s*")
# A rating's scale is the smallest of these that holds its start and target.
_SCALES_OF_RATINGS = (5, 10, 100)


def _rating(text, unit: str, levels: tuple) -> str:
    """`text` typed on a rating, written in the key result's own unit: another rating word
    (`4.2 星` on 分) is the unit's, and a rating out of the key result's scale (`4/5` on a
    5-point rating) is its first number; out of another scale it is refused, naming the key
    result's (NumberError out_of), never converted by a guess."""
    if not isinstance(text, str):
        return text
    body = _RATING_WORD.sub("", fold(text))
    if (out_of := _OUT_OF.fullmatch(body)) is None:
        return f"{body} {unit}" if body != fold(text) else text
    highest = max((abs(v) for v in levels), default=None)
    top = next((s for s in _SCALES_OF_RATINGS if highest is not None and highest <= s), None)
    if top is None or int(out_of[2]) != top:
        raise NumberError("out_of", text=text, top=top, scale=out_of[2])
    return out_of[1]


def read_score(text) -> Decimal:
    """A grade as people write it: a share of 1 (`0.6`, `零点六`), or a percentage of it (`60%`,
    `百分之六十`, `六成`: 0.6). A number typed without a share sign is the score itself, so `六`
    is 6, as it is on every other path (the services then refuse it: a score is 0.0–1.0).
    A comma that groups no thousands (`4,5`) is asked about as in every number, and `0,7` read
    as 0.7 as in every number (ambiguous_separator): one rule for every number typed, a grade
    included (h9m)."""
    raw = "" if text is None else str(text)
    refuse_long(raw)
    _refuse_digit_lookalikes(raw)  # before folding: 𝟎.𝟕 would fold into 0.7
    body = fold(raw)
    if body.endswith("分") and not body.endswith("百分") and len(body) > 1:
        body = body[:-1].rstrip()  # "0.7分": a grade is said in 分, as a mark is
    share = body.endswith("%") or _PERCENT_ZH.match(body) or _SHARE_ZH.match(body)
    try:
        value = read_number(body, unit="%" if share else "", percent=bool(share))
    except NumberError as error:
        raise NumberError(error.code, **{**error.params, "text": raw}) from None
    return value / 100 if share else value


def written_unit(text) -> str:
    """The unit written with one number, as the text reader reads it in a title (`¥1,000` → ¥,
    `280人` → 人, `4.5 min` → min, `3万元` → 元), or "" for a plain number or a percentage
    (a percentage is said by the metric type): where no unit is given, the values give it.
    A text too long to be a number (MAX_LENGTH) names no unit: read_number refuses it."""
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        return ""
    found = find_quantities(normalise(text))
    if len(found) != 1 or found[0].unit in (None, "%", "x"):
        return ""
    return _as_typed(found[0].unit, text)


def _as_typed(unit: str, text: str) -> str:
    """`unit`, read from `text` once normalised, as the person typed it there (`￥5000` keeps
    ￥, not the ¥ it is read as): a key result's unit says what its owner wrote."""
    for start in range(len(text) - len(unit) + 1):
        typed = text[start : start + len(unit)]
        if normalise(typed) == unit:
            return typed
    return unit


def values_unit(*values, magnitude: bool = True) -> str:
    """The unit a key result given none takes from its values (start, target, current), as
    written_unit reads each: "" when none carries one. Values written in different units
    (`¥5,000` and `80人`) say no one unit: NumberError("units_disagree") naming both. Values
    all written in one magnitude (`2亿`, `1.5亿 → 2亿`, `50万元`) are counted in it (亿, 万元),
    as a title writing them so is (magnitude_unit), so that `2亿` is 2 亿 on every path that
    creates a key result (`magnitude`; a stored one's values are in the unit it has)."""
    found = [(value, unit) for value in values if (unit := written_unit(value))]
    for value, unit in found[1:]:
        if not same_unit(unit, found[0][1]):
            raise NumberError("units_disagree", text=found[0][0], unit=found[0][1],
                              other=value, other_unit=unit)  # fmt: skip
    unit = found[0][1] if found else ""
    if not magnitude:
        return unit
    given = [value for value in values if value is not None and str(value).strip()]
    # A value past MAX_LENGTH is refused by the reader unread (never folded here first).
    # A number sent as one (JSON 0 beside "2亿") is written as its digits: 0 in any magnitude.
    typed = [
        fold(value if isinstance(value, str) else format(value, "f"))
        if len(str(value)) <= MAX_LENGTH
        else ""
        for value in given
    ]
    return magnitude_unit(typed, unit) or unit


# A magnitude written after a number (80 万元, 1.2 亿元, 3 万人, 2000 万, 500 千元, 1 千万元; "W"
# is 万 as people type it, 50W; 0.8M USD, 10k users): where every value of a key result is
# written in one, it is the key result's unit, as the person wrote it, rather than the base
# unit's count (800,000 元, 800,000 USD), on every path (a title's reading, transfer.readings;
# value fields and cells, values_unit). A value is never silently rescaled into another unit
# than written (issue 9, h9d).
MAGNITUDES = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8}
# Longest first: `1 千万元` is in 千万, never 千 and the unit 万元.
_MAGNITUDE_SPELLINGS = {"千万": ("千万",), "百万": ("百万",), "万": ("万", "w", "W"),
                        "亿": ("亿",), "千": ("千",)}  # fmt: skip
# 千万, 百万 and 千 are the number's magnitude only after digits (`5千万`): after a numeral they
# are part of it (`三千万` is 3,000 万, `一千二百万` 1,200 万, `三千元` 3,000 元).
_AFTER_DIGITS = {"千万", "百万", "千"}
# A Latin scale letter of a number counted in a unit word or code (`0.8M USD`, `10k users`,
# `1.5bn USD`): kept as the unit's magnitude (M USD). In a sign (`$1.2M`, `€300k`) or nothing
# (`250k`) it is expanded: `M$` or a bare `k` is no unit anyone writes.
_LATIN_MAGNITUDES = ("bn", "mn", "k", "K", "M", "B")
# The currency word a magnitude stands before: 50 万元, `US$5万` 5 万美元 (never 万¥ or 万US$: a
# sign glued after 万 is no unit anyone writes). Keyed by okrtext's one spelling (unit_key): ¥,
# ￥, RMB and CNY are all 元.
CURRENCY_WORDS = {"元": "元", "usd": "美元", "hkd": "港元", "€": "欧元", "eur": "欧元",
                  "£": "英镑", "gbp": "英镑", "jpy": "日元", "nt$": "新台币"}  # fmt: skip
# A zero, with its unit or magnitude or not (`0`, `0.0 元`, `0万`).
_ZERO = re.compile(r"[+-]?(?:0+(?:\.0*)?|\.0+)\s*\D*")
# What a magnitude's number ends with (`2000`, `三`, `1.2`).
_BEFORE_MAGNITUDE = re.compile(rf"[\d.{_CN_NUMERAL_CHARS}]$")
_DIGITS_BEFORE = re.compile(r"[\d.]$")
UNIT_LENGTH = 30


def written_magnitude(written: str, unit: str) -> str | None:
    """The magnitude (万, 亿, 千, 百万, 千万; k, M, B, bn before a unit word) `written`, one
    number as written, ends with, alone or before `unit` (`80 万元` in 元, `2亿`, `0.8M USD` in
    USD), right after the number's digits (`5000 kW` has none)."""
    written = fold(written)
    for word, spellings in _MAGNITUDE_SPELLINGS.items():
        before = _DIGITS_BEFORE if word in _AFTER_DIGITS else _BEFORE_MAGNITUDE
        for ending in (e for s in spellings for e in (s, f"{s}{unit}", f"{s} {unit}")):
            if written.endswith(ending) and before.search(written[: -len(ending)].rstrip()):
                return word
    if not unit[:1].isalpha():
        return None
    for word in _LATIN_MAGNITUDES:
        # A title's number ends at its letter (`0.8M` of `0.8M USD`, its unit read beside it),
        # which may stand apart from the digits there (`2,000 k` of `2,000 k USD`); glued to a
        # unit it is the unit's own letter unless digits touch it (`5000 kW`).
        for ending in (word, f"{word}{unit}", f"{word} {unit}"):
            before = written[: -len(ending)]
            if ending == word:
                before = before.rstrip()
            if written.endswith(ending) and _DIGITS_BEFORE.search(before):
                return word
    return None


def magnitude_unit(written: list[str], unit: str) -> str:
    """The unit that values `written` in `unit` are counted in when each is written in one
    magnitude (`["80 万元", "100 万元"]` in 元: 万元; `["2亿"]`: 亿; `["0", "2亿"]` too, 0 being
    0 in every magnitude; `["0.8M USD", "2M USD"]` in USD: M USD), else "". Its factor is
    unit_factor's: a magnitude no unit carries (`5 千小时`) is no unit's."""
    words = {written_magnitude(text, unit) for text in written if not _ZERO.fullmatch(text)}
    word = words.pop() if len(words) == 1 else None
    if word is None:
        return ""
    if word in _LATIN_MAGNITUDES:
        counted_in = f"{word} {unit}"
    else:
        if unit_key(unit) in CURRENCY_WORDS and not unit.endswith(("元", "币")):
            unit = CURRENCY_WORDS[unit_key(unit)]
        counted_in = f"{word}{unit}"
    if len(counted_in) > UNIT_LENGTH or unit_factor(counted_in) != _SCALES[word]:
        return ""
    return counted_in


# Characters no one sees, pasted along with a unit (from a web page, a chat, a BOM-prefixed
# file): kept, they made `人\u200b` a second unit beside `人` that values typed in 人 failed.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def clean_unit(unit) -> str:
    """A key result's unit as it is stored and read on every path (forms, API, imports, CLI):
    without zero-width characters and surrounding whitespace (`人 `, ` 人` and `人\u200b`
    are `人`)."""
    return (unit or "").translate(_ZERO_WIDTH).strip()


def same_unit(one: str, other: str) -> bool:
    """Whether two units are the same as a value typed in them is read (`千 人` is `千人`,
    `ＮＰＳ` is `nps`)."""
    return _norm_unit(one) == _norm_unit(other)


def _norm_unit(unit: str) -> str:
    """`unit` as units are compared: its one spelling among synonyms (`RMB` is 元, `min` is
    分钟: okrtext.numbers.UNIT_SYNONYMS), so a value typed in any of them is read alike."""
    return unit_key(fold(unit))


def unit_factor(unit: str) -> int:
    """The magnitude a key result's unit carries: 10⁴ for 万元, 10³ for 千元 and k USD, 1 for
    人 or 千克."""
    return _unit_scale(unit)[0]


def units_factor(old: str, new: str) -> Decimal | None:
    """What a value in the unit `old` is multiplied by to be the same amount in `new` where both
    measure one dimension (小时 → 分钟: 60), by the one table a value typed in another unit is
    read by (`3 小时` on 分钟 is 180): a unit changed converts as a value typed in it reads
    (issue 9, probe 15 C1). None for units of their own (人 → 分钟) or the same unit."""
    return conversion_factor(normalise(old), normalise(new))


def unit_base(unit: str) -> str:
    """What a unit that carries a magnitude counts, as written: 元 for 万元, 人 for 万人, USD
    for M USD, "" for 亿 or K (a bare magnitude) and for a unit that carries none."""
    written = fold(unit).strip()
    if _unit_scale(unit)[0] == 1:
        return ""
    word = _scale_word(written, _UNIT_SCALES) or _scale_word(written, _COUNT_SCALES)
    return written[len(word) :].strip() if word else ""


def unit_scale(unit: str) -> tuple[int, str]:
    """The magnitude a unit carries and what it counts (万元 → (10000, 元), k USD → (1000,
    usd), 人 → (1, 人)): two units counting the same thing convert by their magnitudes."""
    return _unit_scale(unit)


_MAGNITUDE_WORD = re.compile(
    r"[\d.]\s*(?:[kKMBwW]|mn|bn|thousand|million|billion|[十百千仟])(?![A-Za-z])|[万亿萬]"
)


def typed_with_magnitude(text) -> bool:
    """Whether `text` carries a magnitude word (`0.5亿`, `50万`, `5千元`, `250k`, `三百万`):
    a value read_number converted into a unit that carries one, so typed as meant. In
    numerals alone 十, 百 and 千 are places (`三千` is a number, as `3000` is: issue 9, h9w)."""
    return isinstance(text, str) and bool(_MAGNITUDE_WORD.search(spelled_out(fold(text))))


def typed_in_another_unit(text, unit: str) -> bool:
    """Whether `text` names a unit of time, data or weight that read_number converts into the
    key result's `unit` (`2 hours` on 分钟), or is a duration in two units (`1分30秒`): the
    value stored is no number the person typed, so no slip of its digits is suggested for it."""
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        return False
    if duration(fold(text)) is not None:
        return True  # `1h30m`: 90 minutes, a sum nobody typed as digits
    typed = written_unit(text)
    return bool(typed) and conversion_factor(normalise(typed), unit) is not None


def typed_in_groups(text) -> bool:
    """Whether `text` groups its thousands (`1.200.000`, `1,200,000`, `1 200 000`): every digit
    written on purpose, so no slip of scale (a zero too many) is suggested for it."""
    if not isinstance(text, str):
        return False
    folded = fold(text)
    return any(p.search(folded) for p in (_GROUPED_COMMA, _GROUPED_SPACE, _GROUPED_DOTS))


def _unit_scale(unit: str) -> tuple[int, str]:
    """The magnitude a unit carries and what it counts: 万元 → (10000, 元), 千元 → (1000, 元),
    M USD → (1000000, usd), K → (1000, ""), 人 → (1, 人), 千克 → (1, 千克)."""
    wanted = _norm_unit(unit)
    if word := _scale_word(wanted, _UNIT_SCALES):
        return _SCALES[word], unit_key(wanted[len(word) :])
    # A Latin scale set apart by a space scales any unit, as the unit field's help says (USD →
    # k USD, users → k users); run together only a currency or a count (kg, km, MB are units).
    if spaced := _SPACED_SCALE.fullmatch(fold(unit).strip()):
        return _COUNT_SCALES[spaced[1]], unit_key(spaced[2])
    cased = fold(unit).replace(" ", "")
    for word, factor in sorted(_COUNT_SCALES.items(), key=lambda item: -len(item[0])):
        base = unit_key(wanted[len(word) :])
        if cased.startswith(word) and (base in _COUNTED or _is_currency(base)):
            return factor, base
    return 1, wanted


def _currency_names(typed: str) -> set[str]:
    """The names of the currency `typed` before a number (`¥`, `RMB`, `HK$`) is written in."""
    folded = typed.casefold()
    return next(
        names for key, names in CURRENCY_SYMBOLS.items() if folded == key or folded in names
    )


def _is_currency(name: str) -> bool:
    return any(name in names for names in CURRENCY_SYMBOLS.values())


# The words a whole count is kept in (`_COUNTED` and okrtext's measure words that count things
# one by one; not 分, 星 or 级, a rating's or a level's): 1.2 of them is no count.
_WHOLE_COUNTS = (_COUNTED - {""}) | set("位场项款本期门节轮例所座张笔只部")


def counts_whole(unit: str) -> bool:
    """Whether `unit` counts whole things one by one (人, 个, 家门店, users, customers), not in
    a magnitude (万人: 1.2 万人 is 12,000 people), a rate (次/周: 1.5 a week is an average),
    a measure (小时, kg) or money."""
    scale, base = _unit_scale(unit)
    if scale != 1 or not base or "/" in base or base in _PERCENT_WORDS or _is_currency(base):
        return False
    if unit_dimension(base) is not None or base in _RATING_UNITS:
        return False
    if base in _WHOLE_COUNTS or base[0] in _WHOLE_COUNTS:
        return True
    # `users`, `customers`, `people`: a plural English noun of no dimension (hours and mins
    # have one, time). Read as written, not lowercased: an abbreviation in capitals (NPS, QPS,
    # RPS) names a score or a rate, which may be fractional or negative, not a plural; an
    # abbreviation's plural is written with a small s (SLOs, KPIs, DAUs) and counts (h9j).
    written = unit.strip().split()[-1] if unit.strip() else ""
    if written.isupper():
        return False
    return base.isascii() and base.isalpha() and (base.endswith("s") or base == "people")


def counts_money(unit: str) -> bool:
    """Whether `unit` is a currency, with or without a magnitude (元, 万元, USD, k USD)."""
    return _is_currency(unit_scale(unit)[1])


def _strip_units(body: str, raw: str, *, unit: str) -> tuple[str, str, str, str]:
    """The number part of `body` (digits, separators, scale, Chinese numerals) without the
    unit, currency symbol or percent sign around it, the share it was typed as ("%" for `4.5%`
    and `百分之…`, "‰" for `45‰` and `千分之六`, "成" for `八成`, else "") and what it was typed
    in: "unit" (`3.5万元`), "base" (`1亿元` on a key result counted in 万元) or "", and the
    other unit of the key result's dimension it was typed in (`s` in `0.25s` on a key result
    counted in ms), else "". A unit that does not convert into the key result's raises
    NumberError."""
    wanted = _norm_unit(unit)
    scale, base = _unit_scale(unit)
    typed_percent, typed_in = "", ""
    currency = _CURRENCY_PREFIX.match(body)
    if currency:
        symbols = _currency_names(currency.group(1))
        # On a key result counted in a bare magnitude (`GMV 达到 1.2亿`: 亿) a currency says
        # what it counts, as 人 does (`¥1.7亿`; issue 9, probe 20: "is not a number").
        bare_magnitude = scale != 1 and not base
        if wanted not in symbols and base not in symbols and not bare_magnitude:
            if not (_is_currency(wanted) or _is_currency(base)):
                raise NumberError("not_a_number", text=raw)  # ¥50万 on a key result in 人
            raise _unit_error(raw, currency.group(1), unit)
        body = body[currency.end() :]
        typed_in = "unit" if wanted in symbols else "base"
    zh_percent = _PERCENT_ZH.match(body)
    if zh_percent:
        body, typed_percent = zh_percent.group(1), "%"
    elif zh_share := _SHARE_ZH.match(body):
        permille = zh_share.group(1)
        body, typed_percent = zh_share.group(2 if permille else 3), "‰" if permille else "成"
        if hundredths := zh_share.group(4):
            body = f"{_TENTHS.get(body, body)}.{_TENTHS.get(hundredths, hundredths)}"
    number = _NUMBER_PART.match(body)
    rest = body[number.end() :].strip() if number else ""
    money = _SCALED_MONEY.fullmatch(rest)
    if number and money and _is_currency(money[2].casefold()):
        # `22.5 million dollars`, `20.4 mio USD`: a scale word, then the currency (it was "is
        # in million dollars"; issue 9, probe 20).
        names = _currency_names(money[2])
        if wanted not in names and base not in names:
            raise _unit_error(raw, money[2], unit)
        body, rest = f"{number.group(0).strip()}{money[1].casefold()}", ""
    if wanted and not currency and not typed_percent and conversion_factor(rest, unit):
        return number.group(0).strip(), "", "", rest  # `0.5 秒` on ms: converted
    # All that was typed after the number: the unit a refusal names (`3,000 paying users` on
    # a key result in k users is in “paying users”, not in “paying”).
    typed_unit = rest
    if wanted:
        stripped = _without_unit(body, wanted)
        if stripped != body:
            typed_in = "unit"
        elif scale != 1 and base:
            stripped = _without_unit(body, base)
            typed_in = "base" if stripped != body else typed_in
        elif scale != 1 and number and (_counted_noun(rest) or _is_currency(rest.casefold())):
            # `1.3万人`, `2万用户`, `20,000 users` on a key result counted in 万 (a title's
            # `用户数达到 1.2万`): the noun says what the magnitude counts, as 人 does for 万人
            # (issue 9, h9w).
            stripped, typed_in = body[: number.end()].strip(), "base"
        body = stripped
    number = _NUMBER_PART.match(body)
    if number is None:
        raise NumberError("not_a_number", text=raw)
    digits, rest = number.group(0).strip(), body[number.end() :].strip()
    if rest.casefold() in _SCALES or rest in _SCALES:
        # `3 Million`, `Twenty-Five Thousand`: a scale word in any case, as a title reads it.
        digits, rest = f"{digits}{rest if rest in _SCALES else rest.casefold()}", ""
    elif rest in _MILLION_SHORT and (currency or _is_currency(base) or _counts_things(base)):
        # `1.5m`, `$1.5 mil` on a key result counting money or things: a million, as the title
        # reader reads "from 1.2m to 2m" (okrtext.numbers _ARABIC); on one counted in time or
        # length it stays refused naming the unit (metres? minutes?).
        digits, rest = f"{digits}M", ""
    if rest.casefold() in _PERCENT_WORDS:
        return digits, "%", typed_in, ""
    if rest == "‰":
        return digits, "‰", typed_in, ""
    if rest and _not_a_unit(rest):
        raise NumberError("not_a_number", text=raw)  # 1'234, 1_000, 0x10, 280+, 一半
    if rest:
        raise _unit_error(raw, typed_unit if typed_unit.startswith(rest) else rest, unit)
    return digits, typed_percent, typed_in, ""


_SCALED_MONEY = re.compile(r"(?i)(thousand|million|billion|mio)\s+(\S.*)")
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]{1,4}")


def _counted_noun(rest: str) -> bool:
    """Whether `rest`, typed after a number on a key result counted in a bare magnitude (万,
    亿, K), names things counted (人, 个, 用户, 家门店, users), not money, a measure, a rating or
    a share, which stay refused naming the unit."""
    if not rest or _not_a_unit(rest) or _is_currency(unit_key(rest)) or unit_key(rest) in _SCALES:
        return False
    if unit_dimension(unit_key(rest)) is not None or rest in _RATING_UNITS:
        return False
    if rest.casefold() in _PERCENT_WORDS or rest in ("‰", "成"):
        return False
    if rest in _WHOLE_COUNTS or rest[0] in _WHOLE_COUNTS or counts_whole(rest):
        return True
    return bool(_HAN_WORD.fullmatch(rest)) and not set(rest) & set(_CN_NUMERAL_CHARS)


# Units of length or time that unit_dimension does not know: `m` typed on them may be one.
_MEASURES_NOT_COUNTS = {"m", "mi", "mile", "miles", "meter", "meters", "metre", "metres", "英里"}


def _counts_things(base: str) -> bool:
    """Whether a key result's unit counts things (人, 个; `users`, `paying customers`): `1.5m` on
    it is a million, as the title reader reads `Reach 1.5m users` (h9t); never on a unit of
    time, length, weight or data, where `m` may be minutes or metres."""
    if base in _COUNTED:
        return True
    return unit_dimension(base) is None and base.casefold() not in _MEASURES_NOT_COUNTS


def _not_a_unit(rest: str) -> bool:
    """Whether what follows the number is part of a number written another way (`'234`,
    `_000`, `x10`, `+`, `半`) rather than a unit."""
    return (
        any(char.isdigit() for char in rest)
        # a unit has a letter or a symbol (元, ms, $, ℃); `+`, `'` and `-` are neither
        or not any(
            unicodedata.category(char)[0] == "L" or unicodedata.category(char) in ("Sc", "So")
            for char in rest
        )
        or rest[0] in _APPROXIMATE
        or "_" in rest
    )


def _without_unit(body: str, wanted: str) -> str:
    """`body` without the unit `wanted` written after ("280人") or before ("NPS 45") it; a
    body that is the unit alone is left whole (a unit spelled with digits, `0`, is no number's
    unit in `0`). Only the ends as long as a spelling of the unit can be are tried (the body
    has single spaces, which units are compared without), so the work grows with the body's
    length, not with its square."""
    reach = 2 * max(len(wanted), _LONGEST_SPELLING) + 2
    for end in range(max(1, len(body) - reach), len(body)):
        if _spells(body[end:], wanted) and not _inside_a_number(body, end):
            return body[:end].strip()
    for start in range(min(len(body) - 1, reach), 0, -1):
        if _spells(body[:start], wanted) and not _inside_a_number(body, start):
            return body[start:].strip()
    return body


def _spells(piece: str, wanted: str) -> bool:
    """Whether `piece` is written in the unit `wanted` (compared as _norm_unit): on a key
    result counted in minutes, 分 is a minute too (`3 分`), though alone it is a mark (a key
    result counted in 分 is a rating, okrtext.reading._SECONDS)."""
    return _norm_unit(piece) == wanted or (wanted == "分钟" and fold(piece).strip() == "分")


def _inside_a_number(body: str, cut: int) -> bool:
    """Whether cutting `body` at `cut` splits a number or a word: a unit spelled with digits
    (`2`, `2x`, `m2`) is only the unit where it stands apart from the number's own digits
    (`2.01` on a key result counted in "2" is 2.01, not "2" and `.01`), and one spelled in
    Latin letters where it is a whole word (`5 apples` on a key result in s is in "apples",
    not in "apple" and s)."""
    before, after = body[cut - 1], body[cut]
    latin = before.isascii() and before.isalpha() and after.isascii() and after.isalpha()
    # `13 美元` on a key result in 元 is in 美元, not in 美 and 元 (a word of Chinese
    # characters is cut only after a numeral: `3.5万元`, `十三元`).
    chinese_word = (
        unicodedata.category(before) == "Lo"
        and unicodedata.category(after) == "Lo"
        and before not in _CN_NUMERAL_CHARS + _CN_SCALE_CHARS
    )
    # `1 亿 2 千万` on a key result counted in 万: 千万 is the number's magnitude, not 千 and
    # the unit 万 (read as 100,002,000). In numerals alone (`一万二千万元` on 万元) the unit is
    # cut as before: cn2an reads 一万二千 in it.
    magnitudes = (
        before in _CN_SCALE_CHARS + "百十"
        and after in _CN_SCALE_CHARS
        and any(char.isdigit() for char in body)
    )
    return latin or chinese_word or magnitudes or (_number_char(before) and _number_char(after))


def _number_char(char: str) -> bool:
    return char.isdigit() or char in ".,"


_LONGEST_SPELLING = max(map(len, UNIT_SYNONYMS))


def _unit_error(raw: str, typed: str, unit: str) -> NumberError:
    if typed == "m" and unit_dimension(unit) == "time":
        # `40m` on a key result in minutes: m is a metre (or a million) as often, never
        # guessed; said how to write minutes (it was "is in m"; issue 9, probe 20).
        return NumberError("m_on_time", text=raw, unit=unit.strip())
    # On a percentage, `3 分钟` is a value in another unit, said naming both as on any key
    # result with a unit ("enter the number alone, without 分钟" hid the mismatch; issue 9).
    if not unit.strip():
        return NumberError("unit_not_expected", text=raw, typed=typed)
    return NumberError("wrong_unit", text=raw, typed=typed, unit=unit.strip())


def _magnitude(body: str, raw: str) -> tuple[Decimal, bool]:
    """The unsigned value of the number part (digits, separators, scale, Chinese numerals), and
    whether it was written with a magnitude (3.5万, 2k, 三百万)."""
    value, factor = _with_magnitude(body, raw)
    return value, factor != 1 or any(char in _CN_SCALE_CHARS for char in body)


def _with_magnitude(body: str, raw: str) -> tuple[Decimal, int]:
    """The unsigned value of the number part and the magnitude it was written in (the largest:
    10⁴ for `3.5万`, `10 万 5 千`, `三千万` and `一万二千`; 10³ for `2k`, `1千`, `1千2百`; 1
    for `3000`). In Chinese numerals alone 千, 百 and 十 are the number's places, not a
    magnitude: `三千` is the number 3,000 as `3000` is, while `1千` is a digit in thousands
    (issue 9, h9w)."""
    if (compound := compound_magnitudes(body)) is not None:
        # `10 万 5 千`, `1 亿 2 千万`: as a title reads them, in their first magnitude.
        first = re.search(r"十万|百万|千万|[千万亿]", body)[0]
        return compound, _SCALES[first]
    if COMPOUND_MAGNITUDES.fullmatch(body):
        raise NumberError("not_a_number", text=raw)  # `5 千 10 万`: which was meant is asked
    scale = 1
    for word, factor in sorted(_SCALES.items(), key=lambda item: len(item[0]), reverse=True):
        head = body[: -len(word)].strip()
        if body.endswith(word) and head and re.fullmatch(r"[\d., ]+", head):
            body, scale = head, factor
            break
    if any(char in _CN_NUMERAL_CHARS for char in body):
        places = "亿万萬" if not re.search(r"\d", body) else "亿万萬千仟"
        written = [_CN_MAGNITUDES[char] for char in body if char in places]
        return _chinese(body, raw) * scale, max([scale, *written])
    if _PLAIN.fullmatch(body):
        plain = body
    elif _GROUPED_COMMA.fullmatch(body):
        plain = body.replace(",", "")
    elif _GROUPED_SPACE.fullmatch(body):
        plain = body.replace(" ", "")
    elif _GROUPED_DOTS.fullmatch(body):
        plain = body.replace(".", "")
    elif re.fullmatch(r"[\d., ]+", body) and ambiguous_separator(body) == ",":
        # `4,5`, `1.234,5` and `1 234,5` alike: a decimal comma is never guessed at
        raise NumberError("ambiguous_comma", text=raw)
    else:
        raise NumberError("not_a_number", text=raw)
    try:
        return Decimal(plain) * scale, scale
    except InvalidOperation:
        raise NumberError("not_a_number", text=raw) from None


def _chinese(body: str, raw: str) -> Decimal:
    """Chinese numerals, alone or mixed with digits ("1万2千"), as a title reads them
    (okrtext.numbers.chinese_numerals_value: `十5` 15, `三5` and `万5` refused); spaced around a
    numeral (`1 千 5`) as written without spaces (`1千5`)."""
    body = re.sub(rf"\s*([{_CN_NUMERAL_CHARS}])\s*", r"\1", body)
    if not re.fullmatch(rf"[\d.{_CN_NUMERAL_CHARS}]+", body):
        raise NumberError("not_a_number", text=raw)
    value = chinese_numerals_value(body)
    if value is None:
        raise NumberError("not_a_number", text=raw)
    return value
