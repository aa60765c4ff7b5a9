"""A number sent with an exponent is quoted as it was sent (h9q; issue 9): a JSON `1e300` or a
spreadsheet's 1E+300 was refused quoting "10000000000000000000000…", the 301 digits it was
read as, on every path a number arrives as a number — API check-ins and key results, JSON
imports, the services. The import table (tests/transfer/test_refusals_quote_and_place.py)
has the same kind for every format."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mubiao.okrs import number_input
from tests.api.conftest import field_errors
from tests.conftest import make_objective

# (sent as a JSON number, quoted)
EXPONENTS = [("1e300", "1e300"), ("1E300", "1e300"), ("-2.5e40", "-2.5e40"), ("1e-300", "1e-300")]


@pytest.mark.parametrize(("sent", "quoted"), EXPONENTS)
def test_the_services_quote_a_number_with_an_exponent_as_sent(sent, quoted):
    for value in (float(sent), Decimal(sent)):
        with pytest.raises(ValidationError) as refused:
            number_input.read(value, "target_value")
        message = refused.value.message_dict["target_value"][0]
        assert f"“{quoted}”" in message, message
        assert "0000000000" not in message


@pytest.mark.django_db
@pytest.mark.parametrize(("sent", "quoted"), EXPONENTS)
def test_the_api_quotes_a_number_with_an_exponent_as_sent(api, world, sent, quoted):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    client = api(world.alice)
    posts = [
        (f"/key-results/{kr.pk}/check-ins", "value", ""),
        ("/key-results", "target_value", f'"objective_id": {kr.objective_id}, "title": "T", '),
    ]
    for path, field, rest in posts:
        answer = client.post(path, f'{{{rest}"{field}": {sent}}}')
        assert answer.status_code == 422, answer.content
        message = field_errors(answer)[field]
        assert f"“{quoted}”" in message, message
        assert "0000000000" not in message
    kr.refresh_from_db()
    assert kr.current_value == kr.start_value
