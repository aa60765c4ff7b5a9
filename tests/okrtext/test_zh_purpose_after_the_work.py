"""h10r (issue 10 §5): a purpose opened by 以 after the work
(`进行设计冲刺周期以生成和测试解决方案`) says "so as to": the deliverable or
the counted thing ends before it, as "to" ends it in English. 以 as a means
or a frame (`以客户为中心`, `以每周两次的频率`) and 以 inside a word (以及,
以上) open no purpose (main: the metric ran on through the purpose)."""

import pytest

from mubiao.okrtext import read_key_result
from tests.okrtext.real_corpus import same

CASES = [
    # (key result, metric, target, is_activity)
    ("建立知识库以沉淀项目经验", "知识库", None, True),
    ("编写自动化测试脚本以覆盖核心流程", "自动化测试脚本", None, True),
    ("搭建数据看板以追踪转化漏斗", "数据看板", None, True),
    ("重构支付模块以支持多币种", "支付模块", None, True),
    ("制定新员工手册以规范入职流程", "新员工手册", None, True),
    ("開展3次用戶訪談以驗證需求", "用戶訪談", 3, True),
    ("Build a knowledge base to capture project lessons", "knowledge base", None, True),
    ("整理销售话术以及常见问题", "销售话术以及常见问题", None, True),
    ("客户满意度提升至90%以上", "客户满意度", 90, False),
]


@pytest.mark.parametrize(("kr", "metric", "target", "activity"), CASES)
def test_the_purpose_is_no_part_of_the_deliverable(kr, metric, target, activity):
    reading = read_key_result(kr, year=2026)
    assert same("metric", reading.metric, (metric,)), reading.metric
    assert (reading.target, reading.is_activity) == (target, activity)
