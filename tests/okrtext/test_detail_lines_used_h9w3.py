"""Which detail line under a key result gave it which value (ParsedKeyResult.used, h9w3): a
restated start or target that says the same is used as it, one that differs is said as not
imported (the title's kept), a `Current:` line alone is the start."""

from decimal import Decimal

import pytest

from mubiao.okrtext import parse
from mubiao.okrtext.problems import (
    CURRENT_NOT_READ,
    START_DIFFERS,
    STATUS_NOT_READ,
    TARGET_DIFFERS,
)

# (text, {line: used as}, {line: problem}, (start, target))
CASES = [
    ("O1: Ship\n- KR1: Cut release time from 8 weeks to 4 weeks\n  - Target: 4 weeks\n"
     "  - Current: 6 weeks\n", {3: "target"}, {4: CURRENT_NOT_READ}, (8, 4)),
    ("O1: Ship\n- KR1: Cut release time from 8 weeks to 4 weeks\n  - Target: 6 weeks\n"
     "  - Baseline: 9 weeks\n", {}, {3: TARGET_DIFFERS, 4: START_DIFFERS}, (8, 4)),
    ("O1: Ship\n- KR1: Fix bugs\n  - Start: 60 bugs\n  - Target: 10 bugs\n  - Status: ok\n",
     {3: "start", 4: "target"}, {5: STATUS_NOT_READ}, (60, 10)),
    ("目标：降本\n- KR1：成本降低\n  - 当前值：40 万元\n  - 目标值：30 万元\n  - 截止：2026-12-01\n"
     "  - 负责人：王芳\n", {3: "current", 4: "target", 5: "due", 6: "owner"}, {},
     (400000, 300000)),
    ("目标：降本\n- KR1：成本从 40 万元降到 30 万元\n  - 目标值：30万元\n",
     {3: "target"}, {}, (400000, 300000)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "used", "problems", "values"), CASES)
def test_each_detail_line_is_used_or_said(text, used, problems, values):
    document = parse(text, year=2026)
    (kr,) = document.objectives[0].key_results
    assert kr.used == used
    assert {p.line: p.message for p in document.problems} == problems
    assert (kr.start, kr.target) == tuple(Decimal(v) for v in values)
