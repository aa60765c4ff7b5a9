"""Issue 9 (brief h9t, B8): a range whose unit (with its magnitude) is written once, after the
target, stores what the range written with the unit twice stores: `营收从 800 提升到 2000 万元`
is `营收从 800 万元提升到 2000 万元` (800 → 2,000 万元), not 8,000,000 → 20,000,000 元 beside
25 → 3,000 万元 for `从 25 万元 到 3000 万元`. The title is read by one reader on every route
that reads one (pasted text, Markdown, and a CSV, JSON or xlsx row whose only value is its
title); each stores the pair alike."""

import json
from decimal import Decimal

import pytest

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from mubiao.okrs.transfer.readings import key_result_fields
from mubiao.okrtext import read_key_result
from tests.transfer.conftest import workbook_bytes

pytestmark = pytest.mark.postgres

D = Decimal
# (the unit written once, the same range with the unit written twice, (start, target, unit))
PAIRS = [
    ("营收从 800 提升到 2000 万元", "营收从 800 万元提升到 2000 万元", (D(800), D(2000), "万元")),
    ("营收从 25 到 3000 万元", "营收从 25 万元 到 3000 万元", (D(25), D(3000), "万元")),
    ("成本从 80 降到 60 万", "成本从 80 万降到 60 万", (D(80), D(60), "万")),
    ("GMV 从 1.5 提升到 2 亿元", "GMV 从 1.5 亿元提升到 2 亿元", (D("1.5"), D(2), "亿元")),
    ("注册用户从 3 增长到 5 万人", "注册用户从 3 万人增长到 5 万人", (D(3), D(5), "万人")),
    (
        "Grow revenue from 800 to 2,000k USD",
        "Grow revenue from 800k USD to 2,000k USD",
        (D(800), D(2000), "k USD"),
    ),
    (
        "Grow revenue from 800 to 2,000 k USD",
        "Grow revenue from 800k USD to 2,000k USD",
        (D(800), D(2000), "k USD"),
    ),
    # Chinese numerals follow the rule of digits (issue 9, h9w): 八百 → 两千 万元 was ¥800 →
    # ¥20,000,000, and 两千 → 一千 万元 refused as going against 降到.
    (
        "营收从 八百 提升到 两千 万元",
        "营收从 八百 万元 提升到 两千 万元",
        (D(800), D(2000), "万元"),
    ),
    ("营收从八百提升到两千万元", "营收从八百万元提升到两千万元", (D(800), D(2000), "万元")),
    ("成本从 两千 降到 一千 万元", "成本从 两千 万元 降到 一千 万元", (D(2000), D(1000), "万元")),
    ("用户从 三十 增长到 五十 万人", "用户从 三十 万人 增长到 五十 万人", (D(30), D(50), "万人")),
    # A sign's scale is expanded (`$1.2m`: no unit `m$`), however often it is written.
    (
        "Grow revenue from $1.2m to $3m",
        "Grow revenue from $1,200,000 to $3,000,000",
        (D(1200000), D(3000000), "$"),
    ),
]
# Numbers in different units or magnitudes stay in the base unit, as read.
APART = [
    ("营收从 5000 元提升到 1 万元", (D(5000), D(10000), "元")),
    ("营收从 8000 提升到 1 万元", (D(8000), D(10000), "元")),
]


def _text(world, title):
    return f"O1: o\nKR1: {title}\n".encode(), "okrs.txt"


def _markdown(world, title):
    return f"# o\n\n- {title}\n".encode(), "okrs.md"


def _csv(world, title):
    return f'objective,key result\no,"{title}"\n'.encode(), "okrs.csv"


def _json(world, title):
    document = {"format": "mubiao.okrs", "version": 1,
                "objectives": [{"title": "o", "key_results": [{"title": title}]}]}  # fmt: skip
    return json.dumps(document, ensure_ascii=False).encode(), "okrs.json"


def _xlsx(world, title):
    return workbook_bytes({"OKR": [["objective", "key result"], ["o", title]]}), "okrs.xlsx"


ROUTES = [_text, _markdown, _csv, _json, _xlsx]


def _stored(world, route, title):
    data, name = route(world, title)
    import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle, confirmed=True)
    kr = KeyResult.objects.get(objective__cycle=world.cycle, title=title)
    stored = (kr.start_value, kr.target_value, kr.unit)
    KeyResult.objects.filter(pk=kr.pk).delete()
    return stored


@pytest.mark.parametrize(("once", "twice", "expected"), PAIRS)
def test_the_reading_counts_the_start_in_the_unit_written_once(once, twice, expected):
    for title in (once, twice):
        fields = key_result_fields(read_key_result(title), None).fields
        assert (fields["start_value"], fields["target_value"], fields["unit"]) == expected, title


@pytest.mark.parametrize(("title", "expected"), APART)
def test_numbers_in_different_magnitudes_stay_in_the_base_unit(title, expected):
    fields = key_result_fields(read_key_result(title), None).fields
    assert (fields["start_value"], fields["target_value"], fields["unit"]) == expected


@pytest.mark.parametrize(("once", "twice", "expected"), PAIRS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.__name__.strip("_"))
def test_every_import_stores_both_forms_alike(world, route, once, twice, expected):
    assert _stored(world, route, once) == _stored(world, route, twice) == expected
