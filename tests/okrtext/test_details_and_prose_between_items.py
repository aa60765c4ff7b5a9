"""Issue 10 §2: real documents write notes under a key result (`Measurement: …`, `Source: …`,
`数据来源：…`) and a paragraph of prose between numbered key results. A note was read as an
objective of its own (`Source: Delighted dashboard`) and the prose closed the list, so the
key results after it were lost ("bullet outside an objective")."""

import pytest

from mubiao.okrtext import parse
from mubiao.okrtext.problems import BULLET_OUTSIDE, DETAIL, PROSE

EN = """Objective: Delight our customers
Key results:
1. Raise NPS from 30 to 45
   Baseline: 30 (Q1 survey)
   Measurement: quarterly NPS survey
   Source: Delighted dashboard
2. Cut first response time from 4h to 1h
We will focus on the enterprise segment first.
3. Reduce churn from 5% to 3%
"""
ZH = """O1：提升客户满意度
1、NPS 从 30 提升到 45
   衡量方式：季度调研
   数据来源：CRM 报表
2、首次响应时间从 4 小时降到 1 小时
本季度先聚焦大客户。
3、流失率从 5% 降到 3%
"""
BULLETS = """O2: Grow revenue
- Close $2M in new ARR
  Notes: renewals not counted
  Data source: Salesforce
- Sign 5 new logos
"""


@pytest.mark.parametrize(
    ("text", "targets", "details", "prose"),
    [
        # `Baseline: 30 (Q1 survey)` under "from 30 to 45" says the start again: used as it
        # (ParsedKeyResult.used, h9w3), not a detail that is no key result.
        (EN, [45, 1, 3], [5, 6], [8]),
        (ZH, [45, 1, 3], [3, 4], [6]),
        (BULLETS, [2000000, 5], [3, 4], []),
    ],
    ids=["en", "zh", "bullets"],
)
def test_notes_and_prose_keep_the_key_results(text, targets, details, prose):
    document = parse(text)
    (objective,) = document.objectives
    assert [kr.target for kr in objective.key_results] == targets
    problems = {p.line: p.message for p in document.problems}
    assert [n for n, m in problems.items() if m == DETAIL] == details
    used = {n for kr in objective.key_results for n in kr.used}
    assert not used & problems.keys()
    assert [n for n, m in problems.items() if m == PROSE] == prose
    assert BULLET_OUTSIDE not in problems.values()


def test_prose_before_a_list_that_starts_again_still_ends_the_list():
    """Only the next number continues the interrupted list: `1.` after prose does not."""
    document = parse(
        "Objective: Delight our customers\n1. Raise NPS from 30 to 45\n2. Cut churn to 3%\n"
        "Then, our plans for next year.\n1. Hire a head of support\n"
    )
    (objective,) = document.objectives
    assert len(objective.key_results) == 2
    assert [p.message for p in document.problems if p.line == 5] == [BULLET_OUTSIDE]


def test_a_note_flush_with_the_list_is_not_a_detail():
    """A labelled line written at the list's own margin is read as before (an objective)."""
    document = parse("Objective: A\n1. Raise NPS from 30 to 45\nObjective: B\n1. Cut churn to 3%\n")
    assert [o.title for o in document.objectives] == ["A", "B"]


def test_a_labelled_line_at_the_key_results_margin_is_no_note_of_it():
    """Only a line indented under the key result is its note; at the list's own margin a
    labelled line is read as before (`Support: …` a role's line, here prose)."""
    document = parse(
        "Objective: Grow the business\n  KR1: Raise NPS from 30 to 45\n"
        "  Support: cut first response time from 4h to 1h\n"
    )
    assert [p.message for p in document.problems if p.line == 3] != [DETAIL]
