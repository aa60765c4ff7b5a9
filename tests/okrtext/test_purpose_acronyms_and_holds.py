"""Issue 10: what brackets and markers around a key result say, read as a kind.

- A purpose bracket (`(so that …)`, `(in order to …)`, `（为了…）`, `（以便…）`, `（旨在…）`)
  says why the work is done: it never gives the metric's numbers, direction or target. A level
  bracket (`(now 35)`, `（目前 35）`) is still the baseline.
- An acronym with its expansion (`NPS (Net Promoter Score)`, `T100 (Top 100 Accounts)`,
  `净推荐值（NPS）`) is one name: never a number, never two metrics. `Q3 (July to September)` is a
  period, not an acronym.
- A hold marker (`(on hold)`, `[paused]`, `（暂停）`, `【搁置】`, `暂缓：`, `— deferred`, `延期`, …)
  marks the key result held (KeyResultReading.held) and leaves its text; never inside a metric.
"""

import pytest

from mubiao.okrtext import parse, read_key_result

# (text, the fields expected): the purpose bracket gives none of them.
PURPOSES = [
    ("客户满意度提升到 90%（为了让续约率达到 80%）",
     {"target": 90, "unit": "%", "metric": "客户满意度"}),
    ("客户满意度提升到 90%(为了让续约率达到 80%)", {"target": 90, "unit": "%"}),
    ("上线新版本（以便3个团队使用）", {"target": None, "is_activity": True}),
    ("NPS 达到 50（旨在把流失率降低 20%）", {"target": 50, "direction": "increase"}),
    ("流失率降到 3%（为了提升 20% 留存）", {"target": 3, "direction": "decrease"}),
    ("Ship onboarding 2.0 (in order to lift activation to 40%)",
     {"target": None, "unit": None, "direction": "milestone"}),
    ("Raise NPS from 30 to 45 (so that 80% of customers renew)",
     {"start": 30, "target": 45, "unit": None, "metric": "NPS"}),
    ("Cut churn to 3% (so that revenue grows by 20%)",
     {"target": 3, "direction": "decrease", "target_type": "absolute"}),
    ("Run 12 customer interviews (in order to raise NPS to 50)",
     {"target": 12, "is_activity": True}),
]  # fmt: skip

# The bracket is kept in the text as written: it is read past, not removed.
LEVELS = [
    ("Raise NPS to 50 (now 35)", 35, 50),
    ("NPS提升到50（目前 35）", 35, 50),
    ("NPS 提升到 50 (目前 35)", 35, 50),
]


@pytest.mark.parametrize(("text", "expected"), PURPOSES)
def test_a_purpose_bracket_gives_no_number_direction_or_target(text, expected):
    reading = read_key_result(text, year=2026)
    assert {name: getattr(reading, name) for name in expected} == expected
    assert reading.text == text  # kept as written


@pytest.mark.parametrize(("text", "start", "target"), LEVELS)
def test_a_level_bracket_is_still_the_baseline(text, start, target):
    reading = read_key_result(text)
    assert (reading.start, reading.target) == (start, target)


# (text, the metric's name, the target): the expansion's number is no target, the two are one.
ACRONYMS = [
    ("Raise NPS (Net Promoter Score) to 50", "NPS (Net Promoter Score)", 50),
    ("Raise NPS (Net Promoter Score) from 30 to 45", "NPS (Net Promoter Score)", 45),
    # A counted noun's words stop at a bracket: the name before it is the metric.
    ("Win 12 new T100 (Top 100 Accounts) customers", "new T100", 12),
    (
        "Increase average Customer Satisfaction Score (CSAT) from 70% to 85%",
        "average Customer Satisfaction Score (CSAT)",
        85,
    ),
    ("Win 5 T100（前100大客户）deals", "T100", 5),
    ("Grow T100 (Top 100 Accounts) revenue to $5M", "T100 (Top 100 Accounts) revenue", 5000000),
    ("净推荐值（NPS）提升到 50", "净推荐值（NPS）", 50),
    ("净推荐值(NPS)从 30 提升到 45", "净推荐值(NPS)", 45),
    ("Lift CSAT (Customer Satisfaction Score) to 90%", "CSAT (Customer Satisfaction Score)", 90),
]


