"""The progress line's last point ("today") is the headline's figure, on the same basis, also
when some hidden objectives are left out of the figures (issue 12, probe 12: the company
headline said 0.5464 and its line ended at 0.5663, drawn over the visible objectives only while
the headline also counted the hidden ones of teams where those have 3 owners)."""

from decimal import Decimal

import pytest
from django.test import Client

from mubiao.accounts.tokens import create_token
from mubiao.okrs import services
from mubiao.orgs.models import TeamMember
from tests.conftest import make_member, make_objective

Q4 = Decimal("0.0001")


def _checked(owner, world, title, value, **fields):
    objective = make_objective(owner, world.cycle, title, **fields)
    services.check_in(owner, objective.key_results.get(), value=value)


@pytest.fixture
def mixed(world):
    """Hidden objectives of 3 owners in 产品部 and of one in Docs: none is counted (no figure
    counts an objective its reader may not see, whatever the number of owners)."""
    third = make_member(world.org, "chen@acme.test", "Chen")
    TeamMember.objects.create(team=world.product, membership=third)
    _checked(world.alice, world, "Alice public", 20)
    for owner, value in ((world.alice, 90), (world.lead, 80), (third, 70)):
        _checked(owner, world, f"{owner} secret", value, visibility="private")
    _checked(world.bob, world, "Bob public", 40)
    _checked(world.bob, world, "Bob secret", 10, visibility="private")


@pytest.mark.parametrize("path", ["company", "teams/{product}"])
def test_the_lines_last_point_is_the_headline(world, mixed, path):
    _, secret = create_token(world.outsider)
    api = Client(headers={"authorization": f"Bearer {secret}"})
    body = api.get(f"/api/v1/dashboards/{path.format(product=world.product.pk)}").json()
    headline = body["headline"]
    assert headline["over_visible"] is True
    # Counted: Alice public 20 and Bob public 40, none of the secrets.
    assert Decimal(str(headline["progress"])).quantize(Q4) == Decimal("0.3")
    assert Decimal(str(body["trend"][-1]["progress"])).quantize(Q4) == Decimal("0.3")
