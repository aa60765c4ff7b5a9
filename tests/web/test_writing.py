"""Writing OKRs: one page for the objective and its key results."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult, Objective
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def form_data(title="Make onboarding delightful", krs=(), **extra):
    data = {
        "title": title,
        "description": "",
        "kind": "committed",
        "visibility": "public",
        "parent": "",
        "collaborators": "",
        "kr-TOTAL_FORMS": str(len(krs)),
        "kr-INITIAL_FORMS": "0",
        "kr-MIN_NUM_FORMS": "0",
        "kr-MAX_NUM_FORMS": "20",
    }
    for i, kr in enumerate(krs):
        row = {"metric_type": "number", "direction": "", "start_value": "",
               "target_value": "100", "unit": "", "due_date": "", "weight": "1", "owner": "",
               "progress_source": "manual", "ORDER": str(i + 1), **kr}  # fmt: skip
        data.update({f"kr-{i}-{k}": v for k, v in row.items()})
    data.update(extra)
    return data


def test_create_objective_with_three_key_results(client_for, world):
    client = client_for(world.alice)
    data = form_data(
        owner=f"person:{world.alice.pk}",
        krs=[
            {"title": "Activation from 40% to 60%", "metric_type": "percent",
             "start_value": "40", "target_value": "60"},
            {"title": "Ship the tour", "metric_type": "boolean"},
            {"title": "Tickets down", "direction": "decrease", "start_value": "200",
             "target_value": "100", "unit": "tickets"},
        ],
    )  # fmt: skip
    response = client.post(reverse("objective_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    objective = Objective.objects.get(title="Make onboarding delightful")
    assert objective.owner_member == world.alice
    titles = list(objective.key_results.order_by("position").values_list("title", flat=True))
    assert titles == ["Activation from 40% to 60%", "Ship the tour", "Tickets down"]


def test_service_errors_land_beside_their_fields(client_for, world):
    data = form_data(
        owner=f"person:{world.alice.pk}",
        krs=[{"title": "Wrong way", "direction": "increase", "start_value": "50",
              "target_value": "10"}],
    )  # fmt: skip
    response = client_for(world.alice).post(reverse("objective_create"), data)
    assert response.status_code == 200
    assert "For an increasing key result the target must not be below the start value." in (
        response.content.decode()
    )
    assert not Objective.objects.exists()


def test_edit_reorders_and_archives(client_for, world):
    objective = make_objective(world.alice, world.cycle, "Old title", krs=2)
    first, second = objective.key_results.order_by("position")
    data = form_data(
        "New title",
        owner=f"person:{world.alice.pk}",
        krs=[
            {"id": str(second.pk), "title": second.title, "ORDER": "1"},
            {"id": str(first.pk), "title": first.title, "ORDER": "2", "DELETE": "on"},
            {"title": "Brand new", "ORDER": "3"},
        ],
    )
    data["kr-INITIAL_FORMS"] = "2"
    response = client_for(world.alice).post(reverse("objective_edit", args=[objective.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    objective.refresh_from_db()
    assert objective.title == "New title"
    first.refresh_from_db()
    assert first.state == KeyResult.State.ARCHIVED
    active = objective.key_results.filter(state="active").order_by("position")
    assert [kr.title for kr in active] == [second.title, "Brand new"]


def test_align_with_the_picker(client_for, world, aligned):
    team_obj, parent_kr, _mine = aligned
    client = client_for(world.bob)
    options = client.get(reverse("align_options"), {"align_q": "editor"}).content.decode()
    assert f'value="o:{team_obj.pk}"' in options
    assert f'value="k:{parent_kr.pk}"' in options
    data = form_data("Docs for the editor", owner=f"person:{world.bob.pk}",
                     parent=f"k:{parent_kr.pk}", krs=[{"title": "Pages written"}])  # fmt: skip
    assert client.post(reverse("objective_create"), data).status_code == 302
    assert Objective.objects.get(title="Docs for the editor").parent_key_result == parent_kr


def test_picker_hides_private_objectives(client_for, world):
    make_objective(world.alice, world.cycle, "Secret editor plan", visibility="private")
    html = client_for(world.outsider).get(reverse("align_options"), {"align_q": "editor"})
    assert b"Secret editor plan" not in html.content


def test_cannot_edit_someone_elses_objective(client_for, world):
    objective = make_objective(world.alice, world.cycle)
    response = client_for(world.bob).get(reverse("objective_edit", args=[objective.pk]))
    assert response.status_code == 404


def test_archive_restore_and_copy(client_for, world):
    end = world.cycle.end_date
    services.create_cycle(
        world.admin, name="next", start_date=end + timedelta(1), end_date=end + timedelta(90)
    )
    objective = make_objective(world.alice, world.cycle, krs=2)
    client = client_for(world.alice)
    client.post(reverse("objective_archive", args=[objective.pk]))
    objective.refresh_from_db()
    assert objective.state == "archived"
    client.post(reverse("objective_restore", args=[objective.pk]))
    objective.refresh_from_db()
    assert objective.state == "active"
    response = client.post(reverse("objective_copy", args=[objective.pk]))
    copy = Objective.objects.exclude(pk=objective.pk).get()
    assert response["Location"] == reverse("objective", args=[copy.pk])
    assert copy.key_results.count() == 2


def test_live_advice_reads_the_form_like_a_stored_objective(client_for, world):
    data = form_data(
        "Be better",
        owner=f"person:{world.alice.pk}",
        krs=[{"title": "Do stuff", "metric_type": "milestone"}],
    )
    client = client_for(world.alice)
    html = client.post(
        reverse("lint_advice"), {**data, "cycle": world.cycle.pk, "kind": "committed"}
    ).content.decode()
    assert "OKR-M01" in html  # "Do stuff" measures nothing
    # The form says which cycle and kind: the advice must not ask for them.
    assert "OKR-T01" not in html and "OKR-C01" not in html
    bare = client.post(reverse("lint_advice"), {**data, "cycle": "x", "kind": ""}).content
    assert b"OKR-T01" in bare and b"OKR-C01" in bare
    empty = client.post(reverse("lint_advice"), {"kr-TOTAL_FORMS": "0"}).content
    assert b"finding" not in empty


@pytest.mark.parametrize("weights", [False, True])
def test_the_weight_is_asked_only_where_weights_count(client_for, world, weights):
    """With weights off the form showed a weight box whose number counted for nothing; it is
    posted back unchanged (hidden) and a changed one is refused by the services."""
    world.org.settings["weights"] = weights
    world.org.save()
    page = client_for(world.alice).get(reverse("objective_create")).content.decode()
    shown = re.search(r'<input type="(\w+)" name="kr-0-weight"', page)
    assert shown and shown.group(1) == ("text" if weights else "hidden")
