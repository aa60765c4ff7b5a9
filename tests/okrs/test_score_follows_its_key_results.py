"""Issue 9 (S1): an objective's score is a stored number derived from its key results, like its
progress: every write that changes what it is derived from (a weight, a key result archived,
restored or added) stores it again in the same transaction, on the API and on the web. It went
stale at the grade it was given (0.8 after a weight change that makes it 0.5)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.orgs import services as org_services
from tests.api.conftest import Api
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(world):
    """The reported case: W3 (weight 3) graded 1.0 and W1 (weight 1) graded 0.0 → 0.8."""
    org_services.update_organization(world.admin, world.org, name=world.org.name, weights=True)
    world.alice.organization.refresh_from_db()
    objective = services.create_objective(
        world.alice,
        cycle=world.cycle,
        title="Numbers people can trust",
        kind=Objective.Kind.ASPIRATIONAL,
        key_results=[
            {"title": "W3 0 到 10", "start_value": 0, "target_value": 10, "weight": 3},
            {"title": "W1 0 到 10", "start_value": 0, "target_value": 10, "weight": 1},
        ],
    )
    w3, w1 = objective.key_results.order_by("position")
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    scores = [{"key_result_id": w3.pk, "score": "1.0"}, {"key_result_id": w1.pk, "score": "0.0"}]
    response = Api(world.alice).post(f"/objectives/{objective.pk}/grade", {"scores": scores})
    assert response.status_code == 200, response.content
    assert Objective.objects.get(pk=objective.pk).score == Decimal("0.8")
    return objective, w3, w1


def _web_edit(world, client_for, objective, change):
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[objective.pk])
    data = load(client, url)
    data["kr-1-ORDER"] = "2"
    change(data)
    response = client.post(url, data)
    assert response.status_code == 302


def _weight(world, client_for, path, objective, w3, w1):
    if path == "api":
        assert Api(world.alice).patch(f"/key-results/{w1.pk}", {"weight": 3}).status_code == 200
    else:
        _web_edit(world, client_for, objective, lambda data: data.update({"kr-1-weight": "3"}))


def _archive(world, client_for, path, objective, w3, w1):
    if path == "api":
        assert Api(world.alice).post(f"/key-results/{w1.pk}/archive").status_code == 200
    else:
        _web_edit(world, client_for, objective, lambda data: data.update({"kr-1-DELETE": "on"}))


def _restore(world, client_for, path, objective, w3, w1):
    services.archive_key_result(world.alice, w1)
    assert Objective.objects.get(pk=objective.pk).score == Decimal("1.0")
    if path == "api":
        assert Api(world.alice).post(f"/key-results/{w1.pk}/restore").status_code == 200
    else:
        response = client_for(world.alice).post(reverse("key_result_restore", args=[w1.pk]))
        assert response.status_code == 302


def _add(world, client_for, path, objective, w3, w1):
    fields = {"title": "新加 0 到 10", "start_value": 0, "target_value": 10}
    if path == "api":
        response = Api(world.alice).post("/key-results", {"objective_id": objective.pk, **fields})
        assert response.status_code == 201, response.content
    else:

        def add_row(data):
            # A new row as the page's "add" button makes it: like the others, without an id.
            data["kr-TOTAL_FORMS"] = "3"
            for name, value in list(data.items()):
                if name.startswith("kr-1-") and name not in ("kr-1-id", "kr-1-version"):
                    data[name.replace("kr-1-", "kr-2-")] = value
            data.update({f"kr-2-{name}": str(value) for name, value in fields.items()})
            data.update({"kr-2-weight": "1", "kr-2-ORDER": "3"})

        _web_edit(world, client_for, objective, add_row)


@pytest.mark.parametrize("path", ["api", "web"])
@pytest.mark.parametrize(
    ("write", "score"),
    [
        (_weight, Decimal("0.5")),  # (1.0·3 + 0.0·3) / 6
        (_archive, Decimal("1.0")),  # W3 alone
        (_restore, Decimal("0.8")),  # back to both
        # Not graded until the new key result is: the old 0.8 would be a grade it never got.
        (_add, None),
    ],
)
def test_the_score_follows_every_write_to_its_key_results(
    world, client_for, graded, write, score, path
):
    objective, w3, w1 = graded
    write(world, client_for, path, objective, w3, w1)
    assert Objective.objects.get(pk=objective.pk).score == score


def test_the_reported_archive_and_zero_weights(world, graded):
    """0.5/0.6/1.0/0.6 → 0.7; archiving the 1.0 → 0.6; weights 0/0/1/0 → 1.0."""
    objective, _w3, _w1 = graded
    for i in range(2):
        services.create_key_result(
            world.alice, objective, title=f"K{i}", start_value=0, target_value=10
        )
    krs = list(objective.key_results.filter(state=KeyResult.State.ACTIVE).order_by("position"))
    for kr in krs:
        services.update_key_result(world.alice, kr, weight=1)
    for kr, score in zip(krs, ["0.5", "0.6", "1.0", "0.6"], strict=True):
        services.grade_key_result(world.alice, kr, score=score)
    assert Objective.objects.get(pk=objective.pk).score == Decimal("0.7")
    for kr, weight in zip(krs, [0, 0, 1, 0], strict=True):
        services.update_key_result(world.alice, kr, weight=weight)
    assert Objective.objects.get(pk=objective.pk).score == Decimal("1.0")
    for kr in krs:
        services.update_key_result(world.alice, kr, weight=1)
    services.archive_key_result(world.alice, krs[2])
    assert Objective.objects.get(pk=objective.pk).score == Decimal("0.6")
