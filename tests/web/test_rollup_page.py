"""The objective page and form: where its progress comes from, each aligned objective's
contribution, and the ones the reader may not see counted but not listed (issue 12 §4)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import Objective
from tests.conftest import make_objective
from tests.web.test_writing import form_data

pytestmark = pytest.mark.django_db


def parent_with_children(world, private_children=1):
    parent = make_objective(world.admin, world.cycle, "Company goal", progress_source="mix",
                            aligned_share=40)  # fmt: skip
    services.check_in(world.admin, parent.key_results.get(), value=100)
    seen = make_objective(world.bob, world.cycle, "Bob supports it", parent_objective=parent)
    services.check_in(world.bob, seen.key_results.get(), value=50)
    for index in range(private_children):
        hidden = make_objective(world.alice, world.cycle, f"Alice secret {index}",
                                parent_objective=parent, visibility="private")  # fmt: skip
        services.check_in(world.alice, hidden.key_results.get(), value=0)
    parent.refresh_from_db()
    return parent


def test_the_page_shows_the_rule_and_each_visible_contribution(client_for, world):
    parent = parent_with_children(world, private_children=2)
    # 60% × 100% + 40% × (50% + 0% + 0%) / 3, over every child whoever looks.
    assert parent.progress == Decimal("0.6667")
    page = client_for(world.bob).get(reverse("objective", args=[parent.pk])).content.decode()
    assert "60% from its key results, 40% from the objectives aligned to it" in page
    assert "Bob supports it" in page and "weight 1 · share 13%" in page
    assert "Alice secret" not in page
    assert "and 2 objectives you cannot see (counted in the progress)" in page
    admin = client_for(world.admin).get(reverse("objective", args=[parent.pk])).content.decode()
    assert "Alice secret 1" in admin and "cannot see" not in admin


def test_the_page_in_chinese(client_for, world):
    parent = parent_with_children(world)
    client = client_for(world.bob)
    page = client.get(
        reverse("objective", args=[parent.pk]), headers={"accept-language": "zh-hans"}
    ).content.decode()
    assert "另有 1 个你看不到的目标" in page


def test_the_page_costs_the_same_queries_with_1_or_20_hidden_children(client_for, world):
    def queries(parent):
        client = client_for(world.bob)
        client.get(reverse("objective", args=[parent.pk]))  # warm the session
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("objective", args=[parent.pk])).status_code == 200
        return len(captured)

    few = queries(parent_with_children(world, 1))
    many = queries(parent_with_children(world, 20))
    assert few == many


def test_the_form_sets_the_source_and_share(client_for, world):
    client = client_for(world.alice)
    data = form_data(owner=f"person:{world.alice.pk}", progress_source="mix", aligned_share="30",
                     krs=[{"title": "Ship the tour", "metric_type": "boolean"}])  # fmt: skip
    response = client.post(reverse("objective_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    objective = Objective.objects.get(title="Make onboarding delightful")
    assert (objective.progress_source, objective.aligned_share) == ("mix", 30)
    edit = client.get(reverse("objective_edit", args=[objective.pk])).content.decode()
    assert 'name="aligned_share"' in edit and 'value="30"' in edit


def test_a_share_out_of_range_is_named_and_saves_nothing(client_for, world):
    client = client_for(world.alice)
    data = form_data(owner=f"person:{world.alice.pk}", progress_source="mix", aligned_share="150")
    response = client.post(reverse("objective_create"), data)
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 100." in response.content.decode()
    assert not Objective.objects.filter(title="Make onboarding delightful").exists()
