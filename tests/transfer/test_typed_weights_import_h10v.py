"""A weight typed in a title (`O1（权重 40%）：…`, `KR1：…（权重 50%）`, `KR2: … (weight 30%)`) is
the weight the import takes, or refuses as a weight column's value is (number_input.WEIGHT: a
number, no percent sign; weights off: only the weight in effect), on the import and in
/okrtext/parse alike; never cut out of the title and dropped in silence (h10v)."""

from decimal import Decimal

import pytest

from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db


def _weights(world, on: bool) -> None:
    from mubiao.orgs import services as org_services

    org_services.update_organization(world.admin, world.org, name=world.org.name, weights=on)
    world.alice.organization.refresh_from_db()


def test_a_typed_weight_is_stored_as_the_weight(world):
    _weights(world, True)
    text = "O1（权重 2）：提升交付效率\n- KR1：交付周期从 10 天缩短到 7 天（权重 3）\n"
    text += "- KR2: Cut churn from 5% to 3% (weight 1.5)\n"
    import_okrs(world.alice, file_name="okrs.txt", data=text.encode(), cycle=world.cycle)
    (stored,) = Objective.objects.filter(cycle=world.cycle, title="提升交付效率")
    assert stored.weight == Decimal(2)
    assert [(kr.title, kr.weight) for kr in stored.key_results.order_by("pk")] == [
        ("交付周期从 10 天缩短到 7 天", Decimal(3)),
        ("Cut churn from 5% to 3%", Decimal("1.5")),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "O1：提升交付效率\n- KR1：交付周期从 10 天缩短到 7 天（权重 50%）\n",
        "O1：提升交付效率\n- KR2: Cut churn from 5% to 3% (weight 30%)\n",
        "O1（权重 40%）：提升交付效率\n- KR1：交付周期从 10 天缩短到 7 天\n",
    ],
)
def test_a_typed_percentage_weight_is_refused_as_a_weight_columns(world, text):
    _weights(world, True)
    answer = Api(world.alice).post("/okrtext/parse", {"text": text, "lang": "en"}).json()
    problems = [p["message"] for p in answer["problems"]]
    assert any("without a percent sign" in p for p in problems), problems
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name="okrs.txt", data=text.encode(), cycle=world.cycle)
    assert "without a percent sign" in refused.value.text
    assert not Objective.objects.filter(cycle=world.cycle, title="提升交付效率").exists()


def test_a_typed_weight_with_weights_off_is_refused_as_the_services_refuse_it(world):
    _weights(world, False)
    text = "O1：提升交付效率\n- KR1：交付周期从 10 天缩短到 7 天（权重 3）\n"
    with pytest.raises(ImportFailed) as refused:
        import_okrs(world.alice, file_name="okrs.txt", data=text.encode(), cycle=world.cycle)
    assert "Weights are turned off" in refused.value.text
