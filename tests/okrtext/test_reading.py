"""read_key_result: the corpus accuracy and the tricky forms of okr-rules.md §5–6 one by one."""

import json
from datetime import date
from decimal import Decimal

import pytest

from mubiao.okrtext import read_key_result
from mubiao.okrtext.deadlines import find_deadlines, main_deadline
from mubiao.okrtext.numbers import find_quantities, zh_numeral_value
from mubiao.okrtext.reading import in_one_unit

from .accuracy import FIELDS, evaluate, table
from .audit_corpus import AUDIT
from .conftest import REPORTS
from .corpus import CORPUS, HELD_OUT
from .text_helpers import read


def test_corpus_is_large_and_bilingual():
    entries = CORPUS + HELD_OUT
    chinese = sum(1 for e in entries if any("\u4e00" <= c <= "\u9fff" for c in e.kr))
    assert len(entries) >= 160
    assert 0.4 <= chinese / len(entries) <= 0.6


def test_accuracy_per_field():
    tuned, _ = evaluate(CORPUS)
    held_out, _ = evaluate(HELD_OUT)
    audit, _ = evaluate(AUDIT)
    everything = CORPUS + HELD_OUT + AUDIT
    overall, misses = evaluate(everything)
    report = table(
        {
            "corpus": (tuned, len(CORPUS)),
            "held out": (held_out, len(HELD_OUT)),
            "audit": (audit, len(AUDIT)),
            "all": (overall, len(everything)),
        }
    )
    REPORTS.append(report + "\nmisses:\n" + "\n".join(map(repr, misses)))
    print(report)
    for field in FIELDS:
        floor = 0.95 if field in ("target", "direction", "deadline") else 0.85
        assert overall[field] >= floor, (field, [m for m in misses if m[1] == field])


def test_to_dict_has_exactly_the_documented_keys_and_json_numbers():
    data = read_key_result("Grow MRR from $80k to $120.5k by Q4", year=2026).to_dict()
    assert list(data) == [
        "text", "metric", "start", "target", "target_type", "unit", "direction", "deadline",
        "due", "mentions", "is_activity", "held",
    ]  # fmt: skip
    assert data["start"] == 80000 and isinstance(data["start"], int)
    assert data["target"] == 120500 and isinstance(data["target"], int)
    assert json.loads(json.dumps(data)) == data
    assert read_key_result("Keep error rate below 0.1%").to_dict()["target"] == 0.1


