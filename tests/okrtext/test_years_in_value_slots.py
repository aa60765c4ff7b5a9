"""h10m A1 and E10: a number from 1900 to 2099 in a value slot is the value, not a year. `用户数从
800 提升到 2000` was read as a target of 800 with 2000 dropped as a year; `Users from 0 to 2000`
as a decrease to 0; `Grow users to 500 in 2026` as a share (500 in 2026: 24.7 %); `Users 5000 ->
800` as a level kept at least at 800 (the `>` of the arrow read as a bound). A year is a year
where a date can stand (年, Q3, by/in 2026, FY2026); after 到/至/为/从/from/to/reach or before an
arrow it is a value. The direction of every start → target pair is the way its numbers go."""

from decimal import Decimal
from itertools import permutations

import pytest

from mubiao.okrs import numbers
from mubiao.okrtext import read_key_result

# (line, start, target, direction)
VALUES = [
    ("用户数从 800 提升到 2000", 800, 2000, "increase"),
    ("Users from 800 to 1999", 800, 1999, "increase"),
    ("Users: 800 → 2000", 800, 2000, "increase"),
    ("Users: 800 -> 2000", 800, 2000, "increase"),
    ("Users from 0 to 2000", 0, 2000, "increase"),
    ("用户数从 0 提升到 2000", 0, 2000, "increase"),
    ("用户数从 2000 降到 800", 2000, 800, "decrease"),
    ("Users: 2026 → 800", 2026, 800, "decrease"),
    ("Active users 5000 -> 800", 5000, 800, "decrease"),
    ("活跃用户从 1900 变为 2099", 1900, 2099, "increase"),
    ("Grow users to 500 in 2026", None, 500, "increase"),
]


@pytest.mark.parametrize(("line", "start", "target", "direction"), VALUES)
def test_a_year_like_number_in_a_value_slot_is_the_value(line, start, target, direction):
    reading = read_key_result(line)
    assert (reading.start, reading.target, reading.direction, reading.unreadable) == (
        None if start is None else Decimal(start),
        Decimal(target),
        direction,
        [],
    )


# (line, target, deadline): where a date can stand, a year stays the deadline's.
YEARS = [
    ("Grow users to 500 by 2026", 500, "by 2026"),
    ("Grow users to 500 in 2026", 500, "in 2026"),
    ("客户数 by 2026 达到 50", 50, "by 2026"),
    ("FY2026 revenue to 300 万", 3000000, None),
    ("2026 年客户数达到 50 家", 50, None),
]


@pytest.mark.parametrize(("line", "target", "deadline"), YEARS)
def test_a_year_where_a_date_can_stand_stays_a_year(line, target, deadline):
    reading = read_key_result(line)
    assert reading.target == target
    if deadline:
        assert reading.deadline == deadline


# Every pair of these, start → target, in words that say no direction of their own.
PAIR_VALUES = ["0", "1", "5", "0.5", "800", "1900", "1999", "2000", "2026", "2099", "2100", "5000"]
NEUTRAL = [
    "Users from {a} to {b}",
    "Users: {a} → {b}",
    "Active users {a} -> {b}",
    "用户数从 {a} 到 {b}",
    "活跃用户从 {a} 变为 {b}",
    "Move active users from {a} to {b} by Q3",
]


@pytest.mark.parametrize("template", NEUTRAL)
def test_every_pair_goes_the_way_its_numbers_go(template):
    wrong = []
    for a, b in permutations(PAIR_VALUES, 2):
        reading = read_key_result(template.format(a=a, b=b))
        way = "increase" if Decimal(b) > Decimal(a) else "decrease"
        if (reading.start, reading.target, reading.direction, reading.unreadable) != (
            Decimal(a),
            Decimal(b),
            way,
            [],
        ):
            wrong.append((a, b, reading.start, reading.target, reading.direction))
    assert wrong == []


def test_a_verb_against_the_numbers_is_asked_for_every_pair():
    # "Grow users from 2000 to 800": the verb says up, the numbers down: asked, never chosen.
    for a, b in permutations(PAIR_VALUES, 2):
        reading = read_key_result(f"Grow users from {a} to {b}")
        assert (reading.start, reading.target) == (Decimal(a), Decimal(b))
        asked = [code for code, _written in reading.unreadable]
        assert asked == ([] if Decimal(b) > Decimal(a) else ["direction"]), (a, b)


@pytest.mark.parametrize("typed", ["2000", "1999", "2026 家", "1900"])
def test_the_check_in_box_reads_the_same_number(typed):
    # The same value typed at a check-in on a count is that number, as the title reads it.
    assert numbers.read_value(typed, metric_type="number", unit="家") == Decimal(typed.split()[0])
