"""A deadline written after a key result's levels does not change how they read (issue 9, h9x,
fresh tester): "Signups 0 to 100 due today" was refused as the range "0 to 100" (a count of
things "due today") where "Signups 0 to 100" reads 0 → 100, and "… by Dec 20" lost its start.
Generated table: every title read with and without each deadline has the same numbers."""

import datetime as dt
from itertools import product

import pytest

from mubiao.okrtext import read_key_result

Q4 = (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
TITLES = ["Signups 0 to 100", "Revenue 5 to 8", "NPS 30 to 50", "注册用户 0 到 100"]
DEADLINES = ["due today", "by Dec 20", "due Dec 20", "until Dec 20", "before Dec 20",
             "till Dec 20", "within 30 days"]  # fmt: skip


def _numbers(reading):
    return reading.start, reading.target, reading.unit, reading.unreadable


@pytest.mark.parametrize(("title", "deadline"), list(product(TITLES, DEADLINES)))
def test_a_deadline_after_the_levels_reads_them_alike(title, deadline):
    alone = read_key_result(title, cycle=Q4)
    assert alone.start is not None and not alone.unreadable, alone
    assert _numbers(read_key_result(f"{title} {deadline}", cycle=Q4)) == _numbers(alone)
