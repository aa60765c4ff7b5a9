"""Issue 9 (re-probe h9h): every path gives the same answer for the same input, and a write
never answers success for a field it ignored.

Each kind is a table over the paths: CSV, Excel, JSON, Markdown (Mubiao's exact lines), text,
and the API. Imports run on PostgreSQL too (`-m postgres`).
"""

import datetime as dt
import io
import json

import pytest
from django.utils import translation
from openpyxl import load_workbook

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.okrs.transfer import ImportFailed, export_okrs, import_okrs
from mubiao.okrtext.deadlines import read_date
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective
from tests.transfer.conftest import workbook_bytes

pytestmark = pytest.mark.postgres

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def _csv(due: str) -> tuple[str, bytes]:
    return (
        "okrs.csv",
        f"objective,key result,start,target,due date\nShip,Launch,0,10,{due}\n".encode(),
    )


def _xlsx(due: str) -> tuple[str, bytes]:
    rows = [
        ["objective", "key result", "start", "target", "due date"],
        ["Ship", "Launch", 0, 10, due],
    ]
    return "okrs.xlsx", workbook_bytes({"OKRs": rows})


def _json(due: str, **kr) -> tuple[str, bytes]:
    key_result = {"title": "Launch", "metric_type": "number", "start": "0", "target": "10",
                  "due_date": due, **kr}  # fmt: skip
    document = {"format": "mubiao.okrs", "version": 1,
                "objectives": [{"title": "Ship", "key_results": [key_result]}]}  # fmt: skip
    return "okrs.json", json.dumps(document, ensure_ascii=False).encode()


def _markdown(due: str) -> tuple[str, bytes]:
    kr = f'KR1: Launch {{metric=number start=0 target=10 due="{due}"}}'
    return "okrs.md", f"O1: Ship {{kind=committed}}\n{kr}\n".encode()


DATE_PATHS = {"csv": _csv, "xlsx": _xlsx, "json": _json, "markdown": _markdown}

# The spellings of one date that every path reads (the brief's list); without a year, inside
# the cycle.
SPELLINGS = {
    "2026-12-31": dt.date(2026, 12, 31),
    "2026/12/31": dt.date(2026, 12, 31),
    "2026.12.31": dt.date(2026, 12, 31),
    "12-31": dt.date(2026, 12, 31),
    "12/31": dt.date(2026, 12, 31),
    "12月31日": dt.date(2026, 12, 31),
    "十二月三十一日": dt.date(2026, 12, 31),
    "年底": dt.date(2026, 12, 31),
    "Q4末": dt.date(2026, 12, 31),
    "双十一": dt.date(2026, 11, 11),
    "双十二": dt.date(2026, 12, 12),
    "元旦": dt.date(2026, 1, 1),  # h9m: CSV refused it, text and Markdown dropped it
    "元旦前": dt.date(2026, 1, 1),
}


def _year_cycle(world) -> Cycle:
    return services.create_cycle(world.admin, name="2026", kind=Cycle.Kind.YEAR,
                                 start_date=YEAR[0], end_date=YEAR[1])  # fmt: skip


def _due_after_import(world, cycle, name, data) -> dt.date:
    result = import_okrs(world.admin, file_name=name, data=data, cycle=cycle)
    return result.created[0].key_results.get().due_date


@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_one_date_reader_on_every_path(world, spelling):
    """Markdown `due=2026/12/31` was ignored with a note, a CSV due `12-31` refused: every
    import path now reads every spelling as the one reader (read_date) does."""
    cycle = _year_cycle(world)
    assert read_date(spelling, YEAR) == SPELLINGS[spelling]
    answers = {}
    for path, make in DATE_PATHS.items():
        answers[path] = _due_after_import(world, cycle, *make(spelling))
    assert answers == dict.fromkeys(DATE_PATHS, SPELLINGS[spelling])


def test_a_date_named_by_its_festival_in_text(world):
    cycle = _year_cycle(world)
    data = "O1: 大促\nKR1: 双十一前上线新版会场\n".encode()
    assert _due_after_import(world, cycle, "okrs.txt", data) == dt.date(2026, 11, 11)


