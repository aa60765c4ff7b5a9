"""Issue 10 §3 / h10a item 1: a scale word and a currency mean one quantity wherever the text
is read. okrtext reads base values (`50W` → 500000); the import stores the magnitude as written
(50 万, issue 9) and the parse API says it so (probe 27); both describe the same amount, and a
currency written as a sign or a code is never glued after the magnitude (`¥50万` was stored 50
`万¥`, `US$5万` 5 `万US$` as a plain number): it is stored by its word, 50 万元, 5 万美元
(docs/design-notes.md)."""

import re
from decimal import Decimal

import pytest

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from mubiao.okrtext import read_key_result
from mubiao.okrtext.text import is_mostly_cjk
from tests.api.conftest import Api
from tests.okrtext import test_bounds_zero_and_rates as okrtext_cases

pytestmark = pytest.mark.postgres

D = Decimal
# (title, what the reading reports, what the key result stores: target, unit, money?)
CASES = [
    ("门店营收达到50W", 500000, (D(50), "万", False)),
    ("门店营收达到50w", 500000, (D(50), "万", False)),
    ("GMV达到¥50万", 500000, (D(50), "万元", True)),
    ("GMV达到￥50万", 500000, (D(50), "万元", True)),
    ("海外收入达到US$5万", 50000, (D(5), "万美元", True)),
    ("年度回款达到RMB 300万", 3000000, (D(300), "万元", True)),
    ("年度回款达到300万人民币", 3000000, (D(300), "万人民币", True)),
    # Traditional characters: read as simplified, stored in the simplified magnitude.
    ("門店營收達到50W", 500000, (D(50), "万", False)),
    ("海外營收達到US$5萬", 50000, (D(5), "万美元", True)),
    ("年度回款達到300萬人民幣", 3000000, (D(300), "万人民币", True)),
    # English scale letters are no unit anyone writes after a currency ("1.2M$"): stored in
    # the base amount, the currency sign alone as the unit.
    ("Reach $1.2M in ARR", 1200000, (D(1200000), "$", True)),
    ("Close €300k in new deals", 300000, (D(300000), "€", True)),
    ("Reach two million app downloads", 2000000, (D(2000000), "app downloads", False)),
]
# Hours reached (年度学习时长达到10亿小时, also in traditional characters) are read in
# tests/okrtext; stored, they keep their magnitude as written.
CASES += [
    (text, target, (D(10), "亿小时", False))
    for text, target, *_ in okrtext_cases.BOUNDS
    if re.search("10[亿億]小[时時]", text)
]


def _read_and_imported(world, title):
    """The key result as the parse API reports it, and as the import stores it."""
    text = f"O1: 增长\nKR1: {title}\n"
    parsed = Api(world.alice).post("/okrtext/parse", {"text": text, "year": 2026})
    reading = parsed.json()["sections"][0]["objectives"][0]["key_results"][0]
    import_okrs(world.alice, file_name="okrs.txt", data=text.encode(), cycle=world.cycle)
    return reading, KeyResult.objects.get(title=title)


@pytest.mark.parametrize(("title", "read", "stored"), CASES)
def test_the_api_reading_and_the_imported_key_result_are_one_quantity(world, title, read, stored):
    reading, kr = _read_and_imported(world, title)
    target, unit, money = stored
    # The parse API says the key result as the import stores it (readings.said_as_stored: it
    # said 500000 where the import stored 50 万, probe 27).
    assert (D(str(reading["target"])), reading["unit"]) == (target, unit)
    assert reading["direction"] == "increase"
    assert (kr.target_value, kr.unit, kr.direction) == (target, unit, KeyResult.Direction.INCREASE)
    assert (kr.metric_type == KeyResult.MetricType.CURRENCY) is money
    # The stored value in its unit, read back as text, is the amount the API reported.
    assert read_key_result(f"达到 {kr.target_value.normalize():f} {kr.unit}").target == read
    # A currency sign or code never follows a magnitude inside a unit.
    assert not re.search(r"[万亿].*(?:[$¥￥€£]|[A-Z]{3})", kr.unit)


# A rate (issue 10 §3) and a kept level (h10a item 2) are read in tests/okrtext; here only what
# the API and the import add: the API reports the reading's period and bound, and the key
# result stores the count per period as its unit (never a date, never the fraction 8/quarter)
# and a kept level on its better side ("Keep churn at 2%" was stored at_least: a churn of 5%
# counted as met).


@pytest.mark.parametrize(("title", "metric", "target", "unit", "per"), okrtext_cases.RATES)
def test_a_rate_is_read_and_stored_per_period(world, title, metric, target, unit, per):
    reading, kr = _read_and_imported(world, title)
    assert (reading["per"], reading["deadline"], reading["due"]) == (per, None, None)
    assert (kr.target_value, kr.unit, kr.due_date) == (target, f"{unit or ''}/{per}", None)


def _with_a_start(text: str, target) -> str:
    """A kept level is imported only with its start (a kept level with none is held, asked for
    it): the level it is kept at, where the text states none, so that the reading is the same."""
    if read_key_result(text, year=2026).start is not None:
        return text
    return f"{text}（当前值{target}）" if is_mostly_cjk(text) else f"{text} (currently {target})"


KEPT = [
    (_with_a_start(text, target), bound)
    for text, target, _unit, direction, bound in okrtext_cases.BOUNDS
    if direction == "maintain"
]


@pytest.mark.parametrize(("title", "bound"), KEPT)
def test_a_kept_level_is_stored_on_its_better_side(world, title, bound):
    reading, kr = _read_and_imported(world, title)
    assert (reading["direction"], reading["bound"]) == ("maintain", bound)
    stored = KeyResult.Direction.AT_MOST if bound == "at_most" else KeyResult.Direction.AT_LEAST
    assert kr.direction == stored