@pytest.mark.parametrize(
    ("text", "value"),
    [("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("两千", 2000), ("一万五千", 15000)],
)
def test_chinese_numerals(text, value):
    assert zh_numeral_value(text) == value


@pytest.mark.parametrize(
    ("text", "target", "unit"),
    [
        ("招聘三位高级工程师", 3, "位"),
        ("上线五个新功能", 5, "个"),
        ("举办十二场直播", 12, "场"),
        ("签约两家战略合作伙伴", 2, "家"),
        ("Reach 300k monthly readers", 300000, "monthly readers"),
        ("官网月均访问量提升至 50 万", 500000, None),
        ("双十一活动 GMV 达到 1 亿元", 100000000, "元"),
        ("Hire two designers", 2, "designers"),
        ("百分之九十的工单当天关闭", 90, "%"),
        # "20+" is 20 or more, its noun after the plus; a decimal after a verb is no version.
        ("Train 30+ support agents", 30, "support agents"),
        ("Reach 4.5+ app store rating", Decimal("4.5"), "app store rating"),
    ],
)
def test_numbers_in_both_scripts(text, target, unit):
    reading = read_key_result(text)
    assert (reading.target, reading.unit) == (target, unit)


def test_words_that_look_like_numbers_are_not_quantities():
    assert find_quantities("统一口径，一定要做好三方对接") == []
    assert read_key_result("上线一个新版本").target is None  # "一个" is an article


@pytest.mark.parametrize(
    ("text", "target", "unit", "target_type"),
    [
        ("Increase ARR 4x", 4, "x", "relative"),
        ("销售额翻倍", 2, "x", "relative"),
        ("Double trial sign-ups", 2, "x", "relative"),
        ("营收提升 1 倍", 1, "x", "relative"),
    ],
)
def test_multipliers(text, target, unit, target_type):
    assert read(text, "target", "unit", "target_type") == (target, unit, target_type)


@pytest.mark.parametrize(
    ("text", "start", "target", "direction"),
    [
        ("续费率从 60% 提升至 75%", 60, 75, "increase"),
        ("Grow weekly active users to 300k (current is 40k)", 40000, 300000, "increase"),
        ("平均交付周期当前值为 30 天,缩短到 20 天", 30, 20, "decrease"),
        ("Lower monthly churn to 1.5% (currently 3%)", 3, Decimal("1.5"), "decrease"),
        ("P99 延迟 800ms → 300ms", 800, 300, "decrease"),
        ("合同审核周期由 5 个工作日缩短到 3 个工作日", 5, 3, "decrease"),
        # "X to Y" after a change verb is a change from X, without "from"; without one it is
        # a range, not a baseline.
        ("Increase trial-to-paid rate 12% to 18%", 12, 18, "increase"),
        ("Cut ticket backlog 400 to 150 by June", 400, 150, "decrease"),
        # A range of things counted: no baseline, asked (h9v: its lower end is kept, marked
        # unreadable, tests/okrtext/test_values_as_written.py).
        ("Hire 3 to 5 engineers", None, 3, "increase"),
    ],
)
def test_baselines_before_or_after_the_target(text, start, target, direction):
    assert read(text, "start", "target", "direction") == (start, target, direction)


@pytest.mark.parametrize(
    ("text", "target", "target_type", "direction"),
    [
        ("Improve daily sign-ups by 40%", 40, "relative", "increase"),
        ("较上季度降低 8% 的客诉量", 8, "relative", "decrease"),
        ("Reduce infrastructure cost by $50k", 50000, "relative", "decrease"),
        ("提升客户满意度至 90%", 90, "absolute", "increase"),
    ],
)
def test_relative_targets_are_the_change(text, target, target_type, direction):
    assert read(text, "target", "target_type", "direction") == (target, target_type, direction)


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("新增付费客户不少于 200 家", "increase"),
        ("在线客服平均响应时间不超过 30 秒", "decrease"),
        ("法律纠纷案件胜诉率不低于 90%", "maintain"),  # a floor kept (issue 10 §4)
        ("Less than 5 Sev-1 incidents", "decrease"),
        ("At least 30 contributors", "increase"),
        ("P99 latency 200 ms", "decrease"),
        ("员工培训满意度保持在 90% 以上", "maintain"),
        ("Maintain 99.9% availability", "maintain"),
        ("缺陷逃逸数为 0", "decrease"),
    ],
)
def test_comparators_and_lower_is_better_metrics(text, direction):
    assert read_key_result(text).direction == direction


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("签约 xx 家新客户", "家"),
        ("$N net new ARR", "$"),
        ("销售额达到 X 亿", None),
        ("不少于xxxx个", "个"),
    ],
)
def test_placeholders_have_no_target(text, unit):
    reading = read_key_result(text)
    assert (reading.target, reading.target_type, reading.unit) == (None, None, unit)
    assert reading.direction == "increase"


@pytest.mark.parametrize(
    ("text", "metric", "unit", "direction"),
    [
        # A placeholder between the words that mark a baseline and a target keeps the line's
        # shape: the metric stops before 从, and the unit and direction are read as for numbers.
        ("用户留存率从X%提升到Y%", "用户留存率", "%", "increase"),
        ("客单价从 X 元降低到 Y 元", "客单价", "元", "decrease"),
        ("退款率维持在Y以下", "退款率", None, "maintain"),
        # A scale after a placeholder multiplies an unknown number; the unit follows it.
        ("门店营收突破xx亿元", "门店营收", "元", "increase"),
    ],
)
def test_placeholders_in_a_change_keep_the_metric_unit_and_direction(text, metric, unit, direction):
    reading = read_key_result(text)
    assert (reading.metric, reading.target, reading.unit, reading.direction) == (
        metric, None, unit, direction,
    )  # fmt: skip


