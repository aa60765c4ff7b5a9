"""A numbered objective, then a key-result label line, then indented bullets (issue 10, probe
p10 S1: the PostHog handbook's layout read as nothing). Each numbered line is an objective, the
label introduces its key results, and a heading that names a period's goals owns nothing."""

import pytest

from mubiao.okrtext import parse

OBJECTIVES = [
    ("Launch the self-serve plan", ["40 teams on the self-serve plan", "Churn below 3% a month"]),
    ("提升新用户留存", ["次日留存从 35% 提升到 45%", "新手引导完成率达到 80%"]),
    ("改善客服體驗", ["首次回覆時間縮短到 2 小時", "滿意度達到 4.6 分"]),
]
NUMBERS = ["{n}. ", "{n}) ", "（{n}）"]
LABELS = ["Key results", "Key results:", "KRs", "关键结果", "关键结果：", "關鍵結果："]
HEADINGS = ["", "## April/July 2026 goals\n", "## Q3 goals\n", "## 2026 第三季度目标\n"]


@pytest.mark.parametrize("heading", HEADINGS)
@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize("bullet", ["  - ", "  * ", "    • ", "- "])
def test_each_numbered_objective_takes_the_bullets_under_its_label(heading, label, number, bullet):
    lines = [heading]
    for n, (title, key_results) in enumerate(OBJECTIVES, start=1):
        lines += [number.format(n=n) + title, label, *(bullet + kr for kr in key_results), ""]
    structure = [
        (s.owner, [(o.title, [kr.text for kr in o.key_results]) for o in s.objectives])
        for s in parse("\n".join(lines)).sections
    ]
    assert structure == [(None, [(title, krs) for title, krs in OBJECTIVES])]


def test_a_long_run_of_month_letters_in_a_heading_is_read_at_once():
    """The period-goals heading pattern takes a month's letters possessively: with backtracking,
    `## marmar…mar!` (60 times) would be split ~2.2^60 ways before failing (a hung request)."""
    document = parse("## " + "mar" * 60 + "!\n1. Grow\n- Revenue from 10 to 20\n")
    assert document.objectives  # read, the heading being no period's goals
