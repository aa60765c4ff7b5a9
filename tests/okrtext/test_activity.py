"""Activity or outcome (issue 10 §5): decided by the sentence's structure, the same way in both
languages, and the linter reports what the reader decided."""

from datetime import date

import pytest

from mubiao.okrtext import KRInput, ObjectiveInput, lint_objectives, read_key_result

ACTIVITIES = [
    "Negotiate renewal terms with the top 10 accounts",
    "Propose a new pricing model to the board",
    "Schedule 95% of onboarding calls within 5 days of signing",
    "Undertake a monthly review call with every account over $1m",
    "Describe the incident process in the handbook",
    "Engineering teams complete 1200 code reviews by end of every sprint",
    "A detailed product and technical plan for a unified permissions model",
    "Read 25 pages every day",
    "准备 3 场客户沙龙",
    "组织 5 场行业专家座谈会",
    "参加 2 次行业展会",
    "第二季度与每位战略客户的负责人开会，收集相关信息",
    "每周健身3次",
    # events counted with no verb; a verb after the phrase that holds the partner (h10h)
    "4 speaking engagements this quarter",
    "6 customer workshops this quarter",
    "10 customer interviews by March",
    "与12家经销商积极洽谈",
    "本季度与8家投资机构会谈",
]
OUTCOMES = [
    "Raise checkout completion from 61% to 75%",
    "A daemon runs for 14 days without a crash",
    "The docs site is finished and published",
    "Launch Foo 4.1 to improve sign-ups by 25 percent",
    "建立行业人才库，储备候选人数量达300人",
    "核心岗位员工技能培训覆盖率95%",
    "管理培训生留任率达 80%",
    "15分钟完成所有发布工作",
    "5月前取得c2驾照",
    # work that serves a measured result, a share of others doing something, a share of a goal
    "Build buffers so that incidents stay at < 75% of the error budget",
    "Rework the runbooks so that 90% of pages are resolved without escalation",
    "100% of flagship products install the design system as a dependency",
    "80% of new hires complete onboarding within 2 weeks",
    "完成經銷收入目標的 20%",
    "完成年度回款任务的 90%",
    # an amount of money reached, and things counted that are no events (h10h)
    "在A轮融资中募集2亿元",
    "筹集500万元天使投资",
    "1M sessions on the marketing site",
    # a bounded level right after the word that names it; a work verb whose object is a rate
    "平均配速630以内",
    "完成管理层领导力培训覆盖率100%",
    "实现新员工试用期通过率92%",
]


@pytest.mark.parametrize("text", ACTIVITIES)
def test_work_the_team_does_is_an_activity(text):
    assert read_key_result(text).is_activity


@pytest.mark.parametrize("text", OUTCOMES)
def test_a_measured_or_stated_result_is_an_outcome(text):
    assert not read_key_result(text).is_activity


# Verbs that no lexicon of okrtext lists: the word classes (jieba.posseg, AGID) and the
# sentence's structure decide, not a closed list of verbs.
UNLISTED_ACTIVITIES = [
    "Gather some feedback from pilot customers",
    "Track features and priorities in one place",
    "Compile a list of churned accounts",
    "每小时起身活动5分钟，减少久坐",
    "陪同重点客户参观工厂",
    # The verb that governs the target decides: the second of two joined verbs ...
    "Take notes and write 15 blog posts",
    # ... the verb after a prepositional phrase that places the work.
    "年底前在2个新国家开始销售",
    "销售团队对10%的重点客户进行访谈",
]
UNLISTED_OUTCOMES = [
    "Slash churn to 2%",  # a target on a measure
    "Pull in 1 large or strategic deal",  # what was won, counted
    "Be able to do 40 push-ups in a row",  # a state, not work
    "产品运行可靠，停机时间不超过1次",  # a verb with no object qualifies its subject
    "P99 延迟 < 200ms",
    "平均每个缺陷停留不超过3天",
    "100 email subscribers by the end of the term",  # a word after a number is its noun
]


@pytest.mark.parametrize("text", UNLISTED_ACTIVITIES)
def test_an_unlisted_verb_with_its_object_is_work_done(text):
    assert read_key_result(text).is_activity
    assert "OKR-A01" in _rules(text)


@pytest.mark.parametrize("text", UNLISTED_OUTCOMES)
def test_an_unlisted_verb_on_a_measure_or_a_state_is_an_outcome(text):
    assert not read_key_result(text).is_activity
    assert "OKR-A01" not in _rules(text)


def _rules(text: str) -> set[str]:
    objective = ObjectiveInput(
        "提升客户成功", [KRInput(text)], cycle_start=date(2026, 1, 1), cycle_end=date(2026, 3, 31)
    )
    return {f.rule for f in lint_objectives([objective]) if f.key_result == 1}


@pytest.mark.parametrize("text", ACTIVITIES)
def test_the_linter_flags_every_activity_the_reader_reads(text):
    assert "OKR-A01" in _rules(text)


