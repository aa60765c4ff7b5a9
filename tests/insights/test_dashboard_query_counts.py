"""The team and company dashboards (pages and API) make the same number of queries for 5
people as for 50, for each kind of reader (issue 14, h14k): an admin, the CEO (the root team's
lead, at the top of the manager chain), a department head and a member. The organization
grows in every way the figures read: people in sub-teams, their objectives (public, team-only
and private), key results checked in or not, and the day's snapshots."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Max, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mubiao.accounts.tokens import create_token
from mubiao.insights import figures, rules
from mubiao.insights import selectors as insights
from mubiao.insights.models import ObjectiveSnapshot
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
    managed by the department head, with an objective of 2 key results checked in (every third
    one ahead, on track; the others behind) and snapshots back to the cycle's start, a week ago
    ahead of today; the first `hidden` people's objectives are private (hidden from the member,
    seen by the head, the CEO and the admin), so that the figures take the same branch at both
    sizes (over the visible objectives, the hidden ones' sums taken off)."""
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
        # Every third one well ahead (on track), the others behind.
        value = 95 if i % 3 == 0 else i % 90
        for key_result in objective.key_results.all()[: 2 if i % 3 == 0 else 1]:
            services.check_in(person, key_result, value=value, confidence=i % 10)
    write_snapshots.call()
    # The snapshots written back to the cycle's start say a week ago was ahead of today: the
    # at-risk list's forecast check (insights.selectors.forecast_short) lists the on-track
    # objectives too (falling behind at this rate).
    today = ObjectiveSnapshot.objects.aggregate(day=Max("day"))["day"]
    ObjectiveSnapshot.objects.filter(day=today - rules.FRESH_FOR).update(progress=Decimal(1))


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
    # The at-risk list's forecast check found on-track objectives short at this rate.
    visible = okr_selectors.visible_objectives(reader).filter(cycle=world.cycle)
    assert insights.forecast_short(reader, world.cycle, visible)


def test_the_headline_is_a_fixed_number_of_queries(world, readers):
    """The headline the dashboards show (insights.figures: the kept per-team sums of the
    scope, then the reader's withheld atoms taken off): three queries for the sums and one
    for the hidden objectives' sums per atom (none for an admin), at 10 people as at 30."""
    counts = []
    for grown in ((0, 10), (10, 30)):
        _grow(world, *grown, hidden=3)
        now = timezone.now()
        measured = {}
        for role, reader in readers.items():
            for team in (None, world.product):
                scope = okr_selectors.in_team_subtree_q(team) if team else Q()
                with CaptureQueriesContext(connection) as captured:
                    sums = figures.scope_sums(world.cycle, team, now)
                    hidden = insights.hidden_by_atom(reader, world.cycle, scope, now)
                    figures.headline_of(rules.take_off_hidden(sums, hidden))
                measured[role, team] = len(captured)
        assert measured == {
            (role, team): 3 if role == "admin" else 4
            for role in readers
            for team in (None, world.product)
        }
        counts.append(measured)
    assert counts[0] == counts[1]
