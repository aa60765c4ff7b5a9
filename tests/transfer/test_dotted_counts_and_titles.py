"""Issue 9 (h9m) in imports (CSV, xlsx; the CLI and the web preview run import_okrs).

M7: a current value `1.200` in a row counted in 人 is refused at its cell naming the readings
the row takes (never asked and kept as 1.2); `1.200.000` is read as 1,200,000.
M3: a title whose number has two readings (`转化率达到 4,5%`) was refused as a line of text but
imported beside the row's columns: refused as the API refuses it (readings.title_refusals).
M5: a title stating its number in another unit than the row's unit column (2 小时, 分钟, target
2) is said naming both units, and the row imported as its columns say (h9a: a stored key result
so exports and imports again; tests/api/test_title_levels_every_route.py)."""

import csv
import io

import pytest

from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.transfer.test_percent_cells import workbook

pytestmark = pytest.mark.django_db
HEADER = ["objective", "key result", "unit", "start", "target", "current"]

# (row after the objective, words of the refusal)
REFUSED = [
    (["Members", "人", "0", "5000", "1.200"], ["“1.200”", "1,200", "1.2", "column “current”"]),
    # 1,200 is far from 0 → 100 (asked about again if typed): only 1.2 is offered, as a
    # check-in offers it (test_offered_readings_are_taken_on_every_route.py).
    (["Members", "人", "0", "100", "1.200"], ["“1.200”", "1.2", "Enter 1.2."]),
    (["转化率达到 4,5%", "%", "0", "45", ""], ["4,5"]),
]


def _csv(row) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, ["Grow", *row]])
    return out.getvalue().encode()


def _xlsx(row) -> bytes:
    return workbook([HEADER, ["Grow", *row]], {})


@pytest.mark.parametrize("make", [_csv, _xlsx], ids=["csv", "xlsx"])
@pytest.mark.parametrize(("row", "words"), REFUSED)
def test_refused_at_the_row_naming_what_was_read(world, make, row, words):
    name = f"okrs.{make.__name__.strip('_')}"
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name=name, data=make(row), cycle=world.cycle)
    said = str(refused.value)
    assert all(word in said for word in words), said
    assert not KeyResult.objects.exists()


@pytest.mark.parametrize("make", [_csv, _xlsx], ids=["csv", "xlsx"])
@pytest.mark.parametrize(
    ("row", "words"),
    [
        (["把平均响应时间降到 2 小时", "分钟", "180", "2", ""], ["2 小时", "分钟", "120"]),
        (["覆盖 3 万人", "人", "0", "3", ""], ["3 万人", "30,000"]),
    ],
)
def test_a_title_in_another_unit_is_said_beside_the_row(world, make, row, words):
    name = f"okrs.{make.__name__.strip('_')}"
    result = import_okrs(world.alice, file_name=name, data=make(row), cycle=world.cycle)
    said = " ".join(result.problems)
    assert all(word in said for word in words) and "row 2" in said, said
    assert KeyResult.objects.get().target_value == int(row[3])


@pytest.mark.parametrize(
    "row",
    [
        ["Members", "人", "0", "2000000", "1.200.000"],
        ["把平均响应时间降到 2 小时", "分钟", "180", "120", ""],  # the same, in minutes
        ["覆盖 3 万人", "人", "0", "30000", ""],
    ],
)
def test_the_same_rows_written_one_way_are_imported(world, row):
    import_okrs(world.alice, file_name="okrs.csv", data=_csv(row), cycle=world.cycle)
    kr = KeyResult.objects.get()
    assert kr.target_value == int(row[3])
    if row[4]:
        assert kr.current_value == 1200000
