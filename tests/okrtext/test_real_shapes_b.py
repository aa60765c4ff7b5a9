"""Shapes of published OKR text the reader missed (h10b), each read as a kind.

The rows are written here in the style of OKRs found in public pages, never copied:
- progress glued to a key result: okrstudy.com/okrbokconcepts/5_2_okr-progress-report ("KR2:
  Publish 15 blog posts (10 published, 5 remaining)", "(Currently 20% achieved)"), the status
  line of clawhub.ai's okr-consulting templates.md ("Progress: 60% | Confidence: 6/10");
- emoji as bullets: imageslr.com/2021/efficiency-okr.html ("💡 目标管理"), marketgostar.com's
  OKR article ("🔸 مثال"); keycap numbering as people post personal OKRs;
- "a day": lattimore.id.au "Drink 2 Litres Of Water Daily", eatwellandsleep.blogspot.com "2
  litres of water / fluids per day", okr-framework.com/okr-examples/personal-growth ("Reach a 1
  book/month reading pace");
- digits in a technology's name: stratasys-china.com ("3d打印"), the 5G industry articles the
  search returned beside OKR templates.
"""

import datetime as dt
from decimal import Decimal

import pytest

from mubiao.okrtext import lint, parse, read_key_result


def _read(text):
    return read_key_result(text, year=2026)


# 1. A progress note is neither the target nor part of the metric; the text keeps the key result.
@pytest.mark.parametrize(
    ("text", "kept", "target", "unit", "metric"),
    [
        ("KR1: 新增付费客户50家（已完成32家）", "新增付费客户50家", 50, "家", "新增付费客户"),
        ("签约20家新客户 [进度 40%]", "签约20家新客户", 20, "家", "新客户"),
        ("KR3：上线10门线上课程（目前已上线4门）", "上线10门线上课程", 10, "门", "线上课程"),
        ("招聘5名高级工程师（进度：2/5）", "招聘5名高级工程师", 5, "名", "高级工程师"),
        ("Publish 15 blog posts (10 published, 5 remaining)", "Publish 15 blog posts", 15,
         "blog posts", "blog posts"),
        ("Sign 20 new customers [progress: 40%]", "Sign 20 new customers", 20, "new customers",
         "new customers"),
        ("Increase organic search traffic by 25% (Currently 20% achieved)",
         "Increase organic search traffic by 25%", 25, "%", "organic search traffic"),
        ("Deploy AI notetaker to 100% of employees by March 31 | Progress: 60% | Confidence: 6/10",
         "Deploy AI notetaker to 100% of employees by March 31", 100, "%", "employees"),
    ],
)  # fmt: skip
def test_a_progress_note_is_not_read(text, kept, target, unit, metric):
    reading = _read(text)
    assert (reading.text, reading.target, reading.unit, reading.metric) == (
        kept,
        Decimal(target),
        unit,
        metric,
    )
    assert reading.start is None


@pytest.mark.parametrize(
    ("text", "kept", "due"),
    [
        ("Ship v2 by June — 60% done", "Ship v2 by June", dt.date(2026, 6, 30)),
        ("Launch the portal by May 15 - 80% complete", "Launch the portal by May 15",
         dt.date(2026, 5, 15)),
        ("6月底前上线新版官网 — 进度 40%", "6月底前上线新版官网", dt.date(2026, 6, 30)),
    ],
)  # fmt: skip
def test_a_milestone_with_a_progress_note_has_no_target(text, kept, due):
    reading = _read(text)
    assert (reading.text, reading.target, reading.direction, reading.due) == (
        kept,
        None,
        "milestone",
        due,
    )


# Not progress: a range, a past level and a bracket that only explains stay as they were read.
@pytest.mark.parametrize(
    ("text", "target", "start"),
    [
        ("Grow NPS to 40 - 60%", 40, None),
        ("Reduce churn from 5% to 3% (last year: 6%)", 3, 5),
        ("新增付费客户50家（重点行业）", 50, None),
        ("项目按时交付（完成率≥95%）", 95, None),
        ("进度款回收率达到90%", 90, None),
        ("Close 10 deals (at least 3 signed contracts)", 3, None),
    ],
)
def test_brackets_that_are_no_progress_note_stay(text, target, start):
    reading = _read(text)
    assert reading.text == text
    assert reading.target == Decimal(target)
    assert reading.start == (None if start is None else Decimal(start))


