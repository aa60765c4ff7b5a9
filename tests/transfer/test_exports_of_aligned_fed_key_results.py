"""What Mubiao exports, Mubiao imports (issue 9, brief h9h's gap), and an export shows what the
page shows (h9z2). A key result fed by its aligned objectives has no value of its own (its old
value is kept for a switch back; rules.value_written_by_hand). Its exports wrote that old value
as `current` and the import refused it (h9h); then they wrote no current value at all, an empty
当前值 beside a key result standing at 50 %. Now every format writes the value its progress
stands for (rules.value_at_progress: 50 on 0 → 100 at 50 %), and the import says that such a
key result's value is computed from its aligned objectives, not imported, and imports it."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from mubiao.okrs import rules, services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import export_okrs, import_okrs
from tests.conftest import make_objective, twin_cycle

FORMATS = ["md", "csv", "xlsx", "json"]


def _fed_at_half(world) -> KeyResult:
    """A key result 0 → 100 fed by one aligned objective at 50 %, checked in by hand before."""
    objective = make_objective(world.alice, world.cycle, "Parent")
    kr = objective.key_results.get()
    services.check_in(world.alice, kr, value="5")
    kr.refresh_from_db()
    services.update_key_result(world.alice, kr, progress_source="children")
    child = services.create_objective(
        world.alice, cycle=world.cycle, title="Child", parent_key_result=kr,
        key_results=[{"title": "Reach 200", "start_value": 0, "target_value": 200}],
    )  # fmt: skip
    services.check_in(world.alice, child.key_results.get(), value="100")
    kr.refresh_from_db()
    assert kr.progress == Decimal("0.5") and kr.current_value == 5  # 5: kept for a switch back
    return kr


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_key_result_fed_by_aligned_objectives_exports_its_value_and_imports_back(world, fmt):
    kr = _fed_at_half(world)
    data = export_okrs(world.admin, cycle=world.cycle, fmt=fmt)
    assert "50" in _current_cells(data, fmt), fmt  # the child's own is 100
    target = twin_cycle(world, "again")
    result = import_okrs(world.admin, file_name=f"okrs.{fmt}", data=data, cycle=target)
    said = " ".join(result.problems)
    assert "computed from its aligned objectives" in said and kr.title in said, said
    imported = KeyResult.objects.get(objective__cycle=target, title=kr.title)
    assert imported.progress_source == "children"
    assert imported.current_value == imported.start_value
    if fmt != "md":  # the Markdown export carries no alignment (docs/import-export.md)
        # Aligned again within the file, its progress is its aligned objective's once more.
        assert imported.progress == Decimal("0.5")


def _current_cells(data: bytes, fmt: str) -> list[str]:
    """The export's current values, as text (the cells or attributes that hold them)."""
    if fmt == "md":
        return [part.removeprefix("current=").strip('"}') for part in data.decode().split()
                if part.startswith("current=")]  # fmt: skip
    if fmt == "json":
        import json

        krs = [kr for o in json.loads(data)["objectives"] for kr in o["key_results"]]
        return [str(kr.get("current")) for kr in krs]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
        rows = [[int(c) if isinstance(c, float) and c.is_integer() else c for c in row]
                for row in sheet.iter_rows(values_only=True)]  # fmt: skip
    header = rows[0]
    index = next(i for i, cell in enumerate(header) if "current" in str(cell).lower()
                 or "当前值" in str(cell))  # fmt: skip
    return [str(row[index]) for row in rows[1:]]


@pytest.mark.parametrize(
    ("metric_type", "start", "target", "progress", "value"),
    [
        ("number", 0, 100, "0.5", 50),
        ("number", 10, 2, "0.5", 6),
        ("currency", 100, 300, "0.25", 150),
        ("milestone", 0, 100, "0.4", 40),
        ("boolean", 0, 1, "0.5", 0),
        ("boolean", 0, 1, "1", 1),
    ],
)
def test_the_value_a_progress_stands_for(metric_type, start, target, progress, value):
    assert rules.value_at_progress(metric_type, Decimal(start), Decimal(target),
                                   Decimal(progress)) == value  # fmt: skip
