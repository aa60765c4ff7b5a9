"""Issue 10 §3-§4, two kinds found on real text:

- a grade's name with its number inside the counted noun ("Sign 5 tier 1 customers") was read
  as a count of "tier": the grade and its number are one word of the noun;
- a count of things done to ("Close 10 bugs", "修复 20 个缺陷") was read as an upper bound on a
  harm (decrease): a number right after a lone verb counts what is done, from none up."""

import pytest

from mubiao.okrtext import read_key_result


@pytest.mark.parametrize(
    ("text", "target", "unit", "metric"),
    [
        ("Sign 5 tier 1 customers", 5, "tier 1 customers", "tier 1 customers"),
        ("Sign 5 Tier 1 or Tier 2 customers", 5, "Tier 1 or Tier 2 customers", None),
        ("Get 3 level 2 engineers certified", 3, "level 2 engineers", "level 2 engineers"),
        ("Close 10 priority 1 bugs", 10, "priority 1 bugs", "priority 1 bugs"),
        ("Move 20 accounts to stage 3", 20, "accounts", "accounts"),
    ],
)
def test_a_grade_and_its_number_are_part_of_the_noun(text, target, unit, metric):
    reading = read_key_result(text)
    assert (reading.target, reading.unit) == (target, unit)
    assert metric is None or reading.metric == metric


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Close 10 bugs", "increase"),
        ("Fix 20 critical bugs", "increase"),
        ("Resolve 50 support tickets", "increase"),
        ("修复 20 个缺陷", "increase"),
        ("解决10个客诉", "increase"),
        # Not a lone verb before the number: the harm is bounded, as before.
        ("故障 10 次以内", "decrease"),
        ("全年故障 3 次", "decrease"),
        ("Reduce to 10 bugs", "decrease"),
        ("10 bugs", "decrease"),
    ],
)
def test_a_count_done_to_harm_grows(text, direction):
    assert read_key_result(text).direction == direction


@pytest.mark.parametrize(
    ("text", "metric"),
    [("拓展2B业务客户到50家", "2B业务客户"), ("拓展B端客户到50家", "B端客户"),
     ("发展渠道代理商至20家", "渠道代理商")],
)  # fmt: skip
def test_a_verb_of_winning_opens_an_outcome_not_its_metric(text, metric):
    """拓展 / 发展 + what is won + a count: an outcome measured by the count (as 开拓 was),
    the verb never part of the metric."""
    reading = read_key_result(text)
    assert (reading.metric, reading.is_activity) == (metric, False)