def test_a_capital_y_in_english_is_no_placeholder():
    assert read_key_result("Launch plan Y by Q3").target is None
    assert read_key_result("Launch plan Y by Q3").direction == "milestone"


@pytest.mark.parametrize(
    "text",
    ["Implement RFC 7", "Launch Foo 4.1", "为 2015 年秋季版本创建内容和文档",
     "Q1 完成 ISO 27001 认证", "Close issue #4260", "9 月底前发布 2.0 版本", "Publish the v0 spec",
     "Ship js-ipfs 0.30"],
)  # fmt: skip
def test_identifiers_versions_years_and_quarters_are_not_targets(text):
    reading = read_key_result(text)
    assert reading.target is None
    assert reading.direction == "milestone"


@pytest.mark.parametrize(
    ("text", "deadline", "due"),
    [
        ("Q1 拜访 50 个客户", "Q1", date(2021, 3, 31)),
        ("2 月在移动客户端上设置 10 个 A/B 测试", "2 月", date(2021, 2, 28)),
        ("5 月底移除多余的文件", "5 月底", date(2021, 5, 31)),
        ("截止 12 月之前制定推广和整合计划", "截止 12 月之前", date(2021, 11, 30)),
        ("Ship the new flow by end of March", "by end of March", date(2021, 3, 31)),
        ("2020年第二季度实现盈亏平衡", "2020年第二季度", date(2020, 6, 30)),
        ("Improve sign-ups by 25% by May 1", "by May 1", date(2021, 5, 1)),
        ("截至6月中旬完成 3 场渠道大会", "截至6月中旬", date(2021, 6, 20)),
        ("第三季度末前完成 CRM 上线", "第三季度末前", date(2021, 9, 30)),
        ("上半年完成认证", "上半年", date(2021, 6, 30)),
        ("年底前建立机制", "年底前", date(2021, 12, 31)),
        ("Release it before March", "before March", date(2021, 2, 28)),
        ("Ship by EOY", "by EOY", date(2021, 12, 31)),
        ("Ship in H2 2024", "in H2 2024", date(2024, 12, 31)),
        ("Deliver by 2019-08", "by 2019-08", date(2019, 8, 31)),
        ("2024 年 2 月底前上线", "2024 年 2 月底前", date(2024, 2, 29)),
    ],
)
def test_deadlines_as_written_and_resolved(text, deadline, due):
    reading = read_key_result(text, year=2021)
    assert (reading.deadline, reading.due) == (deadline, due)


def test_due_needs_a_year_unless_the_text_has_one():
    assert read_key_result("Q1 拜访 50 个客户").due is None
    assert read_key_result("2020年第二季度实现盈亏平衡").due == date(2020, 6, 30)
    assert read_key_result("Raise gross margin to 70% by FY27", year=2026).due is None
    assert read_key_result("在6个月内将流失率降低到 5%", year=2026).deadline == "在6个月内"


@pytest.mark.parametrize(
    "text",
    ["Publish 10 blog posts per month", "Keep p95 latency under 200 ms per 28 days",
     "工单 72 小时内解决率达到 95%", "每周组织一场测试培训", "较上季度降低 8% 的客诉量",
     "Resolve 95% of tickets within 24 hours", "Increase 7-day retention to 40%"],
)  # fmt: skip
def test_windows_and_slas_are_not_deadlines(text):
    assert read_key_result(text, year=2026).deadline is None


def test_an_sla_alone_is_the_target():
    assert read("首次响应时间在 2 小时内", "target", "unit", "direction") == (2, "小时", "decrease")


def test_two_deadlines_take_the_later_one():
    text = "6 月底撰写 3 份草稿,截止 7 月前获得最终批准; 9 月发布"
    assert read_key_result(text, year=2021).deadline == "9 月"
    assert main_deadline(find_deadlines("Q1 或 Q1")).start == 0  # ties: the first


