"""A key result's value with its unit as people read it in their language: the one formatter
behind pages, the activity log, the import preview and the writing form's reading (issue 9:
currency units were printed before the number, "元450,000").

- a currency symbol typed as the unit (`¥`, `$`, `€`, `£`) goes before the number, the sign
  before the symbol: `¥450,000`, `-$5`;
- a currency word goes after the number in Chinese (`450,000 元`, `3 美元`); in English the
  currency's symbol goes before it (`¥450,000`, `$3`), words other than the currency's own
  (`万元`) stay after it;
- `%` follows the number without a space (`60%`), any other unit after a space (`280 人`);
- numbers are grouped in thousands with a point for decimals, trailing zeros dropped (the
  stored `4.5000` is `4.5`): English and Chinese write numbers alike.
"""

from decimal import ROUND_DOWN, Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mubiao.okrs import rules
from mubiao.okrs.numbers import CURRENCY_SYMBOLS, fold

# A currency's word or code (casefolded) → its symbol.
_SYMBOL_OF = {
    name: symbol for symbol, names in CURRENCY_SYMBOLS.items() for name in names if name != symbol
}


def number(value) -> str:
    """`12,000`, `4.5`, `-3`; "–" for no value."""
    if value is None:
        return "–"
    value = Decimal(value)
    text = f"{value.quantize(Decimal(1)):,}" if value == value.to_integral() else f"{value:,f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def with_unit(value, unit: str = "", language: str | None = None) -> str:
    """`value` with `unit` as a person reading `language` (default: the active one) writes it."""
    unit = (unit or "").strip()
    shown = number(value)
    if value is None or not unit:
        return shown
    if unit == "%":
        return f"{shown}%"
    symbol = unit if fold(unit) in CURRENCY_SYMBOLS else None
    if symbol is None and not (language or get_language() or "").startswith("zh"):
        symbol = _SYMBOL_OF.get(fold(unit).casefold())
    if symbol is not None:
        sign, digits = ("-", shown[1:]) if shown.startswith("-") else ("", shown)
        return f"{sign}{fold(symbol)}{digits}"
    return f"{shown} {unit}"


def kr_value(value, metric_type: str, unit: str = "") -> str:
    """A value of a key result of `metric_type` in `unit` as people read it: `Done` / `Not done`
    on a done / not-done key result (never `0 → 1` or `1`: issue 9), `60%`, `¥1,200`,
    `450,000 元`, `35 tickets`. The one writing of a value for pages, the activity log, the import
    preview and the forms' readings."""
    if metric_type == "boolean":
        return _("Done") if value is not None and Decimal(value) >= 1 else _("Not done")
    if metric_type in ("milestone", "percent"):
        return with_unit(value, "%")
    if metric_type == "currency":
        return with_unit(value, unit or "¥")
    return with_unit(value, unit)


def percent(progress) -> Decimal:
    """Progress (1 = done) as a whole percentage; over-achievement stays visible (120). Short
    of 1 it never reads 100, which says done: 0.9999 is 99.9."""
    exact = Decimal(progress) * 100
    whole = rules.rounded(exact)
    if whole >= 100 > exact:
        return exact.quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    return whole


def percent_text(progress) -> str:
    """`percent` with its sign: "42%", "99.9%", "120%"."""
    return f"{percent(progress)}%"
