"""Issue 10 (h10e): two kinds found on new dev text.

- A bracket closing the line is an owner ("(Kishan)", "[momack2]") only when the sentence is
  complete before it. A template's placeholder in brackets ("from [Competitor]", "for
  [Product]", "the [Team]") completes a phrase that a preposition or a determiner opened: it is
  text, as a priority tag ("[p1]", "[P0]") never is.
- "to N% of <reference>" after a change verb and its object gives the object's level as a share
  of the reference ("Reduce the cost of labor to 30% of sales"): the object is the metric, the
  reference is not.
"""

import pytest

from mubiao.okrtext import read_key_result

PLACEHOLDERS = [
    "Win 5 competitive displacements from [Competitor]",
    "Sign 3 reference customers for [Product]",
    "Grow weekly active users of [Product] by 20%",
    "Close 4 deals against [Competitor X]",
    "Raise the NPS of the [Team] to 50",
]

# (line, its text): an owner in brackets or a priority tag still leaves.
OWNERS_AND_TAGS = [
    ("Increase NPS to 50 (Kishan)", "Increase NPS to 50"),
    ("Ship the gossip router [momack2]", "Ship the gossip router"),
    ("Rendezvous protocol is implemented [p0]", "Rendezvous protocol is implemented"),
    ("Close 4 deals against Acme [P1]", "Close 4 deals against Acme"),
    ("Raise NPS to 50 (Alan, Steven)", "Raise NPS to 50"),
]


@pytest.mark.parametrize("line", PLACEHOLDERS)
def test_a_placeholder_in_brackets_is_text(line):
    assert read_key_result(line).text == line


@pytest.mark.parametrize(("line", "text"), OWNERS_AND_TAGS)
def test_an_owner_or_a_priority_tag_in_brackets_still_leaves(line, text):
    assert read_key_result(line).text == text


# (line, metric, target): the share's reference is never the metric.
SHARES_OF_A_REFERENCE = [
    ("Reduce the cost of labor to 30% of sales", "cost of labor", 30),
    ("Get Marketing cost to 10% of Sales", "Marketing cost", 10),
    ("Cut cloud spend to 8% of revenue", "cloud spend", 8),
    ("Bring support headcount down to 5% of total staff", "support headcount", 5),
    ("Raise R&D spending to 15% of revenue by Q4", "R&D spending", 15),
]


@pytest.mark.parametrize(("line", "metric", "target"), SHARES_OF_A_REFERENCE)
def test_a_share_of_a_reference_measures_the_object(line, metric, target):
    reading = read_key_result(line, year=2026)
    assert (reading.metric, reading.target, reading.unit) == (metric, target, "%")


# (line, metric, unit): "Y" right after a Chinese change verb holds the target's place, as after
# 到/至/为 ("维持在Y以下"): no number, the unit kept, never part of the metric.
CHANGE_BY_A_PLACEHOLDER = [
    ("将运营现金流增加 Y 美元", "运营现金流", "美元"),
    ("净利润提升Y万元", "净利润", "元"),
    ("获客成本降低 Y%", "获客成本", "%"),
    ("活跃用户增长Y个", "活跃用户", "个"),
]


@pytest.mark.parametrize(("line", "metric", "unit"), CHANGE_BY_A_PLACEHOLDER)
def test_a_placeholder_after_a_change_verb_keeps_the_unit(line, metric, unit):
    reading = read_key_result(line)
    assert (reading.metric, reading.target, reading.unit) == (metric, None, unit)
