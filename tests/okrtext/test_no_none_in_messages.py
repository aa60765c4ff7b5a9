"""No lint message or suggestion ever shows Python's `None` (issue 9 m2: "目标里写了数字（None）"
for an objective title holding a placeholder, a line break and `#`). Generated: titles and key
results with parts missing (placeholders, no unit, no metric, empty lines), both languages."""

import itertools

import pytest

from mubiao.okrtext import lint
from mubiao.okrtext.lint import KRInput, ObjectiveInput, lint_objectives

TITLES = ["提升 xx 家客户\n#", "# 提升\n留存 N%", "达到 $N 收入", "达到 xx", "Grow to N users",
          "#\n", "提升留存", "Reach xx% NPS\n# note", "完成", "100"]  # fmt: skip
KEY_RESULTS = ["签约 xx 家客户", "成本降低 N%", "达到", "提升 10%", "#", "NPS 从 30 提升到 xx",
               "Reach $N revenue", "上线", "50", "H1 完成迁移", "降到 xx 以下"]  # fmt: skip


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize("title", TITLES)
def test_no_message_shows_none(title, lang):
    for pair in itertools.combinations(KEY_RESULTS, 2):
        objective = ObjectiveInput(title=title, key_results=[KRInput(text) for text in pair])
        for finding in lint_objectives([objective], lang=lang):
            assert "None" not in finding.message + finding.suggestion, (finding, pair)


@pytest.mark.parametrize("title", TITLES)
def test_no_message_of_a_pasted_document_shows_none(title):
    text = f"O1: {title}\nKR1: 签约 xx 家客户\nKR2: 成本降低 N%\n"
    for finding in lint(text):
        assert "None" not in finding.message + finding.suggestion, finding
