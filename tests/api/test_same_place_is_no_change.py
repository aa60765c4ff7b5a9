"""A move to where a row already is (a cycle's state to the state it has, an objective to its
own cycle or team or aligned to its current parent, a role set to the one held, archiving what
is archived, a team under its own parent …) is no change: a success that writes nothing — the
version stays, so nobody's If-Match becomes a false conflict, and no history entry — like
every other write that changes nothing (issue 9, E8). A cycle's state sent as it was answered
422 "A cycle cannot go from Active to Active" (h9u). Table: every such move, through the API
and the settings and OKR pages."""

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import Activity
from tests.api.conftest import Api
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def _objective(world):
    return make_objective(world.alice, world.cycle, "Grow")


def _archived(world):
    objective = _objective(world)
    services.archive_objective(world.alice, objective)
    return objective


def _aligned(world):
    parent = make_objective(world.alice, world.cycle, "Company goal")
    child = _objective(world)
    services.align_objective(world.alice, child, parent_objective=parent)
    return child


def _kr(world):
    return _objective(world).key_results.get()


def _archived_kr(world):
    kr = _kr(world)
    services.archive_key_result(world.alice, kr)
    return kr


def _active_cycle(world):
    services.set_cycle_state(world.admin, world.cycle, "active")
    return world.cycle


def _inactive(world):
    Api(world.admin).post(f"/members/{world.bob.pk}/deactivate", {})
    return world.bob


# name → (who, the row (made from the world), method, its path, body, the path that reads it)
API = {
    "cycle state as it is": (
        "admin", lambda w: w.cycle, "post", "/cycles/{pk}/state",
        lambda w, row: {"state": row.state}, "/cycles/{pk}"),
    "active cycle state as it is": (
        "admin", _active_cycle, "post", "/cycles/{pk}/state",
        lambda w, row: {"state": "active"}, "/cycles/{pk}"),
    "cycle under its own parent": (
        "admin", lambda w: w.cycle, "patch", "/cycles/{pk}",
        lambda w, row: {"parent_id": row.parent_id}, "/cycles/{pk}"),
    "objective to its own cycle": (
        "alice", _objective, "patch", "/objectives/{pk}",
        lambda w, row: {"cycle_id": row.cycle_id}, "/objectives/{pk}"),
    "objective to its own team": (
        "alice", _objective, "patch", "/objectives/{pk}",
        lambda w, row: {"team_id": row.team_id}, "/objectives/{pk}"),
    "objective aligned to its parent": (
        "alice", _aligned, "post", "/objectives/{pk}/align",
        lambda w, row: {"parent_objective_id": row.parent_objective_id}, "/objectives/{pk}"),
    "archive an archived objective": (
        "alice", _archived, "post", "/objectives/{pk}/archive",
        lambda w, row: {}, "/objectives/{pk}"),
    "restore an active objective": (
        "alice", _objective, "post", "/objectives/{pk}/restore",
        lambda w, row: {}, "/objectives/{pk}"),
    "archive an archived key result": (
        "alice", _archived_kr, "post", "/key-results/{pk}/archive",
        lambda w, row: {}, "/key-results/{pk}"),
    "restore an active key result": (
        "alice", _kr, "post", "/key-results/{pk}/restore",
        lambda w, row: {}, "/key-results/{pk}"),
    "member's role as held": (
        "admin", lambda w: w.bob, "patch", "/members/{pk}",
        lambda w, row: {"role": row.role}, "/members/{pk}"),
    "deactivate an inactive member": (
        "admin", _inactive, "post", "/members/{pk}/deactivate",
        lambda w, row: {}, "/members/{pk}"),
    "reactivate an active member": (
        "admin", lambda w: w.bob, "post", "/members/{pk}/reactivate",
        lambda w, row: {}, "/members/{pk}"),
    "team under its own parent": (
        "admin", lambda w: w.docs, "patch", "/teams/{pk}",
        lambda w, row: {"parent_id": row.parent_id}, "/teams/{pk}"),
}  # fmt: skip


@pytest.mark.parametrize("case", API)
def test_a_move_to_where_it_is_changes_nothing_through_the_api(world, case):
    who, make, method, path, body, read = API[case]
    row = make(world)
    row.refresh_from_db()
    client = Api(getattr(world, who))
    before = client.get(read.format(pk=row.pk))
    assert before.status_code == 200, before.content
    history = Activity.objects.count()
    response = client._send(method, path.format(pk=row.pk), body(world, row), {})
    assert response.status_code == 200, response.content
    after = client.get(read.format(pk=row.pk)).json()
    assert after == before.json()  # the version (a digest, for rows without one) too
    assert Activity.objects.count() == history


# The pages: (who, the row, the page's URL name, the form posted, the page it goes back to)
WEB = {
    "cycle state as it is": (
        "admin", lambda w: w.cycle, "settings_cycle_state",
        lambda w, row: {"state": row.state}),
    "active cycle state as it is": (
        "admin", _active_cycle, "settings_cycle_state",
        lambda w, row: {"state": "active"}),
    "archive an archived objective": (
        "alice", _archived, "objective_archive", lambda w, row: {}),
    "restore an active objective": (
        "alice", _objective, "objective_restore", lambda w, row: {}),
    "restore an active key result": (
        "alice", _kr, "key_result_restore", lambda w, row: {}),
}  # fmt: skip


@pytest.mark.parametrize("case", WEB)
def test_a_move_to_where_it_is_changes_nothing_on_the_pages(world, client_for, case):
    (
        who,
        make,
        name,
        form,
    ) = WEB[case]
    row = make(world)
    row.refresh_from_db()
    version = getattr(row, "version", None)
    stored = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
    history = Activity.objects.count()
    response = client_for(getattr(world, who)).post(reverse(name, args=[row.pk]), form(world, row))
    assert response.status_code == 302, response.content.decode()[-1500:]
    row.refresh_from_db()
    assert {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields} == stored
    assert getattr(row, "version", None) == version
    assert Activity.objects.count() == history
