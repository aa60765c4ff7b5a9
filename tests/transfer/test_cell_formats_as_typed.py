"""A cell's format is part of what was typed (issue 9, probe9c finding 4): on a 数值 row in
万元, cells 0 / 1.2 / 0.45 formatted `0%` were imported as 0 → 120 万元, current 45, without
a word, while a check-in of "45%" on a 万元 key result is refused ("单位是%…"). Now a number
in a format that changes its meaning is read as the text the sheet shows — as a person would
type it: a percentage, a currency of its own, a number shown in thousands with its magnitude
(`#,##0,"K"`) — and a date-formatted cell is a date, refused where a number is expected."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from mubiao.okrs.transfer.errors import ImportFailed
from tests.conftest import make_objective
from tests.transfer.test_percent_cells import workbook

pytestmark = pytest.mark.django_db
HEADER = ["owner", "objective", "key result", "metric type", "unit", "start", "target", "current"]


def _import(world, unit, cells, fmt, metric="数值"):
    data = workbook(
        [HEADER, [None, "Grow", "Revenue", metric, unit, *cells]],
        {"F2": fmt, "G2": fmt, "H2": fmt},
    )
    return import_okrs(world.alice, file_name="okrs.xlsx", data=data, cycle=world.cycle,
                       confirmed=True)  # fmt: skip


def _check_in_refusal(world, unit, typed):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    kr = services.update_key_result(world.alice, kr, unit=unit, start_value=0,
                                    target_value=2000)  # fmt: skip
    try:
        services.check_in(world.alice, kr, value=typed, scale_confirmed=True)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


# (unit, cells, format, what a check-in of the shown text says on that unit)
REFUSED = [
    ("万元", [0, 1.2, 0.45], "0%", "45%"),
    ("元", [0, 2000, 1000], "[$€-407]#,##0", "€1000"),
    ("元", [0, 2000, 1000], '"$"#,##0', "$1000"),
]


@pytest.mark.parametrize(("unit", "cells", "fmt", "typed"), REFUSED)
def test_a_format_that_changes_the_meaning_is_refused_as_its_text_would_be(
    world, unit, cells, fmt, typed
):
    refusal = _check_in_refusal(world, unit, typed)
    assert refusal, typed  # a check-in of what the cell shows is refused …
    KeyResult.objects.all().delete()
    with pytest.raises(ImportFailed) as refused:
        _import(world, unit, cells, fmt)
    said = str(refused.value)
    assert "row 2" in said, said  # … and so is the cell, at its place
    assert not KeyResult.objects.filter(title="Revenue").exists()


# (unit, cells, format, metric type, (start, target, current) imported)
READ = [
    ("%", [0, 1.2, 0.45], "0%", "百分比", (0, 120, 45)),
    ("", [0.1, 0.6, 0.45], "0%", "", (10, 60, 45)),  # a percentage inferred, as before
    ("USD", [0, 2000000, 1200000], '#,##0,"K"', "数值", (0, 2000000, 1200000)),
    ("k USD", [0, 2000000, 1200000], '#,##0,"K"', "数值", (0, 2000, 1200)),
    ("USD", [0, 2000, 1000], '"$"#,##0', "数值", (0, 2000, 1000)),
    ("元", [0, 2000, 1000], "¥#,##0", "数值", (0, 2000, 1000)),
    ("", [0, 2000, 1000], "@", "数值", (0, 2000, 1000)),  # a number formatted as text
]


@pytest.mark.parametrize(("unit", "cells", "fmt", "metric", "read"), READ)
def test_a_format_is_read_as_the_text_it_shows(world, unit, cells, fmt, metric, read):
    kr = _import(world, unit, cells, fmt, metric).created[0].key_results.get()
    assert (kr.start_value, kr.target_value, kr.current_value) == tuple(map(Decimal, read))


def test_a_date_formatted_cell_is_no_number(world):
    with pytest.raises(ImportFailed) as refused:
        _import(world, "", [0, 100, datetime(2026, 3, 1)], "yyyy-mm-dd")
    said = str(refused.value)
    assert "row 2" in said and "is not a number" in said, said