def test_mentions_are_collected_and_closing_handles_removed():
    reading = read_key_result("KR2:6 月,聚焦并改进常见问题的解答@客户支持部门xx")
    assert reading.mentions == ["客户支持部门xx"]
    assert reading.text == "6 月,聚焦并改进常见问题的解答"
    inline = read_key_result("Sync with @alice weekly to cut review time by 20%")
    assert inline.mentions == ["alice"] and "@alice" in inline.text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("KR1:Q1 拜访 50 个客户", "Q1 拜访 50 个客户"),
        ("KR 1.2 Raise NPS to 50", "Raise NPS to 50"),
        ("关键结果1：客户续费率达到 80%（P0：必须完成）", "客户续费率达到 80%"),
        ("關鍵結果2：客戶滿意度提昇至 95%", "客戶滿意度提昇至 95%"),
        ("(KR1) Cut churn by 2%", "Cut churn by 2%"),
        ("P0 - @alanshaw - Ship js-ipfs 0.30", "Ship js-ipfs 0.30"),
        ("**P1** - Grow [visitors](https://x.test) to 1M", "Grow visitors to 1M"),
        ("[p1] Hire 2 SREs (Alan, Steven)", "Hire 2 SREs"),
        ("Hit $1M ARR => Was in the 80's", "Hit $1M ARR"),
        ("- `P2` Reduce build time by 50%", "Reduce build time by 50%"),
    ],
)
def test_noise_is_stripped_from_the_text(raw, text):
    assert read_key_result(raw).text == text


def test_traditional_characters_and_full_width_punctuation_read_like_simplified():
    traditional = read_key_result("客戶滿意度從 85％ 提昇到 92％")
    assert (traditional.start, traditional.target, traditional.unit) == (85, 92, "%")
    assert traditional.direction == "increase"


@pytest.mark.parametrize(
    ("text", "is_activity"),
    [
        ("Q1 拜访 50 个客户,获取用户反馈调研续费或不续费的原因", True),
        ("Hire 3 AEs", True),
        ("Have the press publish 3 stories about our launch", False),
        ("Launch Foo 4.1 to improve sign-ups by 25 percent", False),
        ("关键岗位招聘到岗率达到 100%", False),
        ("完成用户调研 10 次", True),
        ("Raise NPS from 30 to 45", False),
    ],
)
def test_activity_versus_outcome(text, is_activity):
    assert read_key_result(text).is_activity is is_activity


