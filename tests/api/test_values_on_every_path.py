"""Issue 9, a fresh tester's findings (brief h9i): a key result's values are stored as meant or
refused naming the field, the same on every path (API, CSV, JSON, Markdown, services).

A. A target nobody entered is never stored (the API answered 201 with target 100, JSON `null`
   and a Markdown line without `target=` stored 100); a title that states its numbers fills
   them on the API as on the writing form.
B. The API's start / target / current strings are read by the one reader, in the key result's
   unit (`1e3` and `1_000` were stored as 1000, `2,000`, `280人` and `5万元` refused).
C. What a write accepts it applies: a check-in's status override (answered 201, never used) is
   refused naming it; a Markdown attribute block given twice or broken off is refused naming
   its line and column."""

import json
from decimal import Decimal

import pytest

from mubiao.okrs.models import CheckIn, KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from mubiao.okrs.transfer.jsonformat import FORMAT
from tests.api.conftest import field_errors
from tests.conftest import make_objective

# (metric type, unit, the target as typed, the value stored; None: refused naming the target)
TABLE = [
    ("number", "人", "1e3", None),  # an exponent is refused with how to write it
    ("number", "人", "1_000", None),
    ("number", "人", "2,000", 2000),
    ("number", "人", "280人", 280),
    ("number", "人", "280 千克", None),  # another unit
    ("number", "千元", "5万元", 50),
    ("number", "人", "4,5", None),  # ambiguous
    ("percent", "%", "8%", 8),
    ("percent", "%", "8", 8),
    ("currency", "万元", "1亿", 10000),
]


def _api_create(world, api, metric_type, unit, typed):
    objective = make_objective(world.alice, world.cycle)
    body = {"objective_id": objective.pk, "title": "k", "metric_type": metric_type,
            "unit": unit, "start_value": "0", "target_value": typed}  # fmt: skip
    response = api(world.alice).post("/key-results", body)
    if response.status_code == 422:
        assert "target_value" in field_errors(response), response.content
        return None
    assert response.status_code == 201, response.content
    return KeyResult.objects.get(pk=response.json()["id"]).target_value


def _api_objective(world, api, metric_type, unit, typed):
    body = {"cycle_id": world.cycle.pk, "title": "o", "key_results": [
        {"title": "k", "metric_type": metric_type, "unit": unit, "start_value": 0,
         "target_value": typed},
    ]}  # fmt: skip
    response = api(world.alice).post("/objectives", body)
    if response.status_code == 422:
        assert "target_value" in json.dumps(response.json()), response.content
        return None
    assert response.status_code == 201, response.content
    return KeyResult.objects.get(objective_id=response.json()["id"]).target_value


def _api_patch(world, api, metric_type, unit, typed):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    client = api(world.alice)
    # The range given with the type (h9v: a count made a percentage is not re-read as one).
    changed = client.patch(
        f"/key-results/{kr.pk}",
        {"metric_type": metric_type, "unit": unit, "start_value": 0, "target_value": 100},
    )
    assert changed.status_code == 200, changed.content
    response = client.patch(f"/key-results/{kr.pk}", {"target_value": typed})
    kr.refresh_from_db()
    if response.status_code == 422:
        assert "target_value" in field_errors(response)
        assert kr.target_value == 100  # nothing changed
        return None
    assert response.status_code == 200, response.content
    return kr.target_value


def _imported(world, name, data):
    try:
        result = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle)
    except ImportFailed as error:
        # A cell names its column; a line of text its line.
        assert "target" in error.text or "line 2" in error.text, error.text
        return None
    return result.created[0].key_results.get().target_value


def _json(world, api, metric_type, unit, typed):
    kr = {"title": "k", "metric_type": metric_type, "unit": unit, "start": "0", "target": typed}
    document = {"format": FORMAT, "objectives": [{"title": "o", "key_results": [kr]}]}
    return _imported(world, "okrs.json", json.dumps(document).encode())


def _csv(world, api, metric_type, unit, typed):
    rows = [["objective", "key result", "metric type", "start", "target", "unit"],
            ["o", "k", metric_type, "0", typed, unit]]  # fmt: skip
    data = "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows).encode()
    return _imported(world, "okrs.csv", data)


def _markdown(world, api, metric_type, unit, typed):
    text = f'O1: o {{kind=committed}}\nKR1: k {{metric={metric_type} start=0 target={typed.replace(" ", "")} unit="{unit}"}}\n'  # noqa: E501
    if " " in typed:
        text = text.replace(f"target={typed.replace(' ', '')}", f'target="{typed}"')
    return _imported(world, "okrs.md", text.encode())


PATHS = [_api_create, _api_objective, _api_patch, _json, _csv, _markdown]


@pytest.mark.parametrize(("metric_type", "unit", "typed", "expected"), TABLE)
@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.__name__.strip("_"))
def test_a_target_as_typed_means_one_value_on_every_path(
    world, api, path, metric_type, unit, typed, expected
):
    stored = path(world, api, metric_type, unit, typed)
    assert stored == (None if expected is None else Decimal(expected))


