"""h9m (issue 9): two sendings of one create form (a double click, two tabs sending the page
again) created two objectives, two check-ins. Each create form carries a one-time token claimed
in the database (web.once, the mechanism the import confirmations use): the second sending
creates nothing and is taken to what the first made, with a word saying so. The race is
replayed exactly: the second request sends the same page after the first was saved, neither
having read anything the other wrote but the claim."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, Comment, Objective
from mubiao.playbook.models import Template
from mubiao.web.models import Claim
from tests.conftest import make_objective
from tests.web.test_writing import form_data

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def token(page) -> str:
    assert page.status_code == 200, page.content.decode()[:2000]
    return re.search(r'name="once" value="([^"]+)"', page.content.decode()).group(1)


def new_objective(client, world):
    sent = token(client.get(reverse("objective_create")))
    data = form_data(owner=f"person:{world.alice.pk}", krs=[{"title": "Activation up"}])
    return reverse("objective_create"), {**data, "once": sent}, {}


def kr_page_check_in(client, world):
    kr = world.kr
    sent = token(client.get(reverse("key_result", args=[kr.pk])))
    return reverse("check_in", args=[kr.pk]), {"value": "20", "note": "n", "once": sent}, {}


def inline_check_in(client, world):
    kr = world.kr
    sent = token(client.get(reverse("check_in", args=[kr.pk]), **HTMX))
    return reverse("check_in", args=[kr.pk]), {"value": "20", "once": sent}, HTMX


def objective_comment(client, world):
    objective = world.kr.objective
    sent = token(client.get(reverse("objective", args=[objective.pk])))
    return reverse("objective_comment", args=[objective.pk]), {"body": "Hi", "once": sent}, {}


def check_in_reply(client, world):
    entry = services.check_in(world.alice, world.kr, value=5)
    page = client.get(reverse("key_result", args=[world.kr.pk])).content.decode()
    form = page[page.index(reverse("check_in_comment", args=[entry.pk])) :]
    sent = re.search(r'name="once" value="([^"]+)"', form).group(1)
    return reverse("check_in_comment", args=[entry.pk]), {"body": "Hi", "once": sent}, HTMX


def copy_to_next_cycle(client, world):
    end = world.cycle.end_date
    services.create_cycle(
        world.admin, name="next", start_date=end + timedelta(1), end_date=end + timedelta(90)
    )
    objective = world.kr.objective
    sent = token(client.get(reverse("objective", args=[objective.pk])))
    return reverse("objective_copy", args=[objective.pk]), {"once": sent}, {}


def save_as_template(client, world):
    objective = world.kr.objective
    page = client.get(reverse("objective", args=[objective.pk])).content.decode()
    form = page[page.index(reverse("template_from_objective", args=[objective.pk])) :]
    sent = re.search(r'name="once" value="([^"]+)"', form).group(1)
    return reverse("template_from_objective", args=[objective.pk]), {"once": sent}, {}


CASES = {
    "new objective": (new_objective, lambda world: Objective.objects.filter(
        title="Make onboarding delightful").count()),
    "check-in on the key result's page": (kr_page_check_in, lambda world: CheckIn.objects.count()),
    "inline check-in": (inline_check_in, lambda world: CheckIn.objects.count()),
    "comment": (objective_comment, lambda world: Comment.objects.count()),
    "reply to a check-in": (check_in_reply, lambda world: Comment.objects.count()),
    "save as template": (save_as_template, lambda world: Template.objects.count()),
    "copy to the next cycle": (copy_to_next_cycle, lambda world: Objective.objects.filter(
        title="Existing").count()),
}  # fmt: skip


@pytest.fixture
def ready(world):
    world.kr = make_objective(world.alice, world.cycle, "Existing").key_results.first()
    return world


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_create_form_sent_twice_creates_once(ready, client_for, case):
    prepare, created = CASES[case]
    client = client_for(ready.alice)
    url, data, headers = prepare(client, ready)
    before = created(ready)
    first = client.post(url, data, **headers)
    assert first.status_code in (200, 302), first.content.decode()[:2000]
    assert created(ready) == before + 1
    second = client.post(url, data, **headers)
    assert created(ready) == before + 1
    result = Claim.objects.get().result
    target = second["HX-Redirect"] if headers else second["Location"]
    assert target == result
    shown = client.get(target).content.decode()
    assert "This form was already sent and saved: here is the result." in shown


def test_a_refused_sending_gives_its_claim_back(ready, client_for):
    """A form refused (no title) may be sent again once answered: its token is not used up."""
    client = client_for(ready.alice)
    url, data, _ = new_objective(client, ready)
    refused = client.post(url, {**data, "title": ""})
    assert refused.status_code == 200 and not Claim.objects.exists()
    assert client.post(url, data).status_code == 302
    assert Objective.objects.filter(title="Make onboarding delightful").count() == 1


def test_an_altered_token_saves_nothing_and_says_why(ready, client_for):
    client = client_for(ready.alice)
    url, data, _ = new_objective(client, ready)
    response = client.post(url, {**data, "once": data["once"][:-1] + "x"})
    assert "This form is too old or was altered" in response.content.decode()
    assert not Objective.objects.filter(title="Make onboarding delightful").exists()


def test_the_worker_clears_claims_older_than_their_tokens_and_a_sending_deletes_nothing(
    client_for, world
):
    """A sending costs one insert (issue 14: a check-in's queries); the claims whose tokens are
    refused by now (twice MAX_AGE) go in the worker's daily pass, the others stay (a second
    sending within the token's life is still told it was sent)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from mubiao.web import once
    from mubiao.web.tasks import clear_claims

    now = timezone.now()
    old = Claim.objects.create(nonce="old")
    kept = Claim.objects.create(nonce="kept")
    Claim.objects.filter(pk=old.pk).update(claimed_at=now - timedelta(seconds=2 * once.MAX_AGE + 1))
    Claim.objects.filter(pk=kept.pk).update(claimed_at=now - timedelta(seconds=once.MAX_AGE))
    with CaptureQueriesContext(connection) as captured, once.claim("fresh"):
        pass
    assert not [q for q in captured.captured_queries if "DELETE" in q["sql"]]
    assert set(Claim.objects.values_list("nonce", flat=True)) == {"old", "kept", "fresh"}
    assert clear_claims.call() == 1
    assert set(Claim.objects.values_list("nonce", flat=True)) == {"kept", "fresh"}
