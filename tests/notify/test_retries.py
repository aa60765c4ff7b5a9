"""A channel that fails for a reason that may pass is retried with back-off, each retry
claimed once; after a day of failures it is paused and the admins are told."""

import socket
from datetime import timedelta

from django.utils import timezone

from mubiao.notify import services
from mubiao.notify.models import Channel, Delivery


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _unreachable(working: dict) -> dict:
    options = {"host": "127.0.0.1", "port": _closed_port()}
    return {"default": {**working["default"], "OPTIONS": options}}


def test_unreachable_mail_server_is_retried_then_delivered_once(world, settings, smtp):
    channel = services.add_channel(world.admin, kind="email", name="Leads",
                                   address="leads@acme.test")  # fmt: skip
    working = settings.MAILERS
    settings.MAILERS = _unreachable(working)
    first = services.test_channel(world.admin, channel)
    assert first.status == "retrying" and first.attempts == 1 and first.payload
    assert first.next_attempt_at > timezone.now()
    channel.refresh_from_db()
    assert channel.failing_since is not None
    settings.MAILERS = working
    later = first.next_attempt_at + timedelta(seconds=1)
    assert services.run_due(later)["retried"] == 1
    assert services.run_due(later).get("retried") is None  # claimed once
    first.refresh_from_db()
    assert (first.status, first.attempts, first.payload) == ("sent", 2, None)
    (mail,) = smtp.to("leads@acme.test")
    assert "test message" in mail["Subject"]
    channel.refresh_from_db()
    assert channel.failing_since is None


def test_a_channel_failing_for_a_day_is_paused_and_admins_told(
    world, settings, smtp, django_capture_on_commit_callbacks
):
    channel = services.add_channel(world.admin, kind="email", name="Leads",
                                   address="leads@acme.test")  # fmt: skip
    Channel.objects.filter(pk=channel.pk).update(failing_since=timezone.now() - timedelta(hours=25))
    channel.refresh_from_db()
    working = settings.MAILERS
    settings.MAILERS = _unreachable(working)
    with django_capture_on_commit_callbacks(execute=True):
        services.test_channel(world.admin, channel)
        settings.MAILERS = working  # the admins' e-mail leaves after the pause commits
    channel.refresh_from_db()
    assert channel.paused_at is not None
    # The pending retry is dropped: a paused channel is not tried again.
    pending = Delivery.objects.get(channel=channel)
    services.run_due(pending.next_attempt_at + timedelta(seconds=1))
    pending.refresh_from_db()
    assert pending.status == "failed" and smtp.to("leads@acme.test") == []
    (told,) = smtp.to("admin@acme.test")
    assert told["Subject"] == "The channel Leads failed for a day and was paused"