@pytest.mark.parametrize(
    ("text", "fields", "expected"),
    [
        # A role label goes only when a verb follows it; a metric label stays.
        ("CMO: Generate 1,500 SQLs", ("text",), ("Generate 1,500 SQLs",)),
        ("NPS: from 30 to 45", ("text", "start", "target"), ("NPS: from 30 to 45", 30, 45)),
        ("Win 3 deals (@ana, @bo)", ("text", "mentions"), ("Win 3 deals", ["ana", "bo"])),
        ("【市场部】品牌搜索量提升 30%", ("text",), ("品牌搜索量提升 30%",)),
        ("KR1 (weight: 20%) Raise NPS to 50", ("text", "target"), ("Raise NPS to 50", 50)),
        ("O3-KR2：续费率达到 80%", ("text",), ("续费率达到 80%",)),
        ("Cut Sev-1 incidents to zero", ("target", "direction"), (0, "decrease")),
        ("Ship zero-downtime deploys", ("target", "direction"), (None, "milestone")),
        ("Error rate no more than 0.5%", ("direction",), ("decrease",)),
        ("Hold churn at 2%", ("direction",), ("maintain",)),
        ("Hold 4 customer workshops", ("direction", "is_activity"), ("increase", True)),
        ("Rating of 4.5 or higher", ("target", "direction"), (Decimal("4.5"), "increase")),
        # A multiple of a stated start is the level it leads to (brief h9t).
        ("Triple paid teams (currently 40)", ("start", "target"), (40, 120)),
        ("Grow revenue by 20% to $5M", ("target",), (5_000_000,)),
        ("Grow seats to 800 and cut refunds below 3%", ("target", "direction"), (800, "increase")),
        ("回款率达到 90%，坏账率降低到 1%", ("target", "direction"), (90, "increase")),
        ("Get 40 teams using SSO", ("unit",), ("teams",)),
        ("将员工离职率控制在 8% 以下（去年 12%）", ("start", "target"), (12, 8)),
        ("Cut churn to 2% (last year: 3.1%)", ("start", "direction"), (Decimal("3.1"), "decrease")),
        ("较去年提升 5%，达到 120 万", ("start", "target"), (None, 5)),
        ("Q4 末实现回款 8000 万元", ("deadline", "metric"), ("Q4 末", "回款")),
        ("重大安全事故 0 起", ("unit", "direction"), ("起", "decrease")),
        ("Drive weekly active users from 12k → 20k", ("metric",), ("weekly active users",)),
        ("员工敬业度调研得分不低于 4.2 分", ("is_activity",), (False,)),
        ("调研 20 家客户", ("is_activity",), (True,)),
    ],
)  # fmt: skip
def test_forms_found_by_the_audit(text, fields, expected):
    assert read(text, *fields) == expected


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        # Scope, brackets, relative clauses and amounts qualify the noun; they are not it.
        ("Raise NPS score for the support team from 30 to 45", "NPS score"),
        ("Cut build time in the three main services by 40%", "build time"),
        ("Lift retention rate (users active in week 4) from 20% to 30%", "retention rate"),
        (
            "Hold a quarterly business review with every customer over $500k",
            "quarterly business review",
        ),
        ("A migration guide for the new billing API", "migration guide"),
        ("A Slack channel outlining the incident process", "Slack channel"),
        ("The status page is live and public", "status page"),
        ("Agree and publish coding standards for reviews", "coding standards for reviews"),
        ("Rollout of the new pricing page", "new pricing page"),
        ("Rebuild the checkout page", "checkout page"),
        # A baseline: the phrase before it names the measure, the words after the target are units.
        ("Grow newsletter readership from 2,000 to 5,000 subscribers", "newsletter readership"),
        ("Increase feature adoption from 10% to 25% of active accounts", "feature adoption"),
        ("Bookings at 110% of plan", "Bookings"),
        # Counted nouns of several words, joined by and/or, with -ing nouns in them.
        ("Close 4 enterprise or mid-market deals", "enterprise or mid-market deals"),
        ("Run 12 customer training sessions", "customer training sessions"),
        ("Get 300 qualified leads/week", "qualified leads"),
        # Chinese: a quantified subject, a level verb, a second verb, a range's upper end.
        ("确保全体销售人员的产品考试得分达到 85 分以上", "产品考试得分"),
        ("线上渠道收入占比提升至总收入的40%", "线上渠道收入占比"),
        ("制定培训体系并实施", "培训体系"),
        ("提炼并确定客户服务标准", "客户服务标准"),
        ("月底前确定3到5名讲师", "讲师"),
        ("注册转化率 > 8%", "注册转化率"),
        ("每季度安排 10 小时的技术分享", "技术分享"),
        ("通过社群运营带来至少500个有效线索/月", "有效线索"),
        # A share before 的 is of what follows, up to a light verb; after a number and its
        # measure word comes a noun even when it is spelt like a verb; 使命 is no "so that".
        ("市场团队对20%的核心经销商进行回访", "核心经销商"),
        ("为客服团队安排3次培训", "培训"),
        ("每季度举办2场分享", "分享"),
        ("提炼并确定部门使命与愿景", "部门使命与愿景"),
        # English by structure (docs/okrtext-metric.md): a period after the number is how
        # often, a container or a piece is a unit, a count of times measures the verb's object,
        # a number after "of" only sizes the scope, a unit with nothing else is the measure.
        ("Drink two glasses of milk a day", "milk"),
        ("Publish 10 pieces of content per month", "content"),
        ("Practise the piano at least 4 times per week", "piano"),
        ("Increase contract value of 5 key accounts", "contract value"),
        ("Play chess 3 times a week", "chess"),
        ("Drive 300 km a month", "km"),
        # A determiner alone is no phrase; a share "on" what follows; a blanked deadline ends it.
        ("Simplify onboarding to achieve a 30% time saving for new hires", "time saving"),
        ("Enterprise: 92% on CSAT", "CSAT"),
        ("Achieve 2x ARR in Q3 pipeline", "ARR"),
        # An adverb before a state verb stays out of the subject.
        ("The crawler always finds new pages in the archive", "crawler"),
        ("Write 3 proofs of concept", "proofs of concept"),
        # A plus after the number says "or more"; a noun's suffix is no verb (reduction,
        # growth); an action noun is only a verb's remains before its "of".
        ("Achieve 70+ NPS (promoters minus detractors)", "NPS"),
        ("60%+ weekly retention (users active in week 2)", "weekly retention"),
        ("Deliver 15% annual cost reduction", "annual cost reduction"),
        ("Automate 40% of release checks", "release checks"),
        # A first word before a determiner is a verb, known or not; "into" opens a scope.
        ("Digitise the supplier contracts by June", "supplier contracts"),
        ("Refresh our brand guidelines", "brand guidelines"),
        ("Localise the checkout into German", "checkout"),
        # A subject stated at a level keeps no predicate (h10f): a past form, a level verb, a
        # participle after the counted noun, "onto" opening a scope.
        ("Build time brought down to 4 minutes", "Build time"),
        # ... but a base form ending the subject is the measure's noun (h10g).
        ("Raise the quarterly profit from $660k to $900k", "quarterly profit"),
        ("Grow the yearly net profit to $2M", "yearly net profit"),
        ("Average handle time falls below 6 minutes", "Average handle time"),
        ("Trial-to-paid conversion goes up by 5 points", "Trial-to-paid conversion"),
        ("Checkout flow takes under 30 seconds", "Checkout flow"),
        ("At least 300 weekly active editors based in Europe", "weekly active editors"),
        ("Move 60% of workloads onto the new cluster", "workloads"),
        # ... and a plural noun there is the measure itself.
        ("App store reviews above 4.5", "App store reviews"),
        ("Generate 80 guide downloads from target accounts", "guide downloads"),
        # A list of suspended hyphens names the measure's windows, its numbers are no target.
        ("Activation at the 7-, 14- and 28-day marks improves by 12%", "Activation"),
        # zh milestones (h10f): the subject before 都/均, the deliverable after an adverb, a
        # level verb (达标) and an unclosed bracket end the measured noun.
        ("所有门店均接入新收银系统", "门店"),
        ("顺利完成灰度发布", "灰度发布"),
        ("按时上线会员积分商城", "会员积分商城"),
        ("渠道商签约数量达标（每季度新增15家）", "渠道商签约数量"),
        # Second h10f batch: a share of the time measures the verb's object; a means before a
        # Chinese change verb is no part of the measure.
        (
            "On-call engineers can close their handover notes 95% of the time",
            "their handover notes",
        ),
        ("借助智能排班降低门店人力成本15%", "门店人力成本"),
        # A level verb with a measure's suffix is part of the measure's name.
        ("订单达标率达到98%", "订单达标率"),
        ("会员增长率提升至15%", "会员增长率"),
    ],
)
def test_metric_is_the_measured_noun_without_qualifiers_or_clauses(text, metric):
    assert read_key_result(text, year=2026).metric == metric


