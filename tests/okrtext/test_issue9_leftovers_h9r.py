"""Issue 9 leftovers (h9r): numbers a person writes in a title or a document are read as the
person reads them. A target's year-end written before it is its deadline (`增加到 2026 年底的 50
家`, as `到 2026 年的 5 个` is, h9o); a lone numeral ending the clause after 增长到 is the target;
a scale written once after a negative target is the negative start's too; labelled lines under a
key result go to their fields whatever their order (`Current` before `Baseline`)."""

from datetime import date
from decimal import Decimal

import pytest

from mubiao.okrtext import parse, read_key_result
from mubiao.okrtext.problems import CURRENT_NOT_READ

CYCLE = (date(2026, 1, 1), date(2026, 12, 31))

# (title, start, target, unit, due)
TITLES = [
    ("合作伙伴从 2025 年底的 1 家增加到 2026 年底的 50 家", 1, 50, "家", date(2026, 12, 31)),
    ("合作伙伴增加到 2026 年底的 50 家", None, 50, "家", date(2026, 12, 31)),
    ("增长到五", None, 5, None, None),
    ("合作伙伴增长到五", None, 5, None, None),
    ("合作伙伴提升到五。", None, 5, None, None),
    # A scale written once (万元) is a negative start's too: −5 万元 → −2 万元.
    ("亏损从 -5 降到 -2 万元", -50000, -20000, "元", None),
    ("利润从 -5 提升到 -2 万元", -50000, -20000, "元", None),
    ("亏损从 -5 万降到 -2 万元", -50000, -20000, "元", None),
    # Guards: the existing rule for a scale written once (test_scale_written_once): where the
    # numbers as written would go against the words, the start is as written (5 → 2 万 up).
    ("从 五 提升到 两 万元", 5, 20000, "元", None),
    ("收入从 5 提升到 20 万元", 50000, 200000, "元", None),
]


@pytest.mark.parametrize(("title", "start", "target", "unit", "due"), TITLES)
def test_a_title_is_read_as_a_person_reads_it(title, start, target, unit, due):
    reading = read_key_result(title, cycle=CYCLE)
    got = (reading.start, reading.target, reading.unit, reading.due)
    assert got == (None if start is None else Decimal(start), Decimal(target), unit, due)
    (objective,) = parse(f"# 增长\n- KR1: {title}\n", cycle=CYCLE).objectives
    kr = objective.key_results[0]
    assert (kr.start, kr.target, kr.unit, kr.due) == got


# Labelled lines under a key result heading, in any order: each value in its field.
ORDERS = [
    ("Current", "Baseline", "Target"),
    ("Baseline", "Current", "Target"),
    ("Target", "Current", "Baseline"),
    ("Current", "Target", "Baseline"),
    ("Baseline", "Target", "Current"),
]
VALUES = {"Baseline": "30", "Current": "40", "Target": "60"}
ZH = {"Baseline": "基线", "Current": "当前值", "Target": "目标值"}


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_labelled_values_go_to_their_fields_whatever_the_order(order, language):
    label = (lambda name: name) if language == "en" else ZH.get
    lines = [f"- **{label(name)}:** {VALUES[name]}" for name in order]
    text = "# O1: Grow paying customers\n## KR1: Paying customers\n" + "\n".join(lines) + "\n"
    document = parse(text)
    (kr,) = document.objectives[0].key_results
    assert (kr.start, kr.target, kr.direction) == (30, 60, "increase")
    assert kr.beside.get("current") == "40"
    current_line = 3 + order.index("Current")
    assert [(p.line, p.message) for p in document.problems] == [(current_line, CURRENT_NOT_READ)]
