"""A bound word next to the target decides which side of it a key result keeps (issue 10,
probe10 F1/F13), whatever verb keeps it (keep, hold, stay, 维持, 保持, 控制): "at or below",
"不超过", "以下" are upper bounds, "at or above", "不低于", "至少" lower ones. Read as "maintain"
alone, an upper bound became "at least" in Mubiao, and a check-in far over the ceiling scored
done. Own sentences, zh, traditional zh and en."""

import pytest

from mubiao.okrtext import read_key_result

UPPER = [
    "Keep weekly refund requests at or below 40",
    "Hold the page error rate under 0.5%",
    "Keep open P1 tickets to no more than 10",
    "Keep average queue wait ≤ 90 seconds",
    "Stay below 3 failed deploys per month",
    "维持每月退货单在 30 单以下",
    "保持服务器故障次数每季度不超过 3 次",
    "线上回滚次数控制在每月 5 次以内",
    "保持页面报错率低于 0.2%",
    "維持每週客訴在 20 件以下",
    "保持退款率不高於 1.5%",
    "客服平均等待時間維持在 45 秒以內",
]
LOWER = [
    "Keep weekly active teams at or above 300",
    "Maintain first-contact resolution no less than 80%",
    "Keep uptime ≥ 99.95%",
    "Hold gross margin at no less than 40%",
    "维持付费转化率在 4% 以上",
    "保持客户满意度不低于 92 分",
    "維持續約率至少 85%",
]


@pytest.mark.parametrize("text", UPPER)
def test_an_upper_bound_is_kept_under_whatever_verb_keeps_it(text):
    reading = read_key_result(text)
    assert reading.bound == "at_most"
    assert reading.direction in ("maintain", "decrease")


@pytest.mark.parametrize("text", LOWER)
def test_a_lower_bound_is_kept_above(text):
    reading = read_key_result(text)
    assert (reading.bound, reading.direction) == ("at_least", "maintain")


@pytest.mark.parametrize(
    "text",
    [
        # "no less than" ends in "less than" but is a lower bound; "not more than" an upper one.
        "Keep churn no less than 1%",
        "Keep open incidents not more than 4",
    ],
)
def test_a_negated_comparator_is_read_whole(text):
    expected = "at_least" if "less" in text else "at_most"
    assert read_key_result(text).bound == expected


@pytest.mark.parametrize(
    "text",
    [
        "第一季度 100% 关闭每个版本的 P0 缺陷",
        "每月 95% 修复线上故障",
        "本季度 90%的客户投诉当天关闭",
        "95% of reported bugs triaged within a day",
    ],
)
def test_a_share_of_lower_is_better_things_done_grows(text):
    """ "100% 关闭…缺陷": the share done is the measure, not the defects: never "at most 100%"."""
    reading = read_key_result(text)
    assert (reading.direction, reading.bound) == ("increase", None)


def test_no_bound_without_a_comparator():
    assert read_key_result("Keep NPS at 60").bound is None
    assert read_key_result("月活达到 5 万").bound is None


# (h10x) A kept level whose start is written on its side of the bound stays "maintain": read
# as a change to the bound, 97 % kept above 95 % was a decrease, done as the level fell.
KEPT_WITH_START = [
    ("维持可用性不低于95%（当前值 97%）", "maintain"),
    ("保持客户满意度不低于 92 分（当前 95 分）", "maintain"),
    ("維持續約率至少 85%（目前 88%）", "maintain"),
    ("Keep uptime ≥ 99.95% (currently 99.99%)", "maintain"),
    ("Maintain 99.9% uptime (currently 99.95%)", "maintain"),
    ("Keep churn at or below 2% (currently 1.5%)", "maintain"),
    ("维持每月退货单在 30 单以下（当前 25 单）", "maintain"),
    # On the other side of the bound: brought to it.
    ("Keep churn at or below 2% (currently 3%)", "decrease"),
    ("维持可用性不低于95%（当前值 90%）", "increase"),
    # A bound written beside the target says "kept" without a verb of keeping (issue 9, probe
    # p2: these were read as changes to the bound, cost "raised" to its ceiling).
    ("Cost at most $50k (currently $40k)", "maintain"),
    ("Retention at least 40% (currently 45%)", "maintain"),
    ("成本不超过 50W（当前值 40W）", "maintain"),
    ("留存率不低于 40%（当前值 45%）", "maintain"),
    ("成本控制在 50 万以内（当前值 40 万）", "maintain"),
    ("Cost at most $50k (currently $60k)", "decrease"),
    ("留存率不低于 40%（当前值 30%）", "increase"),
    # Caps are ceilings (issue 9, probe p3: "capped at" read as a rise to the cap).
    ("Cost capped at $50k (currently $40k)", "maintain"),
    ("Cost capped at $50k (currently $60k)", "decrease"),
    ("Keep onboarding to a maximum of 3 days (currently 2 days)", "maintain"),
    ("成本50万封顶（当前值 40 万）", "maintain"),
    # A keep word after the target is no verb of it.
    ("Cut attrition from 15% to 9% by running stay interviews", "decrease"),
]


@pytest.mark.parametrize(("text", "direction"), KEPT_WITH_START)
def test_a_kept_level_with_its_start_keeps_its_side(text, direction):
    assert read_key_result(text).direction == direction


@pytest.mark.parametrize(
    ("text", "start", "target"),
    [
        # Money's lower-case shorthands after a currency (issue 9, probe p3: read as $4 → $5).
        ("Revenue at least $5m (currently $4m)", 4_000_000, 5_000_000),
        ("Revenue at least $5 mn (currently $4 mn)", 4_000_000, 5_000_000),
        ("Grow revenue from $2bn to $3bn", 2_000_000_000, 3_000_000_000),
        # Without a currency, in a title about time or length, a lower-case m may be metres,
        # minutes or millions: asked about (h9x 1, tests/okrtext/test_magnitudes_tenths_
        # fractions.py), never read as 8 → 5 with the m dropped.
        ("Cut load time from 8m to 5m", None, None),
    ],
)
def test_money_shorthands_after_a_currency(text, start, target):
    reading = read_key_result(text)
    assert (reading.start, reading.target) == (start, target)
