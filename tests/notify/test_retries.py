"""A channel that fails for a reason that may pass is retried with back-off, each retry
claimed once; after a day of failures it is paused and the admins are told."""

import socket
from datetime import timedelta

from django.utils import timezone

from mubiao.notify import services
from mubiao.notify.models import Channel, Delivery, Notification
from mubiao.okrs import services as okrs
from mubiao.okrs.models import Objective
from tests.conftest import make_objective
from tests.notify.conftest import delivered, parts


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _unreachable(working: dict) -> dict:
    options = {"host": "127.0.0.1", "port": _closed_port()}
    return {"default": {**working["default"], "OPTIONS": options}}


def test_unreachable_mail_server_is_retried_then_delivered_once(world, settings, smtp):
    channel = services.add_channel(world.admin, events=["comment"], kind="email", name="Leads",
                                   address="leads@acme.test")  # fmt: skip
    working = settings.MAILERS
    settings.MAILERS = _unreachable(working)
    first = delivered(services.test_channel(world.admin, channel))
    assert first.status == "retrying" and first.attempts == 1 and first.payload
    assert first.next_attempt_at > timezone.now()
    channel.refresh_from_db()
    assert channel.failing_since is not None
    settings.MAILERS = working
    later = first.next_attempt_at + timedelta(seconds=1)
    assert services.run_due(later)["delivered"] == 1
    assert services.run_due(later).get("delivered") is None  # claimed once
    first.refresh_from_db()
    assert (first.status, first.attempts, first.payload) == ("sent", 2, None)
    (mail,) = smtp.to("leads@acme.test")
    assert "test message" in mail["Subject"]
    channel.refresh_from_db()
    assert channel.failing_since is None


def test_a_channel_failing_for_a_day_is_paused_and_admins_told(world, settings, smtp):
    channel = services.add_channel(world.admin, events=["comment"], kind="email", name="Leads",
                                   address="leads@acme.test")  # fmt: skip
    Channel.objects.filter(pk=channel.pk).update(failing_since=timezone.now() - timedelta(hours=25))
    channel.refresh_from_db()
    working = settings.MAILERS
    settings.MAILERS = _unreachable(working)
    # Two deliveries: the first fails and pauses the channel, which drops the second.
    first = services.test_channel(world.admin, channel)
    second = services.test_channel(world.admin, channel)
    delivered(first, second)
    assert (first.status, second.status, second.error) == ("retrying", "failed", "paused")
    settings.MAILERS = working
    # The admins' e-mail, queued when the channel was paused: sent in that same pass (then
    # refused by the mail server that was down) or just after it.
    services.deliver_due(Delivery.objects.get(kind="channel_paused").next_attempt_at)
    channel.refresh_from_db()
    assert channel.paused_at is not None
    # The pending retry is dropped: a paused channel is not tried again.
    pending = first
    services.run_due(pending.next_attempt_at + timedelta(seconds=1))
    pending.refresh_from_db()
    assert pending.status == "failed" and smtp.to("leads@acme.test") == []
    (told,) = smtp.to("admin@acme.test")
    assert told["Subject"] == "The channel Leads failed for a day and was paused"


def _mention_bob_while_the_mail_server_is_down(world, settings, capture):
    objective = make_objective(world.outsider, world.cycle, "Answer tickets within a day")
    services.save_preferences(world.bob, channels={"mention": ["email"]}, reminders=True,
                              digests=True, weekday=0, hour=10)  # fmt: skip
    working = settings.MAILERS
    settings.MAILERS = _unreachable(working)
    with capture(execute=True):
        okrs.add_comment(world.lead, objective=objective, body="@Bob please review")
    services.deliver_due()
    settings.MAILERS = working
    (first,) = Delivery.objects.filter(recipient=world.bob, channel_kind="email")
    assert (first.status, first.attempts) == ("retrying", 1) and first.payload
    assert first.next_attempt_at > timezone.now()
    return objective, first


