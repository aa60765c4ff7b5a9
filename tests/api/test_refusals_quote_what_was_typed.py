"""A refusal quotes what the person typed or sent (issue 9 C5, probe 15): "2亿" beyond the
progress Mubiao keeps was quoted as “200000000”, a JSON `0.0000001` as “1e-7”. Typed text is
quoted as typed; a JSON number as its sender wrote it (okrs.number_input.quoted)."""

import pytest
from django.core.exceptions import ValidationError

from mubiao.okrs import services
from tests.api.conftest import field_errors
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db

# (the check-in's value in the JSON body, as the refusal quotes it)
SENT = [
    ('"2亿"', "“2亿”"),
    ('"200 million"', "“200 million”"),
    ("0.0000001", "“0.0000001”"),
    ("0.00001", "“0.00001”"),
    ("100000000.5", "“100000000.5”"),
    ("1e300", "“1e300”"),
]


@pytest.mark.parametrize(("sent", "quoted"), SENT)
def test_the_api_quotes_the_value_as_sent(api, world, sent, quoted):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    client = api(world.alice)
    answer = client.post(f"/key-results/{kr.pk}/check-ins", f'{{"value": {sent}}}')
    assert answer.status_code == 422, answer.content
    message = field_errors(answer)["value"]
    assert quoted in message, message
    answer = client.patch(f"/key-results/{kr.pk}", f'{{"current_value": {sent}}}')
    assert answer.status_code == 422, answer.content
    message = field_errors(answer)["current_value"]
    assert quoted in message, message


@pytest.mark.parametrize("typed", ["2亿", " 2亿 "])
def test_the_services_quote_the_value_as_typed(world, typed):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    with pytest.raises(ValidationError) as refused:
        services.check_in(world.alice, kr, value=typed)
    assert "“2亿”" in refused.value.message_dict["value"][0]