# A zh deliverable after a prepositional phrase or a verb (h10f): the first verb after the
# preposition's object governs it (verb-like nouns of a list or a group stay in the object), and a
# noun suffix's character that opens a word (人员, 部门) is the verb's object, not its suffix.
@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("为销售团队搭建线索评分模型", "线索评分模型"),
        ("与研发、设计团队共同评审需求文档", "需求文档"),
        ("為門市人員編寫陳列手冊", "陳列手冊"),
        ("调整人员晋升制度", "人员晋升制度"),
        ("优化部门预算流程", "部门预算流程"),
    ],
)
def test_a_chinese_deliverable_is_the_object_of_its_first_verb(text, metric):
    assert read_key_result(text, year=2026).metric == metric


@pytest.mark.parametrize(
    ("text", "metric", "direction", "is_activity"),
    [
        # A subject and a present-tense state: a checkable result, named by its subject.
        ("Search index supports fuzzy matching", "Search index", "milestone", False),
        ("Plugin examples exist for every module", "Plugin examples", "milestone", False),
        # A participle opens a noun phrase; a second verb keeps no level.
        ("Redesigned installer and a faster setup", "Redesigned installer", "milestone", True),
        ("Draft and maintain a release checklist", "release checklist", "milestone", True),
        ("Write down the on-call rules", "on-call rules", "milestone", True),
        ("Proof of concept of offline mode", "Proof of concept of offline mode", "milestone", True),
        # 开发 customers is winning them; 新设 centres is work done.
        ("新开发50家渠道客户", "渠道客户", "increase", False),
        ("在华南新设3个仓库", "仓库", "increase", True),
    ],
)
def test_states_deliverables_and_work_done(text, metric, direction, is_activity):
    reading = read_key_result(text, year=2026)
    assert (reading.metric, reading.direction, reading.is_activity) == (
        metric,
        direction,
        is_activity,
    )