@pytest.mark.parametrize("text", OUTCOMES)
def test_the_linter_leaves_outcomes_alone(text):
    assert not _rules(text) & {"OKR-A01", "OKR-A04", "OKR-M01", "OKR-M02"}


def test_a_routine_is_reported_as_one():
    assert {"OKR-A01", "OKR-A04"} <= _rules("每周健身3次")


@pytest.mark.parametrize(
    "text", ["Hire 4 support engineers by end of Q3", "3月底前推出新版客户支持方案"]
)
def test_a_dated_delivery_is_work_done_and_checkable(text):
    rules = _rules(text)
    assert "OKR-A01" in rules and "OKR-M01" not in rules


@pytest.mark.parametrize(
    "text", ["Billing service supports annual plans", "Usage examples exist for every module"]
)
def test_a_stated_state_is_checkable_and_no_activity(text):
    assert not _rules(text) & {"OKR-M01", "OKR-A01"}


def test_time_spent_every_week_is_a_routine():
    assert read_key_result("Get 90 minutes of practice every week").is_activity
    assert not read_key_result("Resolve tickets within 30 minutes every week").is_activity


def test_a_dated_delivery_with_an_acceptance_criterion_is_a_committed_milestone():
    assert "OKR-A01" not in _rules("季度末前上线客户健康度看板，覆盖 100% 付费账户")
    assert "OKR-A01" in _rules("季度末前上线客户健康度看板")


# A level stated without a work verb is an outcome, whatever words it holds (h10f): a number
# word that opens the line is no imperative ("Zero …" is not "to zero"), the words after a
# number up to its plural head are the counted noun ("200 active publishers" is not "publish"),
# an -ing word after a noun modifies it, and a cadence that defines a population ("daily active
# members", "每月新增") is no routine.
STATED_LEVELS = [
    "Zero P1 incidents in the payment service",
    "Three enterprise logos live on the new plan",
    "At least 5000 weekly active teams",
    "There are at least 40 active maintainers, where active means reviewing once per week",
    "Checkout loading time stays under 2 seconds",
    "New-customer onboarding survey scores 4.5 or more",
    "付费用户数量达标（每月新增300个）",
]


@pytest.mark.parametrize("text", STATED_LEVELS)
def test_a_stated_level_is_an_outcome(text):
    assert not read_key_result(text).is_activity


@pytest.mark.parametrize(
    "text", ["Onboard 5 new engineers every month", "Interview 3 customers per week"]
)
def test_people_counted_by_the_work_done_stay_activities(text):
    assert read_key_result(text).is_activity


# A Chinese verb no lexicon lists, with its object (h10f): the object may follow an adjective
# and 的 ("新的"), or a count and its measure word ("5个提醒"); a verb after a prepositional
# phrase governs the number after it. A count of customers won stays an outcome.
@pytest.mark.parametrize(
    "text",
    [
        "截至一月底签下新的物流服务商",
        "截止二月中旬针对核心的服务提出5个告警规则",
        "截止三月中旬细化销售团队的权限",
    ],
)
def test_a_chinese_verb_with_a_modified_or_counted_object_is_work_done(text):
    assert read_key_result(text, year=2026).is_activity


@pytest.mark.parametrize("text", ["新增50个高潜力客户", "因配置错误导致的线上故障少于3个"])
def test_customers_won_and_a_verb_inside_a_modifier_are_no_work(text):
    assert not read_key_result(text, year=2026).is_activity


# Things moved to a destination are a migration, work done; customers moved are won (h10f).
@pytest.mark.parametrize(
    ("text", "is_activity"),
    [
        ("Shift 60% of batch jobs to the new scheduler", True),
        ("Move 75% of repositories onto the shared CI runners", True),
        ("Move 30% of customers to annual plans", False),
        ("Move NPS from 30 to 40", False),
    ],
)
def test_things_moved_somewhere_are_a_migration(text, is_activity):
    assert read_key_result(text, year=2026).is_activity is is_activity


# A measure named by a verb and what it measures ("页面加载时间", "订单处理时效") is no work (h10f).
@pytest.mark.parametrize("text", ["页面加载时间 < 2 秒", "订单处理时效不超过24小时"])
def test_a_measure_named_by_a_verb_is_no_work(text):
    assert not read_key_result(text, year=2026).is_activity


@pytest.mark.parametrize(
    ("text", "is_activity"),
    [
        # Something won (customers, stores, channels) before its bound is counted as won ...
        ("新增渠道不少于20家", False),
        ("新增门店超过30家", False),
        ("新增付费用户不少于xx名", False),
        # ... people hired or trained before a bound are still work done.
        ("招聘客户经理不少于5名", True),
        ("培训门店店长不少于20名", True),
    ],
)
def test_a_won_noun_before_its_bound_is_an_outcome(text, is_activity):
    assert read_key_result(text).is_activity is is_activity
