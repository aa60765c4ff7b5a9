"""A personal objective is filed only under a team its owner belongs to or leads (issue 12,
probe 12: a member filed public objectives under another department, which then showed on that
department's dashboard and at-risk list). Every path that sets the filing team: API create and
PATCH, the JSON import, copy to the next cycle; admins may file anywhere."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, Objective
from mubiao.okrs.transfer.errors import ImportFailed
from mubiao.okrs.transfer.importer import import_okrs
from mubiao.orgs.models import TeamMember
from tests.api.conftest import field_errors
from tests.conftest import make_objective


def _body(world, team):
    return {"cycle_id": world.cycle.pk, "title": "Win the south", "team_id": team.pk,
            "visibility": "public"}  # fmt: skip


def test_api_create_under_a_team_the_owner_is_not_in_is_refused_naming_it(world, api):
    support = world.extra["support"]
    response = api(world.alice).post("/objectives", _body(world, support))
    assert response.status_code == 422, response.content
    assert "Support" in field_errors(response)["team_id"]
    assert not Objective.objects.filter(title="Win the south").exists()


@pytest.mark.parametrize("who", ["alice", "lead", "admin"])
def test_api_create_under_own_led_or_any_team_as_admin(world, api, who):
    # Alice is in 产品部; the lead leads 产品部 and so its sub-team Docs; admins file anywhere.
    team = {"alice": world.product, "lead": world.docs, "admin": world.extra["support"]}[who]
    response = api(getattr(world, who)).post("/objectives", _body(world, team))
    assert response.status_code == 201, response.content
    assert response.json()["team_id"] == team.pk


def test_api_patch_to_another_team_is_refused_and_an_unrelated_edit_is_not(world, api):
    objective = make_objective(world.alice, world.cycle, "Mine")
    response = api(world.alice).patch(
        f"/objectives/{objective.pk}", {"team_id": world.extra["support"].pk}
    )
    assert response.status_code == 422, response.content
    assert "Support" in field_errors(response)["team_id"]
    objective.refresh_from_db()
    assert objective.team_id == world.product.pk
    # Filed before its owner left the team, it stays editable where it is.
    TeamMember.objects.filter(membership=world.alice).delete()
    response = api(world.alice).patch(f"/objectives/{objective.pk}", {"title": "Mine, renamed"})
    assert response.status_code == 200, response.content


def test_zh_message_names_the_team_with_no_space_after_the_name(world, api):
    response = api(world.alice, accept_language="zh-hans").post(
        "/objectives", _body(world, world.extra["support"])
    )
    message = field_errors(response)["team_id"]
    assert "“Support”" in message and "Alice不" in message, message


def _file(world, team_slug):
    return json.dumps({
        "format": "mubiao.okrs", "version": 1, "cycle": world.cycle.name,
        "objectives": [{
            "ref": "O1", "owner": {"type": "person", "email": world.alice.user.email},
            "team": team_slug, "title": "Imported elsewhere", "key_results": [],
        }],
    }).encode()  # fmt: skip


def test_json_import_under_a_team_the_owner_is_not_in_is_refused(world):
    with pytest.raises(ImportFailed) as failed:
        import_okrs(world.alice, file_name="okrs.json", data=_file(world, "support"),
                    cycle=world.cycle)  # fmt: skip
    assert "Support" in str(failed.value)
    assert not Objective.objects.filter(title="Imported elsewhere").exists()
    result = import_okrs(world.admin, file_name="okrs.json", data=_file(world, "support"),
                         cycle=world.cycle)  # fmt: skip
    assert len(result.created) == 1
    assert Objective.objects.get(title="Imported elsewhere").team == world.extra["support"]


def test_copy_to_the_next_cycle_refused_once_the_owner_left_the_filing_team(world):
    objective = make_objective(world.alice, world.cycle, "Carry me")
    start = world.cycle.end_date + dt.timedelta(days=1)
    services.create_cycle(world.admin, name="next", kind=Cycle.Kind.QUARTER,
                          start_date=start, end_date=start + dt.timedelta(days=89))  # fmt: skip
    TeamMember.objects.filter(membership=world.alice).delete()
    TeamMember.objects.create(team=world.docs, membership=world.alice)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.copy_objective(world.alice, objective)
    assert "产品部" in str(refused.value)
    # The admin may still copy it where it was filed.
    assert services.copy_objective(world.admin, objective).team_id == world.product.pk
