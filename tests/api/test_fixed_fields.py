"""p9 finding 6: a write that cannot apply a field (direction / start / target on a done /
not-done or milestone key result, a unit on a done / not-done one) is a 422 naming the field,
never a success that left it as it was; sending what the type always has is fine."""

import pytest

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from tests.api.conftest import field_errors
from tests.conftest import make_objective


@pytest.fixture
def objective(world):
    return make_objective(world.alice, world.cycle)


def _kr_of_type(world, objective, metric_type):
    kr = objective.key_results.get()
    return services.update_key_result(world.alice, kr, metric_type=metric_type)


REFUSED = [
    ("boolean", {"direction": "decrease"}, {"direction"}),
    ("boolean", {"start_value": 0.5, "target_value": 7}, {"start_value", "target_value"}),
    ("boolean", {"unit": "元"}, {"unit"}),
    ("milestone", {"direction": "decrease"}, {"direction"}),
    ("milestone", {"target_value": 50}, {"target_value"}),
]


@pytest.mark.parametrize(("metric_type", "body", "named"), REFUSED)
def test_a_patch_that_cannot_apply_a_field_names_it(world, api, objective, metric_type, body,
                                                    named):  # fmt: skip
    kr = _kr_of_type(world, objective, metric_type)
    response = api(world.alice).patch(f"/key-results/{kr.pk}", body)
    assert response.status_code == 422, response.content
    assert set(field_errors(response)) == named
    zh = api(world.alice).patch(f"/key-results/{kr.pk}", body, **{"accept-language": "zh-hans"})
    assert all("关键结果" in message for message in field_errors(zh).values())
    before = kr.version
    kr.refresh_from_db()
    assert kr.version == before and kr.unit == ("%" if metric_type == "milestone" else "")


@pytest.mark.parametrize(("metric_type", "body", "named"), REFUSED)
def test_a_create_that_cannot_apply_a_field_names_it(world, api, objective, metric_type, body,
                                                     named):  # fmt: skip
    response = api(world.alice).post(
        "/key-results",
        {"objective_id": objective.pk, "title": "New", "metric_type": metric_type, **body},
    )
    assert response.status_code == 422, response.content
    assert set(field_errors(response)) == named
    assert not KeyResult.objects.filter(title="New").exists()


@pytest.mark.parametrize(
    ("metric_type", "body"),
    [
        ("boolean", {}),
        ("boolean", {"start_value": 0, "target_value": 1, "direction": "increase", "unit": ""}),
        ("milestone", {"start_value": 0, "target_value": 100}),
        ("number", {"start_value": 3, "target_value": 1, "direction": "decrease", "unit": "元"}),
    ],
)
def test_what_the_type_has_is_accepted(world, api, objective, metric_type, body):
    response = api(world.alice).post(
        "/key-results",
        {"objective_id": objective.pk, "title": "New", "metric_type": metric_type, **body},
    )
    assert response.status_code == 201, response.content


def test_a_metric_change_to_done_or_not_done_clears_the_unit(world, objective):
    kr = objective.key_results.get()
    services.update_key_result(world.alice, kr, unit="元")
    kr = services.update_key_result(world.alice, kr, metric_type="boolean")
    assert (kr.unit, kr.start_value, kr.target_value) == ("", 0, 1)


def test_an_inline_key_result_that_cannot_apply_a_field_names_it(world, api):
    body = {
        "title": "Inline",
        "cycle_id": world.cycle.pk,
        "key_results": [{"title": "Ship", "metric_type": "boolean", "direction": "decrease"}],
    }
    response = api(world.alice).post("/objectives", body)
    assert response.status_code == 422, response.content
    assert set(field_errors(response)) == {"key_results.0.direction"}
    ok = api(world.alice).post("/objectives", {**body, "key_results": [
        {"title": "Ship", "metric_type": "boolean"}]})  # fmt: skip
    assert ok.status_code == 201, ok.content
