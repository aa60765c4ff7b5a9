"""A value on another scale than its key result's (h9q; issue 9): 0.45 on a 40 → 60 % key
result, 250,000 on one counted in k USD, 4500 on a 45 % one were stored as typed, moving
progress to 0 % or thousands of percent. Now refused naming the value likely meant on every
path that records a value — the services, the API (unless `confirm_scale`), the web form
(a confirm step: the same value sent again is kept) — and never for an overshoot (300 on
0 → 100; 500 there is an extra zero, tests/okrs/test_far_from_range_rule.py) or a value near
the range."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mubiao.okrs import rules, services
from mubiao.okrs.models import CheckIn

# (start, target, unit, metric, typed, the value meant or None)
CASES = [
    (40, 60, "%", "percent", "0.45", "45"),
    (0, 45, "%", "percent", "4500", "45"),
    (100, 300, "k USD", "number", "250,000", "250"),
    (0, 300, "%", "percent", "3000", "300"),  # an extra zero (stored at 1000 % before)
    (0, 100, "", "number", "500", "50"),
    (0, 100, "", "number", "300", None),  # an overshoot
    (0, 100, "", "number", "0.5", None),  # near the range (on a percentage: a share, h9v)
    (40, 60, "%", "percent", "14", None),  # near: a span and lo / 3 from it
    (40, 60, "%", "percent", "55", None),
]


@pytest.mark.parametrize(("start", "target", "unit", "metric", "typed", "meant"), CASES)
def test_the_rule(start, target, unit, metric, typed, meant):
    value = Decimal(typed.replace(",", ""))
    found = rules.meant_on_scale(value, Decimal(start), Decimal(target))
    assert found == (Decimal(meant) if meant else None)


def _kr(world, start, target, unit, metric):
    objective = services.create_objective(
        world.alice,
        cycle=world.cycle,
        title="Grow",
        key_results=[{"title": "Revenue", "metric_type": metric, "start_value": start,
                      "target_value": target, "unit": unit}],
    )  # fmt: skip
    return objective.key_results.get()


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "target", "unit", "metric", "typed", "meant"), CASES)
def test_the_services_refuse_naming_the_value_meant(
    world, start, target, unit, metric, typed, meant
):
    kr = _kr(world, start, target, unit, metric)
    if meant is None:
        services.check_in(world.alice, kr, value=typed)
        return
    with pytest.raises(ValidationError) as refused:
        services.check_in(world.alice, kr, value=typed)
    message = refused.value.message_dict["value"][0]
    assert f"“{typed}”" in message and f"did you mean {meant}?" in message, message
    assert not CheckIn.objects.filter(key_result=kr).exists()
    services.check_in(world.alice, kr, value=typed, scale_confirmed=True)
    assert CheckIn.objects.filter(key_result=kr).count() == 1


@pytest.mark.django_db
def test_the_api_refuses_unless_confirmed(api, world):
    kr = _kr(world, 40, 60, "%", "percent")
    client = api(world.alice)
    path = f"/key-results/{kr.pk}/check-ins"
    answer = client.post(path, {"value": 0.45})
    assert answer.status_code == 422
    message = answer.json()["errors"][0]["message"]
    assert "“0.45”" in message and "did you mean 45?" in message, message
    assert client.post(path, {"value": 0.45, "confirm_scale": True}).status_code == 201
    kr.refresh_from_db()
    assert kr.current_value == Decimal("0.45")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_web_form_asks_to_confirm_and_keeps_a_confirmed_value(client_for, world, language):
    world.alice.user.language = language
    world.alice.user.save(update_fields=["language"])
    kr = _kr(world, 40, 60, "%", "percent")
    client = client_for(world.alice)
    url = reverse("check_in", args=[kr.pk])
    answer = client.post(url, {"value": "0.45", "note": "from the survey"})
    page = answer.content.decode()
    assert answer.status_code == 422
    assert "“0.45”" in page and ("did you mean 45?" in page or "是不是 45" in page), page[-3000:]
    assert 'name="confirmed_value" value="0.45"' in page and "from the survey" in page
    assert not CheckIn.objects.filter(key_result=kr).exists()
    # Another value sent with the old confirmation is asked about again.
    answer = client.post(url, {"value": "0.5", "confirmed_value": "0.45"})
    assert answer.status_code == 422
    answer = client.post(url, {"value": "0.45", "confirmed_value": "0.45"})
    assert answer.status_code == 302
    kr.refresh_from_db()
    assert kr.current_value == Decimal("0.45")
