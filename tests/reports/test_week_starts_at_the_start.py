"""A key result created during the week moved from where it was created, not from its start
(issue 12, probe 12: a key result created at start 0 with a current value of 90, then checked
in at 95, read "0 → 95 (+95)": the value it was created with is where it stood, not progress
made this week)."""

import pytest

from mubiao.okrs.models import KeyResult
from mubiao.reports import services
from tests.api.conftest import Api
from tests.conftest import make_objective


@pytest.mark.parametrize(
    "start, current, value",
    [(0, 90, 95), (90, None, 95), (20, 30, 35), (50, 40, 45)],
)
def test_a_key_result_made_this_week_moves_from_where_it_was_created(world, start, current,
                                                                     value):  # fmt: skip
    objective = make_objective(world.alice, world.cycle, "Grow users", krs=0)
    body = {"objective_id": objective.pk, "title": "Retention", "start_value": start,
            "target_value": 100}  # fmt: skip
    if current is not None:
        body["current_value"] = current
    client = Api(world.alice)
    assert client.post("/key-results", body).status_code == 201
    kr = KeyResult.objects.get(title="Retention")
    assert client.post(f"/key-results/{kr.pk}/check-ins", {"value": value}).status_code == 201
    created_at = start if current is None else current
    moved = value - created_at
    report = client.post("/reports", {}).json()["body"]
    assert f"Retention** · Grow users: {created_at} → {value} (+{moved})" in report, report


def test_a_key_result_made_this_week_and_not_checked_in_since_is_no_progress(world):
    objective = make_objective(world.alice, world.cycle, "Grow users", krs=0)
    client = Api(world.alice)
    body = {"objective_id": objective.pk, "title": "Retention", "start_value": 0,
            "target_value": 100, "current_value": 90}  # fmt: skip
    assert client.post("/key-results", body).status_code == 201
    assert "Retention" not in services.generate(world.alice).body
