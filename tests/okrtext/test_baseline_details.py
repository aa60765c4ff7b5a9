"""A detail line under a key result that states its start (`当前值: 250ms`, `current: 65 s`,
`基线：3.2 秒`) is its start, not a note (issue 10, probe10 F15). Own sentences, zh,
traditional zh and en."""

from decimal import Decimal

import pytest

from mubiao.okrtext import parse


@pytest.mark.parametrize(
    ("document", "start", "target", "direction"),
    [
        ("O1: 提升性能\n- KR1: 接口 P95 延迟 < 300ms\n  - 当前值: 420ms\n", 420, 300, "decrease"),
        ("O1: 提升性能\n- KR1: 首页白屏时间 2 秒以内\n  - 基线：3.5 秒\n", 3.5, 2, "decrease"),
        ("O1: 提升體驗\n- KR1: 退款處理時間 24 小時以內\n  - 當前值：36 小時\n",
         36, 24, "decrease"),
        ("O1: 增长\n- KR1: 月活达到 12 万\n  - 当前：9 万\n", 90000, 120000, "increase"),
        ("Objective: Faster checkout\n- Reduce checkout time to 40 s\n  - Current: 65 s\n",
         65, 40, "decrease"),
        ("Objective: Grow\n- Reach 500 paying teams\n  - Baseline: 320\n", 320, 500, "increase"),
    ],
)  # fmt: skip
def test_a_current_value_detail_is_the_start(document, start, target, direction):
    document = parse(document)
    (kr,) = document.objectives[0].key_results
    assert (kr.start, kr.target, kr.direction) == (start, target, direction)
    assert document.problems == []


def test_other_details_and_a_stated_start_stay_notes():
    document = parse("O1: 提效\n- KR1: 客诉率从 8% 降到 3%\n  - 当前值: 9%\n  - 进度: 40%\n")
    (kr,) = document.objectives[0].key_results
    assert (kr.start, kr.target) == (8, 3)  # the line states its start: the detail is a note
    assert [p.line for p in document.problems] == [3, 4]


def test_an_owner_detail_is_a_mention_of_the_key_result():
    # (h10h) "负责人: 王芳" names who owns the key result, as "@王芳" after it would.
    document = parse("O1: 提效\n- KR1: 客诉率从 8% 降到 3%\n  - 负责人: 王芳\n")
    (kr,) = document.objectives[0].key_results
    assert (kr.mentions, document.problems) == (["王芳"], [])


# (h10x) `目标值: 95%` / `target: 95%` under a key result without a target is its target, read
# with a start detail in either order; the key result's text stays as written.
@pytest.mark.parametrize(
    ("document", "start", "target", "unit", "direction"),
    [
        ("O1: 提升质量\n- KR1: 客诉率降低\n  - 目标值: 3%\n", None, 3, "%", "decrease"),
        ("O1: 提升质量\n- KR1: 客诉率降低\n  - 基线: 8%\n  - 目标值: 3%\n", 8, 3, "%", "decrease"),
        ("O1: 稳定\n- KR1: 系统可用率\n  - 目标值：99.9%\n", None, Decimal("99.9"), "%",
         "increase"),
        ("O1: 增長\n- KR1: 月活躍用戶提升\n  - 目標值：12 萬\n  - 當前值：9 萬\n",
         90000, 120000, None, "increase"),
        ("Objective: Grow\n- Increase NPS\n  - Target: 45\n  - Current: 30\n", 30, 45, None,
         "increase"),
        ("Objective: Faster\n- Reduce checkout time.\n  - target value: 40 s\n", None, 40, "s",
         "decrease"),
    ],
)  # fmt: skip
def test_a_target_detail_is_the_target(document, start, target, unit, direction):
    parsed = parse(document)
    (kr,) = parsed.objectives[0].key_results
    assert (kr.start, kr.target, kr.unit, kr.direction) == (start, target, unit, direction)
    without_details = "\n".join(document.splitlines()[:2])
    assert kr.text == parse(without_details).objectives[0].key_results[0].text
    assert parsed.problems == []


def test_a_target_detail_under_a_key_result_with_a_target_stays_a_note():
    document = parse("O1: 增长\n- KR1: 月活达到 10 万\n  - 目标值: 12 万\n")
    (kr,) = document.objectives[0].key_results
    assert kr.target == 100000
    assert [p.line for p in document.problems] == [3]
