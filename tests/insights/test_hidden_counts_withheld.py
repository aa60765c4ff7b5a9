"""How many objectives a reader cannot see is a figure about them too: withheld whenever any
is hidden (no figure counts them, issue 12), on the
dashboards, the flat lists and the API (issue 12, probe 12: "1 objective you cannot see" told a
teammate had just made a private objective)."""

import pytest
from django.test import Client

from mubiao.accounts.tokens import create_token
from mubiao.orgs.models import TeamMember
from tests.conftest import make_member, make_objective

PAGES = [
    ("team", "/teams/product"),
    ("team list", "/teams/product?view=list"),
    ("company", "/company"),
    ("company list", "/company?view=list"),
]


def _private(owner, world, n=1):
    for i in range(n):
        make_objective(owner, world.cycle, f"{owner} secret {i}", visibility="private")


def _reads(world, client_for):
    client = client_for(world.outsider)
    _, secret = create_token(world.outsider)
    api = Client(headers={"authorization": f"Bearer {secret}"})
    pages = {name: client.get(url) for name, url in PAGES}
    headlines = {
        path: api.get(path).json()["headline"]
        for path in (f"/api/v1/dashboards/teams/{world.product.pk}", "/api/v1/dashboards/company")
    }
    return pages, headlines


@pytest.mark.parametrize("objectives_of_one_owner", [1, 3])
def test_one_owners_hidden_objectives_are_not_counted_anywhere(
    world, client_for, objectives_of_one_owner
):
    make_objective(world.alice, world.cycle, "Alice public")
    _private(world.alice, world, objectives_of_one_owner)
    pages, headlines = _reads(world, client_for)
    for name, response in pages.items():
        body = response.content.decode()
        assert response.status_code == 200 and response.context["hidden_count"] is None, name
        assert "objective you cannot see" not in body, name
        assert "objectives you cannot see" not in body.replace("some objectives you", ""), name
    for path, headline in headlines.items():
        assert headline["hidden_objectives"] is None, path
        assert headline["over_visible"] is True, path


def test_three_owners_hidden_objectives_are_not_counted_either(world, client_for):
    """Once counted at 3 owners: the count's flip then told when a third private objective
    appeared, and a subtraction each one's band, status and confidence (issue 12)."""
    third = make_member(world.org, "chen@acme.test", "Chen")
    TeamMember.objects.create(team=world.product, membership=third)
    for owner in (world.alice, world.lead, third):
        _private(owner, world)
    pages, headlines = _reads(world, client_for)
    for name, response in pages.items():
        assert response.context["hidden_count"] is None, name
        assert "3 objectives you cannot see" not in response.content.decode(), name
    for path, headline in headlines.items():
        assert headline["hidden_objectives"] is None, path
        assert headline["over_visible"] is True, path
        assert headline["objectives"] == 0, path


def test_the_api_says_what_null_means(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["HeadlineOut"]
    hidden = schema["properties"]["hidden_objectives"]
    assert "null when withheld" in hidden["description"]
    assert "visible or not" not in schema["properties"]["objectives"]["description"]
