"""Probe 20 (brief h9q, issue 10 §2 layouts): labelled detail bullets under a key result
(`### Key Result 1.1: Developer NPS` over `- **Baseline:** 42`, `- **Target:** 60`,
`- **Current:** 51 (as of Week 8)`, `- **Priority:** P0`; or `- Current: 51` indented under
"KR: … from 42 to 60") are the key result's fields: start, target, owner, due date; a current
value beside a stated start is said as not imported; any other label is a detail. None is a key
result or an objective of its own. Own documents, en + zh."""

from datetime import date
from decimal import Decimal

import pytest

from mubiao.okrtext import parse
from mubiao.okrtext.problems import CURRENT_NOT_READ, DETAIL, STATUS_NOT_READ, UNREAD_FIELD

CYCLE = (date(2026, 10, 1), date(2026, 12, 31))

EN_HEADINGS = """# Company OKRs

## Objective 1: Delight developers building on our API

**Owner:** Dana Wu
**Priority:** P0

### Key Result 1.1: Developer NPS
- **Metric:** Developer Net Promoter Score
- **Baseline:** 42
- **Target:** 60
- **Current:** 51 (as of Week 8)
- **Priority:** P0

### Key Result 1.2: Monthly P1 incidents
- **Baseline:** 8
- **Target:** 2
- **On Track:** At Risk
"""
ZH_HEADINGS = """# 公司 OKR

## 目标一：让开发者信赖我们的平台

**优先级：** P0

### 关键结果 1.1：开发者 NPS
- **基线：** 42
- **目标值：** 60
- **当前：** 51（截至第 8 周）
- **优先级：** P0
- **信心：** 7/10
"""
EN_INDENTED = """### Objective: Customers trust our reliability
- KR: Developer NPS from 42 to 60
  - Current: 51 (as of Week 8)
  - Owner: Dana
- KR: Cut churn from 3.5% to 2.0%
"""
ZH_INDENTED = """目标：提升稳定性
- KR1：P1 故障数从每月 8 次降到 2 次
  - 当前值：5 次
  - 负责人：王芳
- KR2：可用性达到 99.9%
"""
EN_OTHER_LABELS = """## Objective 2: Grow revenue
### Key Result 2.1: Paying teams
- Start: 320
- Goal: 500
- Deadline: Dec 15
- Status: On track
- Progress: 40%
- Confidence: 0.7
- Owner: Sam
"""
ZH_OTHER_LABELS = """## 目标二：增长
### 关键结果 2.1：付费团队数
- 起始值：320
- 目标值：500
- 截止：12月15日
- 进度：40%
- 负责人：林晓
"""

# (document, objective, [(key result text, start, target, due, mentions)], {line: problem})
CASES = [
    (EN_HEADINGS, "Delight developers building on our API",
     [("Developer NPS", 42, 60, None, []), ("Monthly P1 incidents", 8, 2, None, [])],
     {6: UNREAD_FIELD, 9: DETAIL, 12: CURRENT_NOT_READ, 13: DETAIL, 18: DETAIL}),
    (ZH_HEADINGS, "让开发者信赖我们的平台",
     [("开发者 NPS", 42, 60, None, [])],
     {5: UNREAD_FIELD, 10: CURRENT_NOT_READ, 11: DETAIL, 12: DETAIL}),
    (EN_INDENTED, "Customers trust our reliability",
     [("Developer NPS from 42 to 60", 42, 60, None, ["Dana"]),
      ("Cut churn from 3.5% to 2.0%", Decimal("3.5"), 2, None, [])],
     {3: CURRENT_NOT_READ}),
    (ZH_INDENTED, "提升稳定性",
     [("P1 故障数从每月 8 次降到 2 次", 8, 2, None, ["王芳"]),
      ("可用性达到 99.9%", None, Decimal("99.9"), None, [])],
     {3: CURRENT_NOT_READ}),
    (EN_OTHER_LABELS, "Grow revenue",
     [("Paying teams", 320, 500, date(2026, 12, 15), ["Sam"])],
     {6: STATUS_NOT_READ, 7: DETAIL, 8: DETAIL}),
    (ZH_OTHER_LABELS, "增长",
     [("付费团队数", 320, 500, date(2026, 12, 15), ["林晓"])],
     {6: DETAIL}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "objective", "key_results", "problems"), CASES)
def test_labelled_details_are_the_key_results_fields(text, objective, key_results, problems):
    document = parse(text, cycle=CYCLE)
    assert [o.title for o in document.objectives] == [objective]
    read = [(kr.text, kr.start, kr.target, kr.due, kr.mentions)
            for kr in document.objectives[0].key_results]  # fmt: skip
    assert read == key_results
    said = {p.line: p.message for p in document.problems if p.line > 1}
    assert said == problems
