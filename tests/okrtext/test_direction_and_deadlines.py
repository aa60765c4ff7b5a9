"""Direction, target type, units and deadlines (issue 10 §4), one kind per table."""

from datetime import date

import pytest

from mubiao.okrtext import read_key_result
from mubiao.okrtext.deadlines import find_deadlines

DIRECTIONS = [
    ("…from 15% to 9% by running stay interviews", "decrease"),
    ("Reduce voluntary turnover from 24% to 15% by Q4", "decrease"),
    ("招聘渠道成本缩减 30%", "decrease"),
    ("库存周转周期压缩至45天", "decrease"),
    ("将客户流失率控制在2%以内", "decrease"),
    ("Keep Sev-1 incidents at 3 or fewer", "maintain"),
    ("Spend at most $5k on ads", "decrease"),
    ("Hold churn at 2%", "maintain"),
    ("营业时段系统运行时间保持在 99.95%", "maintain"),
    ("Decrease developer time-to-first-call from 2 hrs to under 30 min", "decrease"),
    ("15分钟完成所有发布工作", "decrease"),
    ("Create and publish 6 documents that lower the barrier to entry", "increase"),
    ("Improve total reply time by 50% from avg. 2 minutes using templates", "decrease"),
    # a change written after its metric
    ("Support tickets per active user down 15%", "decrease"),
    ("Escalations down by 20%", "decrease"),
    ("Weekly active teams up 12%", "increase"),
]


@pytest.mark.parametrize(("text", "direction"), DIRECTIONS)
def test_direction_words_are_whole_words_and_numbers_decide(text, direction):
    assert read_key_result(text).direction == direction


RELATIVE = [
    ("减少平均通话时长20%", "relative"),
    ("降低坏账率2%", "relative"),
    ("在下一季度提高产品的用户留存率20%", "relative"),
    ("NPS (Net Promoter Score) up 50 over previous quarter", "relative"),
    ("提升续费率至 80%", "absolute"),
    ("将客户流失率控制在2%以内", "absolute"),
    ("降低人工错误率至0.5%", "absolute"),
]


@pytest.mark.parametrize(("text", "target_type"), RELATIVE)
def test_a_chinese_change_verb_placed_first_makes_the_amount_a_change(text, target_type):
    assert read_key_result(text).target_type == target_type


UNITS = [
    ("本季度完成 30 道面试题", "道"),
    ("发布 12 篇技术文章", "篇"),
    ("举办 4 场线下沙龙", "场"),
    ("每周晨跑 3 次", "次"),
    ("新增订单 500 单", "单"),
    ("签约 20 家经销商", "家"),
    ("培训 200 人", "人"),
    ("平均响应时长缩短至 5 分钟", "分钟"),
    ("故障恢复时间不超过 2 小时", "小时"),
    ("交付周期缩短到 7 天", "天"),
    ("回款 300 万元", "元"),
    # A counted noun joined by "or"/"and" is one phrase (h10f); a number after it is not.
    ("Close 4 mid-market or enterprise accounts", "mid-market or enterprise accounts"),
    ("Publish 6 guides and tutorials", "guides and tutorials"),
    ("Win 5 customers and 3 partners", "customers"),
    # A verb-spelt word after a singular noun is part of it; after a plural, or before its
    # object, it is the predicate; a participle before a preposition closes the noun.
    ("Share one design review every week", "design review"),
    ("3 engineers join the platform team", "engineers"),
    ("At least 40 weekly active editors based in Lisbon", "weekly active editors"),
]


@pytest.mark.parametrize(("text", "unit"), UNITS)
def test_measure_words_and_units(text, unit):
    assert read_key_result(text).unit == unit


DEADLINES = [
    ("2024年Q3前完成等保测评", "2024年Q3前", date(2024, 6, 30)),
    ("2026 Q3 ship SSO", "2026 Q3", date(2026, 9, 30)),
    ("Achieve 94.5% CSAT across all customer tickets for Q3", "for Q3", date(2026, 9, 30)),
    ("在Q1实现网站月订单量突破500单", "在Q1", date(2026, 3, 31)),
    ("Take net revenue retention from 87% to 110% by year-end", "by year-end", date(2026, 12, 31)),
    ("在本季度内，平台销售额达到500万元", "在本季度内", None),
    ("Read at least 6 books this quarter.", "this quarter", None),
    ("Grow NRR from 104% to 118% over two quarters", "over two quarters", None),
    (
        "Reply to 90% of reviews in the first two weeks after launch",
        "in the first two weeks after launch",
        None,
    ),
    (
        "第三季度结束前，对每位客户进行商业价值评估，为第四季度提供依据",
        "第三季度结束前",
        date(2026, 9, 30),
    ),
    ("6-8月每周末驾车往返市区", None, None),
    # A span that starts now is a deadline with no due (h10f); a recurring one stays a window.
    ("在接下来的三个月内，将差评率从6%降到2%", "在接下来的三个月内", None),
    ("未来两周内上线新版帮助中心", "未来两周内", None),
    ("今后6个月内签约20家门店", "今后6个月内", None),
    ("客诉在48小时内处理完毕的比例达到95%", None, None),
]


