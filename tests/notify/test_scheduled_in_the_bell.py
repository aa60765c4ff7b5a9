"""Reminders and digests can be received in the bell as well as by e-mail (issue 11's "set a
reminder, receive it (in-app and e-mail)"): one bell entry each, with a link."""

from django.utils import timezone

from mubiao.notify import services
from mubiao.notify.models import NextDue, Notification
from mubiao.okrs import services as okrs
from tests.conftest import make_objective

BOTH = ["inapp", "email"]


def _due(member, kind):
    return NextDue.objects.get(membership=member, kind=kind).due_at


def test_a_reminder_and_a_digest_reach_the_bell_and_the_inbox(world, smtp, client):
    services.save_preferences(world.alice, channels={"reminder": BOTH}, reminders=True,
                              digests=True, weekday=0, hour=10)  # fmt: skip
    services.save_preferences(world.lead, channels={"team_digest": ["inapp"]}, reminders=False,
                              digests=True, weekday=0, hour=10)  # fmt: skip
    objective = make_objective(world.alice, world.cycle, "Grow revenue", team=world.product)
    okrs.check_in(world.alice, objective.key_results.get(), value=30, note="on it")
    make_objective(world.alice, world.cycle, "Quiet one")  # never checked in: needs an update
    services.run_due(timezone.now())
    services.run_due(max(_due(world.alice, "reminder"), _due(world.lead, "team_digest")))

    assert smtp.to("alice@acme.test")  # e-mail as before
    assert not [m for m in smtp.to("lead@acme.test") if "产品部" in m["Subject"]]
    (reminder,) = Notification.objects.filter(recipient=world.alice, kind="reminder")
    (digest,) = Notification.objects.filter(recipient=world.lead, kind="team_digest")
    assert digest.objective_id is None and reminder.objective_id is None

    client.force_login(world.alice.user)
    page = client.get("/notifications", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Time to check in: 1 key result needs an update" in page
    assert "/c/" in page  # the one-tap link
    client.force_login(world.lead.user)
    page = client.get("/notifications", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Weekly digest: 产品部" in page and "This week: 1 check-in" in page
