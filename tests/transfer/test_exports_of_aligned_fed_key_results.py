"""What Mubiao exports, Mubiao imports (issue 9, brief h9h's gap): a key result checked in by
hand, then switched to take its progress from its aligned objectives, keeps its old value for
a switch back; its exports wrote that value as `current`, and the import then refused it
(rules.value_written_by_hand: such a key result has no value of its own). Exports write no
current value for it, in every format, so each imports back."""

import pytest

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult
from mubiao.okrs.transfer import export_okrs, import_okrs
from tests.conftest import make_objective


@pytest.mark.parametrize("fmt", ["md", "csv", "xlsx", "json"])
def test_a_key_result_fed_by_aligned_objectives_imports_back(world, fmt):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    services.check_in(world.alice, kr, value="5")
    kr.refresh_from_db()
    services.update_key_result(world.alice, kr, progress_source="children")
    kr.refresh_from_db()
    assert kr.current_value != kr.start_value  # kept for a switch back
    data = export_okrs(world.admin, cycle=world.cycle, fmt=fmt)
    target = services.create_cycle(
        world.admin, name="again", kind=Cycle.Kind.CUSTOM,
        start_date=world.cycle.start_date, end_date=world.cycle.end_date,
    )  # fmt: skip
    import_okrs(world.admin, file_name=f"okrs.{fmt}", data=data, cycle=target)
    imported = KeyResult.objects.get(objective__cycle=target)
    assert imported.progress_source == "children"
    assert (imported.current_value, imported.progress) == (imported.start_value, 0)
