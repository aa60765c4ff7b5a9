"""Property-based testing of the whole API from its own OpenAPI document (schemathesis).

Every operation is called over HTTP against the live server with generated valid and invalid
input, authenticated as an organization admin (who may call every write), with path ids that
exist as well as random ones. Whatever comes in: no 5xx, and every response matches the
documented status codes, content type and schema. The number of examples is bounded so the
whole run stays well under a minute on two cores.
"""

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from mubiao.accounts.tokens import create_token
from mubiao.okrs import services
from mubiao.playbook.models import Template
from mubiao.reports import services as reports
from tests.conftest import make_objective, make_world

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 8, schemathesis.GenerationMode.NEGATIVE: 4}
REAL_ID_EXAMPLES = 8  # more for calls on rows that exist: they reach the services
SETTINGS = hypothesis.settings(
    deadline=None,
    database=None,
    derandomize=True,  # the same examples on every run: failures reproduce
    suppress_health_check=list(HealthCheck),
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
)


@pytest.fixture
def existing_ids(transactional_db):
    """Rows the generated calls can hit by id, plus a token of an admin."""
    world = make_world("fuzz")
    objective = make_objective(world.alice, world.cycle, krs=2)
    kr = objective.key_results.first()
    check_in = services.check_in(world.alice, kr, value=10)
    token, secret = create_token(world.admin)
    ids = {
        "objective_id": objective.pk,
        "key_result_id": kr.pk,
        "cycle_id": world.cycle.pk,
        "team_id": world.product.pk,
        "member_id": world.bob.pk,
        "token_id": token.pk,
        "check_in_id": check_in.pk,
        "template_id": Template.objects.filter(organization__isnull=True).first().pk,
        "report_id": reports.generate(world.admin).pk,  # the token's own draft
    }
    return secret, ids


def run(operation, strategy, examples, base_url, headers):
    @hypothesis.given(case=strategy)
    @hypothesis.settings(SETTINGS, max_examples=examples)
    def check(case):
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        case.validate_response(response, checks=CHECKS, headers=headers)

    check()


def test_api_conforms_to_its_schema(live_server, existing_ids):
    secret, ids = existing_ids
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {secret}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40
    # Deletions go last, so that they do not remove the rows the other calls work on.
    operations.sort(key=lambda operation: operation.method.upper() == "DELETE")
    for operation in operations:
        strategies = [(operation.as_strategy(mode), n) for mode, n in EXAMPLES.items()]
        path_names = [parameter.name for parameter in operation.path_parameters]
        if path_names:
            real = {name: ids[name] for name in path_names}
            strategies.append((operation.as_strategy(path_parameters=real), REAL_ID_EXAMPLES))
        for strategy, examples in strategies:
            run(operation, strategy, examples, live_server.url, headers)
