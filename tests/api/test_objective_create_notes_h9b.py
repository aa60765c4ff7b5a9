"""POST /objectives says what it took that the request did not give, as POST /key-results and
the imports say it, in the person's language: each key result sent along answers the notes
POST /key-results answers (the start 0 nobody gave, the due date read from the title), and
the objective says the kind it took when none was sent, committed, as the import says it
(issue 9 leftover, h9b)."""

import pytest

from mubiao.okrs.models import KeyResult

pytestmark = pytest.mark.postgres

START = {"en": "no start value is given; it starts at 0", "zh-hans": "未写起始值，按 0"}
KIND = {"en": "taken as committed (the default)", "zh-hans": "按承诺型（默认）保存"}
# (key result body, the start said taken)
KRS = [
    ({"title": "Paying teams", "target_value": 50}, True),
    ({"title": "Paying teams", "target_value": 50, "start_value": 0}, False),
    ({"title": "NPS from 30 to 45"}, False),
    ({"title": "Launch the portal", "metric_type": "milestone"}, False),
]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("kind", [None, "committed", "aspirational"])
def test_objective_create_says_what_it_took(world, api, lang, kind):
    world.alice.user.language = lang
    world.alice.user.save(update_fields=["language"])
    body = {"cycle_id": world.cycle.pk, "title": "Win the market", "owner_type": "person",
            "key_results": [kr for kr, _ in KRS]}  # fmt: skip
    if kind:
        body["kind"] = kind
    response = api(world.alice).post("/objectives", body)
    assert response.status_code == 201, response.content[:400]
    answer = response.json()
    assert bool([n for n in answer["notes"] if KIND[lang] in n]) == (kind is None), answer["notes"]
    for (sent, said), kr in zip(KRS, answer["key_results"], strict=True):
        assert kr["title"] == sent["title"]
        assert bool([n for n in kr["notes"] if START[lang] in n]) == said, kr["notes"]
    # The same notes POST /key-results answers for the same body.
    for (sent, _), kr in zip(KRS, answer["key_results"], strict=True):
        alone = api(world.alice).post("/key-results", {"objective_id": answer["id"], **sent})
        assert alone.status_code == 201
        assert [n for n in alone.json()["notes"]] == kr["notes"]
        KeyResult.objects.filter(pk=alone.json()["id"]).delete()
