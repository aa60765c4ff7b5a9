"""selectors.editable_objective_ids (one query for a whole page) agrees with
permissions.can_edit_objective (one objective at a time) for every member and objective."""

import pytest

from mubiao.okrs import selectors, services
from mubiao.orgs import permissions
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def test_bulk_edit_rights_match_the_single_check(world, other_world, django_assert_num_queries):
    objectives = [
        make_objective(world.alice, world.cycle, "Alice's"),
        make_objective(world.bob, world.cycle, "Bob's", visibility="private"),
        make_objective(world.lead, world.cycle, "Product", owner_type="team",
                       owner_team=world.product),
        make_objective(world.lead, world.cycle, "Docs", owner_type="team", owner_team=world.docs),
        make_objective(world.admin, world.cycle, "Company", owner_type="organization"),
        make_objective(other_world.alice, other_world.cycle, "Elsewhere"),
    ]  # fmt: skip
    shared = make_objective(world.bob, world.cycle, "Shared", collaborators=[world.alice])
    objectives.append(shared)
    ids = [o.pk for o in objectives]
    for member in (world.admin, world.lead, world.alice, world.bob, world.outsider):
        expected = {o.pk for o in objectives if permissions.can_edit_objective(member, o)}
        permissions.led_team_ids(member)  # warm the per-member cache the single check uses
        with django_assert_num_queries(1):
            assert selectors.editable_objective_ids(member, ids) == expected, member


def test_no_ids_no_query(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.editable_objective_ids(world.alice, []) == set()


def test_key_result_owner_may_check_in_without_editing(client_for, world):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.first()
    services.update_key_result(world.alice, kr, owner=world.bob)
    html = client_for(world.bob).get(f"/okrs/{objective.pk}").content.decode()
    assert f'hx-get="/krs/{kr.pk}/check-in"' in html
    assert f'href="/okrs/{objective.pk}/edit"' not in html
