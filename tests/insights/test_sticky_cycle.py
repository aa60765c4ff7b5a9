"""The chosen cycle sticks (issue 12): a cycle chosen with ?cycle= on a dashboard, adoption,
alignment or grading page is the cycle of every leader page its links lead to, drilling into a
sub-team included. Generated over every link of every such page: none may land on another
cycle."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.urls import resolve, reverse

from mubiao.okrs import services
from mubiao.okrs.models import Cycle
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db

# The pages about one cycle (calibration shows every cycle at once).
LEADER_PAGES = {
    "company",
    "team",
    "adoption",
    "alignment",
    "grading",
    "grading_review",
    "team_list",
}


@pytest.fixture
def past(world):
    """The quarter before, graded, with OKRs in every team (so every link is drawn)."""
    end = world.cycle.start_date - dt.timedelta(days=1)
    cycle = services.create_cycle(
        world.admin, name="Last quarter", kind=Cycle.Kind.QUARTER,
        start_date=end - dt.timedelta(days=89), end_date=end, state=Cycle.State.ACTIVE,
    )  # fmt: skip
    for person in (world.alice, world.bob, world.outsider, world.lead):
        make_objective(person, cycle, f"{person.user.name}'s goal")
        make_objective(person, world.cycle, f"{person.user.name}'s goal now")
    services.set_cycle_state(world.admin, cycle, Cycle.State.GRADING)
    return cycle


def _links(html: str) -> set[str]:
    found = set()
    for href in re.findall(r'href="([^"#]+)', html):
        href = href.replace("&amp;", "&")
        path = urlsplit(href).path
        if not path.startswith("/") or path.startswith("/static"):
            continue
        try:
            name = resolve(path).url_name
        except Exception:  # a link outside the site's pages
            continue
        if name in LEADER_PAGES:
            found.add(href)
    return found


@pytest.mark.parametrize(
    "start", ["company", "team", "adoption", "alignment", "grading_review", "company_list"]
)
def test_every_link_keeps_the_chosen_cycle(client_for, world, past, start):
    client = client_for(world.admin)
    if start == "team":
        url = reverse("team", args=[world.product.slug])
    elif start == "company_list":
        url = reverse("company") + "?view=list"
    else:
        url = reverse(start)
    joiner = "&" if "?" in url else "?"
    first = client.get(f"{url}{joiner}cycle={past.pk}")
    assert first.status_code == 200 and first.context["cycle"] == past
    links = _links(first.content.decode())
    assert links, url
    for link in sorted(links):
        answer = client.get(link)
        if answer.status_code == 200 and "cycle" in answer.context:
            assert answer.context["cycle"] == past, (start, link)
    # A sub-team reached from the company page (the treemap's and the table's drill-down).
    drilled = client.get(reverse("team", args=[world.docs.slug]))
    assert drilled.context["cycle"] == past
