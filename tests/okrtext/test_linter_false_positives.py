"""Linter findings on key results a person would call good, and on the ones it must still flag
(h10x, issue 10 §5): OKR-A01/A04 on a change verb whose measure a cadence qualifies ("Increase
weekly active teams to 3,000") or on 维持; a verb that qualifies a counted noun ("付费用户数")
read as the work, and the message then naming an opening deadline ("截止二月…") as the verb;
OKR-M01 on a dated, checkable milestone. Own sentences, zh, traditional zh and en."""

from datetime import date

import pytest

from mubiao.okrtext import KRInput, ObjectiveInput, lint_objectives

WATCHED = {"OKR-A01", "OKR-A04", "OKR-M01"}


def _findings(kr: str):
    objective = ObjectiveInput(
        "Objective", [KRInput(kr)], cycle_start=date(2026, 1, 1), cycle_end=date(2026, 12, 31)
    )
    return [f for f in lint_objectives([objective]) if f.key_result == 1 and f.rule in WATCHED]


CLEAN = [
    "Increase weekly active teams to 3,000",
    "Increase daily active users to 10,000",
    "Grow weekly paying customers to 500",
    "Increase the number of weekly product demos to 12",
    "每周活跃团队数提升到 3000",
    "每週活躍用戶數提升到 5 萬",
    "截止二月底付费用户数 500",
    "截止2月底付费用户数500",
    "截至6月底活跃门店数量达到 20",
    "维持每月退货单在 30 单以下",
    "維持每月客訴 20 件以下",
    "保持每周新增付费用户 200 人以上",
]


@pytest.mark.parametrize("kr", CLEAN)
def test_a_measured_outcome_is_not_flagged(kr):
    assert [f.rule for f in _findings(kr)] == []


# Done or not by a date: checkable, whatever OKR-A01 says of its verb.
DATED_MILESTONES = [
    "Pass the AWS certification by May 30",
    "Get my driving licence by May 20",
    "Finish the first draft of my novel by Oct 1",
    "6月30日前通过 CPA 考试",
    "5月底前取得驾照",
    "9月前考過日語 N2",
]


@pytest.mark.parametrize("kr", DATED_MILESTONES)
def test_a_dated_milestone_is_measurable(kr):
    assert "OKR-M01" not in {f.rule for f in _findings(kr)}


# (key result, rules it must still get, the word the A01 message names or None)
FLAGGED = [
    ("Read 25 pages every day", {"OKR-A01", "OKR-A04"}, "Read"),
    ("每周健身3次", {"OKR-A01", "OKR-A04"}, None),
    ("每周组织一场测试培训", {"OKR-A01", "OKR-A04"}, "组织"),
    ("截止二月底，拜访 20 家客户", {"OKR-A01"}, "拜访"),
    ("截止二月底，讨论新方案", {"OKR-A01", "OKR-M01"}, "讨论"),
    ("截止二月底走访 5 家门店", {"OKR-A01"}, "走访"),
    ("截止二月底每周回访 10 位客户", {"OKR-A01", "OKR-A04"}, "回访"),
    ("Research pricing models by March 1", {"OKR-A01", "OKR-M01"}, "Research"),
    ("Improve the onboarding experience", {"OKR-M01"}, None),
    ("提升团队协作氛围", {"OKR-M01"}, None),
]


@pytest.mark.parametrize(("kr", "rules", "verb"), FLAGGED)
def test_work_and_unmeasurable_key_results_are_still_flagged(kr, rules, verb):
    findings = _findings(kr)
    assert {f.rule for f in findings} >= rules
    if verb:
        (activity,) = [f for f in findings if f.rule == "OKR-A01"]
        assert verb in activity.message and "截止" not in activity.message
