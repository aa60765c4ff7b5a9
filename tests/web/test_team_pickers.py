"""Issue 13 (h13s): every team picker names a team by its whole path (`Company / 部门7 / 组0`),
never by its bare name, which a big organization repeats (thirty 组0), lists every team (230
of them, not the first 200) and costs the same number of queries with 30 teams or 230."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mubiao.orgs.models import Team
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db

# (picker, how to open it: web path or ("api", path), the value an option carries)
PICKERS = [
    ("objective owner", "/okrs/new", "team:{pk}"),
    ("member's teams", "/settings/people/{alice}", "{pk}"),
    ("invitation's teams", "/settings/people", "{pk}"),
    ("parent team", "/settings/teams", "{pk}"),
    ("chat group's team", "/settings/channels", "{pk}"),
    ("board filter", "/company?view=list", "{slug}"),
    ("mention list", "/mentions?q=组0", None),
    ("API team list", ("api", "/teams?q=组0&limit=100"), None),
]


def grow(world, departments: int) -> Team:
    """`departments` departments under Company, each with 组0…组9; returns the last 组0."""
    made = []
    for d in range(departments):
        dept = Team.objects.create(
            organization=world.org, name=f"部门{d}", slug=f"d{d}", parent=world.company
        )
        made += Team.objects.bulk_create(
            Team(organization=world.org, name=f"组{g}", slug=f"d{d}-g{g}", parent=dept)
            for g in range(10)
        )
    return made[-10]


def opened(world, client, where):
    if isinstance(where, tuple):
        return json.dumps(Api(world.admin).get(where[1]).json(), ensure_ascii=False)
    return client.get(where.format(alice=world.alice.pk)).content.decode()


@pytest.mark.parametrize(("picker", "where", "value"), PICKERS, ids=[p[0] for p in PICKERS])
def test_a_team_is_picked_by_its_whole_path(world, client_for, picker, where, value):
    last = grow(world, 21)  # 21 × 11 + 4 teams: past any cap of 200
    client = client_for(world.admin)
    text = opened(world, client, where)
    # A search lists the first few by name; a picker every team, the last one too.
    path = "Company / 部门20 / 组0" if value else "Company / 部门0 / 组0"
    assert path in text, picker
    if value is not None:
        option = value.format(pk=last.pk, slug=last.slug)
        assert re.search(rf'value="{re.escape(option)}"[^>]*>[^<]*{re.escape(path)}', text), picker
        assert not re.search(r">\s*组0\s*</option>", text), picker


@pytest.mark.parametrize(("picker", "where", "value"), PICKERS, ids=[p[0] for p in PICKERS])
def test_a_picker_costs_the_same_with_many_teams(world, client_for, picker, where, value):
    client = client_for(world.admin)
    grow(world, 2)
    opened(world, client, where)  # warm (sessions, caches)
    with CaptureQueriesContext(connection) as few:
        opened(world, client, where)
    for d in range(2, 21):
        dept = Team.objects.create(
            organization=world.org, name=f"部门{d}", slug=f"d{d}", parent=world.company
        )
        Team.objects.bulk_create(
            Team(organization=world.org, name=f"组{g}", slug=f"d{d}-g{g}", parent=dept)
            for g in range(10)
        )
    with CaptureQueriesContext(connection) as many:
        opened(world, client, where)
    assert len(many) <= len(few), (picker, len(few), len(many))
