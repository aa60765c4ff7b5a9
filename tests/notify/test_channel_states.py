"""A channel's state machine, as a table: active, failing (since when), paused by an admin,
paused after a day of failures; moved by an admin's pause / resume (the channels page) and by
the worker's sends. Resuming starts the channel afresh: a paused channel's old "failing since"
must not pause it again at its first failure after the resume."""

import socket
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mubiao.notify import services
from mubiao.notify.models import Channel, Delivery
from tests.notify.conftest import delivered

LONG_AGO = timedelta(hours=25)  # longer than rules.PAUSE_AFTER
RECENTLY = timedelta(hours=1)

# (state before: paused, failing since how long ago), what happens,
# (state after: paused, failing since "kept" / "new" / None), the test delivery's status.
TABLE = [
    ((False, None), "send_ok", (False, None), "sent"),
    ((False, None), "send_fails", (False, "new"), "retrying"),
    ((False, RECENTLY), "send_ok", (False, None), "sent"),
    ((False, RECENTLY), "send_fails", (False, "kept"), "retrying"),
    ((False, LONG_AGO), "send_fails", (True, "kept"), "retrying"),
    ((True, None), "send_ok", (True, None), "failed"),
    ((True, LONG_AGO), "send_ok", (True, "kept"), "failed"),
    ((False, None), "pause", (True, None), None),
    ((False, RECENTLY), "pause", (True, "kept"), None),
    ((True, LONG_AGO), "pause", (True, "kept"), None),
    ((True, None), "resume", (False, None), None),
    ((True, LONG_AGO), "resume", (False, None), None),
    ((False, RECENTLY), "resume", (False, None), None),
    # The tester's finding: resumed after a day of failures, then one failure is one failure.
    ((True, LONG_AGO), "resume_then_send_fails", (False, "new"), "retrying"),
]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(("before", "event", "after", "status"), TABLE)
def test_channel_state_machine(world, settings, smtp, client_for, before, event, after, status):
    channel = services.add_channel(world.admin, events=["comment"], kind="email", name="Leads",
                                   address="leads@acme.test")  # fmt: skip
    start = timezone.now()
    paused_at = start - timedelta(minutes=5) if before[0] else None
    failing = start - before[1] if before[1] else None
    Channel.objects.filter(pk=channel.pk).update(paused_at=paused_at, failing_since=failing)
    channel.refresh_from_db()
    if event.endswith("send_fails"):
        down = {"host": "127.0.0.1", "port": _closed_port()}
        settings.MAILERS = {"default": {**settings.MAILERS["default"], "OPTIONS": down}}
    delivery = None
    if event in ("pause", "resume", "resume_then_send_fails"):
        # Through the channels page, as an admin does it.
        action = "pause" if event == "pause" else "resume"
        url = reverse("notify_channel", args=[channel.pk])
        assert client_for(world.admin).post(url, {"action": action}).status_code == 302
    if event.startswith("send") or event.endswith("send_fails"):
        delivery = delivered(services.test_channel(world.admin, channel))
    channel.refresh_from_db()
    assert (channel.paused_at is not None) == after[0]
    if after[0] and before[0] and event == "pause":
        assert channel.paused_at == paused_at  # pausing again keeps when it was paused
    expected_failing = {None: None, "kept": failing}.get(after[1], "new")
    if expected_failing == "new":
        assert channel.failing_since is not None and channel.failing_since >= start
    else:
        assert channel.failing_since == expected_failing
    if status is None:
        assert not Delivery.objects.filter(channel=channel).exists()
    else:
        assert delivery.status == status
        if status == "failed":
            assert delivery.error == "paused" and smtp.to("leads@acme.test") == []
        if status == "sent":
            assert len(smtp.to("leads@acme.test")) == 1
    # Told once, only when the failures paused it.
    told = Delivery.objects.filter(kind="channel_paused").exists()
    assert told == (after[0] and not before[0] and event.startswith("send"))
