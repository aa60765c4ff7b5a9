"""A check-in's next step and blocker flag (the weekly report's plans and risks) from each of
its forms: the key result's page, the inline form, the one-tap page."""

from mubiao.notify import links
from mubiao.okrs.models import CheckIn
from tests.conftest import make_objective
from tests.notify.conftest import one_tap


def test_the_web_forms_keep_a_next_step_and_a_blocker(world, client_for):
    kr = make_objective(world.alice, world.cycle, "Grow users").key_results.get()
    client = client_for(world.alice)
    page = client.get(f"/krs/{kr.pk}").text
    assert 'name="next_step"' in page and 'name="is_blocker"' in page
    inline = client.get(f"/krs/{kr.pk}/check-in", HTTP_HX_REQUEST="true").text
    assert 'name="next_step"' in inline and 'name="is_blocker"' in inline
    typed = {"value": "10", "note": "vendor late", "is_blocker": "on", "next_step": "Call them"}
    client.post(f"/krs/{kr.pk}/check-in", typed)
    client.post(f"/krs/{kr.pk}/check-in", {"value": "12"})
    rows = CheckIn.objects.order_by("created_at", "id").values_list("next_step", "is_blocker")
    assert list(rows) == [("Call them", True), ("", False)]


def test_the_one_tap_page_keeps_them_too(world, client):
    kr = make_objective(world.alice, world.cycle, "Grow users").key_results.get()
    url = "/" + links.check_in_url(world.alice.pk, kr.pk).split("://", 1)[1].split("/", 1)[1]
    assert f'name="next_step-{kr.pk}"' in client.get(url).text
    response = one_tap(client, url, {f"value-{kr.pk}": "5", f"next_step-{kr.pk}": "Ask legal",
                                 f"is_blocker-{kr.pk}": "on"})  # fmt: skip
    assert response.status_code == 200
    assert CheckIn.objects.values_list("next_step", "is_blocker").get() == ("Ask legal", True)
