"""A write answers success only for a precondition it checked (issue 9, h9z). If-None-Match and
If-Unmodified-Since were ignored on every write (a PATCH with `If-Unmodified-Since` a year ago,
or a POST with `If-None-Match: *`, answered 200/201): no write evaluates them, so each is a 400
naming the header and nothing is written; versions are compared by If-Match (a write that takes
no version refuses a version there: tests/api/test_if_match_every_write.py). Reads ignore them,
as HTTP lets a server that does not cache."""

import pytest

from mubiao.okrs.models import Objective
from mubiao.orgs.models import Team
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db

HEADERS = {
    "If-None-Match": ["*", '"3"'],
    "If-Unmodified-Since": ["Sat, 01 Jan 2000 00:00:00 GMT"],
}
CASES = [(name, value) for name, values in HEADERS.items() for value in values]


@pytest.mark.parametrize("header, value", CASES)
def test_a_versioned_write_refuses_it(world, header, value):
    objective = make_objective(world.alice, world.cycle, "Grow")
    response = Api(world.alice).patch(
        f"/objectives/{objective.pk}", {"title": "Renamed"}, **{header: value}
    )
    assert response.status_code == 400, response.content
    assert field_errors(response).keys() == {header}
    assert Objective.objects.get(pk=objective.pk).title == "Grow"


@pytest.mark.parametrize("header, value", CASES)
def test_a_write_without_a_version_refuses_it(world, header, value):
    before = Team.objects.count()
    response = Api(world.admin).post("/teams", {"name": "New team"}, **{header: value})
    assert response.status_code == 400, response.content
    assert field_errors(response).keys() == {header}
    assert Team.objects.count() == before


def test_a_delete_refuses_it(world):
    admin = Api(world.admin)
    spare = admin.post(
        "/cycles",
        {"name": "Spare", "kind": "custom", "start_date": "2030-01-01", "end_date": "2030-01-10"},
    ).json()
    response = admin.delete(f"/cycles/{spare['id']}", **{"If-Unmodified-Since": "x"})
    assert response.status_code == 400 and field_errors(response).keys() == {"If-Unmodified-Since"}
    assert admin.get(f"/cycles/{spare['id']}").status_code == 200


@pytest.mark.parametrize("header, value", CASES)
def test_a_read_ignores_it(world, header, value):
    objective = make_objective(world.alice, world.cycle, "Grow")
    response = Api(world.alice).get(f"/objectives/{objective.pk}", **{header: value})
    assert response.status_code == 200, response.content


def test_said_in_chinese(world):
    response = Api(world.admin, **{"accept-language": "zh-hans"}).post(
        "/teams", {"name": "New team"}, **{"If-None-Match": "*"}
    )
    assert response.status_code == 400
    assert "If-Match" in response.json()["detail"] and "写入" in response.json()["detail"]
