"""Issue 10 (h10k): two Chinese activity shapes the lexicons did not list.

- People met, asked or talked to are no people won: "采访5位高级用户", "回访30位老客户",
  "约谈10名离职员工" count the work done with them (a verb of contact: 访/谈/询/问/见 in it),
  while "新增50位付费用户", "获取200位新客户" still count people won.
- A verb that opens the line and governs a noun phrase with its own clause before 的
  ("修改新员工入职的教育信息", "整理客户投诉的处理记录") is work on that object; a verb inside a
  modifier before a measured subject ("因测试遗漏导致的线上bug少于3个") is still no predicate.
"""

import pytest

from mubiao.okrtext import read_key_result

PEOPLE_MET = [
    "截止 10 月初采访 5 位高级用户",
    "回访30位老客户",
    "约谈10名离职员工",
    "本季度面谈8位候选人",
    "专访3位行业专家",
]

PEOPLE_WON = [
    "新增50位付费用户",
    "获取200位新客户",
    "开拓20家新经销商",
]

CLAUSE_OBJECTS = [
    "截止 3 月中旬修改新员工入职的教育信息",
    "整理客户投诉的处理记录",
    "核对历史订单的收货地址",
    "翻译海外用户常用的帮助文档",
]

MEASURED = [
    "因测试遗漏导致的线上bug少于3个",
    "使用新功能的用户占比达到30%",
    "完成推荐算法优化项目，使推荐点击率提升15%",
]


@pytest.mark.parametrize("line", PEOPLE_MET + CLAUSE_OBJECTS)
def test_work_on_people_or_on_a_clause_object_is_an_activity(line):
    assert read_key_result(line, year=2026).is_activity is True


@pytest.mark.parametrize("line", PEOPLE_WON + MEASURED)
def test_people_won_and_measured_subjects_stay_outcomes(line):
    assert read_key_result(line, year=2026).is_activity is False