def test_a_persons_email_refused_by_the_mail_server_is_retried_once(
    world, settings, smtp, django_capture_on_commit_callbacks
):
    _objective, first = _mention_bob_while_the_mail_server_is_down(
        world, settings, django_capture_on_commit_callbacks
    )
    later = first.next_attempt_at + timedelta(seconds=1)
    assert services.run_due(later)["delivered"] == 1
    assert services.run_due(later).get("delivered") is None  # claimed once
    first.refresh_from_db()
    assert (first.status, first.attempts, first.payload) == ("sent", 2, None)
    (mail,) = smtp.to("bob@acme.test")
    assert "Li Lead mentioned you" in mail["Subject"] and "please review" in parts(mail)[0]
    # One Message-ID per delivery, the same on every attempt: a copy a mail system got before
    # a worker died mid-send is recognised as the same message.
    assert mail["Message-ID"].startswith(f"<{services.delivery_key(first)}@")


def test_a_persons_email_retried_after_the_objective_was_made_private_is_withdrawn(
    world, settings, smtp, django_capture_on_commit_callbacks
):
    objective, first = _mention_bob_while_the_mail_server_is_down(
        world, settings, django_capture_on_commit_callbacks
    )
    Objective.objects.filter(pk=objective.pk).update(visibility="private")
    services.run_due(first.next_attempt_at + timedelta(seconds=1))
    first.refresh_from_db()
    assert (first.status, first.payload, first.next_attempt_at) == ("withdrawn", None, None)
    assert smtp.to("bob@acme.test") == []


def test_admins_hear_of_a_paused_mail_channel_while_the_mail_server_stays_down(
    world, settings, smtp
):
    """The channel paused after a day may be the mail server itself: the admins' notice, an
    e-mail through that server, fails its retries while it stays down, so it is in their bell
    as well (and their e-mail still comes once the server is back within the retries)."""
    channel = services.add_channel(world.admin, kind="email", name="Leads",
                                   address="leads@acme.test", events=["comment"])  # fmt: skip
    Channel.objects.filter(pk=channel.pk).update(failing_since=timezone.now() - timedelta(hours=25))
    settings.MAILERS = _unreachable(settings.MAILERS)
    delivered(services.test_channel(world.admin, channel))
    notice = Delivery.objects.get(kind="channel_paused", recipient=world.admin)
    while notice.status != "failed":  # every retry, the server still down
        services.deliver_due(notice.next_attempt_at, drain_seconds=0)
        notice.refresh_from_db()
    assert smtp.to("admin@acme.test") == []
    (bell,) = Notification.objects.filter(recipient=world.admin, kind="channel_paused")
    assert bell.data == {"channel": "Leads"}


def test_an_email_address_the_mailer_refuses_fails_that_delivery_alone(
    world, settings, smtp, django_capture_on_commit_callbacks
):
    """An address Django refuses to write in a header (a line break in it: its ValueError,
    not the mail server's answer) fails its own delivery for good, with the reason, and the
    round goes on to the next message (it ended the worker's pass)."""
    objective = make_objective(world.outsider, world.cycle, "Answer tickets within a day")
    for member in (world.bob, world.alice):
        services.save_preferences(member, channels={"mention": ["email"]}, reminders=True,
                                  digests=True, weekday=0, hour=10)  # fmt: skip
    type(world.bob.user).objects.filter(pk=world.bob.user.pk).update(
        email="bob@acme.test\nBcc: eve@evil.test"
    )
    with django_capture_on_commit_callbacks(execute=True):
        okrs.add_comment(world.lead, objective=objective, body="@Bob @Alice please review")
    services.deliver_due()
    bob = Delivery.objects.get(recipient=world.bob, channel_kind="email")
    assert (bob.status, bob.attempts, bob.next_attempt_at) == ("failed", 1, None)
    assert "Invalid address" in bob.detail
    alice = Delivery.objects.get(recipient=world.alice, channel_kind="email")
    assert alice.status == "sent"
    assert smtp.to("alice@acme.test") and not smtp.to("eve@evil.test")
