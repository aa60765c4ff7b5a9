"""h10q (issue 10 §3–§4), Chinese kinds seen first on new real text, each with an English
counterpart where English has one:

- `10次中有8次…`: "M in N" with no noun between the measure word and 中 is a share of the
  occasions, as `每 4 个用户中有 1 个` already was (docs/okrtext-numbers.md): 80 %, not the
  whole (main: target 10);
- `最多` / `至多` before the verb bound its count as "at most" does (`客户最多报告2个关键错误`:
  decrease; main: increase); `最多的渠道` (the most) is no bound;
- a bound after the level (`45个或以上`, `65分或增加`, `4.5分或更高`) goes with the number, and
  the measure is named before it (main: metric `或`, `或以上`);
- a modal before the change verb (`故事点可以从45个增加到55个`, `转化率需要达到5%`) is no part of
  the measure; nor is the aspect particle after a verb (`实现了冲刺目标`)."""

from decimal import Decimal

import pytest

from mubiao.okrtext import read_key_result
from tests.okrtext.real_corpus import same

CASES = [
    # (key result, metric, target, unit, direction)
    ("10次中有8次实现了冲刺目标", "冲刺目标", 80, "%", "increase"),
    ("10次中有8次實現了衝刺目標", "衝刺目標", 80, "%", "increase"),
    ("十次中有九次按时发布", None, 90, "%", "increase"),
    ("9 out of 10 customers renew on time", "customers", 90, "%", "increase"),
    ("每个冲刺客户最多报告2个关键错误", "关键错误", 2, "个", "decrease"),
    ("每個衝刺階段客戶最多報告2個關鍵錯誤", "關鍵錯誤", 2, "个", "decrease"),
    ("每个版本至多引入2个回归缺陷", "回归缺陷", 2, "个", "decrease"),
    ("Customers report at most 2 critical bugs per sprint", "critical bugs", 2,
     "critical bugs", "decrease"),
    ("NPS得分保持在65分或增加", "NPS得分", 65, "分", "maintain"),
    ("每个冲刺交付的故事点保持在45个或以上", "故事点", 45, "个", "maintain"),
    ("满意度保持在4.5分或更高", "满意度", Decimal("4.5"), "分", "maintain"),
    ("每周发布3篇或以上原创文章", "原创文章", 3, "篇", "increase"),
    ("Keep NPS at 65 or higher", "NPS", 65, None, "maintain"),
    ("每個衝刺的故事點可以從45個增加到55個", "故事點", 55, "个", "increase"),
    ("转化率需要达到5%", "转化率", 5, "%", "increase"),
    ("客诉率应当降低到3%以下", "客诉率", 3, "%", "decrease"),
    ("会员复购率能够提升至30%", "会员复购率", 30, "%", "increase"),
]  # fmt: skip


@pytest.mark.parametrize(("kr", "metric", "target", "unit", "direction"), CASES)
def test_read_as_meant(kr, metric, target, unit, direction):
    reading = read_key_result(kr, year=2026)
    if metric is not None:
        assert same("metric", reading.metric, (metric,)), reading.metric
    assert (reading.target, reading.unit, reading.direction) == (target, unit, direction)


def test_the_most_is_no_bound():
    reading = read_key_result("最多的渠道带来500个线索", year=2026)
    assert (reading.target, reading.direction) == (500, "increase")
