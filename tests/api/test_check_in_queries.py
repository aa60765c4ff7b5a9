"""Every check-in route costs at most 20 statements, the same at a small and at a larger
organization (more siblings at every level and a deeper chain), with everything a check-in does
still done: the rollup to the top, the pace that got worse told to the owner, the aligned
check-in told to the parent's owner, by e-mail as they chose, and to the channels subscribed
(issue 14). Every statement counts, BEGIN/COMMIT and savepoints too (in a test the request's
transaction is a savepoint): as benchmarks.scale counts them."""

import re

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from mubiao.notify import messages as kinds
from mubiao.notify import rules as notify_rules
from mubiao.notify.models import Channel, Delivery, Notification, Preference
from mubiao.okrs import services
from mubiao.okrs.models import Activity, CheckIn, KeyResult, Objective
from mubiao.web.models import Claim
from tests.api.test_check_in_cost import rolling_chain
from tests.conftest import make_world
from tests.okrs.test_rollup import from_scratch, stored

# (alignment depth, siblings at each level): a small organization, a deeper chain, and the same
# chain with 20 siblings at every level and 20 more people.
SIZES = ((2, 1), (6, 1), (6, 20))
LIMIT = 20
# Rows a check-in makes, not reads: as many as the events to tell (the paces that got worse).
WRITTEN = (CheckIn, Activity, Notification, Delivery, Claim)


def busy_chain(w, depth: int, siblings: int):
    """rolling_chain, with its parent's owner (and Alice) asking for e-mail too, two channels
    subscribed to both kinds a check-in may tell, and Alice's key result on track (a check-in
    of 5 then puts it, and those it rolls up into, off track: paces got worse)."""
    kr = rolling_chain(w, depth, siblings)
    both = {kinds.ALIGNED_CHECKIN: [notify_rules.INAPP, notify_rules.EMAIL],
            kinds.PACE_WORSE: [notify_rules.INAPP, notify_rules.EMAIL]}  # fmt: skip
    for member in (w.lead, w.alice):
        Preference.objects.update_or_create(membership=member, defaults={"channels": both})
    for kind in (Channel.Kind.WEBHOOK, Channel.Kind.EMAIL):
        Channel.objects.create(
            organization=w.org, kind=kind, name=kind, config={"url": "https://hooks.example/x"},
            events=[kinds.ALIGNED_CHECKIN, kinds.PACE_WORSE],
        )  # fmt: skip
    services.check_in(w.alice, kr, value=60)
    kr.refresh_from_db()
    return kr


def web_sender(client_for, w, kr, *, htmx: bool):
    """The key result page's form (htmx: the inline check-in), with the page's one-time token."""
    client = client_for(w.alice)
    page = client.get(f"/krs/{kr.pk}").content.decode()
    token = re.search(r'name="once" value="([^"]+)"', page).group(1)
    headers = {"HX-Request": "true"} if htmx else {}
    data = {"value": "5", "confidence": "6", "note": "", "source_url": "", "once": token}
    return lambda: client.post(f"/krs/{kr.pk}/check-in", data, headers=headers)


def api_sender(api, w, kr):
    client = api(w.alice)
    client.get("/me")  # the token's first request writes last_used_at
    return lambda: client.post(f"/key-results/{kr.pk}/check-ins", {"value": 5})


def measured(send) -> tuple[int, dict]:
    """(statements, model instances read by model) of one request."""
    read: dict[str, int] = {}

    def count(sender, **_kwargs):
        if sender not in WRITTEN:
            read[sender.__name__] = read.get(sender.__name__, 0) + 1

    post_init.connect(count)
    try:
        # What runs once the request's transaction commits counts too (the worker's wake-up).
        with (
            CaptureQueriesContext(connection) as captured,
            TestCase.captureOnCommitCallbacks(execute=True),
        ):
            response = send()
    finally:
        post_init.disconnect(count)
    assert response.status_code in (200, 201, 302), response.content
    return len(captured.captured_queries), read


@pytest.mark.parametrize(
    "route",
    # The htmx inline answer reads the visible chain once more (its key results are the rows
    # the check-in rolled up): one statement over the web form's.
    ["web form", "htmx inline", "api"],
)
def test_every_check_in_route_costs_at_most_20_statements_and_rows_of_the_chain_only(
    world, other_world, client_for, api, route, stopped_clock
):
    results = []
    for w, (depth, siblings) in zip((world, other_world, make_world("third")), SIZES, strict=True):
        kr = busy_chain(w, depth, siblings)
        if route == "api":
            send = api_sender(api, w, kr)
        else:
            send = web_sender(client_for, w, kr, htmx=route == "htmx inline")
        before = dict(KeyResult.objects.filter(organization=w.org).values_list("pk", "status"))
        last_told = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
        last_queued = Delivery.objects.order_by("-pk").values_list("pk", flat=True).first()
        results.append(measured(send))
        # Everything a check-in does, done: rolled up to the top and right; each key result
        # whose pace got worse told to its owner (Alice's own, not to her), the check-in to the
        # parent's owner, in the bell and by e-mail as they chose; every event to both channels.
        top = Objective.objects.get(organization=w.org, title=f"Level {depth - 1}")
        assert top.progress > 0
        assert stored(w.org) == from_scratch(w.org)
        worse = [
            kr
            for kr in KeyResult.objects.filter(organization=w.org).select_related("objective")
            if notify_rules.pace_worse(before[kr.pk], kr.status)
        ]
        assert kr.pk in {k.pk for k in worse}
        owners = [k.owner_id or k.objective.owner_member_id for k in worse]
        expected = [(kinds.PACE_WORSE, o) for o in owners if o != w.alice.pk]
        expected.append((kinds.ALIGNED_CHECKIN, w.lead.pk))
        told = Notification.objects.filter(pk__gt=last_told or 0)
        assert sorted(told.values_list("kind", "recipient_id")) == sorted(expected)
        queued = Delivery.objects.filter(pk__gt=last_queued or 0)
        lead_told = sum(recipient == w.lead.pk for _kind, recipient in expected)
        assert queued.filter(channel=None).count() == lead_told  # only the lead asked for e-mail
        assert queued.exclude(channel=None).count() == 2 * (len(worse) + 1)
    statements = [count for count, _rows in results]
    assert len(set(statements)) == 1 and statements[0] <= LIMIT, statements
    # The rows read grow with the depth only: as many at 20 siblings a level as at 1.
    assert results[1][1] == results[2][1], (results[1][1], results[2][1])
