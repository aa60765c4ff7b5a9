"""Issue 9 (h9s): "did you mean" beyond check-ins. A value typed on another scale than its key
result's — a current value 100× off the range (4500 on 0 → 45 %), a start or target typed as a
share beside a percentage (target 0.6 with start 40 %) — is refused naming the value likely
meant by the services (unless scale_confirmed), the API (unless confirm_scale) and the web
edit form (a confirm step: the same values saved again are kept); an import (CSV, xlsx, JSON,
Markdown) asks in the preview, at the cell, and goes ahead only once confirmed (h9w2)."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mubiao.okrs import rules, services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from mubiao.okrs.transfer.errors import Unanswered
from tests.transfer.test_percent_cells import workbook
from tests.web.test_stale_edits import load


@pytest.mark.parametrize(
    ("start", "target", "meant"),
    [
        (40, "0.6", ("target_value", Decimal(60))),
        ("0.4", 60, ("start_value", Decimal(40))),
        (40, 60, None),
        ("0.5", 2, None),  # half a percent to two: a range as meant
        (1, 100, None),  # 1 → 100 %: 100× the start is the target itself
        (0, "0.6", None),  # nothing to compare with: 0.6 % may be meant
    ],
)
def test_the_rule_for_a_start_and_target(start, target, meant):
    assert rules.meant_between(Decimal(start), Decimal(target)) == meant


def _kr(world, **fields):
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Grow",
        key_results=[{"title": "Renewal rate", "metric_type": "percent", "start_value": 0,
                      "target_value": 45, **fields}],
    )  # fmt: skip
    return objective.key_results.get()


# (what a person typed, the field refused, the value named as meant) on 40 → 60 %
EDITS = [
    ({"start_value": "0", "target_value": "45", "current_value": "4500"}, "current_value", "45"),
    ({"start_value": "0.4"}, "start_value", "40"),
    # on the stored start 40; 40 → 0.6 % is a decrease as meant once confirmed
    ({"target_value": "0.6", "direction": "decrease"}, "target_value", "60"),
]


@pytest.mark.parametrize(("typed", "field", "meant"), EDITS)
def test_an_edit_is_refused_naming_the_value_meant_unless_confirmed(world, typed, field, meant):
    kr = _kr(world, start_value=40, target_value=60)
    before = list(KeyResult.objects.values())
    with pytest.raises(ValidationError) as refused:
        services.update_key_result(world.alice, kr, **typed)
    message = " ".join(refused.value.message_dict[field])
    assert f"did you mean {meant}" in message, message
    assert list(KeyResult.objects.values()) == before
    services.update_key_result(world.alice, kr, scale_confirmed=True, **typed)


def test_target_below_a_percentage_start_is_named_as_a_slip_first(world):
    kr = _kr(world, start_value=40, target_value=60)
    with pytest.raises(ValidationError) as refused:
        services.update_key_result(world.alice, kr, target_value="0.6")
    assert "did you mean 60" in " ".join(refused.value.message_dict["target_value"])


@pytest.mark.parametrize(("typed", "field", "meant"), EDITS)
def test_a_new_key_result_is_refused_alike(world, typed, field, meant):
    objective = _kr(world).objective
    fields = {"title": "NPS", "metric_type": "percent", "start_value": 40, "target_value": 60}
    fields.update(typed)
    with pytest.raises(ValidationError) as refused:
        services.create_key_result(world.alice, objective, **fields)
    assert f"did you mean {meant}" in " ".join(refused.value.message_dict[field])
    services.create_key_result(world.alice, objective, scale_confirmed=True, **fields)


def test_the_api_refuses_unless_confirmed(api, world):
    kr = _kr(world, start_value=40, target_value=60)
    client = api(world.alice)
    answer = client.patch(f"/key-results/{kr.pk}", {"start_value": 0.4})
    assert answer.status_code == 422, answer.json()
    assert "did you mean 40" in answer.json()["errors"][0]["message"]
    answer = client.patch(f"/key-results/{kr.pk}", {"start_value": 0.4, "confirm_scale": True})
    assert answer.status_code == 200, answer.json()
    answer = client.post(
        "/key-results",
        {"objective_id": kr.objective_id, "title": "NPS", "metric_type": "percent",
         "start_value": 0, "target_value": 45, "current_value": 4500},
    )  # fmt: skip
    assert answer.status_code == 422 and "did you mean 45" in answer.json()["errors"][0]["message"]


def test_the_web_edit_form_asks_then_keeps_the_values_saved_again(world, client_for):
    kr = _kr(world, start_value=40, target_value=60)
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[kr.objective_id])
    form = {**load(client, url), "kr-0-start_value": "0.4"}
    answer = client.post(url, form)
    page = answer.content.decode()
    assert answer.status_code == 200 and "did you mean 40" in page
    assert 'name="kr-0-scale_ack" value="0.4|60|40"' in page, page
    kr.refresh_from_db()
    assert kr.start_value == 40
    # Other values sent with the old confirmation are asked about again.
    answer = client.post(url, {**form, "kr-0-start_value": "0.3", "kr-0-scale_ack": "0.4|60|40"})
    assert answer.status_code == 200
    answer = client.post(url, {**form, "kr-0-scale_ack": "0.4|60|40"})
    assert answer.status_code == 302
    kr.refresh_from_db()
    assert kr.start_value == Decimal("0.4")


HEADER = ["owner", "objective", "key result", "metric type", "start", "target", "current"]
ROW = ["", "Grow renewals", "Renewal rate", "percent", 0, 45, 4500]


def _csv() -> tuple[str, bytes]:
    lines = [HEADER, ROW]
    return "okrs.csv", "\n".join(",".join(map(str, line)) for line in lines).encode()


def _xlsx() -> tuple[str, bytes]:
    return "okrs.xlsx", workbook([HEADER, ROW], {})


def _json() -> tuple[str, bytes]:
    document = {
        "format": "mubiao.okrs",
        "version": 1,
        "objectives": [{"title": "Grow renewals", "key_results": [
            {"title": "Renewal rate", "metric_type": "percent", "start": 0, "target": 45,
             "current": 4500}]}],
    }  # fmt: skip
    return "okrs.json", json.dumps(document).encode()


def _markdown() -> tuple[str, bytes]:
    text = "O1: Grow renewals\nKR1: Renewal rate {metric=percent start=0 target=45 current=4500}\n"
    return "okrs.md", text.encode()


@pytest.mark.parametrize("file", [_csv, _xlsx, _json, _markdown], ids=lambda f: f.__name__)
def test_an_import_asks_at_the_cell_and_keeps_the_value_as_written_once_confirmed(world, file):
    name, data = file()
    preview = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle, dry_run=True)
    said = [question for question in preview.questions if "did you mean 45" in question]
    assert len(said) == 1 and name in said[0], preview.questions
    if name.endswith((".csv", ".xlsx")):
        assert "row 2" in said[0], said
    with pytest.raises(Unanswered):  # h9w2: a question is no silent default
        import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle)
    assert not KeyResult.objects.exists()
    result = import_okrs(world.alice, file_name=name, data=data, cycle=world.cycle,
                         confirmed=True)  # fmt: skip
    assert result.created[0].key_results.get().current_value == 4500
