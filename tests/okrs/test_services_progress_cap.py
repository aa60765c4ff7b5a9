"""A wildly over-achieved value is refused naming the limit (h9m: it was stored with its
progress capped at 9,999,900 % without a word), on every write that sets a value, start or
target; nothing is stored."""

import pytest
from django.core.exceptions import ValidationError

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, KeyResult
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective

LIMIT = "9,999,900%"


def test_a_check_in_beyond_the_stored_progress_is_refused_naming_the_limit(world):
    kr = make_objective(world.alice, world.cycle).key_results.first()
    with pytest.raises(ValidationError) as refused:
        services.check_in(world.alice, kr, value=10**15 - 1)
    assert LIMIT in refused.value.message_dict["value"][0]
    assert not CheckIn.objects.filter(key_result=kr).exists()
    # The largest value the column keeps is fine where it is within reach of the target (no
    # more than 3× it: rules.far_from_range).
    services.update_key_result(world.alice, kr, target_value=4 * 10**14)
    services.check_in(world.alice, kr, value=10**15 - 1)
    assert KeyResult.objects.get(pk=kr.pk).current_value == 10**15 - 1


@pytest.mark.parametrize("fields", [{"current_value": 10**15 - 1}, {"target_value": 1}])
def test_an_update_beyond_the_stored_progress_is_refused(world, fields):
    kr = make_objective(world.alice, world.cycle).key_results.first()
    # 1,000,000 of 100: 10,000 times the way (far from the range: asked, and confirmed here)
    services.check_in(world.alice, kr, value=10**6, scale_confirmed=True)
    with pytest.raises(ValidationError) as refused:
        services.update_key_result(world.alice, kr, scale_confirmed=True, **fields)
    assert LIMIT in str(refused.value.message_dict)
    assert KeyResult.objects.get(pk=kr.pk).target_value == 100


def test_the_api_names_the_limit(world):
    kr = make_objective(world.alice, world.cycle).key_results.first()
    response = Api(world.alice).post(f"/key-results/{kr.pk}/check-ins", {"value": "1亿"})
    assert response.status_code == 422
    assert LIMIT in field_errors(response)["value"]
