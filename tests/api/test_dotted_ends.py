"""Issue 9 (h9v, probe9d kind 3): `1.200` / `2.400` typed as a key result's start and target
were stored as 1.2 → 2.4 without a word, while a check-in's `1.200` is asked about where its
range says 1,200 was likelier. A start or target has no range yet to tell: typed with a dot
before three digits (a German or Traditional Chinese spreadsheet's thousands), it is asked
about on every path, as `4,5` is refused on every path, and kept as read (1.2) once confirmed.
Mubiao's languages (en, zh-hans) write a decimal point, so the reading offered first is 1.2."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import import_okrs
from mubiao.okrs.transfer.errors import Unanswered
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db
ASKED = "with a dot grouping thousands it would be"


def _kr(world):
    return make_objective(world.alice, world.cycle).key_results.get()


@pytest.mark.parametrize(
    ("fields", "asked"),
    [
        ({"start_value": "1.200", "target_value": "2.400"}, {"start_value", "target_value"}),
        ({"start_value": "0", "target_value": "2.400"}, {"target_value"}),
        ({"start_value": "0", "target_value": "¥2.400"}, {"target_value"}),
        ({"start_value": "1.2", "target_value": "2.4"}, set()),
        ({"start_value": "0.500", "target_value": "2.4"}, set()),  # a lone 0 groups nothing
        ({"start_value": "1.200万", "target_value": "2.4万"}, set()),  # the magnitude says it
    ],
)
def test_the_services_ask_about_a_dotted_end_and_keep_it_confirmed(world, fields, asked):
    kr = _kr(world)
    before = (kr.start_value, kr.target_value, kr.version)
    for write in (  # a new key result first: the edit then changes the one checked
        lambda **more: services.create_key_result(
            world.alice, kr.objective, title="B", **fields, **more
        ),
        lambda **more: services.update_key_result(world.alice, kr, **fields, **more),
    ):
        if asked:
            with pytest.raises(ValidationError) as error:
                write()
            assert set(error.value.message_dict) == asked
            for name in asked:
                assert ASKED in error.value.message_dict[name][0]
            kr.refresh_from_db()
            assert (kr.start_value, kr.target_value, kr.version) == before
        written = write(scale_confirmed=True)
        assert written.start_value < written.target_value


def test_every_path_asks_alike(world, client_for):
    """API PATCH and POST, the edit form and an import's preview ask; confirmed, 1.2 → 2.4."""
    api = Api(world.alice)
    kr = _kr(world)
    body = {"start_value": "1.200", "target_value": "2.400"}
    response = api.patch(f"/key-results/{kr.pk}", body)
    assert response.status_code == 422 and ASKED in field_errors(response)["target_value"]
    response = api.post("/key-results", {"objective_id": kr.objective_id, "title": "B", **body})
    assert response.status_code == 422 and ASKED in field_errors(response)["start_value"]
    response = api.patch(f"/key-results/{kr.pk}", {**body, "confirm_scale": True})
    assert response.status_code == 200, response.content

    other = _kr(world)
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[other.objective_id])
    form = {**load(client, url), "kr-0-start_value": "1.200", "kr-0-target_value": "2.400"}
    response = client.post(url, form)
    assert response.status_code == 200 and ASKED in response.content.decode()
    other.refresh_from_db()
    assert other.target_value != Decimal("2.4")
    header = "owner,objective,key result,unit,start,target"
    data = f"{header}\n,Grow,Revenue,USD,1.200,2.400\n".encode()
    preview = import_okrs(world.alice, file_name="okrs.csv", data=data, cycle=world.cycle,
                          dry_run=True)  # fmt: skip
    assert sum(ASKED in question for question in preview.questions) == 2, preview.questions
    with pytest.raises(Unanswered):
        import_okrs(world.alice, file_name="okrs.csv", data=data, cycle=world.cycle)
    result = import_okrs(world.alice, file_name="okrs.csv", data=data, cycle=world.cycle,
                         confirmed=True)  # fmt: skip
    kr = result.created[0].key_results.get()
    assert (kr.start_value, kr.target_value) == (Decimal("1.2"), Decimal("2.4"))
    assert KeyResult.objects.filter(target_value=Decimal("2.4")).count() == 2