# 1b. An area's tag before the key result stays in the text and names the metric's area.
@pytest.mark.parametrize(
    ("text", "metric", "target"),
    [
        ("[Competitor] Win 5 accounts from X", "[Competitor] accounts", 5),
        ("[Mobile] Reduce crash rate to 0.5%", "[Mobile] crash rate", Decimal("0.5")),
        ("[Hiring] Hire 3 senior engineers", "[Hiring] senior engineers", 3),
        ("[Mobile] Launch offline mode", "[Mobile] offline mode", None),
        ("[竞品] 从竞品手中赢得5个客户", "[竞品] 客户", 5),
    ],
)
def test_a_bracketed_tag_is_kept(text, metric, target):
    reading = _read(text)
    assert reading.text == text
    assert (reading.metric, reading.target) == (metric, target)


# 2. A month/day with a slash before 前, after 截止, or as the day of an event is its due date;
# it is never a fraction or a target of 6 or 15.
@pytest.mark.parametrize(
    ("text", "due", "target"),
    [
        ("完成6/15前上线新版官网", dt.date(2026, 6, 15), None),
        ("6/15前完成新版官网上线", dt.date(2026, 6, 15), None),
        ("完成6/15的毕业答辩", dt.date(2026, 6, 15), None),
        ("6/15上线新版官网", dt.date(2026, 6, 15), None),
        ("12/31的年会顺利举办", dt.date(2026, 12, 31), None),
        ("9/30完成系统迁移，迁移率100%", dt.date(2026, 9, 30), 100),
        ("6/15 前完成 3 场客户访谈", dt.date(2026, 6, 15), 3),
        # A fraction stays one: 3/4 could be two dates, so it is none.
        ("完成3/4的用户访谈", None, None),
    ],
)
def test_a_slash_date_is_a_due_date(text, due, target):
    reading = _read(text)
    assert reading.due == due
    assert reading.target == (None if target is None else Decimal(target))


# 3. An emoji set as a bullet is a bullet: not in the title, not a number.
@pytest.mark.parametrize(
    ("text", "kept", "target"),
    [
        ("1️⃣ 提升用户留存率至40%", "提升用户留存率至40%", 40),
        ("✅ KR2 新增付费客户50家", "新增付费客户50家", 50),
        ("🎯 KR1: 新增付费客户50家", "新增付费客户50家", 50),
        ("2️⃣ KR2：新增付费客户50家", "新增付费客户50家", 50),
        ("👉 Reduce churn to 3% 🚀", "Reduce churn to 3%", 3),
        ("🔟 Ship 10 onboarding emails", "Ship 10 onboarding emails", 10),
    ],
)
def test_an_emoji_bullet_is_not_read(text, kept, target):
    reading = _read(text)
    assert (reading.text, reading.target) == (kept, Decimal(target))


def test_emoji_numbered_items_are_key_results_of_the_objective_above():
    document = parse(
        "🎯 O1: 提升用户活跃度\n"
        "1️⃣ 日活跃用户数达到10万\n"
        "2️⃣ 次日留存率提升到45%\n"
        "✅ KR3 新增付费客户50家（已完成32家）\n"
        "\n"
        "🎯 Objective 2: Grow revenue\n"
        "✅ KR1: Sign 20 new customers — 60% done\n"
        "🔟 Reduce churn to 3%\n",
        year=2026,
    )
    objectives = document.objectives
    assert [o.title for o in objectives] == ["提升用户活跃度", "Grow revenue"]
    assert [[kr.target for kr in o.key_results] for o in objectives] == [
        [100000, 45, 50],
        [20, 3],
    ]
    assert [kr.text for kr in objectives[1].key_results] == [
        "Sign 20 new customers",
        "Reduce churn to 3%",
    ]
    assert not document.problems


