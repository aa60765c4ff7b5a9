"""Issue 9: a key result whose title holds a number with two readings (`转化率达到 4,5%`: 4.5 or
45?) was refused by the paste-import and by the API given the title alone, but created by the
API when the numbers were sent beside it (target 45): the page then showed "4,5%" over a
target of 45. Now the API refuses it on create, on an objective's creation and when a title
is changed to one, naming the title and the ambiguity with the import's own words
(readings.unreadable_messages), whatever numbers are sent. And a refusal that may be confirmed
("did you mean 45?") names the API's field that confirms it, `confirm_scale`."""

import pytest

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import field_errors

# (title, what the refusal quotes)
TITLES = [
    ("转化率达到 4,5%", "4,5"),
    ("Conversion rate to 4,5%", "4,5"),
    ("Grow revenue to $4O k", "$4O k"),
    ("Run 1/3 of tests in CI", "1/3"),
]
# The numbers a client sends beside the title: none, or a full range.
SENT = [{}, {"metric_type": "percent", "start_value": 0, "target_value": 45}]


def _objective(world):
    return services.create_objective(world.alice, cycle=world.cycle, title="Grow", key_results=[])


def _create(client, world, title, sent):
    body = {"objective_id": _objective(world).pk, "title": title, **sent}
    return client.post("/key-results", body), "title" if sent else "target_value"


def _objective_create(client, world, title, sent):
    body = {"cycle_id": world.cycle.pk, "title": "Grow", "key_results": [{"title": title, **sent}]}
    field = "title" if sent else "target_value"
    return client.post("/objectives", body), f"key_results.0.{field}"


def _patch(client, world, title, sent):
    kr = services.create_key_result(
        world.alice, _objective(world), title="Conversion", metric_type="percent",
        start_value=0, target_value=45,
    )  # fmt: skip
    return client.patch(f"/key-results/{kr.pk}", {"title": title, **sent}), "title"


@pytest.mark.django_db
@pytest.mark.parametrize("route", [_create, _objective_create, _patch],
                         ids=lambda route: route.__name__.strip("_"))  # fmt: skip
@pytest.mark.parametrize("sent", SENT, ids=["title alone", "numbers sent"])
@pytest.mark.parametrize(("title", "quoted"), TITLES)
def test_a_title_with_an_ambiguous_number_is_refused_naming_it(
    api, world, route, sent, title, quoted
):
    before = set(KeyResult.objects.values_list("pk", "title"))
    response, field = route(api(world.alice), world, title, sent)
    assert response.status_code == 422, response.content[:500]
    message = field_errors(response).get(field)
    assert message and f"“{title}”" in message and quoted in message, response.json()
    assert not KeyResult.objects.filter(title=title).exists()
    assert set(KeyResult.objects.values_list("pk", "title")) >= before


@pytest.mark.django_db
@pytest.mark.parametrize(("title", "quoted"), TITLES)
def test_the_paste_import_refuses_the_same_titles(world, title, quoted):
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name="okrs.txt", data=f"O1: Grow\nKR1: {title}\n".encode(),
                    cycle=world.cycle)  # fmt: skip
    assert quoted in refused.value.text


def _kr(world):
    return services.create_key_result(
        world.alice, _objective(world), title="Conversion", metric_type="percent", unit="%",
        start_value=40, target_value=60,
    )  # fmt: skip


# Every API write whose value may be confirmed: (method, path, body) on a 40 → 60 % key result.
CONFIRMABLE = {
    "check-in": lambda kr: ("post", f"/key-results/{kr.pk}/check-ins", {"value": 0.45}),
    "patch current value": lambda kr: ("patch", f"/key-results/{kr.pk}", {"current_value": 0.45}),
    "create with a current value": lambda kr: (
        "post", "/key-results",
        {"objective_id": kr.objective_id, "title": "Rate", "metric_type": "percent",
         "start_value": 40, "target_value": 60, "current_value": 0.45},
    ),
    "create with a start as a share": lambda kr: (
        "post", "/key-results",
        {"objective_id": kr.objective_id, "title": "Rate", "metric_type": "percent",
         "start_value": 0.4, "target_value": 60},
    ),
    "objective with a key result": lambda kr: (
        "post", "/objectives",
        {"cycle_id": kr.objective.cycle_id, "title": "Grow",
         "key_results": [{"title": "Rate", "metric_type": "percent", "start_value": 40,
                          "target_value": 60, "current_value": 0.45}]},
    ),
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("write", CONFIRMABLE)
def test_a_question_to_confirm_names_confirm_scale(api, world, write, language):
    method, path, body = CONFIRMABLE[write](_kr(world))
    client = api(world.alice, **{"accept-language": language})
    response = getattr(client, method)(path, body)
    assert response.status_code == 422, response.content[:500]
    messages = list(field_errors(response).values())
    assert messages and all("confirm_scale" in message for message in messages), messages
    confirmed = getattr(client, method)(path, _confirmed(body))
    assert confirmed.status_code in (200, 201), confirmed.content[:500]


def _confirmed(body: dict) -> dict:
    """`body` with confirm_scale set where it goes: on the key result sent."""
    if "key_results" in body:
        return {
            **body,
            "key_results": [{**kr, "confirm_scale": True} for kr in body["key_results"]],
        }
    return {**body, "confirm_scale": True}
