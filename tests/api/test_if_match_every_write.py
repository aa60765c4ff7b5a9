"""If-Match on every API write: a resource with a version (objectives, key results, reports; and
the organization, teams, cycles and members, whose version is a digest of what they show) honours
it (400 malformed, 409 stale with the current version, ETag on GET and PATCH); a write with no
version refuses the header (400) instead of answering success for a precondition it ignored."""

import pytest

from mubiao.okrs.models import Cycle
from mubiao.orgs.models import Membership, Team
from tests.api.conftest import field_errors
from tests.conftest import make_objective

# (path of one row, a body that changes it, how to read the changed value back)
VERSIONED = {
    "organization": (lambda w: "/organization", {"name": "Renamed Inc"},
                     lambda w: w.org.__class__.objects.get(pk=w.org.pk).name),
    "team": (lambda w: f"/teams/{w.docs.pk}", {"name": "Docs 2"},
             lambda w: Team.objects.get(pk=w.docs.pk).name),
    "cycle": (lambda w: f"/cycles/{w.cycle.pk}", {"name": "Renamed quarter"},
              lambda w: Cycle.objects.get(pk=w.cycle.pk).name),
    "member": (lambda w: f"/members/{w.bob.pk}", {"title": "Writer"},
               lambda w: Membership.objects.get(pk=w.bob.pk).title),
    "objective": (lambda w: f"/objectives/{w.extra['objective'].pk}", {"title": "Renamed O"},
                  lambda w: w.extra["objective"].__class__.objects.get(
                      pk=w.extra["objective"].pk).title),
}  # fmt: skip


@pytest.fixture
def admin(world, api):
    world.extra["objective"] = make_objective(world.admin, world.cycle, "Grow")
    return api(world.admin)


@pytest.mark.parametrize("kind", sorted(VERSIONED))
def test_versioned_writes_honour_if_match(world, admin, kind):
    path, body, stored = VERSIONED[kind]
    before = stored(world)
    read = admin.get(path(world))
    assert read.status_code == 200
    version = read.json()["version"]
    assert read.headers["ETag"] == f'"{version}"'

    bad = admin.patch(path(world), body, **{"If-Match": "abc"})
    assert bad.status_code == 400 and field_errors(bad).keys() == {"If-Match"}
    stale = admin.patch(path(world), body, **{"If-Match": str(version + 1)})
    assert stale.status_code == 409, stale.content
    assert stale.json()["current_version"] == version
    assert stale.headers["ETag"] == f'"{version}"'
    assert stored(world) == before  # nothing written

    done = admin.patch(path(world), body, **{"If-Match": f'"{version}"'})
    assert done.status_code == 200, done.content
    assert done.json()["version"] != version
    assert done.headers["ETag"] == f'"{done.json()["version"]}"'
    assert stored(world) == next(iter(body.values()))
    # The version read before the write is stale now.
    again = admin.patch(path(world), body, **{"If-Match": str(version)})
    assert again.status_code == 409


def test_a_team_in_a_list_has_the_version_its_own_read_has(world, admin):
    listed = {row["id"]: row["version"] for row in admin.get("/teams").json()["items"]}
    assert listed[world.docs.pk] == admin.get(f"/teams/{world.docs.pk}").json()["version"]


def test_deleting_a_cycle_honours_if_match(world, admin):
    spare = admin.post(
        "/cycles",
        {"name": "Spare", "kind": "custom", "start_date": "2030-01-01", "end_date": "2030-01-10"},
    ).json()
    assert admin.delete(f"/cycles/{spare['id']}", **{"If-Match": "x"}).status_code == 400
    stale = admin.delete(f"/cycles/{spare['id']}", **{"If-Match": str(spare["version"] + 1)})
    assert stale.status_code == 409 and Cycle.objects.filter(pk=spare["id"]).exists()
    done = admin.delete(f"/cycles/{spare['id']}", **{"If-Match": str(spare["version"])})
    assert done.status_code == 204


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("post", lambda w: "/teams", {"name": "New team"}),
        ("post", lambda w: f"/cycles/{w.cycle.pk}/state", {"state": "grading"}),
        ("post", lambda w: f"/objectives/{w.extra['objective'].pk}/archive", {}),
        ("post", lambda w: f"/members/{w.bob.pk}/reactivate", {}),
        ("post", lambda w: "/tokens", {"name": "ci"}),
        ("delete", lambda w: f"/tokens/{w.extra['token'].pk}", None),
    ],
)
def test_writes_without_a_version_refuse_if_match(world, admin, method, path, body):
    world.extra["token"] = admin.token
    before = Team.objects.count(), Cycle.objects.get(pk=world.cycle.pk).state
    headers = {"If-Match": "1"}
    if method == "delete":
        response = admin.delete(path(world), **headers)
    else:
        response = admin._send(method, path(world), body, headers)
    assert response.status_code == 400, response.content
    assert field_errors(response).keys() == {"If-Match"}
    # Nothing was done either.
    assert (Team.objects.count(), Cycle.objects.get(pk=world.cycle.pk).state) == before
    assert (
        world.extra["objective"].__class__.objects.get(pk=world.extra["objective"].pk).state
        == world.extra["objective"].state
    )
    admin.token.refresh_from_db()
    assert admin.token.revoked_at is None
