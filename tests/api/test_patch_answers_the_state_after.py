"""The answer of every PATCH is the row as it is after the write: what a fresh GET of it reads,
field for field (version and ETag too), never a copy read or cached before the write (issue 9,
E12: renaming a team answered with its old path, read for the If-Match check). The kind: each
PATCH route (organization, team, cycle, member, objective, key result), each with a change that
moves derived fields as well (a team's path, an objective's progress, a member's teams)."""

import pytest

from tests.api.conftest import Api
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def _objective(world):
    return make_objective(world.alice, world.cycle, "Grow", krs=2)


# kind → (who writes, the row's path, a body that changes it and what is derived from it)
PATCHES = {
    "organization": ("admin", lambda w: "/organization",
                     lambda w: {"name": "Renamed Inc", "time_zone": "Europe/Berlin",
                                "language": "zh-hans"}),
    "team": ("admin", lambda w: f"/teams/{w.product.pk}",
             lambda w: {"name": "Products", "parent_id": None, "lead_ids": [w.alice.pk]}),
    "team under another": ("admin", lambda w: f"/teams/{w.docs.pk}",
                           lambda w: {"name": "Manuals", "parent_id": w.company.pk}),
    "cycle": ("admin", lambda w: f"/cycles/{w.cycle.pk}", lambda w: {"name": "Renamed quarter"}),
    "member": ("admin", lambda w: f"/members/{w.bob.pk}",
               lambda w: {"title": "Writer", "manager_id": w.alice.pk,
                          "team_ids": [w.product.pk], "role": "admin"}),
    "objective": ("alice", lambda w: f"/objectives/{w.extra['objective'].pk}",
                  lambda w: {"title": "Grow more", "kind": "committed", "visibility": "team"}),
    "key result": ("alice", lambda w: f"/key-results/{w.extra['kr'].pk}",
                   lambda w: {"title": "Sign-ups", "current_value": 40, "target_value": 80}),
}  # fmt: skip


@pytest.fixture
def rows(world):
    objective = _objective(world)
    world.extra["objective"] = objective
    world.extra["kr"] = objective.key_results.order_by("position").first()
    return world


@pytest.mark.every_case  # each route's own locks and reads, on PostgreSQL too
@pytest.mark.parametrize("kind", list(PATCHES))
@pytest.mark.parametrize("if_match", [False, True], ids=["plain", "if-match"])
def test_a_patch_answers_what_a_fresh_get_reads(rows, kind, if_match):
    who, path, body = PATCHES[kind]
    world = rows
    client = Api(getattr(world, who))
    before = client.get(path(world))
    assert before.status_code == 200, before.content
    headers = {"If-Match": before.headers["ETag"]} if if_match else {}
    answer = client.patch(path(world), body(world), **headers)
    assert answer.status_code == 200, answer.content
    fresh = client.get(path(world))
    said, read = answer.json(), fresh.json()
    said.pop("notice", None)  # an objective's answer alone says what the change newly shows
    assert said == read
    assert said != before.json()  # the write did change it: no test of an unchanged row
    assert answer.headers.get("ETag") == fresh.headers.get("ETag")


def test_renaming_a_team_moves_its_path_and_its_sub_teams_paths_in_the_answer(world):
    admin = Api(world.admin)
    path = f"/teams/{world.product.pk}"
    admin.get(path)  # read first, as a client that then sends If-Match does
    answer = admin.patch(path, {"name": "Products"}).json()
    assert answer["path"] == "Company / Products"
    docs = admin.get(f"/teams/{world.docs.pk}").json()
    assert docs["path"] == "Company / Products / Docs"
