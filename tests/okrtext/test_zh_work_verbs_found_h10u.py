"""h10u (issue 10 §2, §5): Chinese work said with a verb the lexicons did not list, in simplified
or traditional characters (read through the same conversion): looking for people (`尋找` /
`寻找` / `物色` …, work as 招聘 is), publishing (`出版`, a deliverable as 发布 is; `爭取` before it
only hedges, OKR-M03, the verb is still 出版), and `实现对…的…` (`實現對所有服務的監控覆蓋`:
delivering a capability over what 对 names, work; with a number, `实现对90%门店的覆盖`, the
share is measured as before).
"""

import pytest

from mubiao.okrtext import lint, read_key_result

WORK = [
    "尋找合適的、懂日語的譯者，校對日文版的書稿",
    "寻找合适的供应商，完成样品测试",
    "物色一位有经验的财务总监",
    "爭取年底前出版",
    "争取6月底前出版第二本书",
    "出版行业研究报告",
    "實現對所有服務的監控覆蓋",
    "实现对核心交易链路的全链路追踪",
    "实现对所有运维活动的日志记录和审计跟踪",
]


@pytest.mark.parametrize("kr", WORK)
def test_the_work_is_read_as_work(kr):
    reading = read_key_result(kr, year=2026)
    assert reading.is_activity, reading
    rules = {f.rule for f in lint(f"O：提升团队能力\n- {kr}")}
    assert "OKR-A01" in rules or "OKR-A03" in rules, rules


OUTCOMES = [
    ("实现对90%门店的覆盖", 90),
    ("实现营收1000万元", 10000000),
]


@pytest.mark.parametrize(("kr", "target"), OUTCOMES)
def test_a_measured_result_is_no_work(kr, target):
    reading = read_key_result(kr, year=2026)
    assert (reading.target, reading.is_activity) == (target, False)


VERB_ONLY = [
    # A deliverable verb with no object names what is delivered (the dev corpus: 爭取年底前出版 →
    # 出版), never nothing.
    ("爭取年底前出版", "出版"),
    ("争取3月底前发布", "发布"),
    ("年底前上线", "上线"),
]


@pytest.mark.parametrize(("kr", "metric"), VERB_ONLY)
def test_a_verb_with_no_object_is_the_deliverable(kr, metric):
    reading = read_key_result(kr, year=2026)
    assert (reading.metric, reading.direction, reading.is_activity) == (metric, "milestone", True)
