"""Issue 9 (h9o, left by h9w): the counted noun written after a key result's target is its unit,
with the magnitude the numbers are written in: `用户从 1.2万 提升到 3万 用户` stored 1.2 → 3 in the
unit `万` (用户 dropped) — now 1.2 → 3 `万用户`, as `12k to 30k users` is 12 → 30 `k users` and
`3 万人` is 3 `万人`. A bare magnitude with no noun after it (`用户数达到 1.2万`) keeps the unit
`万` by design (docs/import-export.md); a noun that is not what the title counts (`3万 以上`)
is no unit. Every import format that reads a title stores it so, `/okrtext/parse` says it, and
a check-in typed as the title writes the target reaches it."""

from decimal import Decimal

import pytest

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from mubiao.okrs.transfer.readings import key_result_fields
from mubiao.okrtext import read_key_result
from tests.api.conftest import Api
from tests.transfer.test_unit_written_once_h9t import ROUTES

pytestmark = pytest.mark.postgres

D = Decimal
# (title, (start, target, unit) stored)
TITLES = [
    ("用户从 1.2万 提升到 3万 用户", (D("1.2"), D(3), "万用户")),
    ("用户从 1.2 万用户提升到 3 万用户", (D("1.2"), D(3), "万用户")),
    ("用户从 1.2万 提升到 3万用户", (D("1.2"), D(3), "万用户")),
    ("用户从1.2万提升到3万用户", (D("1.2"), D(3), "万用户")),
    ("注册用户从 1.2万 提升到 3万 用户", (D("1.2"), D(3), "万用户")),
    ("用户数达到 3万 用户", (D(0), D(3), "万用户")),
    ("用户从 12000 提升到 30000 用户", (D(12000), D(30000), "用户")),
    ("Grow from 12k to 30k users", (D(12), D(30), "k users")),
    ("Grow users from 12k to 30k users", (D(12), D(30), "k users")),
    ("Grow from 12,000 to 30,000 users", (D(12000), D(30000), "users")),
    # As before: a bare magnitude is the unit (by design); so with a word that is no noun counted.
    ("用户数达到 1.2万", (D(0), D("1.2"), "万")),
    ("用户从 1.2万 提升到 3万", (D("1.2"), D(3), "万")),
    ("用户从 1.2万 提升到 3万 以上", (D("1.2"), D(3), "万")),
    ("注册用户从 3 增长到 5 万人", (D(3), D(5), "万人")),
]


def _fields(title):
    fields = key_result_fields(read_key_result(title), None).fields
    return fields["start_value"], fields["target_value"], fields["unit"]


@pytest.mark.parametrize(("title", "expected"), TITLES)
def test_the_counted_noun_after_the_target_is_the_unit(title, expected):
    assert _fields(title) == expected


@pytest.mark.parametrize("title", ["用户从 1.2万 提升到 3万 用户", "Grow from 12k to 30k users"])
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.__name__.strip("_"))
def test_every_import_stores_it_and_parse_says_it(world, route, title):
    data, name = route(world, title)
    import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle)
    kr = KeyResult.objects.get(title=title)
    start, target, unit = _fields(title)
    assert (kr.start_value, kr.target_value, kr.unit) == (start, target, unit)
    said = Api(world.alice).post(
        "/okrtext/parse", {"text": f"O1: o\nKR1: {title}\n", "cycle_id": world.cycle.pk}
    )
    [kr_said] = [k for s in said.json()["sections"] for o in s["objectives"]
                 for k in o["key_results"]]  # fmt: skip
    assert kr_said["key_result"]["unit"] == unit


@pytest.mark.parametrize("typed", ["3万", "3万用户", "30000 用户", "3"])
def test_a_check_in_typed_as_the_title_writes_it_reaches_the_target(world, typed):
    title = "用户从 1.2万 提升到 3万 用户"
    import_okrs(world.alice, file_name="okrs.md", data=f"O1: o\nKR1: {title}\n".encode(),
                cycle=world.cycle)  # fmt: skip
    kr = KeyResult.objects.get()
    services.check_in(world.alice, kr, value=typed)
    kr.refresh_from_db()
    assert (kr.current_value, kr.progress) == (D(3), 1)
