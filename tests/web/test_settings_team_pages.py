"""h14t: Settings → Teams lists every team a page at a time (it stopped at 2,000), each by its
whole path, filtered by a part of the name, each page at the same query count."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mubiao.orgs import closures
from mubiao.orgs.models import Team
from mubiao.orgs.selectors import MAX_TEAM_OPTIONS

pytestmark = pytest.mark.django_db


def listed(html: str) -> list[str]:
    section = re.search(r'<ul class="team-tree">.*?</ul>', html, re.S).group(0)
    return re.findall(r'href="/settings/teams/(\d+)">([^<]*)</a>', section)


def test_every_page_of_more_teams_than_the_cap_is_walked(world, client_for, other_world):
    Team.objects.bulk_create(
        Team(organization=world.org, name=f"组{i:04d}", slug=f"g{i}", parent=world.product)
        for i in range(MAX_TEAM_OPTIONS + 3)
    )
    Team.objects.filter(pk=world.extra["support"].pk).update(is_archived=True)
    closures.rebuild(world.org.pk)
    client = client_for(world.admin)
    seen, counts, url = [], set(), reverse("settings_teams")
    while url:
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        counts.add(len(captured))
        seen += listed(html)
        after = re.search(r'<a href="([^"]*)" rel="next">', html)
        url = reverse("settings_teams") + after.group(1).replace("&amp;", "&") if after else None
    expected = Team.objects.filter(organization=world.org, is_archived=False)
    assert len(seen) == len(set(seen)) == expected.count() == MAX_TEAM_OPTIONS + 6
    assert {int(pk) for pk, _path in seen} == set(expected.values_list("pk", flat=True))
    assert (str(world.docs.pk), "Company / 产品部 / Docs") in seen
    assert len(counts) == 1  # every page, the first and the last, costs the same queries


def test_the_list_is_filtered_by_a_part_of_the_name(world, client_for, other_world):
    client = client_for(world.admin)
    html = client.get(reverse("settings_teams"), {"q": "oc"}).content.decode()
    assert listed(html) == [(str(world.docs.pk), "Company / 产品部 / Docs")]
    html = client.get(reverse("settings_teams"), {"q": "<nothing>"}).content.decode()
    assert listed(html) == [] and "No team's name holds that." in html
    assert "&lt;nothing&gt;" in html


def test_a_page_past_the_last_is_refused(world, client_for):
    response = client_for(world.admin).get(reverse("settings_teams"), {"page": 9})
    assert response.status_code == 422
