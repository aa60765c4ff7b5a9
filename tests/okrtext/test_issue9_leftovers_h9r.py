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


# Tables: a line break (`<br>`) in a cell is read as a person sees it; rows without outer pipes
# are a table; blank unit or direction cells leave the title's (guards, where they passed).
HEADER = "| Objective | Key result | Start | Target |\n|---|---|---|---|\n"
BARE = "Objective | Key result | Start | Target\n--- | --- | --- | ---\n"
# (document, [(objective, [(text, start, target, unit, direction)])])
TABLES = [
    (HEADER + "| 提升客户规模 | 付费客户从 10 增长到 50 家<br>NPS 从 30 提升到 50 | | |\n",
     [("提升客户规模", [("付费客户从 10 增长到 50 家", 10, 50, "家", "increase"),
                  ("NPS 从 30 提升到 50", 30, 50, None, "increase")])]),
    (HEADER + "| Grow | Reach 50 paying teams<br/>Cut churn from 5% to 3% | | |\n",
     [("Grow", [("Reach 50 paying teams", None, 50, "paying teams", "increase"),
                ("Cut churn from 5% to 3%", 5, 3, "%", "decrease")])]),
    (HEADER + "| Grow | - Reach 50 paying teams<br>- Cut churn from 5% to 3% | | |\n",
     [("Grow", [("Reach 50 paying teams", None, 50, "paying teams", "increase"),
                ("Cut churn from 5% to 3%", 5, 3, "%", "decrease")])]),
    (HEADER + "| 提升客户<br>规模 | 付费客户数 | 10 | 50 |\n",
     [("提升客户规模", [("付费客户数", 10, 50, None, "increase")])]),
    (HEADER + "| Delight<br />customers | Raise NPS from 30<br>to 50 | | |\n",
     [("Delight customers", [("Raise NPS from 30 to 50", 30, 50, None, "increase")])]),
    # Guards: rows without outer pipes are a table (they passed before h9r).
    (BARE + "提升客户规模 | 付费客户数 | 10 | 50\n",
     [("提升客户规模", [("付费客户数", 10, 50, None, "increase")])]),
    ("Objective | Key result\n--- | ---\n提升客户规模 | 付费客户从 10 增长到 50 家\n",
     [("提升客户规模", [("付费客户从 10 增长到 50 家", 10, 50, "家", "increase")])]),
    # Guards: blank unit and direction cells beside a title leave the title's.
    ("| Objective | Key result | Start | Target | Unit | Direction |\n|---|---|---|---|---|---|\n"
     "| 降本 | 成本从 8 降到 5 万元 | | | | |\n",
     [("降本", [("成本从 8 降到 5 万元", 80000, 50000, "元", "decrease")])]),
]  # fmt: skip


@pytest.mark.parametrize(("document", "expected"), TABLES)
def test_a_table_is_read_as_a_person_sees_it(document, expected):
    got = [
        (o.title, [(kr.text, kr.start, kr.target, kr.unit, kr.direction) for kr in o.key_results])
        for o in parse(document).objectives
    ]
    assert got == [
        (title, [(t, None if s is None else Decimal(s), Decimal(g), u, d) for t, s, g, u, d in krs])
        for title, krs in expected
    ]