@pytest.mark.parametrize("path", ["check-ins", "patch"])
def test_the_api_reads_280_people_as_a_check_in_does(world, api, path):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    client = api(world.alice)
    changed = client.patch(f"/key-results/{kr.pk}", {"unit": "人", "target_value": "1,000"})
    assert changed.status_code == 200, changed.content
    if path == "check-ins":
        response = client.post(f"/key-results/{kr.pk}/check-ins", {"value": "280人"})
    else:
        response = client.patch(f"/key-results/{kr.pk}", {"current_value": "280人"})
    assert response.status_code in (200, 201), response.content
    kr.refresh_from_db()
    assert (kr.target_value, kr.current_value) == (1000, 280)


# --- A: no target nobody entered ----------------------------------------------------------


@pytest.mark.parametrize("metric_type", ["number", "percent", "currency"])
def test_the_api_refuses_a_key_result_without_a_target(world, api, metric_type):
    body = {"cycle_id": world.cycle.pk, "title": "o", "key_results": [
        {"title": "k", "metric_type": metric_type, "start_value": 0},
    ]}  # fmt: skip
    response = api(world.alice).post("/objectives", body)
    assert response.status_code == 422, response.content
    assert "target_value" in json.dumps(response.json())
    assert not KeyResult.objects.filter(title="k").exists()


def test_post_key_results_without_a_target_names_it(world, api):
    objective = make_objective(world.alice, world.cycle)
    # A type chosen without a target (with neither, the title "k" is a milestone: issue 9).
    body = {"objective_id": objective.pk, "title": "k", "metric_type": "number"}
    response = api(world.alice).post("/key-results", body)
    assert response.status_code == 422
    assert field_errors(response)["target_value"] == "Enter the target."


@pytest.mark.parametrize("metric_type", ["boolean", "milestone"])
def test_a_done_or_milestone_key_result_needs_no_target(world, api, metric_type):
    objective = make_objective(world.alice, world.cycle)
    body = {"objective_id": objective.pk, "title": "k", "metric_type": metric_type}
    assert api(world.alice).post("/key-results", body).status_code == 201


def test_the_api_reads_the_numbers_a_title_states_as_the_form_does(world, api):
    objective = make_objective(world.alice, world.cycle)
    body = {"objective_id": objective.pk, "title": "NPS 从 30 提升到 50"}
    response = api(world.alice).post("/key-results", body)
    assert response.status_code == 201, response.content
    kr = KeyResult.objects.get(pk=response.json()["id"])
    assert (kr.start_value, kr.target_value, kr.direction) == (30, 50, "increase")


def test_a_title_read_as_a_decrease_in_percent(world, api):
    objective = make_objective(world.alice, world.cycle)
    body = {"objective_id": objective.pk, "title": "客诉率从 8% 降低到 3%"}
    response = api(world.alice).post("/key-results", body)
    assert response.status_code == 201, response.content
    kr = KeyResult.objects.get(pk=response.json()["id"])
    assert (kr.metric_type, kr.start_value, kr.target_value, kr.direction) == (
        "percent",
        8,
        3,
        "decrease",
    )


def test_json_import_with_a_null_target_is_refused(world):
    kr = {"title": "k", "metric_type": "number", "start": 0, "target": None}
    document = {"format": FORMAT, "objectives": [{"title": "o", "key_results": [kr]}]}
    with pytest.raises(ImportFailed) as error:
        import_okrs(world.alice, file_name="o.json", data=json.dumps(document).encode(),
                    cycle=world.cycle)  # fmt: skip
    assert "target" in error.value.text
    assert not KeyResult.objects.filter(title="k").exists()


def test_a_markdown_line_without_a_target_is_refused(world):
    text = 'O1: o {kind=committed}\nKR1: k md {metric=number start=0 current=0 unit="人" direction=increase}\n'  # noqa: E501
    with pytest.raises(ImportFailed) as error:
        import_okrs(world.alice, file_name="o.md", data=text.encode(), cycle=world.cycle)
    assert "line 2" in error.value.text and "target" in error.value.text


def test_a_markdown_percent_line_reads_percent_signs(world):
    text = "O1: o {kind=committed}\nKR1: k {metric=percent start=5% target=8% current=6%}\n"
    result = import_okrs(world.alice, file_name="o.md", data=text.encode(), cycle=world.cycle)
    kr = result.created[0].key_results.get()
    assert (kr.start_value, kr.target_value, kr.current_value) == (5, 8, 6)


# --- C: accepted means applied ------------------------------------------------------------


def test_a_status_override_is_refused_naming_it(world, api):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    body = {"value": 5, "status_override": "on_track"}
    response = api(world.alice).post(f"/key-results/{kr.pk}/check-ins", body)
    assert response.status_code == 422
    assert "status_override" in field_errors(response)
    assert not CheckIn.objects.filter(key_result=kr).exists()


@pytest.mark.parametrize(
    ("line", "column", "says"),
    [
        ("KR1: k {target=10 target=20}", 19, "“target” is given twice"),
        ('KR1: k {metric=number start=0 target=10 unit="人}', 41, "cannot be read from here"),
    ],
)
def test_a_markdown_attribute_block_read_as_written_or_refused(world, line, column, says):
    text = f"O1: o {{kind=committed}}\n{line}\n"
    with pytest.raises(ImportFailed) as error:
        import_okrs(world.alice, file_name="o.md", data=text.encode(), cycle=world.cycle)
    assert says in error.value.text
    assert "line 2" in error.value.text and f"character {column}:" in error.value.text
    assert not KeyResult.objects.filter(title__startswith="k").exists()
