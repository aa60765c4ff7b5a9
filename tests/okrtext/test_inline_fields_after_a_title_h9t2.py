"""Brief h9t2 §1: labelled fields written on a key result's own line after its title
(`- **KR 1.1:** Reduce … to 4 weeks - Target: 4 weeks | Current: 8 weeks | Status: ⏳`) are read
as the key result's fields, as the same labels on lines under it are: the title ends before
them, a Target/Current gives the target/start the title does not state, a Status or any other
label is no part of the title. Separators ` - `, `|`, `;`, `,`, `；`, `，`; en + zh labels."""

from datetime import date
from decimal import Decimal

import pytest

from mubiao.okrtext import parse
from mubiao.okrtext.problems import CONFIDENCE_NOT_READ

CYCLE = (date(2026, 10, 1), date(2026, 12, 31))

# (key result line, title, start, target, unit)
CASES = [
    ("- **KR 1.1:** Reduce feature cycle time from 8 weeks to 4 weeks - Target: 4 weeks"
     " | Current: 8 weeks | Status: ⏳",
     "Reduce feature cycle time from 8 weeks to 4 weeks", 8, 4, "weeks"),
    ("- KR1: Reduce feature cycle time | Target: 4 weeks | Current: 8 weeks | Status: ⏳",
     "Reduce feature cycle time", 8, 4, "weeks"),
    ("- KR1: Grow paying teams - Target: 500; Current: 320; Status: On track",
     "Grow paying teams", 320, 500, None),
    ("- KR1: Grow paying teams, Target: 500, Confidence: High",
     "Grow paying teams", None, 500, None),
    ("- KR1：缩短发布周期；目标值：4 周；当前：8 周；状态：⏳",
     "缩短发布周期", 8, 4, "周"),
    ("- KR1：缩短发布周期，目标值：4 周，当前：8 周，状态：进行中",
     "缩短发布周期", 8, 4, "周"),
    ("- KR1：把发布周期从 8 周缩短到 4 周 | 目标值：4 周 | 当前：8 周 | 状态：⏳",
     "把发布周期从 8 周缩短到 4 周", 8, 4, "周"),
    ("- KR1: Cut churn from 3.5% to 2.0% - Status: At risk",
     "Cut churn from 3.5% to 2.0%", Decimal("3.5"), 2, "%"),
    # No label after the separator: the title as written.
    ("- KR1: Ship v2 - the mobile app, to 3 stores", "Ship v2 - the mobile app, to 3 stores",
     None, 3, "stores"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "title", "start", "target", "unit"), CASES)
def test_labelled_fields_after_the_title_are_fields(line, title, start, target, unit):
    objective = "## 目标一：交付更快\n" if "：" in line else "## Objective 1: Ship faster\n"
    document = parse(objective + line + "\n", cycle=CYCLE)
    [kr] = document.objectives[0].key_results
    assert (kr.text, kr.start, kr.target, kr.unit) == (title, start, target, unit)


# Brief h9t2 §2: a confidence in words has no documented 0–10 value: said on its line, not dropped.
@pytest.mark.parametrize("line", ["  - **Confidence:** High", "  - Confidence: Medium",
                                  "  - 信心指数：高", "  - **信心：** 低"])  # fmt: skip
def test_a_confidence_in_words_is_said_as_not_taken(line):
    text = "## Objective 1: Quality\n- KR1: Reduce critical bug count by 50%\n" + line + "\n"
    document = parse(text, cycle=CYCLE)
    assert [(p.line, p.message) for p in document.problems] == [(3, CONFIDENCE_NOT_READ)]
