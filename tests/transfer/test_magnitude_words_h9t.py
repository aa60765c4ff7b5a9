"""Issue 9 (brief h9t, item 2): a magnitude word (万, 亿, 千, 百万, 千万; k, M, bn; `m` for a
million) is never a unit of its own beside a number measured in another: `用户数达到 1.2万` is
stored as `达到 1.2 万人` is (1.2 in 万, DESIGN: values written in one Chinese magnitude are
counted in it), and whatever the unit a title's magnitude makes, the value a person types as the
title writes it (`1.2万`, `12k`, `1.5m`) checks in at the target: the title, the import and the
check-in agree on one amount, on every import format that reads a title."""

from decimal import Decimal

import pytest

from mubiao.okrs import numbers, services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from tests.transfer.test_unit_written_once_h9t import ROUTES

pytestmark = pytest.mark.postgres

D = Decimal
# (title, the amount its target means in its base unit, the target as a person types it)
MAGNITUDES = [
    ("用户数达到 1.2万", D(12000), "1.2万"),
    ("用户数达到 1.2 万人", D(12000), "1.2万"),
    ("营收达到 3 亿元", D(300000000), "3亿"),
    ("用户数达到 3千", D(3000), "3千"),
    ("营收达到 2 百万元", D(2000000), "2百万"),
    ("营收达到 1 千万元", D(10000000), "1千万"),
    ("Reach 12k users", D(12000), "12k"),
    ("Reach 12 k users", D(12000), "12k"),
    ("Reach 1.5M users", D(1500000), "1.5M"),
    ("Reach 1.5m users", D(1500000), "1.5m"),
    ("Reach 2bn users", D(2000000000), "2bn"),
    ("Grow ARR to $3m", D(3000000), "$3m"),
]


@pytest.mark.parametrize(("title", "amount", "typed"), MAGNITUDES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.__name__.strip("_"))
def test_a_magnitude_word_means_one_amount_from_title_to_check_in(
    world, route, title, amount, typed
):
    data, name = route(world, title)
    import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle)
    kr = KeyResult.objects.get(title=title)
    # The unit carries the magnitude the value is counted in (万, 千元, k users), or none.
    assert kr.target_value * numbers.unit_factor(kr.unit) == amount, (kr.target_value, kr.unit)
    assert kr.unit not in {"万", "亿", "千", "百万", "千万", "k", "M", "m", "bn"} or (
        kr.target_value * numbers.unit_factor(kr.unit) == amount
    )
    services.check_in(world.alice, kr, value=typed)
    kr.refresh_from_db()
    assert kr.current_value == kr.target_value and kr.progress == 1, (kr.current_value, kr.unit)


def test_a_bare_magnitude_is_stored_as_the_counted_one_is():
    """`1.2万` and `1.2 万人` are one rule: the magnitude written is the unit's (万, 万人)."""
    from mubiao.okrs.transfer.readings import read_title

    bare = read_title("用户数达到 1.2万", None).fields
    counted = read_title("用户数达到 1.2 万人", None).fields
    assert (bare["target_value"], bare["unit"]) == (D("1.2"), "万")
    assert (counted["target_value"], counted["unit"]) == (D("1.2"), "万人")
