"""Finding people by name or email (okrs.selectors.person_q, issue 14): the indexed candidates
change nothing about who is found. The same people as a recomputation from the rule (the name
the organization knows them by, an invitee's being the invitation's, or their email), for
what people type, through search, the mention box, Settings → People and the API."""

import pytest
from django.urls import reverse

from mubiao.accounts import services as account_services
from mubiao.okrs import selectors
from mubiao.orgs.models import Membership
from tests.api.conftest import Api
from tests.conftest import make_member, make_objective

pytestmark = pytest.mark.django_db

QUERIES = ["ali", "ALICE", "王", "小明", "other.test", "acme", "li", "Hidden", "%", "_", "zz"]


def expected(world, query: str, starts: bool = False) -> set[str]:
    def hit(text: str) -> bool:
        text, wanted = text.lower(), query.lower()
        return text.startswith(wanted) if starts else wanted in text

    found = set()
    for member in Membership.objects.filter(organization=world.org, is_active=True):
        invitation = getattr(member, "invitation", None)
        pending = invitation is not None and invitation.accepted_at is None
        name = invitation.name if pending else member.user.name
        if hit(name) or hit(member.user.email):
            found.add(member.user.email)
    return found


@pytest.fixture
def people(world, other_world):
    make_member(world.org, "wang@acme.test", "王小明")
    make_member(world.org, "zhao@acme.test", "Zhao Li")
    # A person of the other organization, invited here under another name: their account's
    # name is the other organization's business; here they are found by the invitation's.
    make_member(other_world.org, "rw@other.test", "Hidden Name")
    account_services.invite_member(world.admin, email="rw@other.test", name="Robert 小明")


@pytest.mark.parametrize("query", QUERIES)
def test_people_found_equal_the_rule(world, people, query):
    found = selectors.members(world.admin).filter(selectors.person_q(world.admin, query))
    assert {m.user.email for m in found} == expected(world, query)
    starts = selectors.person_q(world.admin, query, "istartswith")
    starting = selectors.members(world.admin).filter(starts)
    assert {m.user.email for m in starting} == expected(world, query, starts=True)


def test_every_entry_point_finds_the_invitee_by_the_invitations_name(client_for, world, people):
    client = client_for(world.admin)
    assert "rw@other.test" in client.get(reverse("search"), {"q": "Robert"}).content.decode()
    mention = client.get(reverse("mentions"), {"q": "@Rob"}).content.decode()
    assert 'data-mention="Robert 小明"' in mention
    listed = client.get(reverse("settings_people"), {"q": "robert"}).content.decode()
    assert "rw@other.test" in listed
    found = Api(world.admin).get("/members", {"q": "robert"}).json()
    assert [m["email"] for m in found["items"]] == ["rw@other.test"], found
    # Not by the name their account has in the other organization.
    assert "rw@other.test" not in client.get(reverse("search"), {"q": "Hidden"}).content.decode()


def test_the_align_to_picker_finds_an_owner_by_the_name_known_here(client_for, world, people):
    invitee = Membership.objects.get(organization=world.org, user__email="rw@other.test")
    make_objective(world.admin, world.cycle, "Ship the beta", owner_member=invitee)
    client = client_for(world.alice)

    def options(query: str) -> str:
        params = {"align_q": query, "cycle": world.cycle.pk}
        return client.get(reverse("align_options"), params).content.decode()

    assert "Ship the beta" in options("Robert")
    assert "Ship the beta" not in options("Hidden Name")
