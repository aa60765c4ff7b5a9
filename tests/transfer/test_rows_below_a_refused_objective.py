"""hr1 (review): a CSV or xlsx row whose objective's cell is refused is said once, at that row;
the key result rows below it (the same objective, its cells left empty) are still read for their
own refusals and say nothing more. The refused objective is not planned, and its key results
belong to nothing (TabularReader.read): before, it was planned and they were attached to it."""

import re

import pytest

from mubiao.okrs.transfer import ImportFailed, import_okrs, tabular
from mubiao.okrs.transfer.errors import Location
from mubiao.okrs.transfer.owners import OwnerDirectory
from tests.transfer.conftest import workbook_bytes

HEADER = ["owner", "objective", "kind", "key result", "metric type", "start", "target"]
ROWS = [
    ["alice@acme.test", "Grow", "bogus", "Sign", "number", "0", "10"],
    ["", "", "", "Ship", "number", "0", "5"],
    ["", "", "", "Docs", "number", "0", "about a dozen"],
    ["alice@acme.test", "Keep", "", "Stay", "number", "0", "3"],
]


def _csv() -> bytes:
    return "\n".join(",".join(row) for row in [HEADER, *ROWS]).encode()


@pytest.mark.parametrize(
    ("name", "data"),
    [("okrs.csv", _csv), ("okrs.xlsx", lambda: workbook_bytes({"OKRs": [HEADER, *ROWS]}))],
)
def test_the_objective_is_refused_once_and_each_row_says_its_own(world, year, name, data):
    with pytest.raises(ImportFailed) as raised:
        import_okrs(world.admin, file_name=name, data=data(), cycle=year, dry_run=True)
    said = [re.match(r".*?(row \d+), column “([^”]+)”:", text).groups()
            for text in raised.value.texts]  # fmt: skip
    assert said == [("row 2", "kind"), ("row 4", "target")], raised.value.texts


def test_the_refused_objective_is_not_planned(world, year):
    reader = tabular.TabularReader(Location("okrs.csv"), year, OwnerDirectory(world.admin))
    with pytest.raises(ImportFailed):
        reader.read(tabular.csv_rows(_csv(), Location("okrs.csv")))
    assert [(o.title, [kr.fields["title"] for kr in o.key_results]) for o in reader.planned] == [
        ("Keep", ["Stay"])
    ]