def test_a_pictograph_before_a_title_over_a_list_decorates_the_title():
    document = parse(
        "🎯 提升用户活跃度\n- 日活跃用户数达到10万\n- 次日留存率提升到45%\n\n"
        "🚀 Grow revenue\n1. Sign 20 new customers\n2. Reduce churn to 3%\n\n"
        "O3: 提升交付质量\n👉 线上故障数降低到5个以下\n👉 版本按时发布率达到95%\n"
    )
    assert [(o.title, [kr.target for kr in o.key_results]) for o in document.objectives] == [
        ("提升用户活跃度", [100000, 45]),
        ("Grow revenue", [20, 3]),
        ("提升交付质量", [5, 95]),
    ]
    assert not document.problems


def test_a_question_mark_emoji_opens_prose_not_a_list():
    # As seeded from a 源目标 article: "❓ “服务型部门的OKR怎样制定才最有效?”" is a question.
    text = "O1: 提升服务质量\n- 满意度达到95%\n❓ 服务型部门的OKR怎样制定才最有效？共7个步骤\n"
    asked = parse(text).to_dict()
    assert asked == parse(text.replace("❓ ", "")).to_dict()
    assert [p["line"] for p in asked["problems"]] == [3]


# 4. "a day" after what is measured is the period of a rate, whatever the measure is of.
@pytest.mark.parametrize(
    ("text", "target", "unit", "per", "metric"),
    [
        ("Drink 2 litres of water a day", 2, "litres", "day", "water"),
        ("Drink 8 glasses of water per day", 8, "glasses", "day", "water"),
        ("Drink 2 litres of water every day", 2, "litres", "day", "water"),
        ("Eat 5 servings of fruit and veg a day", 5, "servings", "day", "fruit and veg"),
        ("Write 500 words of fiction each week", 500, "words", "week", "words of fiction"),
        ("每天喝水2升", 2, "升", "天", "喝水"),
        ("每天坚持喝8杯水", 8, "杯", "天", "水"),
        ("每周跑步10公里", 10, "公里", "周", "跑步"),
    ],
)
def test_a_day_is_the_period_of_a_rate(text, target, unit, per, metric):
    reading = _read(text)
    assert (reading.target, reading.unit, reading.per, reading.metric) == (
        Decimal(target),
        unit,
        per,
        metric,
    )


# 5. Digits inside a technology's name are no number.
@pytest.mark.parametrize(
    ("text", "target", "metric"),
    [
        ("完成3D打印样机", None, "3D打印样机"),
        ("完成3d打印样机", None, "3d打印样机"),
        ("完成3D打印样机并交付2台", 2, "3D打印样机"),
        ("5G网络覆盖率达到90%", 90, "5G网络覆盖率"),
        ("4G网络切换到5G网络", None, "4G网络切换到5G网络"),
        ("新增B2B客户30家", 30, "新增B2B客户"),
        ("Launch 5G network in 3 cities", 3, "cities"),
        ("Ship 2 3D printing prototypes", 2, "3D printing prototypes"),
        ("Deploy 40 5G base stations", 40, "5G base stations"),
    ],
)
def test_digits_in_a_technology_name_are_no_number(text, target, metric):
    reading = _read(text)
    assert reading.target == (None if target is None else Decimal(target))
    assert reading.metric == metric


# Amounts that look alike stay amounts: days, gigabytes, thousands.
@pytest.mark.parametrize(
    ("text", "target", "unit"),
    [
        ("Resolve P1 tickets within 3d", 3, "d"),
        ("门店营收达到50W", 500000, None),
    ],
)
def test_amounts_beside_letters_stay_amounts(text, target, unit):
    reading = _read(text)
    assert (reading.target, reading.unit) == (Decimal(target), unit)


# 6. A message quotes whole words: never half of one ("D" of "3D", "品牌知名" of "品牌知名度").
@pytest.mark.parametrize(
    ("key_result", "quoted"),
    [
        ("3D prototype for the show", "“3D”"),
        ("3D打印样机", "“3D打印样机”"),
        ("年度客户答谢晚宴", "“年度客户答谢…”"),
    ],
)
def test_a_message_quotes_whole_words(key_result, quoted):
    findings = lint(f"O1: 提升品牌\nKR1: {key_result}\nKR2: 营收达到500万元\n")
    activity = next(f for f in findings if f.rule == "OKR-A01")
    assert quoted in activity.message
