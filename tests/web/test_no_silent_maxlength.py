"""No web text field silently cuts typing (issue 9, probe 9): `maxlength=500` let a browser keep
250 of 260 🚀 (it counts an emoji as two) where the API takes 500 characters. Pages carry no
HTML maxlength on text; the server refuses what is over the limit with a message."""

import re

import pytest
from django.urls import reverse

from mubiao.okrs.models import Objective
from tests.conftest import make_objective
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db


def test_no_page_carries_a_maxlength_on_text(world, client_for):
    objective = make_objective(world.alice, world.cycle)
    kr = objective.key_results.get()
    client = client_for(world.alice)
    for url in (
        reverse("objective_edit", args=[objective.pk]),
        reverse("key_result", args=[kr.pk]),
    ):
        html = client.get(url).content.decode()
        cut = [tag for tag in re.findall(r"<(?:input|textarea)[^>]*>", html)
               if "maxlength" in tag and 'type="search"' not in tag]  # fmt: skip
        assert cut == [], (url, cut)


def test_260_rockets_are_stored_whole(world, client_for):
    objective = make_objective(world.alice, world.cycle)
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[objective.pk])
    assert client.post(url, {**load(client, url), "title": "🚀" * 260}).status_code == 302
    assert Objective.objects.get(pk=objective.pk).title == "🚀" * 260
    response = client.post(url, {**load(client, url), "title": "🚀" * 501})
    assert "Keep this at most 500 characters long (it has 501)." in response.content.decode()
