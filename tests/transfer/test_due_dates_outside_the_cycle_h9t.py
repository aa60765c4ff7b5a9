"""Issue 9 (brief h9t, D10): one rule for a due date outside the cycle on every import.

- A due date the person wrote as a field (a Markdown `{due=…}` attribute, a CSV, xlsx or JSON
  due date column or key) outside the cycle is refused, naming the field and the place, on
  every format (Markdown dropped it with a note; the others refused it).
- A date read from a title's prose (`2027 年 3 月 1 日前上线新版官网`) is no field: the key
  result is imported with its title and no due date, and the preview says so in the same
  words on every format that carries prose (JSON refused it naming a `due_date` key the item
  never had).
docs/import-export.md states the rule."""

import datetime as dt

import pytest

from mubiao.okrs.models import KeyResult, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.transfer.test_every_path_same_answer import DATE_PATHS, _year_cycle
from tests.transfer.test_unit_written_once_h9t import ROUTES

pytestmark = pytest.mark.postgres

# (what the field or title says, where the refusal or note is placed)
FIELD_PLACES = {
    "csv": "okrs.csv, row 2, column “due date”: “2027-03-01”: ",
    "xlsx": "okrs.xlsx, sheet “OKRs”, row 2, column “due date”: “2027-03-01”: ",
    "json": "okrs.json, objectives[0].key_results[0], key “due_date”: “2027-03-01”: ",
    "markdown": "okrs.md, line 2, attribute “due”: “2027-03-01”: ",
}
REFUSAL = "The due date must fall within the cycle (2026-01-01 – 2026-12-31)."


@pytest.mark.parametrize("path", list(DATE_PATHS))
@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "import"])
def test_a_due_date_field_outside_the_cycle_is_refused_naming_it(world, path, dry_run):
    cycle = _year_cycle(world)
    name, data = DATE_PATHS[path]("2027-03-01")
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.admin, file_name=name, data=data, cycle=cycle, dry_run=dry_run)
    assert refused.value.text == FIELD_PLACES[path] + REFUSAL
    assert not Objective.objects.filter(cycle=cycle).exists()


PROSE = "2027 年 3 月 1 日前上线新版官网"
NOTE = (
    "“2027 年 3 月 1 日前上线新版官网”: the deadline “2027 年 3 月 1 日前” (2027-03-01) lies "
    "outside the cycle; the key result is due at the cycle's end instead."
)
PROSE_PLACES = {
    "text": "okrs.txt, line 2: ",
    "markdown": "okrs.md, line 3: ",
    "csv": "okrs.csv, row 2, column “key result”: ",
    "json": "okrs.json, objectives[0].key_results[0], key “title”: ",
    "xlsx": "okrs.xlsx, sheet “OKR”, row 2, column “key result”: ",
}


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.__name__.strip("_"))
def test_a_date_in_the_title_outside_the_cycle_is_said_and_left_out(world, route):
    cycle = _year_cycle(world)
    data, name = route(world, PROSE)
    preview = import_okrs(world.admin, file_name=name, data=data, cycle=cycle, dry_run=True)
    place = PROSE_PLACES[route.__name__.strip("_")]
    assert preview.problems == [place + NOTE]
    assert preview.objectives[0].key_results[0].fields.get("due_date") is None
    import_okrs(world.admin, file_name=name, data=data, cycle=cycle)
    kr = KeyResult.objects.get(objective__cycle=cycle)
    assert (kr.title, kr.due_date) == (PROSE, None)


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.__name__.strip("_"))
def test_a_date_in_the_title_inside_the_cycle_is_the_due_date(world, route):
    cycle = _year_cycle(world)
    data, name = route(world, "3 月 1 日前上线新版官网")
    import_okrs(world.admin, file_name=name, data=data, cycle=cycle)
    assert KeyResult.objects.get(objective__cycle=cycle).due_date == dt.date(2026, 3, 1)
