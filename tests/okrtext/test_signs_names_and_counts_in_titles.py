"""Issue 9 (brief h9v): a key result's numbers are read as meant, whatever leads them.

Faults found: a minus opening the title was dropped (`-$20k` read as 20000), an en dash used as
a minus was lost in a from/to pair (`from –5 to +3` read as 5 → 3), and "Hire 2 in 3 teams" was
read as a 66.7 % share. Each table holds the kind in English and Chinese, with the readings that
were right beside them so that a fix of one side cannot break the other.
"""

from decimal import Decimal as D

import pytest

from mubiao.okrtext import parse, read_key_result
from mubiao.okrtext.numbers import find_quantities
from mubiao.okrtext.text import normalise

SIGNED = [
    # (title, start, target, unit): a minus at the very start, or after from/to/从/到.
    ("-$20k", None, D(-20000), "$"),
    ("-5%", None, D(-5), "%"),
    ("−5", None, D(-5), None),  # U+2212 minus
    ("–3", None, D(-3), None),  # en dash written for a minus
    ("负5", None, D(-5), None),
    ("-20k", None, D(-20000), None),
    ("-$20k net cash flow", None, D(-20000), "$"),
    ("−5 NPS", None, D(-5), "NPS"),
    ("from −5 to +3", D(-5), D(3), None),
    ("from –5 to +3", D(-5), D(3), None),
    ("NPS from -10 to +20", D(-10), D(20), None),
    ("NPS from –10 to +20", D(-10), D(20), None),
    ("Raise NPS from -10 to −2", D(-10), D(-2), None),
    ("Raise NPS to –2", None, D(-2), None),
    ("Cut the loss from -$20k to -$5k", D(-20000), D(-5000), "$"),
    ("净推荐值从 -5 提升到 +15", D(-5), D(15), None),
    ("净推荐值从 –5 提升到 +15", D(-5), D(15), None),
    ("净推荐值从−5提升到+15", D(-5), D(15), None),
    ("净推荐值到 –2", None, D(-2), None),
    ("利润从5降到–3", D(5), D(-3), None),
    ("净利润从负5万提升到10万", D(-50000), D(100000), None),
]

# A dash that is no sign stays none: a bullet before a space, a range between two numbers.
NOT_SIGNED = [
    ("- 5 new customers", None, D(5), "new customers"),
    ("- Sign 5 new customers", None, D(5), "new customers"),
    ("Sign 3–5 new customers", None, D(3), "new customers"),
    ("新增 3-5 家客户", None, D(3), "家"),
    ("– 新增 5 家客户", None, D(5), "家"),
]


@pytest.mark.parametrize(("title", "start", "target", "unit"), SIGNED + NOT_SIGNED)
def test_a_sign_is_read_where_it_is_written(title, start, target, unit):
    reading = read_key_result(title)
    assert (reading.start, reading.target, reading.unit) == (start, target, unit)


# Identifiers are names, not quantities: every one of them, before a count, leaves it alone.
IDENTIFIERS = ["P0", "P1", "P2", "S1", "L3", "T0", "SEV1", "SEV2", "v2"]


@pytest.mark.parametrize("name", IDENTIFIERS)
@pytest.mark.parametrize(
    ("written", "start", "target"),
    [
        ("Reduce {} incidents from 12 to 3", D(12), D(3)),
        ("Zero {} incidents", None, D(0)),
        ("Keep {} outages at zero", None, D(0)),
        ("{} 事故从 12 起降到 3 起", D(12), D(3)),
        ("{} 事故为零", None, D(0)),
        ("实现零 {} 事故", None, D(0)),
    ],
)
def test_an_identifier_is_no_quantity(name, written, start, target):
    title = written.format(name)
    reading = read_key_result(title)
    assert (reading.start, reading.target) == (start, target)
    digits = name.lstrip("PSLTEVv")
    at = title.index(name) + len(name) - len(digits)
    named = [q for q in find_quantities(normalise(title)) if q.start == at]
    assert all(q.skip for q in named)


SHARES = [
    # (title, target, unit): a proportion of a population is a share ...
    ("1 in 4 users", D(25), "%"),
    ("1 in 3 teams adopt OKRs", D("33.3"), "%"),
    ("One in five users active weekly", D(20), "%"),
    ("9 out of 10 customers satisfied", D(90), "%"),
    ("Search used by 1 in 4 users", D(25), "%"),
    ("Raise weekly use to 1 in 4 users", D(25), "%"),
    ("Reach 1 in 4 users", D(25), "%"),
    ("Convert 1 in 5 trials", D(20), "%"),
    ("每 4 个用户中有 1 个使用搜索", D(25), "%"),
    ("3 个团队中有 2 个采用 OKR", D("66.7"), "%"),
    # ... a count after a verb that makes what it counts is a count with a place.
    ("Hire 2 in 3 teams", D(2), None),
    ("Open 2 in 3 cities", D(2), None),
    ("Launch 5 in 2 regions", D(5), None),
    ("Add 3 in 2 markets", D(3), None),
    ("Ship 2 in 3 products", D(2), None),
    ("Close 2 in 3 regions", D(2), None),
    ("在3个城市新开2家门店", D(2), "家"),
    ("在两个城市新开5家门店", D(5), "家"),
    ("在全国3个城市开设5家门店", D(5), "家"),
]


@pytest.mark.parametrize(("title", "target", "unit"), SHARES)
def test_a_share_is_a_proportion_and_a_made_count_is_a_count(title, target, unit):
    reading = read_key_result(title)
    assert (reading.target, reading.unit) == (target, unit)


def test_a_sign_after_a_key_results_label_is_kept():
    document = parse(
        "O1: 提升口碑\n"
        "KR1: -$20k\n"
        "- KR2: –3\n"
        "- -5% churn\n"
        "* 净推荐值从 –5 提升到 +15\n"
        "- KR3: NPS from –10 to +20\n"
    )
    read = [(k.start, k.target) for k in document.sections[0].objectives[0].key_results]
    assert read == [(None, D(-20000)), (None, D(-3)), (None, D(-5)), (D(-5), D(15)),
                    (D(-10), D(20))]  # fmt: skip