@pytest.mark.parametrize(("text", "metric", "target"), ACRONYMS)
def test_an_acronym_with_its_expansion_is_one_name(text, metric, target):
    reading = read_key_result(text)
    assert (reading.metric, reading.target) == (metric, target)
    assert reading.unreadable == []


def test_an_acronym_expansion_is_never_a_second_target_or_an_s06_finding():
    from mubiao.okrtext import lint

    text = "O1: Serve our best accounts\nKR1: Win 12 new T100 (Top 100 Accounts) customers\n"
    assert not [f for f in lint(text) if f.rule == "OKR-S06"]


def test_a_period_in_brackets_is_not_an_acronym():
    reading = read_key_result("Close 20 deals in Q3 (July to September)", year=2026)
    assert (reading.target, reading.due.isoformat()) == (20, "2026-09-30")
    assert reading.metric == "deals"


# (text as written, the text without its marker)
HELD = [
    ("Launch the mobile app (on hold)", "Launch the mobile app"),
    ("Launch the mobile app (On Hold)", "Launch the mobile app"),
    ("[paused] Reach 1000 signups", "Reach 1000 signups"),
    ("Reach 1000 signups [paused]", "Reach 1000 signups"),
    ("上线新官网（暂停）", "上线新官网"),
    ("上线新官网(暂停)", "上线新官网"),
    ("【搁置】新签 10 家客户", "新签 10 家客户"),
    ("新签 10 家客户【搁置】", "新签 10 家客户"),
    ("暂缓：新签 10 家客户", "新签 10 家客户"),
    ("暂缓:新签 10 家客户", "新签 10 家客户"),
    ("Reach 1000 signups — deferred", "Reach 1000 signups"),
    ("Reach 1000 signups - deferred", "Reach 1000 signups"),
    ("Reach 1000 signups, postponed", "Reach 1000 signups"),
    ("Reach 1000 signups (postponed)", "Reach 1000 signups"),
    ("新签 10 家客户 延期", "新签 10 家客户"),
    ("新签 10 家客户，延期", "新签 10 家客户"),
    ("新签 10 家客户，推迟", "新签 10 家客户"),
    ("新签 10 家客户 — 推迟", "新签 10 家客户"),
    ("KR2（暂停）：新签 10 家客户", "新签 10 家客户"),
    ("KR 3 (on hold): Reach 1000 signups", "Reach 1000 signups"),
]

# A hold word inside the measure is the metric's: not held, kept in the text.
NOT_HELD = [
    "延期率从 10% 降到 5%",
    "项目延期天数减少到 3 天",
    "减少订单延期",
    "Cut postponed shipments from 40 to 10",
    "Reduce the share of deferred tickets to 5%",
    "Keep paused subscriptions below 2%",
    "暂停服务次数控制在 2 次以内",
    "减少 20% 延期",
    "延期订单降到 5 单",
]


@pytest.mark.parametrize(("text", "without"), HELD)
def test_a_hold_marker_marks_the_key_result_held_and_leaves_its_text(text, without):
    reading = read_key_result(text)
    plain = read_key_result(without)
    assert reading.held is True
    assert reading.text == without
    assert reading.to_dict() == {**plain.to_dict(), "held": True}


@pytest.mark.parametrize("text", NOT_HELD)
def test_a_hold_word_inside_a_metric_is_not_a_hold(text):
    reading = read_key_result(text)
    assert reading.held is False
    assert reading.text == text


def test_parse_keeps_held_and_its_line():
    document = parse(
        "O1: 提升续费\n- 续费率从 60% 提升到 75%\n- 【搁置】新签 10 家客户\n"
        "- Launch the app (on hold)\n"
    )
    krs = document.objectives[0].key_results
    assert [(kr.held, kr.text) for kr in krs] == [
        (False, "续费率从 60% 提升到 75%"),
        (True, "新签 10 家客户"),
        (True, "Launch the app"),
    ]
    assert [kr.to_dict()["held"] for kr in krs] == [False, True, True]


def test_a_detail_line_under_a_held_key_result_keeps_it_held():
    document = parse("O1: 降低成本\n- 客诉率降低（暂停）\n  - 目标值: 3%\n  - 当前值: 8%\n")
    kr = document.objectives[0].key_results[0]
    assert (kr.held, kr.start, kr.target) == (True, 8, 3)
