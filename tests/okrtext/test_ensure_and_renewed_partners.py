"""h10n (issue 10 §5): `Ensure` / `确保` frame the state a key result promises.

- With a number, the measure is the frame's noun phrase (`Ensure 99.9% uptime for the API` →
  uptime), and in Chinese the subject of the clause it frames (`确保评估反馈在24小时内同步` →
  评估反馈: 评估 there names which feedback, it is no work done).
- Without one, `Ensure a clear hiring process` promises a quality with nothing to measure
  (OKR-M01): a deliverable word inside the noun phrase (`hiring`, `new hires`, `each release`) is
  no delivery. A promise that something is delivered (`… is launched by May`) stays checkable.
- Partners renewed are counted as partners signed are (`与20家门店续约` → 门店, won: no work);
  work with a partner and no number names the partner or what is made with it; hosting events
  (主办, 承办, 操办) is work as 举办 is.
"""

import pytest

from mubiao.okrtext import read_key_result
from tests.okrtext.real_corpus import RealKR, kr_findings

ENSURE_MEASURED = [
    ("Ensure 99.9% uptime for the API", "uptime"),
    ("Ensure 95% of invoices are paid within 30 days", "invoices"),
    ("确保客服工单在4小时内首次响应", "客服工单"),
    ("确保评审意见在48小时内反馈给作者", "评审意见"),
    ("确保线上告警在15分钟内得到处理", "线上告警"),
]


def _findings(kr: str) -> set[str]:
    return kr_findings(RealKR(source="", lang="", kr=kr, expected={}, kind=""))


@pytest.mark.parametrize(("kr", "metric"), ENSURE_MEASURED)
def test_ensure_measures_what_it_frames(kr, metric):
    reading = read_key_result(kr, year=2026)
    assert reading.metric == metric
    assert not reading.is_activity
    assert not _findings(kr) & {"OKR-A01", "OKR-M01", "OKR-M02"}


ENSURE_UNMEASURED = [
    "Ensure a clear and transparent hiring process for the engineering team",
    "Ensure a smooth onboarding experience for new hires",
    "Ensure consistent code quality for each release",
    "Make sure we have a great hiring experience",
    "确保良好的团队氛围",
]


@pytest.mark.parametrize("kr", ENSURE_UNMEASURED)
def test_ensure_with_nothing_to_measure_is_unmeasurable(kr):
    assert "OKR-M01" in _findings(kr)


ENSURE_CHECKABLE = [
    "Ensure the new billing system is launched by May 31",
    "Ensure 100% of teammates complete security training",
    "确保新版官网在6月底前上线",
]


@pytest.mark.parametrize("kr", ENSURE_CHECKABLE)
def test_ensure_a_delivery_or_a_number_is_measurable(kr):
    assert "OKR-M01" not in _findings(kr)


RENEWED = [
    ("与20家门店续约", "门店", 20, "家"),
    ("和 12 家经销商续签年度合同", "经销商", 12, "家"),
    ("与8家渠道伙伴续签合作协议", "渠道伙伴", 8, "家"),
]


@pytest.mark.parametrize(("kr", "metric", "target", "unit"), RENEWED)
def test_partners_renewed_are_counted(kr, metric, target, unit):
    reading = read_key_result(kr, year=2026)
    assert (reading.metric, reading.target, reading.unit) == (metric, target, unit)
    assert not reading.is_activity


# Hosting events is work, as 举办 is (主办, 承办, 操办): the linter flags it.
ARRANGED = ["主办 2 场行业沙龙", "承辦 1 次區域峰會", "操办 3 场客户答谢会"]


@pytest.mark.parametrize("kr", ARRANGED)
def test_arranging_events_is_work(kr):
    assert read_key_result(kr, year=2026).is_activity
    assert _findings(kr) & {"OKR-A01"}


# Work done with a partner and no number: the partner when the verb ends the line, the verb's
# object when it has one (h10e's counted partner, without the count).
MET_WITH = [
    ("与每位重点客户的负责人开会", "每位重点客户的负责人"),
    ("同各区域经销商见面", "各区域经销商"),
    ("与市场部共同撰写品牌手册", "品牌手册"),
]


@pytest.mark.parametrize(("kr", "metric"), MET_WITH)
def test_work_with_a_partner_names_the_partner_or_the_deliverable(kr, metric):
    reading = read_key_result(kr, year=2026)
    assert reading.metric == metric
    assert reading.is_activity
