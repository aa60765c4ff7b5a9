"""The headline's average progress, the progress line's last point (the page's chart and the
API's trend) and the sub-teams' figures are one number rounded once (issue 12: the headline
read 57% beside a last point of 57.5 that the chart rounded to 58)."""

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.web.templatetags.okr_ui import pct
from tests.api.conftest import Api
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def chart_text(value) -> str:
    """A point as app.js percentText prints it: whole, half up, never 100 short of 100."""
    value = Decimal(str(value))
    whole = value.quantize(Decimal(1), ROUND_HALF_UP)
    return str(whole) if not (whole >= 100 > value) else str(int(value * 10) / 10)


@pytest.fixture
def near_a_half(world):
    """Three objectives at 57.49%, 57.50% and 57.50% in 产品部: their mean (57.4966…%) rounds to
    57 at once, but to 58 through the line's four places (0.5750)."""
    for value in ("57.49", "57.50", "57.50"):
        objective = make_objective(world.alice, world.cycle, f"At {value}")
        services.check_in(world.alice, objective.key_results.get(), value=value, confidence=6)
    return world


@pytest.mark.parametrize("page", ["company", "team"])
def test_the_headline_is_the_lines_last_point(client_for, near_a_half, page):
    world = near_a_half
    args = [world.product.slug] if page == "team" else []
    response = client_for(world.admin).get(reverse(page, args=args))
    html = response.content.decode()
    headline = re.search(r'class="glance-number">([^<]+)<', html).group(1)
    last = response.context["trend"]["points"][-1][1]
    assert headline == f"{chart_text(last)}%"
    shown = {r["team"].name: pct(r["avg"]) for r in response.context["subteams"] if r["n"]}
    assert shown or page == "team"
    for tile in response.context["treemap"]:
        assert f"{chart_text(tile['progress'])}%" == shown[tile["name"]]
    # The API's headline and its trend's last point: the same number.
    path = "/dashboards/company" if page == "company" else f"/dashboards/teams/{world.product.pk}"
    body = Api(world.admin).get(path, {"cycle": world.cycle.pk}).json()
    assert body["headline"]["progress"] == body["trend"][-1]["progress"]
    assert headline == f"{chart_text(Decimal(str(body['trend'][-1]['progress'])) * 100)}%"
