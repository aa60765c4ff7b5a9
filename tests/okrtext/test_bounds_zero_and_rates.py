"""h10a (issue 10 §3/§4, M3–M5): bounds, zero levels, kept levels and rates read as a person
means them, in simplified and traditional Chinese and in English.

- a comparator glued to its number (`<500ms`, `≥ 99.9%`) is a bound: an upper one reads as a
  decrease (at most), a lower one as an increase (at least); a time within which something is
  done (`30min内`, `2h内`) is a time to beat, a decrease with no bound (内 alone is no comparator:
  it also closes a deadline, `3个月内`); an English time unit before a Chinese character is
  still the unit;
- zero is a level: `零严重缺陷`, `严重缺陷为零` as `Zero critical bugs`;
- a level kept with no bound word (`Keep churn at 2%`) is kept on the side its measure's words
  say is better: at most when the measure's last noun is a harm (churn, 故障率, cost per lead),
  else at least (故障修复率, crash-free rate, cost savings);
- a level reached (`达到10亿小时`) comes from below, whatever noun names it;
- a rate's period is the amount's `per`, a count's or money's (`5 次/周`, `8/quarter`,
  `per week`, `$7,000/month`), never a date, a fraction or part of the metric.
"""

from decimal import Decimal

import pytest

from mubiao.okrtext import numbers, read_key_result
from mubiao.okrtext.numbers import unit_key

# A unit not checked (the counted noun of "Zero critical bugs"); None is no unit, as in RATES.
ANY = object()

# (text, target, unit spelling (unit_key), direction, bound)
BOUNDS = [
    ("API latency <500ms", 500, "ms", "decrease", "at_most"),
    ("接口延迟<500ms", 500, "ms", "decrease", "at_most"),
    ("Keep p99 latency ≤ 200 ms", 200, "ms", "maintain", "at_most"),
    ("Uptime ≥ 99.9%", 99.9, "%", "increase", "at_least"),
    ("Uptime >= 99.9 %", 99.9, "%", "increase", "at_least"),
    ("可用性≥99.9%", 99.9, "%", "increase", "at_least"),
    ("工单30min内处理", 30, "分钟", "decrease", None),
    ("工單30 min內處理", 30, "分钟", "decrease", None),
    ("首次响应2h内", 2, "小时", "decrease", None),
    ("响应时间<2s", 2, "秒", "decrease", "at_most"),
    ("回應時間<2s", 2, "秒", "decrease", "at_most"),
    ("Keep p95 latency at or below 300 ms", 300, "ms", "maintain", "at_most"),
    ("Zero critical bugs", 0, ANY, "decrease", None),
    ("0 P0 incidents", 0, ANY, "decrease", None),
    ("零严重缺陷", 0, None, "decrease", None),
    ("嚴重缺陷為零", 0, None, "decrease", None),
    ("实现零重大安全事故", 0, None, "decrease", None),
    # Kept levels with no bound word: the measure's words decide the side.
    ("Keep churn at 2%", 2, "%", "maintain", "at_most"),
    ("Hold p95 latency at 300 ms", 300, "ms", "maintain", "at_most"),
    ("保持流失率2%", 2, "%", "maintain", "at_most"),
    ("維持客訴率在2%（目前1.5%）", 2, "%", "maintain", "at_most"),
    ("Keep NPS at 40", 40, None, "maintain", None),
    ("维持复购率在30%", 30, "%", "maintain", None),
    # A harm is lower-is-better only as the measure's last noun: a harm repaired, resolved,
    # avoided or saved is a good, kept as a floor like any other (no bound: stored at least).
    ("保持故障修复率在95%", 95, "%", "maintain", None),
    ("维持缺陷修复率95%", 95, "%", "maintain", None),
    ("保持投诉解决率在98%", 98, "%", "maintain", None),
    ("Keep crash-free rate at 99.5%", 99.5, "%", "maintain", None),
    ("Keep cost savings at 20%", 20, "%", "maintain", None),
    # ...and the harm itself, or a measure of it, is still kept at most.
    ("保持故障率在1%以下", 1, "%", "maintain", "at_most"),
    ("保持故障率在1%", 1, "%", "maintain", "at_most"),
    ("保持不良品率在0.5%", 0.5, "%", "maintain", "at_most"),
    ("Keep monthly churn rate at 2%", 2, "%", "maintain", "at_most"),
    ("Keep cost per acquisition at $20", 20, "usd", "maintain", "at_most"),
    ("保持客户获取成本（CAC）在200元", 200, "元", "maintain", "at_most"),
    # A level reached comes from below (學習時長 is no waiting time).
    ("年度学习时长达到10亿小时", 10**9, "小时", "increase", None),
    ("年度學習時長達到10億小時", 10**9, "小时", "increase", None),
    ("Reach 2 million hours of watch time", 2 * 10**6, "小时", "increase", None),
]


@pytest.mark.parametrize(("text", "target", "unit", "direction", "bound"), BOUNDS)
def test_bounds_zero_and_kept_levels(text, target, unit, direction, bound):
    reading = read_key_result(text, year=2026)
    assert reading.target == Decimal(str(target))
    if unit is not ANY:
        assert (None if reading.unit is None else unit_key(reading.unit)) == unit
    assert (reading.direction, reading.bound) == (direction, bound)
    assert reading.target_type == "absolute"


