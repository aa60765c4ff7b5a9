"""Which number is the target (issue 10 §3): every number gets a role before anything reads it."""

from decimal import Decimal

import pytest

from mubiao.okrtext import read_key_result

CASES = [
    # (key result, target, unit): dates, clock times, qualifiers, windows, names are no targets
    ("完成6/15的毕业答辩", None, None),
    ("每天23:00前睡觉", None, None),
    ("每周30分钟以上的跑步3次", 3, "次"),
    ("每个月20分钟以上的锻炼15次", 15, "次"),
    ("通过近两年全球学术论文研究，完成技术趋势发展报告", None, None),
    ("1月底前完成一级客户新指南撰写工作", None, None),
    ("推出“导师制2.0”，匹配150对师徒", 150, "对"),
    ("12 月底前上线新手引导 2.0", None, None),
    # a version's parts, the last one too (issue 9: "v1.2.3" read target 3)
    ("Ship v1.2.3 of the SDK", None, None),
    ("发布 SDK 1.2.3 版本", None, None),
    ("Ship V1.2.3 to 5 customers", 5, "customers"),
    ("A GitHub board outlining the key efforts on our 12-month roadmap", None, None),
    ("Undertake a monthly review call with all accounts over $1m", None, None),
    ("Cut CI testing time in the two main repos by 50% (2x)", 50, "%"),
    ("通過新增兩個招聘渠道，實現每個崗位合格簡歷量增加20份", 20, "份"),
    ("6-8月每周末驾车往返市区任一咖啡馆", None, None),
    # ordinal days, a scale written "out of" or after a slash: the level is the other number
    ("Finish the monthly financial reports by the 15th of each month", None, None),
    ("Close the books by the 3rd working day of the month", None, None),
    ("在第3季度完成财务系统升级", None, None),
    ("Reduce incident recurrence from 8 out of 10 to 6 out of 10", 6, None),
    ("將顧客滿意度提升至 4.8/5 星", Decimal("4.8"), "星"),
    ("Raise CSAT to 4.6/5 stars", Decimal("4.6"), "stars"),
    ("用户满意度 > 4.5/5", Decimal("4.5"), None),
    # Chinese numerals and scales
    ("门店营收达到50W", 500000, None),
    ("注册用户达到两千", 2000, None),
    ("月活达到3.5万", 35000, None),
    ("GMV 突破1.2亿", 120000000, None),
    ("好评率达到百分之八十", 80, "%"),
    ("Reach two million app downloads", 2000000, "app downloads"),
    ("产品页面平均停留时间超过2分30秒", 150, "秒"),
    # currencies and their units
    ("年度回款达到300万人民币", 3000000, "人民币"),
    ("Close $1.2M in new business", 1200000, "$"),
    ("回款达到¥50万", 500000, "¥"),
    ("Grow EMEA pipeline to €300k", 300000, "€"),
    ("将运营成本降低20万美元", 200000, "美元"),
    # ranges and bounds: the lower end
    ("确定2到3名候选人", 2, "名"),
    ("新增3–5 个渠道", 3, "个"),
    ("Availability ≥ 99.9%", Decimal("99.9"), "%"),
    # A duration before a noun names it when a share follows (h10f); alone it is the target.
    ("Meet the 4 hour first-response target on 95% of tickets", 95, "%"),
    ("Keep a 24 hour support rota staffed 99% of the time", 99, "%"),
    ("Reduce response time from 4 hours to 1 hour", 1, "hour"),
    # A span the target holds over, or an offset from a date, is no target (h10h).
    ("连续三个月，月均跑量超过200公里", 200, "公里"),
    ("连续6周每周跑步3次", 3, "次"),
    ("Hold weekly signups above 400 for 6 weeks in a row", 400, None),
    ("Finish the quarterly reports 15 days before the end of each quarter", None, None),
    ("Ship the release notes 2 days after launch", None, None),
    # A grade's name and a bound that picks the counted things are no targets (h10h).
    ("Any Tier 1 or Tier 2 customers with an adoption score of 50 or less grow usage", None, None),
    ("Advance 12 enterprise opportunities to Stage 4+", 12, "enterprise opportunities"),
    ("Move accounts with a health score of 40 or lower to 80%", 80, "%"),
    # a place, a group or an iteration named by its number is no target: "in region 1"
    ("Improve onboarding in region 1", None, None),
    ("Finish sprint 3 goals", None, None),
    ("Reduce churn in zone 2 from 8% to 5%", 5, "%"),
    ("Onboard cohort 2 with an NPS of 40", 40, None),
    ("Launch in 3 new regions", 3, "new regions"),
    ("Complete 4 rounds of interviews", 4, "rounds"),
]


@pytest.mark.parametrize(("text", "target", "unit"), CASES)
def test_the_number_a_person_means_is_the_target(text, target, unit):
    reading = read_key_result(text, year=2026)
    assert (reading.target, reading.unit) == (target, unit)


def test_a_baseline_after_the_target_is_the_start():
    for text, start in [
        ("Increase integration test coverage to 75% from current 45%", 45),
        ("平均招聘周期缩短至35天，当前值为45天", 45),
        ("人才储备率达到120%（当前80%）", 80),
        ("Improve total reply time by 50% from avg. 2 minutes using templates", 2),
    ]:
        assert read_key_result(text).start == start, text


def test_an_offset_from_a_date_ends_the_deliverable():
    reading = read_key_result("Finish the quarterly reports 15 days before the end of each quarter")
    assert (reading.metric, reading.direction, reading.is_activity) == (
        "quarterly reports",
        "milestone",
        True,
    )