AMBIGUOUS = "12/11” can be read as month/day or as day/month: write 2026-12-11 or 2026-11-12"


@pytest.mark.parametrize("path", [*DATE_PATHS, "text"])
def test_an_ambiguous_day_and_month_is_refused_with_one_message(world, path):
    """`By 12/11` (11 December or 12 November) was only noted in text and refused in CSV:
    refused on every path, with the same words, naming where; nothing is stored."""
    cycle = _year_cycle(world)
    if path == "text":
        name, data = "okrs.txt", b"O1: Ship the site\nKR1: Launch the new site by 12/11\n"
    else:
        name, data = DATE_PATHS[path]("12/11")
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.admin, file_name=name, data=data, cycle=cycle)
    assert AMBIGUOUS in refused.value.text
    assert refused.value.text.startswith(name)
    assert not Objective.objects.filter(cycle=cycle).exists()


@pytest.mark.parametrize("path", list(DATE_PATHS))
def test_what_is_no_date_is_refused_on_every_path(world, path):
    cycle = _year_cycle(world)
    name, data = DATE_PATHS[path]("soon")
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.admin, file_name=name, data=data, cycle=cycle)
    assert "not a date" in refused.value.text
    assert not Objective.objects.filter(cycle=cycle).exists()


MONTH_FROM_WRITING = ["下个月底前", "本月底", "月底前"]


@pytest.mark.parametrize("written", MONTH_FROM_WRITING)
@pytest.mark.parametrize("path", [*DATE_PATHS, "text"])
def test_a_month_counted_from_the_day_of_writing_is_said_on_every_path(world, path, written):
    """h9m: `下个月底前` was dropped without a word in text and Markdown. It names no calendar
    date (next month from when?): a date cell is refused naming it; a title that says it is
    due at the cycle's end, with a note that quotes it."""
    cycle = _year_cycle(world)
    if path == "text":
        data = f"O1: 办活动\nKR1: {written}完成 3 场活动\n".encode()
        result = import_okrs(world.admin, file_name="okrs.txt", data=data, cycle=cycle)
        assert any(f"“{written}” gives no calendar date" in p for p in result.problems)
        assert result.created[0].key_results.get().due_date is None
        return
    name, data = DATE_PATHS[path](written)
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.admin, file_name=name, data=data, cycle=cycle)
    assert "not a date" in refused.value.text
    assert not Objective.objects.filter(cycle=cycle).exists()


# --- weights off: a weight is refused, never stored without effect -------------------------


WEIGHTS_OFF = "Weights are turned off for this organization"


def _weight_import(weight) -> dict[str, tuple[str, bytes]]:
    csv = f"objective,key result,start,target,weight\nShip,Launch,0,10,{weight}\n".encode()
    document = {"format": "mubiao.okrs", "version": 1, "objectives": [{"title": "Ship",
                "key_results": [{"title": "Launch", "start": "0", "target": "10",
                                 "weight": str(weight)}]}]}  # fmt: skip
    return {
        "csv": ("okrs.csv", csv),
        "json": ("okrs.json", json.dumps(document).encode()),
        "markdown": (
            "okrs.md",
            f"O1: Ship {{kind=committed}}\nKR1: Launch {{metric=number "
            f"start=0 target=10 weight={weight}}}\n".encode(),
        ),
    }


@pytest.mark.parametrize("path", ["api_patch", "api_create", "api_objective", "csv", "json",
                                  "markdown"])  # fmt: skip