@pytest.mark.parametrize(("text", "deadline", "due"), DEADLINES)
def test_deadlines_keep_the_year_they_name_and_periods_have_no_due(text, deadline, due):
    reading = read_key_result(text, year=2026)
    assert (reading.deadline, reading.due) == (deadline, due)


@pytest.mark.parametrize(
    ("text", "unit"),
    [("Grow the partner catalogue from 40 integrations to 65", "integrations"),
     ("活跃门店从120家增加到200", "家")],
)  # fmt: skip
def test_the_unit_named_at_the_baseline_is_the_targets(text, unit):
    assert read_key_result(text, year=2026).unit == unit


def test_two_targets_take_the_first():
    reading = read_key_result("工单一次解决率达到 85%，平均处理时长缩短至 4 小时")
    assert (reading.target, reading.unit) == (85, "%")


@pytest.mark.parametrize(
    "text, month",
    [("5 月底前上线", 5), ("5月底前上线", 5), ("十二 月底前上线", 12), ("12　月底前上线", 12)],
)
def test_a_numbered_month_end_is_a_date_with_or_without_a_space(text, month):
    """`5 月底` is the end of May; only a month counted from the day of writing (`月底前`,
    `下个月底前`) has no calendar date. The bare-月 rule once read the space as no number."""
    (deadline,) = find_deadlines(text)
    assert deadline.month == month and deadline.day is None


@pytest.mark.parametrize("text", ["月底前上线", "下个月底前上线", "本月底上线"])
def test_a_month_counted_from_writing_has_no_date(text):
    (deadline,) = find_deadlines(text)
    assert deadline.month is None


# A phrasal verb opening the line is one verb: its particle ("down", "up") is no change, and the
# number after it counts the verb's object (work done, unless what is counted is won).
PHRASAL = [
    # text, target_type, is_activity, metric
    ("Shut down 3 legacy services", "absolute", True, "legacy services"),
    ("Set up 3 regional offices this quarter", "absolute", True, "regional offices"),
    ("Phase out 4 old dashboards", "absolute", True, "old dashboards"),
    ("Sign up 500 new users", "absolute", False, "new users"),
    ("Speed up the resolution of critical incidents by 5%", "relative", False,
     "resolution of critical incidents"),
    # ... while a particle after the metric is still a change
    ("Costs down 10%", "relative", False, "Costs"),
    ("Weekly active teams up 12%", "relative", False, "Weekly active teams"),
    ("NPS up 50 over previous quarter", "relative", False, "NPS"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "target_type", "is_activity", "metric"), PHRASAL)
def test_a_phrasal_verb_is_one_verb_and_its_particle_no_change(
    text, target_type, is_activity, metric
):
    reading = read_key_result(text, year=2026)
    assert (reading.target_type, reading.is_activity, reading.metric) == (
        target_type,
        is_activity,
        metric,
    )


@pytest.mark.parametrize(
    ("text", "direction", "metric"),
    [
        ("Maximize monthly /search visits", "increase", "monthly /search visits"),
        ("Maximise ROI on marketing spend", "increase", "ROI on marketing spend"),
        ("Minimize open P1 bugs", "decrease", "open P1 bugs"),
        ("最大化广告投放回报率", "increase", "广告投放回报率"),
        ("最小化库存积压", "decrease", "库存积压"),
    ],
)
def test_maximise_and_minimise_name_a_direction_without_a_level(text, direction, metric):
    """A direction verb with no number is an outcome with nothing to measure yet (the linter's
    business), not work done and not a milestone."""
    reading = read_key_result(text, year=2026)
    assert (reading.direction, reading.is_activity, reading.metric) == (direction, False, metric)