# ---- Words and numbers that disagree, units of one dimension in two scales (issue 9) --------

# (text, start, target, unit, direction, what the reader could not read)
DISAGREEMENTS = [
    # the verb says one way, the numbers the other: said, not chosen
    ("从 80 元降到 150 元", 80, 150, "元", None, ["direction"]),
    ("客单价从 150 元提升到 80 元", 150, 80, "元", None, ["direction"]),
    ("Reduce churn from 3% to 5%", 3, 5, "%", None, ["direction"]),
    ("Increase NPS from 45 to 30", 45, 30, None, None, ["direction"]),
    # one dimension, two scales: never compared as bare numbers, the start read as written in
    # its own unit (KeyResultReading.start_unit; in_one_unit converts, issue 10 probe10 F3)
    ("3 吨降到 500 公斤", 3, 500, "公斤", "decrease", []),
    ("跑步从 5 公里提升到 8000 米", 5, 8000, "米", "increase", []),
    ("包大小从 3 MB 降到 800 KB", 3, 800, "KB", "decrease", []),
    ("延迟从 2 s 降到 300 ms", 2, 300, "ms", "decrease", []),
    ("响应时间从 3 分钟降到 30 秒", 3, 30, "秒", "decrease", []),
    ("单件重量从 1 公斤降到 800 克", 1, 800, "克", "decrease", []),
    # two dimensions: no conversion is known, refused naming both
    ("成本从 200 元降到 30 美元", 200, 30, "美元", None, ["units"]),
    ("处理时长从 3 小时降到 20 公斤", 3, 20, "公斤", None, ["units"]),
    # a scale word folded into the value is the same unit (3 万元 is 30,000 元)
    ("收入从 3 万元提升到 500 千元", 30000, 500000, "元", "increase", []),
    # per mille is a unit, kept as written
    ("错误率从 5‰ 降到 2‰", 5, 2, "‰", "decrease", []),
    # agreeing words and numbers stay as they were read
    ("体重从 80 公斤降到 75 公斤", 80, 75, "公斤", "decrease", []),
    ("客诉率从 8% 降低到 3%", 8, 3, "%", "decrease", []),
    ("NPS 从 30 提升到 45", 30, 45, None, "increase", []),
    # a bare baseline is in the target's unit: 55 → 40 days goes down
    ("Cut DSO from 55 to 40 days", 55, 40, "days", "decrease", []),
]


@pytest.mark.parametrize(("text", "start", "target", "unit", "direction", "codes"), DISAGREEMENTS)
def test_words_and_numbers_that_disagree_are_said_not_chosen(
    text, start, target, unit, direction, codes
):
    reading = read_key_result(text)
    assert (reading.start, reading.target, reading.unit) == (start, target, unit)
    assert [code for code, _written in reading.unreadable] == codes
    if direction is not None:
        assert reading.direction == direction