def test_a_weight_with_weights_off_is_refused_on_every_path(world, path):
    """PATCH weight 200 with weights off answered 200 and changed nothing that counts."""
    assert not world.org.weights_enabled
    objective = make_objective(world.admin, world.cycle)
    kr = objective.key_results.get()
    api = Api(world.admin)
    if path.startswith("api"):
        if path == "api_patch":
            response = api.patch(f"/key-results/{kr.pk}", {"weight": 200})
        elif path == "api_create":
            response = api.post("/key-results", {"objective_id": objective.pk, "title": "More",
                                                 "weight": 3})  # fmt: skip
        else:
            response = api.patch(f"/objectives/{objective.pk}", {"weight": 2})
        assert response.status_code == 422, response.content
        assert WEIGHTS_OFF in field_errors(response)["weight"]
    else:
        with pytest.raises(ImportFailed) as refused:
            import_okrs(world.admin, file_name=_weight_import(2)[path][0],
                        data=_weight_import(2)[path][1], cycle=world.cycle)  # fmt: skip
        assert WEIGHTS_OFF in refused.value.text
    kr.refresh_from_db()
    objective.refresh_from_db()
    assert (kr.weight, objective.weight, KeyResult.objects.count()) == (1, 1, 1)
    # The weight it already has (1, the default) is no change and is accepted.
    assert api.patch(f"/key-results/{kr.pk}", {"weight": 1}).status_code == 200


def test_weights_on_take_the_weight(world):
    world.org.settings["weights"] = True
    world.org.save()
    kr = make_objective(world.admin, world.cycle).key_results.get()
    response = Api(world.admin).patch(f"/key-results/{kr.pk}", {"weight": 200})
    assert response.status_code == 200 and response.json()["weight"] == 200


# --- imports: nothing typed is silently dropped ---------------------------------------------


def test_json_unknown_keys_are_said_in_the_preview(world):
    name, data = _json("2026-12-31")
    document = json.loads(data)
    document["objectives"][0]["owner_note"] = "x"
    document["objectives"][0]["key_results"][0]["taget"] = "20"
    cycle = _year_cycle(world)
    result = import_okrs(world.admin, file_name=name, data=json.dumps(document).encode(),
                         cycle=cycle, dry_run=True)  # fmt: skip
    said = " ".join(result.problems)
    assert "“taget” is not a key Mubiao reads" in said and "key_results[0]" in said
    assert "“owner_note” is not a key Mubiao reads" in said


@pytest.mark.parametrize(
    ("metric", "values"),
    [("boolean", {"target": "5"}), ("boolean", {"unit": "人"}), ("milestone", {"start": "20"}),
     ("milestone", {"target": "50"}), ("milestone", {"unit": "人"}),
     ("percent", {"unit": "人", "start": "0", "target": "50"})],
)  # fmt: skip
@pytest.mark.parametrize("path", ["json", "csv"])
def test_values_the_type_cannot_hold_are_refused_in_imports(world, metric, values, path):
    """A done / not-done KR's target and unit in JSON were dropped; a milestone's start and
    target replaced by 0 → 100 without a word."""
    if path == "json":
        kr = {"title": "Launch", "metric_type": metric, **values}
        document = {"format": "mubiao.okrs", "version": 1,
                    "objectives": [{"title": "Ship", "key_results": [kr]}]}  # fmt: skip
        name, data = "okrs.json", json.dumps(document, ensure_ascii=False).encode()
    else:
        columns = {"start": "", "target": "", "unit": "", **values}
        name, data = (
            "okrs.csv",
            (
                "objective,key result,metric type,start,target,unit\n"
                f"Ship,Launch,{metric},{columns['start']},{columns['target']},{columns['unit']}\n"
            ).encode(),
        )
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.admin, file_name=name, data=data, cycle=world.cycle)
    assert "leave" in refused.value.text
    assert not KeyResult.objects.exists()


# The range a percent key result is given with its type (h9v: a count is not re-read as one).
RANGE = {"percent": {"start_value": 0, "target_value": 100}}


