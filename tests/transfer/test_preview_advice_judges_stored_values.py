"""The import preview's advice judges the values the import will store, not the title read alone
(issue 9 C3, probe 15). A dry run of Mubiao's own export said "有目标值 3，但没有写现在是多少"
of a key result exported with its start and current value, called "* star start" (a counted
key result, 0 → 10) an activity, and asked a done/not-done key result for a milestone's proof."""

import pytest

from mubiao.okrs import services
from mubiao.okrs.transfer import export_okrs, import_okrs
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db

# (title, fields stored, the rule its preview must not give)
KEY_RESULTS = [
    ("Increase weekly active teams to 30", {"start_value": 5, "current_value": 10,
     "target_value": 30}, "OKR-M04"),
    ("提升周活跃团队到 30 个", {"start_value": 5, "current_value": 10, "target_value": 30},
     "OKR-M04"),
    ("* star start", {"start_value": 0, "target_value": 10}, "OKR-A01"),
    ("Launch the pipe", {"metric_type": "boolean"}, "OKR-M08"),
]  # fmt: skip


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "xlsx"])
def test_a_dry_run_of_the_export_advises_on_what_it_stores(world, fmt):
    objective = make_objective(world.alice, world.cycle, "Grow the product")
    for title, fields, _rule in KEY_RESULTS:
        services.create_key_result(world.alice, objective, title=title, **fields)
    data = export_okrs(world.alice, cycle=world.cycle, fmt=fmt)
    result = import_okrs(
        world.alice, file_name=f"okrs.{fmt}", data=data, cycle=world.cycle, dry_run=True
    )
    [planned] = [o for o in result.objectives if o.title == "Grow the product"]
    given = {(f["rule"], f["key_result"]) for f in planned.findings}
    for number, (_title, _fields, rule) in enumerate(KEY_RESULTS, start=2):
        assert (rule, number) not in given, planned.findings
