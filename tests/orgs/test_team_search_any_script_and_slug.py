"""A team is found by its name written in traditional or simplified characters (產品 finds 产品部,
and a team named in traditional characters is found by the simplified query) and by its slug
(`product` finds 产品部, whose slug is product), on every route that searches teams: the Team
list, the search page, Settings › Teams, the team pickers, the @mention list, the alignment
picker and the API (probe 28: 產品 and product found nothing)."""

import pytest
from django.urls import reverse

from mubiao.orgs.models import Team
from mubiao.orgs.selectors import team_search
from tests.api.conftest import Api

pytestmark = pytest.mark.postgres

# (query, the team's name it finds)
CASES = [
    ("產品", "产品部"),
    ("产品", "产品部"),
    ("product", "产品部"),
    ("PRODUCT", "产品部"),
    ("研發", "研發中心"),
    ("研发", "研發中心"),
    ("rd-center", "研發中心"),
    # What a person types around it (probe 31: the API found nothing for " 产品 " and no route
    # for full-width letters): spaces around, full-width letters and digits.
    (" 产品 ", "产品部"),
    ("产品 ", "产品部"),
    ("ｐｒｏｄ", "产品部"),
    ("ＲＤ-center", "研發中心"),
]


@pytest.fixture
def teams(world):
    Team.objects.create(organization=world.org, name="研發中心", slug="rd-center",
                        parent=world.company)  # fmt: skip
    return world


@pytest.mark.parametrize(("query", "name"), CASES)
def test_every_team_search_finds_it(teams, client_for, query, name):
    world = teams
    client = client_for(world.admin)
    pages = {
        "teams": client.get(reverse("teams"), {"q": query}),
        "search": client.get(reverse("search"), {"q": query}),
        "settings_teams": client.get(reverse("settings_teams"), {"q": query}),
        "team_options": client.get(reverse("team_options"), {"team_q": query}),
        "mentions": client.get(reverse("mentions"), {"q": query}),
    }
    for route, response in pages.items():
        assert response.status_code == 200, route
        assert name in response.content.decode(), route
    from mubiao.okrs.selectors import teams as visible_teams

    assert name in {path.rsplit(" / ", 1)[-1] for _v, path in
                    team_search(visible_teams(world.admin), query)}  # fmt: skip
    body = Api(world.admin).get("/teams", {"q": query}).json()
    assert name in [row["name"] for row in body["items"]], body


def test_a_query_of_another_team_finds_not_it(teams, client_for):
    page = client_for(teams.admin).get(reverse("teams"), {"q": "產品"}).content.decode()
    assert "研發中心" not in page and "Support" not in page.split("<main", 1)[-1]


def test_a_query_of_spaces_finds_no_team(teams):
    from mubiao.okrs.selectors import teams as visible_teams

    assert team_search(visible_teams(teams.admin), "  　") == []
