"""POST /key-results with no start (nor a current value), whose title states none, stores the
start 0 nobody sent, and the answer says so in `notes` in the person's language, in the words
an import says it (readings.start_taken_note); a start sent, or one the title states, is not
said (issue 9 leftover, h9w3)."""

import pytest

from mubiao.okrs.models import KeyResult
from tests.conftest import make_objective

pytestmark = pytest.mark.postgres

SAID = {"en": "no start value is given; it starts at 0", "zh-hans": "未写起始值，按 0"}
# (body beyond objective and title, title, the start said taken)
CASES = [
    ({"target_value": 50}, "Paying teams", True),
    ({"target_value": 50, "unit": "%"}, "Conversion", True),
    ({"target_value": 50, "start_value": 0}, "Paying teams", False),
    ({"target_value": 50, "current_value": 10}, "Paying teams", False),
    ({}, "NPS from 30 to 45", False),
    ({"metric_type": "milestone"}, "Launch the portal", False),
]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize(("body", "title", "said"), CASES)
def test_the_start_taken_is_said(world, api, lang, body, title, said):
    world.alice.user.language = lang
    world.alice.user.save(update_fields=["language"])
    objective = make_objective(world.alice, world.cycle)
    response = api(world.alice).post(
        "/key-results", {"objective_id": objective.pk, "title": title, **body}
    )
    assert response.status_code == 201, response.content[:300]
    notes = response.json()["notes"]
    assert bool([n for n in notes if SAID[lang] in n]) == said, notes
    stored = KeyResult.objects.get(pk=response.json()["id"])
    if said:
        assert stored.start_value == 0
