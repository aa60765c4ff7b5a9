"""Comments with mentions, the autocomplete, notifications, grading and its distribution."""

import pytest
from django.urls import reverse

from mubiao.notify.models import Notification
from mubiao.okrs import services
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_comment_with_mentions_notifies(client_for, world):
    objective = make_objective(world.alice, world.cycle, "Delight customers")
    client = client_for(world.alice)
    response = client.post(
        reverse("objective_comment", args=[objective.pk]), {"body": "@Bob and @产品部 look"}, **HTMX
    )
    assert response.status_code == 200
    assert "@Bob and @产品部 look" in response.content.decode()
    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert recipients == {world.bob.pk, world.lead.pk}
    bob = client_for(world.bob)
    assert "data-unread>1<" in bob.get(reverse("home")).content.decode()
    page = bob.get(reverse("notifications")).content.decode()
    assert "Alice mentioned you" in page and "Delight customers" in page
    bob.post(reverse("notifications_read"))
    assert "data-unread" not in bob.get(reverse("home")).content.decode()


def test_empty_comment_is_refused(client_for, world):
    objective = make_objective(world.alice, world.cycle)
    response = client_for(world.alice).post(
        reverse("objective_comment", args=[objective.pk]), {"body": "  "}, **HTMX
    )
    assert response.status_code == 422


def test_comment_on_a_key_result(client_for, world):
    kr = make_objective(world.alice, world.cycle).key_results.first()
    client = client_for(world.alice)
    client.post(reverse("kr_comment", args=[kr.pk]), {"body": "Numbers from the dashboard"})
    assert (
        "Numbers from the dashboard"
        in client.get(reverse("key_result", args=[kr.pk])).content.decode()
    )
    objective_page = client.get(reverse("objective", args=[kr.objective_id])).content.decode()
    assert "Numbers from the dashboard" in objective_page


def test_private_objective_mentions_notify_nobody_who_cannot_see_it(client_for, world):
    secret = make_objective(world.alice, world.cycle, "Secret", visibility="private")
    client_for(world.alice).post(
        reverse("objective_comment", args=[secret.pk]), {"body": "@Olga have a look"}
    )
    assert not Notification.objects.filter(recipient=world.outsider).exists()
    outsider = client_for(world.outsider)
    assert (
        outsider.post(reverse("objective_comment", args=[secret.pk]), {"body": "hi"}).status_code
        == 404
    )


def test_mention_autocomplete(client_for, world, other_world):
    html = client_for(world.alice).get(reverse("mentions"), {"q": "@b"}).content.decode()
    assert 'data-mention="Bob"' in html
    assert "bob@other.test" not in html
    teams = client_for(world.alice).get(reverse("mentions"), {"q": "产品"}).content.decode()
    assert 'data-mention="产品部"' in teams


def test_grading_with_suggested_scores_and_retrospective(client_for, world):
    objective = make_objective(world.alice, world.cycle, krs=2)
    first, second = objective.key_results.order_by("position")
    services.check_in(world.alice, first, value=100)
    services.check_in(world.alice, second, value=44)
    services.set_cycle_state(world.admin, world.cycle, "grading")
    client = client_for(world.alice)
    page = client.get(reverse("objective_grade", args=[objective.pk])).content.decode()
    # Suggested, never filled in (issue 9 M4: a suggestion left alone was stored as a grade).
    assert f'name="score_{first.pk}" value="" inputmode="decimal" placeholder="1.0"' in page
    assert f'name="score_{second.pk}" value="" inputmode="decimal" placeholder="0.4"' in page
    data = {f"score_{first.pk}": "1.0", f"score_{second.pk}": "0.4"}
    response = client.post(reverse("objective_grade", args=[objective.pk]), data)
    assert response.status_code == 422
    assert "needs a note" in response.content.decode()
    data["retrospective"] = "Second KR slipped: the vendor was late."
    assert client.post(reverse("objective_grade", args=[objective.pk]), data).status_code == 302
    objective.refresh_from_db()
    assert str(objective.score) == "0.70"
    bad = client.post(
        reverse("objective_grade", args=[objective.pk]), {**data, f"score_{first.pk}": "0.55"}
    )
    assert "one decimal" in bad.content.decode()


def test_distribution_for_leads_only(client_for, world):
    objective = make_objective(world.alice, world.cycle, krs=1)
    services.set_cycle_state(world.admin, world.cycle, "grading")
    kr = objective.key_results.first()
    # A committed objective below 1.0 is graded with its retrospective (issue 9).
    services.grade_objective(world.alice, objective, scores={kr.pk: ("0.7", "")}, retrospective="x")
    lead_page = client_for(world.lead).get(reverse("grading")).content.decode()
    assert 'id="score-chart"' in lead_page
    assert '"counts": [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]' in lead_page
    assert 'id="score-chart"' not in client_for(world.bob).get(reverse("grading")).content.decode()
