"""Defects a newcomer's tryout of the web app found (tests/e2e/test_crawl.py), pinned at the
HTML level where a browser is not needed."""

import pytest
from django.urls import reverse

from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def test_a_key_result_nobody_owns_shows_an_empty_avatar_not_a_question_mark(client_for, world):
    objective = make_objective(
        world.lead, world.cycle, "Ship the editor", owner_type="team", owner_team=world.product
    )
    kr = objective.key_results.get()
    assert kr.owner is None
    client = client_for(world.lead)
    html = client.get(reverse("team", args=[world.product.slug]) + "?view=list").content.decode()
    row = html[html.index(f'data-kr-row="{kr.pk}"') :]
    avatar = row[row.index('<span class="avatar') : row.index("</span>")]
    assert 'avatar--none" title="No owner"' in avatar and "?" not in avatar
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("objective", args=[objective.pk]))
    assert 'title="无负责人"' in page.content.decode()
