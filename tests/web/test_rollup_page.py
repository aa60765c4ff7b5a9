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


def parent_with_children(world, private_children=1, owners=1):
    """A public parent taking 40% from its aligned objectives: Bob's public child, and
    `private_children` private ones hidden from Bob, owned in turn by `owners` people (Alice,
    then Li Lead, then Olga)."""
    parent = make_objective(world.admin, world.cycle, "Company goal", progress_source="mix",
                            aligned_share=40)  # fmt: skip
    services.check_in(world.admin, parent.key_results.get(), value=100)
    seen = make_objective(world.bob, world.cycle, "Bob supports it", parent_objective=parent)
    services.check_in(world.bob, seen.key_results.get(), value=50)
    people = [world.alice, world.lead, world.outsider][:owners]
    for index in range(private_children):
        owner = people[index % owners]
        hidden = make_objective(owner, world.cycle, f"Hidden child {index}",
                                parent_objective=parent, visibility="private")  # fmt: skip
        services.check_in(owner, hidden.key_results.get(), value=0)
    parent.refresh_from_db()
    return parent


@pytest.mark.parametrize(
    ("hidden", "owners"), [(0, 0), (1, 1), (2, 1), (2, 2), (3, 1), (3, 2), (3, 3)]
)
def test_each_visible_child_has_its_weight_and_share_and_the_rest_are_counted(
    client_for, world, hidden, owners
):
    """Issue 12 §4: "the contribution list shows only visible ones and counts the rest". Each
    visible child with its weight and share, whoever owns the hidden ones (a lead who could
    not see one child got no weight, share or count for any child: the demo's /okrs/25), then
    "and N objectives you cannot see"; a hidden child's title and progress are never shown.
    The parent's progress stays the true one, over every child."""
    parent = parent_with_children(world, private_children=hidden, owners=owners)
    # 60% × 100% + 40% × (50% + 0% × hidden) / (1 + hidden), over every child whoever looks.
    true = Decimal("0.6") + Decimal("0.4") * Decimal("0.5") / (1 + hidden)
    assert abs(parent.progress - true) < Decimal("0.0001")
    page = client_for(world.bob).get(reverse("objective", args=[parent.pk])).content.decode()
    assert "60% from its key results, 40% from the objectives aligned to it" in page
    assert "Bob supports it" in page and "Hidden child" not in page
    share = round(40 / (1 + hidden))
    assert f"weight 1 · share {share}%" in page
    assert page.count("weight 1 · share") == 1
    assert page.count('class="tree-row"') == 1  # no row, and so no progress, of a hidden one
    one = "and 1 objective you cannot see (counted in the progress)"
    many = f"and {hidden} objectives you cannot see (counted in the progress)"
    assert (one in page) == (hidden == 1)
    assert (many in page) == (hidden > 1)
    admin = client_for(world.admin).get(reverse("objective", args=[parent.pk])).content.decode()
    assert "cannot see" not in admin and admin.count("weight 1 · share") == 1 + hidden
    assert all(f"Hidden child {i}" in admin for i in range(hidden))


def test_a_reader_who_sees_no_child_gets_only_the_count(client_for, world):
    """Every child hidden: no row, no "nothing aligned", the count alone."""
    parent = make_objective(world.admin, world.cycle, "Company goal", progress_source="aligned")
    for owner in (world.alice, world.lead):
        make_objective(owner, world.cycle, f"Secret of {owner.pk}", parent_objective=parent,
                       visibility="private")  # fmt: skip
    page = client_for(world.bob).get(reverse("objective", args=[parent.pk])).content.decode()
    assert "and 2 objectives you cannot see (counted in the progress)" in page
    assert "Secret of" not in page and "· share" not in page
    assert "Nothing is aligned to this objective yet." not in page


def test_the_page_in_chinese(client_for, world):
    client = client_for(world.bob)

    def page(parent):
        url = reverse("objective", args=[parent.pk])
        return client.get(url, headers={"accept-language": "zh-hans"}).content.decode()

    assert "另有 3 个你看不到的目标" in page(parent_with_children(world, 3, owners=3))
    assert "另有 1 个你看不到的目标" in page(parent_with_children(world, 1))
    assert "权重 1 · 占比 20%" in page(parent_with_children(world, 1))


def test_the_page_costs_the_same_queries_with_1_or_20_hidden_children(client_for, world):
    def queries(parent):
        client = client_for(world.bob)
        client.get(reverse("objective", args=[parent.pk]))  # warm the session
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("objective", args=[parent.pk])).status_code == 200
        return len(captured)

    few = queries(parent_with_children(world, 1))
    assert queries(parent_with_children(world, 20)) == few
    # Counted (of 3 owners), the hidden ones cost no more either.
    assert queries(parent_with_children(world, 20, owners=3)) == few


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
    # Mubiao's number reader and its words, not Django's IntegerField's (issue 9, h9p 7).
    page = response.content.decode()
    assert "“150”" in page and "from 0 to 100" in page, page[-3000:]
    assert not Objective.objects.filter(title="Make onboarding delightful").exists()


@pytest.mark.parametrize("editing", [False, True])
def test_a_blank_share_of_a_mix_is_refused_not_set_to_50(client_for, world, editing):
    """A mix takes its share from the field: left blank it is refused beside the field
    (nothing saved), never silently 50 or the previous value; other sources do not use it."""
    client = client_for(world.alice)
    if editing:
        objective = make_objective(world.alice, world.cycle, "Make onboarding delightful",
                                   progress_source="mix", aligned_share=30)  # fmt: skip
        url = reverse("objective_edit", args=[objective.pk])
    else:
        url = reverse("objective_create")
    data = form_data(owner=f"person:{world.alice.pk}", progress_source="mix", aligned_share="")
    if editing:
        data["version"] = objective.version
    response = client.post(url, data)
    assert response.status_code in (200, 422)
    assert "share of a mix" in response.content.decode()
    saved = Objective.objects.filter(title="Make onboarding delightful")
    assert [o.aligned_share for o in saved] == ([30] if editing else [])
    data["progress_source"] = "key_results"
    assert client.post(url, data).status_code == 302
