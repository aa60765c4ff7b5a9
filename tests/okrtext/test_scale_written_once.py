"""A scale written once, after the target ("from 1 to 2 million", "从 100 增长到 200 万元"), is a
bare start's too, as it is a range's lower end ("300-350 万元"), where the numbers as written go
the way the words say; otherwise the start is as written ("Grow users from 500 to 2 million").
Found by the API test of numbers edited under a title (issue 9): 100 → 2,000,000 元 was stored."""

from decimal import Decimal

import pytest

from mubiao.okrtext import read_key_result

CASES = [
    ("Grow revenue from 100 to 200 万元", "1000000", "2000000", "increase"),
    ("收入从 100 增长到 200 万元", "1000000", "2000000", "increase"),
    ("Grow revenue from 1 to 2 million", "1000000", "2000000", "increase"),
    ("Grow revenue from $1 to $2 million", "1000000", "2000000", "increase"),
    ("Grow ARR from 1.2 to 3M USD", "1200000", "3000000", "increase"),
    ("营收从 1.5 提升到 2 亿", "150000000", "200000000", "increase"),
    ("Cut costs from 5 to 3 million", "5000000", "3000000", "decrease"),
    ("成本从 8 降到 5 千万", "80000000", "50000000", "decrease"),
    # As written: a start that would fall against the words, counted things, scaled starts.
    ("Grow users from 500 to 2 million", "500", "2000000", "increase"),
    ("用户从 500 增长到 2 万", "500", "20000", "increase"),
    ("从 100 人增长到 2 万人", "100", "20000", "increase"),
    ("从 3 万增长到 5 万", "30000", "50000", "increase"),
    ("NPS from 30 to 50", "30", "50", "increase"),
    ("Reduce churn from 5% to 3%", "5", "3", "decrease"),
]


@pytest.mark.parametrize(("title", "start", "target", "direction"), CASES)
def test_a_scale_written_once_is_the_starts_too(title, start, target, direction):
    reading = read_key_result(title)
    assert (reading.start, reading.target, reading.direction) == (
        Decimal(start),
        Decimal(target),
        direction,
    )
    assert not reading.unreadable
