"""The team and company dashboards (pages and API) make the same number of queries for 5
people as for 50, for each kind of reader (issue 14, h14k): an admin, the CEO (the root team's
lead, at the top of the manager chain), a department head and a member. The organization
grows in every way the figures read: people in sub-teams, their objectives (public, team-only
and private), key results checked in or not, and the day's snapshots."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mubiao.accounts.tokens import create_token
from mubiao.insights import selectors as insights
from mubiao.insights.tasks import write_snapshots
from mubiao.okrs import selectors as okr_selectors
from mubiao.okrs import services
from mubiao.orgs.models import Team, TeamMember
from tests.conftest import make_member, make_objective

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers(world):
    ceo = make_member(world.org, "ceo@acme.test", "Cleo CEO")
    TeamMember.objects.create(team=world.company, membership=ceo, is_lead=True)
    world.lead.manager = ceo
    world.lead.save()
    return {"admin": world.admin, "ceo": ceo, "head": world.lead, "member": world.alice}


def _grow(world, start: int, stop: int, hidden: int) -> None:
    """People start…stop-1, each in a squad of the product department (a new squad every 5),
    managed by the department head, with an objective of 2 key results, one checked in; the
    first `hidden` people's objectives are private (hidden from the member, seen by the head,
    the CEO and the admin), so that the minimum-count rule takes the same branch at both
    sizes (1: figures over the visible objectives; 3: over all)."""
    for i in range(start, stop):
        squad, _ = Team.objects.get_or_create(
            organization=world.org,
            slug=f"squad-{i // 5}",
            defaults={"name": f"Squad {i // 5}", "parent": world.product},
        )
        person = make_member(world.org, f"p{i}@acme.test", f"Person {i}", manager=world.lead)
        TeamMember.objects.create(team=squad, membership=person)
        objective = make_objective(
            person,
            world.cycle,
            f"Objective {i}",
            krs=2,
            team=squad,
            visibility="private" if i < hidden else "public",
        )
        services.check_in(person, objective.key_results.first(), value=i % 90, confidence=i % 10)
    write_snapshots.call()


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200, path
    return len(captured)


def _paths(world) -> list[str]:
    return [
        "/company",
        "/teams/product",
        "/api/v1/dashboards/company",
        f"/api/v1/dashboards/teams/{world.product.pk}",
    ]


@pytest.mark.parametrize("hidden", [1, 3])
@pytest.mark.parametrize("role", ["admin", "ceo", "head", "member"])
def test_dashboards_make_the_same_queries_for_5_and_50_people(world, readers, role, hidden):
    reader = readers[role]
    _, secret = create_token(reader)
    client = Client(headers={"authorization": f"Bearer {secret}"})
    client.force_login(reader.user)
    _grow(world, 0, 5, hidden)
    for path in _paths(world):
        _queries(client, path)  # a session's or token's first request does more
    small = [_queries(client, path) for path in _paths(world)]
    _grow(world, 5, 50, hidden)
    assert [_queries(client, path) for path in _paths(world)] == small


def test_the_headline_reads_the_key_results_once(world, readers):
    """Average progress and status counts over the objectives, then freshness and confidence
    in one grouped pass over their key results: two queries whatever the scope's size."""
    _grow(world, 0, 10, hidden=3)
    for role, reader in readers.items():
        for team in (None, world.product):
            scope = okr_selectors.in_team_subtree_q(team) if team else None
            objectives = okr_selectors.objectives_for_figures(reader, world.cycle)
            if scope is not None:
                objectives = objectives.filter(scope)
            with CaptureQueriesContext(connection) as captured:
                insights.headline(objectives, timezone.now())
            assert len(captured) == 2, (role, team)
