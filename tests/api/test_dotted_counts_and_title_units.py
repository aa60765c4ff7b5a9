"""Issue 9 (h9m): on the API, in the person's language (Accept-Language).

M7: `1.200` checked in, patched or created on a key result counted in 人 is refused naming both
readings (1,200 or 1.2), nothing stored; `1.200.000` is read as 1,200,000.
M5: a key result whose title states its number in another unit than the unit sent (title
`把平均响应时间降到 2 小时`, unit 分钟, target 2) is refused naming both units."""

import pytest

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, KeyResult
from tests.api.conftest import field_errors

pytestmark = pytest.mark.django_db
# The words each language's refusal holds (the typing, both readings, the unit).
ASKED = {
    "en": ["“1.200”", "1,200", "1.2", "人"],
    "zh-hans": ["“1.200”", "1200", "1.2", "人", "千位"],
}


def _kr(world, target=100):
    objective = services.create_objective(world.alice, cycle=world.cycle, title="Grow",
                                          key_results=[])  # fmt: skip
    return services.create_key_result(world.alice, objective, title="Members", unit="人",
                                      start_value=0, target_value=target)  # fmt: skip


def _check_in(client, kr, typed, lang):
    response = client.post(f"/key-results/{kr.pk}/check-ins", {"value": typed},
                           **{"Accept-Language": lang})  # fmt: skip
    return response, "value"


def _patch(client, kr, typed, lang):
    response = client.patch(f"/key-results/{kr.pk}", {"target_value": typed},
                            **{"Accept-Language": lang})  # fmt: skip
    return response, "target_value"


def _create(client, kr, typed, lang):
    body = {"objective_id": kr.objective_id, "title": "Sign-ups", "unit": "人",
            "start_value": 0, "target_value": typed}  # fmt: skip
    return client.post("/key-results", body, **{"Accept-Language": lang}), "target_value"


@pytest.mark.parametrize("lang", ASKED)
@pytest.mark.parametrize("route", [_check_in, _patch, _create], ids=lambda r: r.__name__)
def test_a_dotted_count_is_asked_on_every_write(api, world, route, lang):
    # A range that holds both readings: a check-in offers only those it takes as typed (h10m
    # E11: on 0 → 100 人, 1,200 is far from the range and 1.2 alone is offered).
    kr = _kr(world, target=2000)
    before = (KeyResult.objects.count(), CheckIn.objects.count(), kr.target_value)
    response, field = route(api(world.alice), kr, "1.200", lang)
    assert response.status_code == 422, response.content[:300]
    said = field_errors(response)[field]
    assert all(word in said for word in ASKED[lang]), said
    kr.refresh_from_db()
    assert (KeyResult.objects.count(), CheckIn.objects.count(), kr.target_value) == before


def test_dots_grouping_thousands_twice_are_read(api, world):
    kr = _kr(world, target=2000000)
    response = api(world.alice).post(f"/key-results/{kr.pk}/check-ins", {"value": "1.200.000"})
    assert response.status_code == 201, response.content[:300]
    kr.refresh_from_db()
    assert kr.current_value == 1200000


# (title, unit sent, start, target, the words of the refusal: both units)
TITLE_UNITS = [
    ("把平均响应时间降到 2 小时", "分钟", 180, 2, ["2 小时", "分钟", "120"]),
    ("Cut response time to 2 hours", "minutes", 180, 2, ["2 hours", "minutes", "120"]),
    ("覆盖 3 万人", "人", 0, 3, ["3 万人", "人", "30,000"]),
    ("把平均响应时间降到 2 小时", "人", 180, 2, ["小时", "人"]),
]


@pytest.mark.parametrize(("title", "unit", "start", "target", "words"), TITLE_UNITS)
def test_a_title_in_another_unit_than_the_fields_is_refused_naming_both(
    api, world, title, unit, start, target, words
):
    objective = services.create_objective(world.alice, cycle=world.cycle, title="Grow",
                                          key_results=[])  # fmt: skip
    body = {"objective_id": objective.pk, "title": title, "unit": unit, "start_value": start,
            "target_value": target}  # fmt: skip
    response = api(world.alice).post("/key-results", body)
    assert response.status_code == 422, response.content[:300]
    said = " ".join(field_errors(response).values())
    assert all(word in said for word in words), said
    assert not KeyResult.objects.filter(title=title).exists()


def test_the_title_and_unit_refusal_is_in_the_persons_language(api, world):
    objective = services.create_objective(world.alice, cycle=world.cycle, title="Grow",
                                          key_results=[])  # fmt: skip
    body = {"objective_id": objective.pk, "title": "把平均响应时间降到 2 小时", "unit": "分钟",
            "start_value": 180, "target_value": 2}  # fmt: skip
    response = api(world.alice).post("/key-results", body, **{"Accept-Language": "zh-hans"})
    said = field_errors(response)["target_value"]
    assert all(word in said for word in ("标题", "2 小时", "分钟", "120")), said
