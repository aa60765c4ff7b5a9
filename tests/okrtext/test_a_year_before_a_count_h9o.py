"""Issue 9 (h9o, left by h9u): `到 2026 年` is "by 2026" (docs/import-export.md: `到 / 截至 / 在 /
于 2027 年` is by the end of that year), and so it is before `的` and a count: `到 2026 年的 5 个`
gave no deadline while `in 2026` / `by 2026` do. Where the year names a base — a multiple or a
share of its value (`到 2026 年的两倍`, `的一半`, `的 120%`), `的基础上`, `的水平` — it stays no
deadline, as before (h9t). The start's year (`从 2025 年的 1 个`) is never one (h9u)."""

import datetime as dt

import pytest

from mubiao.okrtext import parse, read_key_result

END_2026 = dt.date(2026, 12, 31)

# (zh, en with the same meaning): the same due date.
PAIRS = [
    ("签约客户到 2026 年的 5 个", "Sign 5 customers by 2026"),
    ("客户数到 2026 年的 50 家", "Grow customers to 50 by 2026"),
    ("门店数到2026年的100家", "Open 100 stores by 2026"),
    ("从 2025 年的 1 个增长到 2026 年的 5 个", "Grow from 1 in 2025 to 5 in 2026"),
    ("客户数从 2025 年的 1 个增长到 2026 年的 5 个", "Grow customers from 1 in 2025 to 5 in 2026"),
    ("故障数从 2025 年的 12 次降低到 2026 年的 3 次", "Cut outages from 12 in 2025 to 3 in 2026"),
    ("注册用户到 2026 年的 三万 人", "Reach 30,000 users by 2026"),
]


@pytest.mark.parametrize(("zh", "en"), PAIRS)
def test_a_year_before_a_count_is_its_deadline_as_in_english(zh, en):
    assert read_key_result(en).due == END_2026
    assert read_key_result(zh).due == END_2026
    [kr] = parse(f"O1: o\nKR1: {zh}\n").objectives[0].key_results
    assert kr.due == END_2026


@pytest.mark.parametrize(
    "title",
    [
        "日活提升到 2026 年的两倍",
        "日活提升到 2026 年的 2 倍",
        "成本降到 2026 年的一半",
        "营收达到 2026 年的 120%",
        "在 2026 年的基础上提升 20%",
        "日活恢复到 2026 年的水平",
        "成本降到 2026 年的八成",
    ],
)
def test_a_year_that_names_a_base_is_no_deadline(title):
    assert read_key_result(title).due is None


def test_the_count_keeps_its_metric():
    reading = read_key_result("客户数到 2026 年的 5 个")
    assert (reading.target, reading.unit, reading.due) == (5, "个", END_2026)
