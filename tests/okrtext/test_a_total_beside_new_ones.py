"""h10q (issue 10 §3, the baseline): a count of new things starts from none; a total written
beside it (`Onboard 500 new merchants (currently 1,200 total)`, `新增 50 家门店（目前共 120
家）`) is another measure, no start (main: 1,200 → 500, a fall). Customers brought on board are
won (`Onboard 500 new merchants` is an outcome), engineers brought on board are work."""

import pytest

from mubiao.okrtext import read_key_result

TOTALS = [
    # (key result, target)
    ("Onboard 500 new merchants (currently 1,200 total)", 500),
    ("Add 300 new customers (currently 2,000 in total)", 300),
    ("新增 50 家门店（目前共 120 家）", 50),
    ("新签50家客户（当前累计300家）", 50),
]


@pytest.mark.parametrize(("kr", "target"), TOTALS)
def test_a_total_is_no_start_of_new_ones(kr, target):
    reading = read_key_result(kr, year=2026)
    assert (reading.start, reading.target, reading.direction) == (None, target, "increase")


STARTS = [
    # A start of the same measure stays one.
    ("Grow customers to 500 (currently 300)", 300, 500),
    ("Reach 1,500 merchants (currently 1,200 total)", 1200, 1500),
    ("门店数达到 150 家（目前共 120 家）", 120, 150),
]


@pytest.mark.parametrize(("kr", "start", "target"), STARTS)
def test_a_start_of_the_same_measure_stays(kr, start, target):
    reading = read_key_result(kr, year=2026)
    assert (reading.start, reading.target) == (start, target)


@pytest.mark.parametrize(
    ("kr", "activity"),
    [
        ("Onboard 500 new merchants", False),
        ("Onboard 40 new customers this quarter", False),
        ("Onboard 5 new engineers", True),
    ],
)
def test_who_is_brought_on_board(kr, activity):
    assert read_key_result(kr, year=2026).is_activity is activity