@pytest.mark.parametrize(
    ("text", "deadline", "target"),
    [
        # a period naming which thing is meant is no deadline, and its numbers no target
        ("Final Q3 hiring is 85%+ of the plan", None, 85),
        ("Secure 100% of logos for Q3 renewals", None, 100),
        ("FY23 annual budgets are set for each executive", None, None),
        ("与各部门主管讨论2017-18财年第四季度所需金额", None, None),
        # ... while a period that says when the work is due stays one
        ("Q3 launch 2 features", "Q3", 2),
        ("Hit $1M ARR for Q3", "for Q3", 1000000),
        ("2017-18财年第四季度确定最终预算", "2017-18财年第四季度", None),
        ("2017-18财年第四季度与25家风投公司积极洽谈", "2017-18财年第四季度", 25),
        ("本季度的销售额达到100万", "本季度", 1000000),
    ],
)
def test_a_period_that_names_a_nouns_scope_is_no_deadline(text, deadline, target):
    reading = read_key_result(text, year=2026)
    assert (reading.deadline, reading.target) == (deadline, target)


@pytest.mark.parametrize(
    ("text", "metric", "target_type", "direction"),
    [
        # 成長 before an amount is Taiwan's 增长: a change, and no part of the metric.
        ("會員數成長 35%", "會員數", "relative", "increase"),
        ("營收成長至 2 億", "營收", "absolute", "increase"),
        ("月活跃用户成长20%", "月活跃用户", "relative", "increase"),
    ],
)
def test_a_regional_change_verb_reads_as_the_mainland_one(text, metric, target_type, direction):
    reading = read_key_result(text)
    assert (reading.metric, reading.target_type, reading.direction) == (
        metric, target_type, direction,
    )  # fmt: skip


def test_growth_as_a_noun_stays_a_noun():
    # 成长 with no amount after it is the noun ("促进新人成长"), no change verb.
    assert read_key_result("促进新人成长").direction == "milestone"


@pytest.mark.parametrize(
    ("text", "target_type", "direction"),
    [
        # "to" then a bound: the level reached, not a change by that much.
        ("Reduce refund rate to ≤ 2% of orders", "absolute", "decrease"),
        ("Cut p95 latency to < 300ms", "absolute", "decrease"),
        ("Increase trial conversion to >= 18%", "absolute", "increase"),
        ("Reduce refund rate by 2%", "relative", "decrease"),
    ],
)
def test_a_bound_after_to_is_a_level(text, target_type, direction):
    reading = read_key_result(text)
    assert (reading.target_type, reading.direction) == (target_type, direction)


@pytest.mark.parametrize(
    ("text", "deadline", "target", "unit"),
    [
        # A span counted from now is a deadline with no date, and its count is no target.
        ("两个季度内将退货率降低到4%", "两个季度内", 4, "%"),
        ("3个季度内新开门店40家", "3个季度内", 40, "家"),
        ("两个月内签约客户不少于25家", "两个月内", 25, "家"),
        ("1個季度內會員數成長30%", "1個季度內", 30, "%"),
        ("半年内上线新版会员中心", "半年内", None, None),
        ("三年内营收翻倍", "三年内", 2, "x"),
        ("在接下来的两个季度，使复购率提升10%", "在接下来的两个季度", 10, "%"),
        # A window stays a window, and a year stays a year.
        ("48小时内回复95%的工单", None, 95, "%"),
    ],
)
def test_a_span_counted_from_now_is_a_deadline_without_a_date(text, deadline, target, unit):
    reading = read_key_result(text, year=2026)
    assert (reading.deadline, reading.due, reading.target, reading.unit) == (
        deadline, None, target, unit,
    )  # fmt: skip


def test_a_won_noun_right_before_its_count_is_an_outcome():
    assert read_key_result("3个季度内新增门店50家").is_activity is False
    assert read_key_result("新设5个服务中心").is_activity is True


@pytest.mark.parametrize(
    ("text", "metric", "unit"),
    [
        # Traditional and imperial measures are units; a cadence and a bound around the metric
        # ("每場…至少") are no part of it.
        ("每場衝刺至少80碼", "衝刺", "码"),
        ("每周骑行至少60英里", "骑行", "英里"),
        ("跳遠成績達到6公尺", "跳遠成績", "公尺"),
    ],
)
def test_traditional_measure_words_are_units(text, metric, unit):
    reading = read_key_result(text)
    assert (reading.metric, reading.unit) == (metric, unit)
