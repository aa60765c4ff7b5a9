"""A change written with the year of each end, "from 1 in 2025 to 5 in 2026" (从 2025 年的 1 个增长
到 2026 年的 5 个), is a start and a target, each in its year as a period: never a ratio ("1 in 2000
builds", the h10p rule for `in <year>` after a number) nor a count of things. `Grow partners from
1 in 2025 to 50 in 2026 worldwide` was read as a target of 2.5 % (50 in 2026) with a deadline in
2025; `客户数从 2025 年的 1 个…` measured "客户数从 2025 年", and `从 2025 年底的 1 家…` was due
2025-12-31, the start's period (issue 9, h9u). The ratio and count rules stand where no such
frame is written. The target's year is its deadline in Chinese as in English: `到 2026 年的 5
个` is "5 by 2026" (h9o; it was no deadline)."""

import datetime as dt
from decimal import Decimal

import pytest

from mubiao.okrtext import parse, read_key_result

END_2026 = dt.date(2026, 12, 31)

# (title, metric, start, target, unit, direction, due)
CASES = [
    ("Grow from 1 in 2025 to 5 in 2026", None, 1, 5, None, "increase", END_2026),
    ("Grow partners from 1 in 2025 to 50 in 2026 worldwide", "partners", 1, 50, None, "increase",
     END_2026),
    ("Grow customers from 1 in 2025 to 5 in 2026 in Europe", "customers", 1, 5, None,
     "increase", END_2026),
    ("Reduce outages from 12 in 2025 to 3 in 2026 across regions", "outages", 12, 3, None,
     "decrease", END_2026),
    ("Grow revenue from $1M in 2025 to $5M in 2026 worldwide", "revenue", 1_000_000,
     5_000_000, "$", "increase", END_2026),
    ("Grow from 1 in 2025, to 5 in 2026 globally", None, 1, 5, None, "increase", END_2026),
    ("从 2025 年的 1 个增长到 2026 年的 5 个", None, 1, 5, "个", "increase", END_2026),
    ("客户数从 2025 年的 1 个增长到 2026 年的 5 个", "客户数", 1, 5, "个", "increase", END_2026),
    ("门店数从2025年的100家增长到2026年的500家", "门店数", 100, 500, "家", "increase", END_2026),
    ("故障数从 2025 年的 12 次降低到 2026 年的 3 次", "故障数", 12, 3, "次", "decrease", END_2026),
    # The start's year-end is no deadline (it was: due 2025-12-31); the target's is (h9r).
    ("合作伙伴从 2025 年底的 1 家增加到 2026 年底的 50 家", "合作伙伴", 1, 50, "家", "increase",
     END_2026),
    # Without the frame the ratio and the count stand (h10p).
    ("Cut failures to 1 in 2000 builds", "failures", None, Decimal("0.05"), "%", "decrease",
     None),
    ("Cut defects from 1 in 200 to 1 in 1000", "defects", Decimal("0.5"), Decimal("0.1"), "%",
     "decrease", None),
]  # fmt: skip


def _read(reading):
    return (reading.metric, reading.start, reading.target, reading.unit, reading.direction,
            reading.due)  # fmt: skip


@pytest.mark.parametrize(("title", "metric", "start", "target", "unit", "direction", "due"), CASES)
def test_each_end_is_read_in_its_year(title, metric, start, target, unit, direction, due):
    expected = (metric, None if start is None else Decimal(start), Decimal(target), unit,
                direction, due)  # fmt: skip
    assert _read(read_key_result(title)) == expected
    # The same in a document, as every import reads it.
    (objective,) = parse(f"# Grow\n- KR1: {title}\n").objectives
    assert _read(objective.key_results[0]) == expected
