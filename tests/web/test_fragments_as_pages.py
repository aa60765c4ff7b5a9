"""h9m (issue 9): a check-in refused on the key result's page (a bad value) leaves the browser
at /krs/<id>/check-in; reloading it showed a bare htmx fragment. Every URL answering htmx with a
piece of a page (base.fragment_of) takes a plain GET to the page the piece belongs to."""

import pytest
from django.urls import reverse

from tests.conftest import make_objective

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}

CASES = {
    "check-in form": ("check_in", lambda kr: reverse("key_result", args=[kr.pk]) + "#check-in",
                      lambda kr: kr.pk),
    "key result row": ("key_result_row", lambda kr: reverse("key_result", args=[kr.pk]),
                       lambda kr: kr.pk),
    "alignment level": ("alignment_children",
                        lambda kr: reverse("objective", args=[kr.objective_id]),
                        lambda kr: kr.objective_id),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_fragment_opened_as_a_page_goes_to_its_page(world, client_for, case):
    name, page_url, pk = CASES[case]
    kr = make_objective(world.alice, world.cycle).key_results.first()
    client = client_for(world.alice)
    url = reverse(name, args=[pk(kr)])
    assert client.get(url, **HTMX).status_code == 200
    opened = client.get(url)
    assert opened.status_code == 302 and opened["Location"] == page_url(kr)


def test_reloading_after_a_refused_check_in_shows_the_whole_page(world, client_for):
    kr = make_objective(world.alice, world.cycle).key_results.first()
    client = client_for(world.alice)
    url = reverse("check_in", args=[kr.pk])
    refused = client.post(url, {"value": "lots"})
    assert refused.status_code == 422 and "<html" in refused.content.decode()
    reloaded = client.get(url, follow=True)
    assert reloaded.status_code == 200 and "<html" in reloaded.content.decode()
