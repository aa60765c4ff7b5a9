"""A label of initiatives under an objective ("Initiatives:", "**Initiatives:**", "举措：",
"行动计划：") groups the work planned for it (issue 10, probe p10 S2: the label became the owner
of every later objective). Its items are neither key results nor objectives, the label is no
owner, and the next objective starts as it would without them."""

import pytest

from mubiao.okrtext import parse
from mubiao.okrtext.parser import INITIATIVE

OKRS = [
    ("Cut the support backlog", ["Median first reply under 2 hours", "CSAT at 4.6 or higher"]),
    ("扩大华东市场", ["新签客户数达到 120 家", "渠道收入提升 30%"]),
]
OBJECTIVE_FORMS = [
    "OBJECTIVE {n}: {title}",
    "**Objective {n}:** {title}",
    "目标{n}：{title}",
    "O{n}：{title}",
]
LABELS = [
    "Initiatives:",
    "**Initiatives:**",
    "  Initiatives:",
    "Key initiatives",
    "Action plan:",
    "举措：",
    "行动计划：",
    "主要措施：",
    "關鍵舉措：",
]
ITEMS = [
    ["- Hire two agents for the night shift (Dana)", "- 上线自助退款流程"],
    ["", "Rewrite the macros for the top ten tickets.", "组织 3 场渠道伙伴培训会。"],
]


@pytest.mark.parametrize("items", ITEMS)
@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("form", OBJECTIVE_FORMS)
def test_initiatives_belong_to_the_objective_above_and_own_nothing(form, label, items):
    lines = []
    for n, (title, key_results) in enumerate(OKRS, start=1):
        lines += [form.format(n=n, title=title)]
        lines += [f"  KR{k}: {kr}" for k, kr in enumerate(key_results, start=1)]
        lines += ["", label, *items, ""]
    document = parse("\n".join(lines))
    structure = [
        (s.owner, [(o.title, [kr.text for kr in o.key_results]) for o in s.objectives])
        for s in document.sections
    ]
    assert structure == [(None, OKRS)]
    said = [p.message for p in document.problems]
    assert said.count(INITIATIVE) == 2 * sum(1 for item in items if item)