@pytest.mark.parametrize("metric", ["milestone", "percent"])
def test_a_unit_a_percentage_cannot_have_is_refused_by_the_api(world, metric):
    """PATCH unit 人 on a milestone answered 200: its values are percentages whatever unit is
    stored, so the unit was kept and never applied."""
    kr = make_objective(world.admin, world.cycle).key_results.get()
    api = Api(world.admin)
    assert (
        api.patch(f"/key-results/{kr.pk}", {"metric_type": metric, "unit": "",
                                            **RANGE.get(metric, {})}).status_code == 200
    )  # fmt: skip
    response = api.patch(f"/key-results/{kr.pk}", {"unit": "人"})
    assert response.status_code == 422, response.content
    assert "percent" in field_errors(response)["unit"]
    created = api.post("/key-results", {"objective_id": kr.objective_id, "title": "More",
                                        "metric_type": metric, "unit": "个"})  # fmt: skip
    assert created.status_code == 422 and "unit" in field_errors(created)
    assert api.patch(f"/key-results/{kr.pk}", {"unit": "%"}).status_code == 200
    kr.refresh_from_db()
    assert kr.unit == "%"  # one unit for a percentage, whichever of "" and "%" was sent


# --- progress from aligned objectives -------------------------------------------------------


def test_progress_from_children_on_done_not_done_is_refused(world):
    kr = make_objective(world.admin, world.cycle).key_results.get()
    api = Api(world.admin)
    assert api.patch(f"/key-results/{kr.pk}", {"metric_type": "boolean"}).status_code == 200
    response = api.patch(f"/key-results/{kr.pk}", {"progress_source": "children"})
    assert response.status_code == 422
    assert "aligned objectives" in field_errors(response)["progress_source"]
    kr.refresh_from_db()
    assert kr.progress_source == "manual"


@pytest.mark.parametrize("fmt", ["md", "csv", "xlsx", "json"])
def test_progress_source_round_trips_in_every_export(world, fmt):
    kr = make_objective(world.admin, world.cycle).key_results.get()
    services.update_key_result(world.admin, kr, progress_source="children")
    data = export_okrs(world.admin, cycle=world.cycle, fmt=fmt)
    if fmt == "xlsx":
        rows = list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))
        assert "Aligned objectives" in rows[1]
    else:
        assert b"children" in data or b"Aligned objectives" in data
    target = services.create_cycle(world.admin, name="again", kind=Cycle.Kind.CUSTOM,
                                   start_date=world.cycle.start_date,
                                   end_date=world.cycle.end_date)  # fmt: skip
    import_okrs(world.admin, file_name=f"okrs.{fmt}", data=data, cycle=target)
    assert KeyResult.objects.get(objective__cycle=target).progress_source == "children"


# --- messages in the person's language, limits named readably --------------------------------


def test_parse_endpoint_problems_in_the_callers_language(world):
    api = Api(world.admin, **{"accept-language": "zh-hans"})
    response = api.post("/okrtext/parse", {"text": "hello there this is prose\nO1: x\nKR1: y"})
    assert response.status_code == 200
    messages = [p["message"] for p in response.json()["problems"]]
    assert messages and all("ignored" not in m for m in messages), messages
    with translation.override("zh-hans"):
        from mubiao.okrs.transfer.text_reader import problem_message

        assert messages[0] == problem_message("prose, not an OKR line: ignored")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_number_bound_is_named_readably_and_alike(world, language):
    """10¹⁵ was named `1,000,000,000,000,000` by the API and otherwise by imports."""
    kr = make_objective(world.admin, world.cycle).key_results.get()
    api = Api(world.admin, **{"accept-language": language})
    sent = api.patch(f"/key-results/{kr.pk}", {"target_value": 10**16})
    typed = api.patch(f"/key-results/{kr.pk}", {"target_value": "10000000000000000"})
    exponent = api.patch(f"/key-results/{kr.pk}", {"target_value": "1e16"})
    csv = b"objective,key result,start,target\nShip,Launch,0,10000000000000000\n"
    with translation.override(language), pytest.raises(ImportFailed) as refused:
        import_okrs(world.admin, file_name="okrs.csv", cycle=world.cycle, data=csv)
    for said in (field_errors(sent)["target_value"], field_errors(typed)["target_value"],
                 refused.value.text):  # fmt: skip
        assert "10¹⁵" in said and "000,000" not in said, said
    # Text is read by the one reader (brief h9i): an exponent is answered as a check-in's is.
    check_in = api.post(f"/key-results/{kr.pk}/check-ins", {"value": "1e16"})
    assert field_errors(exponent)["target_value"] == field_errors(check_in)["value"]
