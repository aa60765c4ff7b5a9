"""h10t (issue 10 §4, §5): with no number, a change named only after the first clause is what
the work stated first is for: `自动化常见故障的诊断与恢复，减少人工干预` and
`编写一份在线帮助文档和FAQ，减少…处理时间` are milestones (main: decrease, from 减少 in the
purpose clause). A change in the first clause still gives the direction."""

import pytest

from mubiao.okrtext import read_key_result

CASES = [
    # (key result, direction)
    ("自动化常见故障的诊断与恢复，减少人工干预。", "milestone"),
    ("编写一份在线帮助文档和FAQ，减少用户反馈问题的处理时间。", "milestone"),
    ("搭建统一的日志平台，提升排障效率", "milestone"),
    ("Automate the release runbooks, reducing toil", "milestone"),
    ("提高供应商满意度", "increase"),
    ("降低坏账风险，完善催收流程", "decrease"),
]


@pytest.mark.parametrize(("kr", "direction"), CASES)
def test_a_purpose_after_the_work_has_no_direction(kr, direction):
    reading = read_key_result(kr, year=2026)
    assert (reading.target, reading.direction) == (None, direction)