UNITS_OF_ONE_DIMENSION = [("吨", "公斤"), ("公斤", "克"), ("公里", "米"), ("米", "厘米"),
                          ("GB", "MB"), ("MB", "KB"), ("s", "ms"), ("小时", "分钟")]  # fmt: skip


@pytest.mark.parametrize(("big", "small"), UNITS_OF_ONE_DIMENSION)
@pytest.mark.parametrize("verb", ["降到", "提升到"])
def test_a_start_and_a_target_in_two_scales_are_never_compared_as_numbers(big, small, verb):
    """The kind: a baseline and a target in units of one dimension but different scales are
    compared in one unit, the smaller, whichever way the verb and the numbers go (a verb that
    says the other way is said, not chosen)."""
    reading = read_key_result(f"指标从 3 {big} {verb} 500 {small}")
    start, target, unit = in_one_unit(reading)
    assert (reading.start, reading.start_unit, target, unit) == (3, big, 500, small)
    assert start > 3 and start == start.to_integral_value()
    expected = "decrease" if start > 500 else "increase"
    if (verb == "降到") == (expected == "decrease"):
        assert reading.unreadable == [] and reading.direction == expected
    else:
        assert [code for code, _written in reading.unreadable] == ["direction"]


@pytest.mark.parametrize(
    ("text", "start", "target", "unit"),
    [
        ("Cut average resolution time from 3 hours to 45 minutes", 180, 45, "minutes"),
        ("Grow weekly practice from 30 minutes to 2 hours", 30, 120, "minutes"),
        ("平均部署时长从 2 小时缩短到 40 分钟", 120, 40, "分钟"),
        ("審批時間從 1.5 小時縮短到 50 分鐘", 90, 50, "分钟"),
        ("Shrink the app bundle from 2 MB to 900 KB", 2048, 900, "KB"),
        ("单次配送重量从 2 吨降到 800 公斤", 2000, 800, "公斤"),
    ],
)
def test_one_dimension_in_two_units_is_stored_in_the_smaller(text, start, target, unit):
    reading = read_key_result(text)
    assert reading.unreadable == []
    assert in_one_unit(reading) == (start, target, unit)


@pytest.mark.parametrize(
    ("text", "metric", "direction"),
    [
        # A change verb in the clause after the means: the metric is the rate, the whole verb
        # (下降到, 上升至) stays out of it.
        ("通过优化退货流程，使退货率下降到3%", "退货率", "decrease"),
        ("优化首页推荐，使点击率上升至12%", "点击率", "increase"),
        # A modal after a share opens the predicate: the share is of the noun before it.
        ("推动85%以上的门店能够按时完成盘点", "门店", "increase"),
        ("使90%的新员工可以独立上岗", "新员工", "increase"),
    ],
)
def test_a_later_clause_states_the_metric_and_its_direction(text, metric, direction):
    reading = read_key_result(text)
    assert (reading.metric, reading.direction) == (metric, direction)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("从 80 元降到 150 元", "80 元降到 150 元"),
        # The baseline after its target (issue 9, probe p2: the quote was empty, “”).
        ("成本降到 50 万（当前值 40 万）", "50 万（当前值 40 万"),
        ("Cut cost to $50k (currently $40k)", "$50k (currently $40k"),
    ],
)
def test_words_against_the_numbers_quote_both_numbers(text, quoted):
    assert read_key_result(text).unreadable == [("direction", quoted)]


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # A share of 1 against a percentage in one title (issue 9, probe p3: stored 0.4 % as
        # the floor, done at 35 %): asked, as a check-in typed 0.45 on a percent KR is.
        ("留存率不低于 0.4（当前值 45%）", "0.4（当前值 45%"),
        ("Retention at least 40% (currently 0.45)", "40% (currently 0.45"),
        ("Raise NPS from 0.5 to 40%", "0.5 to 40%"),
        # Both ends shares, or both percentages: one scale, nothing to ask.
        ("留存率从 0.3 提升到 0.5", None),
        ("转化率从 2% 提升到 5%", None),
    ],
)
def test_a_share_against_a_percentage_is_asked(text, asked):
    expected = [("units", asked)] if asked else []
    assert read_key_result(text).unreadable == expected
