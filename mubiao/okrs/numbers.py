"""Numbers as people type them: the one reader behind every number field (check-ins, key
result start/target, weights, confidence, scores) on the web, in imports and in the services.

Pure Python (no Django), so it can be tested on its own; `mubiao.okrs.number_input` turns its
errors into messages in the person's language.

What it reads, after Unicode compatibility folding (full-width `１２３`, `４．５`, `％`, `，`):

- plain and signed numbers: `42`, `-3`, `+2.5`, `.5`, `−3` (minus sign);
- thousands grouped in threes by a comma or a space: `1,234`, `1 234 567.5`. English and
  Chinese both write decimals with a point, so a comma that does not group thousands (`4,5`,
  `1,23`) is refused as ambiguous rather than read as 45 or 4.5;
- the key result's own unit before or after the number: `3 分钟`, `280人`, `¥3000` for 元;
  any other unit is refused (`3 小时` on a key result counted in 分钟);
- `%` (and `百分之…`) only where the value is a percentage; elsewhere it is refused, because
  `4.5%` of a number key result could mean 4.5 or 0.045 of something;
- scale words: `3.5万`, `2亿`, `1.2k`, `3 million`;
- Chinese numerals through cn2an: `三`, `十二`, `一万零五`, `一点五`, `负三`, `1万2千`;
- on a done / not-done key result: `完成`/`未完成`, `done`/`not done`, `是`/`否`, `yes`/`no`,
  `1`/`0`.

Everything else raises :class:`NumberError` with a `code` and the `params` its message needs;
nothing typed is ever silently changed (more decimal places than are stored are refused, not
rounded).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

import cn2an

# Values are stored with 4 decimal places in 20 digits (okrs.models); every value stays below
# the bound okrs.limits gives that column (15 integer digits, so SQLite's floats keep it exact).
MAX_ABS = Decimal(10) ** 15
STORED_PLACES = 4

CODES = (
    "empty",
    "not_a_number",
    "ambiguous_comma",
    "wrong_unit",
    "unit_not_expected",
    "percent_not_allowed",
    "too_many_places",
    "too_large",
    "too_many_digits",
    "not_whole",
    "out_of_range",
    "not_done_word",
    "exponent",
)

_SCALES = {
    "k": 10**3, "K": 10**3, "thousand": 10**3, "million": 10**6, "billion": 10**9,
    "千": 10**3, "万": 10**4, "十万": 10**5, "百万": 10**6, "千万": 10**7, "亿": 10**8,
}  # fmt: skip
_DONE = {"1", "done", "yes", "y", "true", "完成", "已完成", "是", "达成", "已达成", "✓", "✔"}
_NOT_DONE = {"0", "not done", "no", "n", "false", "未完成", "没完成", "否", "未达成", "✗", "✘"}
# The symbols a person types for the currency a unit names.
CURRENCY_SYMBOLS = {
    "¥": {"元", "¥", "rmb", "cny", "人民币", "块"},
    "$": {"$", "usd", "美元"},
    "€": {"€", "eur", "欧元"},
    "£": {"£", "gbp", "英镑"},
}
_CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿点负壹贰叁肆伍陆柒捌玖拾佰仟廿"
_PLAIN = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)")
_GROUPED_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_GROUPED_SPACE = re.compile(r"\d{1,3}(?: \d{3})+(?:\.\d+)?")
_SIGN = re.compile(r"^([+\-−负])\s*")
_CURRENCY_PREFIX = re.compile(r"^([¥$€£])\s*")
_PERCENT_ZH = re.compile(r"^百分之(.+)$")
_PERCENT_WORDS = {"%", "percent", "per cent", "个百分点", "pp"}
_NUMBER_PART = re.compile(rf"^[\d.,\s{_CN_NUMERAL_CHARS}]+")


class NumberError(ValueError):
    """What is wrong with a typed number: `code` (one of CODES) and the `params` of its
    message (`text` is always the typing as it was given)."""

    def __init__(self, code: str, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


def fold(text: str) -> str:
    """Full-width and other compatibility forms to their plain ASCII/CJK form, spaces of any
    width to one space, trimmed: `１，２３４　人` → `1,234 人`."""
    folded = unicodedata.normalize("NFKC", text).replace("\u2212", "-")
    return re.sub(r"\s+", " ", folded).strip()


def read_number(
    text,
    *,
    unit: str = "",
    percent: bool = False,
    places: int = STORED_PLACES,
    whole: bool = False,
    digits: int | None = None,
    low: Decimal | int | None = None,
    high: Decimal | int | None = None,
) -> Decimal:
    """The Decimal a person meant by `text`.

    `unit`: the unit the value is counted in (the key result's unit), accepted before or after
    the number; `percent`: whether a `%` may follow (a percentage key result); `places`: most
    decimal places kept; `digits`: most significant digits kept (what the column stores on
    every database); `whole`, `low`, `high`: further limits (confidence is whole 0–10).
    Raises NumberError.
    """
    raw = "" if text is None else str(text)
    body = fold(raw)
    if not body:
        raise NumberError("empty", text=raw)
    sign = 1
    sign_match = _SIGN.match(body)
    if sign_match:
        sign = -1 if sign_match.group(1) in "-−负" else 1
        body = body[sign_match.end() :]
    if _EXPONENT.fullmatch(body):
        # 1e16, 2.5E+3: a computer's way of writing a number, not a person's; its size is
        # easily misread, so it is refused with the range in words (number_input.message).
        raise NumberError("exponent", text=raw, limit=MAX_ABS)
    body, typed_percent = _strip_units(body, raw, unit=unit)
    if typed_percent and not percent:
        raise NumberError("percent_not_allowed", text=raw, unit=unit)
    value = sign * _magnitude(body, raw)
    if abs(value) >= MAX_ABS:
        raise NumberError("too_large", text=raw, limit=MAX_ABS)
    if whole and value != value.to_integral_value():
        raise NumberError("not_whole", text=raw)
    if -value.normalize().as_tuple().exponent > places:
        raise NumberError("too_many_places", text=raw, places=places)
    if digits is not None and significant_digits(value) > digits:
        raise NumberError("too_many_digits", text=raw, digits=digits)
    if (low is not None and value < low) or (high is not None and value > high):
        raise NumberError("out_of_range", text=raw, low=low, high=high)
    return value + 0  # no negative zero ("-0" is 0)


_EXPONENT = re.compile(r"(?:\d+\.?\d*|\.\d+)\s*[eE]\s*[+-]?\d+")


def significant_digits(value: Decimal) -> int:
    """The digits of `value` without leading or trailing zeros (120.50 has 4)."""
    return len(value.normalize().as_tuple().digits)


def read_done(text) -> Decimal:
    """A done / not-done answer: 1 for done, 0 for not done (words in English or Chinese)."""
    raw = "" if text is None else str(text)
    answer = fold(raw).lower()
    if answer in _DONE:
        return Decimal(1)
    if answer in _NOT_DONE:
        return Decimal(0)
    # A number sent for it (an API's 1.0, a spreadsheet's 0.0) is done / not done only as 1 / 0.
    if _PLAIN.fullmatch(answer) and Decimal(answer) in (0, 1):
        return Decimal(1) if Decimal(answer) else Decimal(0)
    raise NumberError("empty" if not answer else "not_done_word", text=raw)


def read_value(text, *, metric_type: str, unit: str = "", **limits) -> Decimal:
    """A key result's value as typed for its metric type: done / not done on a boolean key
    result, a percentage on a percent or milestone one, else a number in `unit`; `limits` as
    read_number takes them (the column's)."""
    if metric_type == "boolean":
        return read_done(text)
    if metric_type == "milestone":
        return read_number(text, unit="%", percent=True, **{**limits, "low": 0, "high": 100})
    if metric_type == "percent":
        return read_number(text, unit="%", percent=True, **limits)
    return read_number(text, unit=unit, percent=unit.strip() == "%", **limits)


def same_unit(one: str, other: str) -> bool:
    """Whether two units are the same as a value typed in them is read (`千 人` is `千人`,
    `ＮＰＳ` is `nps`)."""
    return _norm_unit(one) == _norm_unit(other)


def _norm_unit(unit: str) -> str:
    return fold(unit).casefold().replace(" ", "")


def _strip_units(body: str, raw: str, *, unit: str) -> tuple[str, bool]:
    """The number part of `body` (digits, separators, scale, Chinese numerals) without the
    unit, currency symbol or percent sign around it, and whether a percent was typed. A unit
    other than the key result's raises NumberError."""
    wanted = _norm_unit(unit)
    typed_percent = False
    currency = _CURRENCY_PREFIX.match(body)
    if currency:
        if wanted not in CURRENCY_SYMBOLS[currency.group(1)]:
            raise _unit_error(raw, currency.group(1), unit)
        body = body[currency.end() :]
    zh_percent = _PERCENT_ZH.match(body)
    if zh_percent:
        body, typed_percent = zh_percent.group(1), True
    if wanted:
        body = _without_unit(body, wanted)
    number = _NUMBER_PART.match(body)
    if number is None:
        raise NumberError("not_a_number", text=raw)
    digits, rest = number.group(0).strip(), body[number.end() :].strip()
    if rest.casefold() in _SCALES or rest in _SCALES:
        digits, rest = f"{digits}{rest}", ""
    if rest.casefold() in _PERCENT_WORDS:
        return digits, True
    if rest:
        raise _unit_error(raw, rest, unit)
    for scale in sorted(_SCALES, key=len, reverse=True):
        # "3.5万" on a key result counted in 万元 is 3.5 of them, not 35,000.
        if digits.endswith(scale) and wanted.startswith(scale.casefold()) and wanted != scale:
            return digits[: -len(scale)].strip(), typed_percent
    return digits, typed_percent


def _without_unit(body: str, wanted: str) -> str:
    """`body` without the unit `wanted` written after ("280人") or before ("NPS 45") it."""
    for end in range(len(body)):
        if _norm_unit(body[end:]) == wanted:
            return body[:end].strip()
    for start in range(len(body), 0, -1):
        if _norm_unit(body[:start]) == wanted:
            return body[start:].strip()
    return body


def _unit_error(raw: str, typed: str, unit: str) -> NumberError:
    if not unit.strip() or unit.strip() == "%":
        return NumberError("unit_not_expected", text=raw, typed=typed)
    return NumberError("wrong_unit", text=raw, typed=typed, unit=unit.strip())


def _magnitude(body: str, raw: str) -> Decimal:
    """The unsigned value of the number part (digits, separators, scale, Chinese numerals)."""
    scale = 1
    for word, factor in sorted(_SCALES.items(), key=lambda item: len(item[0]), reverse=True):
        head = body[: -len(word)].strip()
        if body.endswith(word) and head and re.fullmatch(r"[\d., ]+", head):
            body, scale = head, factor
            break
    if any(char in _CN_NUMERAL_CHARS for char in body):
        return _chinese(body, raw) * scale
    if _PLAIN.fullmatch(body):
        plain = body
    elif _GROUPED_COMMA.fullmatch(body):
        plain = body.replace(",", "")
    elif _GROUPED_SPACE.fullmatch(body):
        plain = body.replace(" ", "")
    elif re.fullmatch(r"[\d.,]+", body) and "," in body:
        raise NumberError("ambiguous_comma", text=raw)
    else:
        raise NumberError("not_a_number", text=raw)
    try:
        return Decimal(plain) * scale
    except InvalidOperation:
        raise NumberError("not_a_number", text=raw) from None


def _chinese(body: str, raw: str) -> Decimal:
    """Chinese numerals, alone or mixed with digits ("1万2千"), by cn2an's smart mode."""
    if not re.fullmatch(rf"[\d.{_CN_NUMERAL_CHARS}]+", body):
        raise NumberError("not_a_number", text=raw)
    try:
        value = cn2an.cn2an(body, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        raise NumberError("not_a_number", text=raw) from None
    # cn2an answers floats for decimals ("一点五" → 1.5), rounded to the places written; their
    # shortest repr is the number written.
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