# (text, direction, bound): the same last-noun rule where a baseline is written (a level kept on
# its better side) and where a measure is improved (improving a harm lowers it).
BETTER_SIDE = [
    ("保持故障修复率在95%（当前97%）", "maintain", None),
    ("保持故障率在1%（当前0.5%）", "maintain", "at_most"),
    ("Improve crash-free rate by 2%", "increase", None),
    ("Improve 故障修复率 by 10%", "increase", None),
    ("Improve churn rate by 10%", "decrease", None),
    ("Improve total reply time by 50%", "decrease", None),
]


@pytest.mark.parametrize(("text", "direction", "bound"), BETTER_SIDE)
def test_only_a_measure_ending_in_a_harm_is_lower_is_better(text, direction, bound):
    reading = read_key_result(text, year=2026)
    assert (reading.direction, reading.bound) == (direction, bound)


def test_a_word_that_holds_zero_is_no_level():
    # 零售 (retail), 零基础 (beginners): words, not the number zero.
    retail = read_key_result("零售额达到100万")
    assert (retail.metric, retail.start, retail.target) == ("零售额", None, 10**6)
    assert read_key_result("零基础学员结业率90%").metric == "零基础学员结业率"


# Every number word as the number it names ("Zero" is a level, as 零 is).
NUMBER_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
                "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                "hundred": 100, "dozen": 12}  # fmt: skip
# Numbers written in several words (issue 10 §3): "twenty-five" was no number, "one hundred
# paying customers" one hundred-paying-customer.
COMPOUNDS = {"twenty-five": 25, "ninety-nine": 99, "a dozen": 12, "a hundred": 100,
             "one hundred": 100, "two hundred and fifty": 250, "three hundred forty-two": 342,
             "twenty-five thousand": 25000, "two million": 2000000}  # fmt: skip


def test_every_number_word_is_read_as_its_number():
    assert set(NUMBER_WORDS) == numbers.EN_NUMBER_WORDS
    for word, value in {**NUMBER_WORDS, **COMPOUNDS}.items():
        assert read_key_result(f"Hire {word} engineers").target == value, word
        assert read_key_result(f"Hire {word.title()} engineers").target == value, word


@pytest.mark.parametrize(
    "text", ["Win zeroth customers", "Ship the tenth release", "Hold one-on-one meetings"]
)
def test_a_word_that_names_no_number_is_not_zero(text):
    assert read_key_result(text).target is None


def test_a_number_word_the_table_lacks_is_an_error_not_zero(monkeypatch):
    # The word pattern is built from the table when the module loads: a word it matches that
    # the table no longer has was read as 0, silently.
    monkeypatch.delitem(numbers._EN_WORDS, "twelve")
    with pytest.raises(KeyError):
        read_key_result("Onboard twelve partner agencies")


# (text, metric, target, unit, per)
RATES = [
    ("Ship 8/quarter blog posts", "blog posts", 8, "blog posts", "quarter"),
    ("Publish 8 blog posts/quarter", "blog posts", 8, "blog posts", "quarter"),
    ("Run 3 user interviews per week", "user interviews", 3, "user interviews", "week"),
    ("Ship 2 releases /day", "releases", 2, "releases", "day"),
    ("Grow organic sessions from 3,200 to 7,000/month", "organic sessions", 7000, None, "month"),
    ("每周 3 次客户拜访", "客户拜访", 3, "次", "周"),
    ("客户拜访 5 次/周", "客户拜访", 5, "次", "周"),
    ("每週 3 次客戶拜訪", "客戶拜訪", 3, "次", "周"),
    ("客戶拜訪 5 次/週", "客戶拜訪", 5, "次", "周"),
    ("通过合作带来至少200个精准点击/周", "精准点击", 200, "个", "周"),
    ("每天发布3篇文章", "文章", 3, "篇", "天"),
    # Money per period is a level of money whose unit is per that period, as a count is.
    ("Grow MRR to $7,000/month", "MRR", 7000, "$", "month"),
    ("MRR达到7000元/月", "MRR", 7000, "元", "月"),
]


@pytest.mark.parametrize(("text", "metric", "target", "unit", "per"), RATES)
def test_a_rate_is_the_count_per_period(text, metric, target, unit, per):
    reading = read_key_result(text, year=2026)
    assert (reading.metric, reading.target, reading.unit, reading.per) == (
        metric,
        target,
        unit,
        per,
    )
    assert (reading.deadline, reading.due, reading.target_type) == (None, None, "absolute")


@pytest.mark.parametrize(
    "text", ["完成6/15的毕业答辩", "Run 3 A/B tests", "每月入站销售额从1万美元增加到2万美元"]
)
def test_no_rate_where_none_is_written(text):
    # A date, a name with a slash, and a period that names the measure (每月入站销售额: the
    # monthly sales) rather than the amount: no period is written after the amount.
    assert read_key_result(text, year=2026).per is None
