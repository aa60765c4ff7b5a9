"""DESIGN.md §4's visibility rule is stated twice in orgs.permissions, once each way round:
objective_visibility_q(m) (which objectives a membership sees: pages, the API) and
members_seeing_q(o) (which memberships see an objective: a weekly report asks it of all its
readers at once). Over a generated organization, every role × every owner kind × visibility ×
state, the two must name the same (membership, objective) pairs: a change to one that is not
made to the other fails here."""

import pytest

from mubiao.okrs import services
from mubiao.okrs.models import Objective
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, TeamMember
from tests.conftest import make_member

# Every case in the PostgreSQL pass too: each role and visibility has its own query shape.
pytestmark = pytest.mark.every_case


@pytest.fixture
def organization(world):
    """make_world's people (admin; lead of 产品部 under Company, managing Alice and Bob; Alice
    in 产品部; Bob in Docs under 产品部; an outsider in Support) and: the organization's owner,
    the lead of Company (a parent team), Lead's own manager (a chain of two above Alice and
    Bob), a collaborator, a key result's owner, and someone in no team."""
    org = world.org
    people = {
        "admin": world.admin, "lead": world.lead, "alice": world.alice, "bob": world.bob,
        "outsider": world.outsider,
        "owner": make_member(org, "owner@acme.test", "Olive Owner", role=Membership.Role.OWNER),
        "top_lead": make_member(org, "top@acme.test", "Tom Top"),
        "boss": make_member(org, "boss@acme.test", "Bea Boss"),
        "collaborator": make_member(org, "co@acme.test", "Cole Collaborator"),
        "kr_owner": make_member(org, "kr@acme.test", "Kim Key"),
        "loner": make_member(org, "loner@acme.test", "Lou Loner"),
    }  # fmt: skip
    TeamMember.objects.create(team=world.company, membership=people["top_lead"], is_lead=True)
    TeamMember.objects.create(team=world.extra["support"], membership=people["collaborator"])
    TeamMember.objects.create(team=world.docs, membership=people["kr_owner"])
    world.lead.manager = people["boss"]
    world.lead.save()
    owners = [  # (owner_type, owner_member, owner_team, filed under)
        ("person", world.alice, None, world.product),
        ("person", world.bob, None, world.docs),
        ("person", people["loner"], None, None),
        ("team", None, world.product, None),
        ("team", None, world.docs, None),
        ("team", None, world.extra["support"], None),
        ("organization", None, None, None),
    ]
    objectives = []
    for owner_type, owner_member, owner_team, team in owners:
        for visibility in Objective.Visibility.values:
            for state in Objective.State.values:
                objective = services.create_objective(
                    world.admin, cycle=world.cycle, title=f"{owner_type} {visibility} {state}",
                    owner_type=owner_type, owner_member=owner_member, owner_team=owner_team,
                    team=team, visibility=visibility, collaborators=[people["collaborator"]],
                    key_results=[{"title": "Owned", "owner": people["kr_owner"]},
                                 {"title": "Nobody's"}],
                )  # fmt: skip
                # As a shell or a bulk load would: each state whatever the services allow.
                Objective.objects.filter(pk=objective.pk).update(state=state)
                objectives.append(Objective.objects.get(pk=objective.pk))
    return org, people, objectives


def test_who_sees_an_objective_is_what_each_sees(organization):
    org, people, objectives = organization
    seen_by = {
        name: set(
            Objective.objects.filter(organization=org)
            .filter(permissions.objective_visibility_q(member))
            .values_list("pk", flat=True)
        )
        for name, member in people.items()
    }
    disagreements = []
    for objective in objectives:
        condition = permissions.members_seeing_q(objective)  # None: everyone
        members = Membership.objects.filter(organization=org)
        if condition is not None:
            members = members.filter(condition)
        seeing = set(members.values_list("pk", flat=True))
        for name, member in people.items():
            if (member.pk in seeing) != (objective.pk in seen_by[name]):
                disagreements.append((objective.title, name, objective.pk in seen_by[name]))
    assert disagreements == []
    # The world is not degenerate: someone is kept out of something in each state.
    for state in Objective.State.values:
        assert any(
            objective.pk not in seen_by["outsider"]
            for objective in objectives
            if objective.state == state
        ), state
