"""Adoption's team rows count each team's objectives and aligned ones as DESIGN.md §4 says, for
every reader who may see them (an admin, the CEO, a department's lead, a team's lead): over
all of the team's objectives, or over those the reader sees when the hidden ones belong to
1 or 2 owners (the minimum-count rule). Generated organizations with public, team and
private objectives, owned by people and by teams, some aligned; the page and the API
(/adoption/teams) against a recomputation from the reader's visible objectives. Guards
insights.adoption.team_rows, which tests visibility over the teams' team and private
objectives alone (issue 14)."""

import random

import pytest
from django.urls import reverse

from mubiao.insights.tasks import write_snapshots
from mubiao.okrs import selectors
from mubiao.okrs.models import Objective
from mubiao.orgs import permissions
from mubiao.orgs.models import Team, TeamMember
from tests.api.conftest import Api
from tests.conftest import make_member, make_objective

pytestmark = pytest.mark.django_db


def generate(world, seed: int) -> dict:
    """Three teams under the product department, each with a lead and four people owning 0–2
    objectives of random visibility, some aligned to a company objective, some owned by the
    team; a CEO who leads the company and manages the product lead. The readers."""
    rng = random.Random(seed)
    ceo = make_member(world.org, "ceo@acme.test", "Cleo CEO")
    TeamMember.objects.create(team=world.company, membership=ceo, is_lead=True)
    world.lead.manager = ceo
    world.lead.save()
    parent = make_objective(world.admin, world.cycle, "Company goal", owner_type="organization")
    team_leads = []
    for t in range(3):
        team = Team.objects.create(organization=world.org, name=f"T{t}", slug=f"t{t}",
                                   parent=world.product)  # fmt: skip
        lead = make_member(world.org, f"lead{t}@acme.test", f"Lead {t}", manager=world.lead)
        TeamMember.objects.create(team=team, membership=lead, is_lead=True)
        team_leads.append(lead)
        people = [lead]
        for p in range(4):
            person = make_member(world.org, f"p{t}.{p}@acme.test", f"P {t}.{p}",
                                 manager=lead if rng.random() < 0.5 else None)  # fmt: skip
            TeamMember.objects.create(team=team, membership=person)
            people.append(person)
        for person in people:
            for i in range(rng.choice([0, 1, 2])):
                fields = {"team": team, "visibility": rng.choice(["public", "team", "private"])}
                if person == lead and rng.random() < 0.3:
                    fields |= {"owner_type": "team", "owner_team": team}
                if rng.random() < 0.4:
                    fields["parent_objective"] = parent
                if fields.get("owner_type") == "team" and fields["visibility"] == "private":
                    fields["visibility"] = "team"  # a team's objective is never private
                make_objective(person, world.cycle, f"{person.pk}.{i}", **fields)
    return {"admin": world.admin, "ceo": ceo, "head": world.lead, "team lead": team_leads[0]}


def expected(world, reader, teams) -> dict[int, tuple[int, int, bool]]:
    """{team id: (objectives, aligned, over_visible)} from the objectives and what the reader
    sees of them."""
    seen = set(selectors.visible_objectives(reader).values_list("pk", flat=True))
    live = Objective.objects.filter(cycle=world.cycle, state__in=("active", "closed"))
    found = {}
    for team in teams:
        filed = list(live.filter(team=team))
        # Hidden ones are never counted; said for every reader but an admin (issue 12, S2).
        over_visible = not permissions.is_admin(reader)
        counted = [o for o in filed if o.pk in seen]
        aligned = [o for o in counted if o.parent_objective_id or o.parent_key_result_id]
        found[team.pk] = (len(counted), len(aligned), over_visible)
    return found


@pytest.mark.parametrize("source", ["stored", "live"])
@pytest.mark.parametrize("seed", range(4))
def test_team_rows_count_what_the_rule_allows(world, client_for, seed, source):
    readers = generate(world, seed)
    if source == "stored":
        write_snapshots.call()
    assert any(o.visibility != "public" for o in Objective.objects.filter(cycle=world.cycle)), (
        "the generated organization hides nothing: the test could not tell"
    )
    for name, reader in readers.items():
        rows = client_for(reader).get(reverse("adoption")).context["team_rows"]
        page = {r["team"].pk: (r["objectives"], r["aligned"], r["over_visible"]) for r in rows}
        teams = Team.objects.filter(pk__in=page)
        assert page == expected(world, reader, teams), (name, seed)
        answer = Api(reader).get("/adoption/teams", {"limit": 200}).json()
        api = {t["id"]: (t["objectives"], t["aligned"], t["over_visible"]) for t in answer["items"]}
        assert api == page, (name, seed)
