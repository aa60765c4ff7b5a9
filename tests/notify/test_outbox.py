"""Every message leaves through the outbox and the worker (issue 11): a request that causes one
never calls a channel, however long the channel takes to answer; a worker killed mid-send
leaves the message to the next pass once its claim's lease runs out, sent again with the same
delivery id; a rate-limited channel drains as fast as its limit lets it within one pass."""

import json
import os
import select
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from mubiao.notify import rules, services
from mubiao.notify.models import Delivery
from tests.conftest import make_objective, make_world
from tests.notify.receivers import SlackReceiver, WebhookReceiver
from tests.notify.test_shared_limits import ROOT, _database_url

SECRET = "SEC-outbox-secret"
# The receiver never answers within this: a channel that hangs.
HANG = 30


class SilentMailServer:
    """A mail server that accepts connections and never says a word (a hanging SMTP host)."""

    def __enter__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        return self

    def __exit__(self, *exc):
        self.listener.close()

    @property
    def port(self) -> int:
        return self.listener.getsockname()[1]

    def called(self) -> bool:
        """Whether anyone has connected (a connection waits to be accepted)."""
        return bool(select.select([self.listener], [], [], 0)[0])


@pytest.mark.django_db(transaction=True)
def test_requests_return_at_once_while_the_channels_hang(client_for, settings):
    world = make_world("outbox")
    objective = make_objective(world.alice, world.cycle, "Launch the mobile app")
    services.save_preferences(world.bob, channels={"mention": ["email"]}, reminders=True,
                              digests=True, weekday=0, hour=10)  # fmt: skip
    with WebhookReceiver(secret=SECRET, delay=HANG) as receiver, SilentMailServer() as mail:
        settings.MAILERS = {"default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": mail.port, "timeout": HANG},
        }}  # fmt: skip
        channel = services.add_channel(world.admin, kind="webhook", name="Integrator",
                                       url=receiver.url, secret=SECRET,
                                       events=["grading_open"])  # fmt: skip
        receiver.mode = "timeout"
        started = time.monotonic()
        commented = client_for(world.lead).post(
            reverse("objective_comment", args=[objective.pk]), {"body": "@Bob have a look"}
        )
        tested = client_for(world.admin).post(
            reverse("notify_channel", args=[channel.pk]), {"action": "test"}
        )
        elapsed = time.monotonic() - started
        assert commented.status_code == tested.status_code == 302
        assert elapsed < 5, elapsed
        # Both committed, their messages wait in the outbox: nobody called either channel,
        # and the worker was asked to send them now (a row in the task queue).
        assert receiver.requests == [] and not mail.called()
        woken = DBTaskResult.objects.filter(task_path="mubiao.notify.tasks.deliver")
        assert woken.count() == 2
        queued = Delivery.objects.order_by("channel_kind")
        assert list(queued.values_list("channel_kind", "status")) == [
            ("email", "queued"), ("webhook", "queued")
        ]  # fmt: skip
        receiver.mode = "ok"
        services.deliver_due()
        assert len(receiver.accepted) == 1 and mail.called()


# A worker pass as `mubiao notify run-due` runs it, `sys.argv[1]` seconds from now (a later
# pass, after the lease of a killed worker's claim); prints the deliveries afterwards.
PASS = """
import json
import sys
from datetime import timedelta

import django

django.setup()
from django.utils import timezone

from mubiao.notify import services
from mubiao.notify.models import Delivery

services.run_due(timezone.now() + timedelta(seconds=float(sys.argv[1])))
print(json.dumps(list(Delivery.objects.values_list("status", "attempts"))))
"""


def _database(tmp_path: Path) -> str:
    """The test database as a URL another process can open: PostgreSQL's own, or SQLite's
    in-memory database copied into a file (the worker processes then use the copy)."""
    if connection.vendor == "postgresql":
        return _database_url()
    path = tmp_path / "outbox.db"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    return f"sqlite:///{path}"


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_leaves_the_message_to_the_next_pass(tmp_path):
    world = make_world("killed")
    with WebhookReceiver(secret=SECRET, delay=HANG) as receiver:
        channel = services.add_channel(world.admin, kind="webhook", name="Integrator",
                                       url=receiver.url, secret=SECRET,
                                       events=["comment"])  # fmt: skip
        services.test_channel(world.admin, channel)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "mubiao.settings",
            "MUBIAO_DATABASE_URL": _database(tmp_path),
            "MUBIAO_VAR_DIR": str(tmp_path),
            "MUBIAO_SECRET_KEY": settings.SECRET_KEY,  # to read the channel's secret URL
            "MUBIAO_OUTBOUND_ALLOW_PRIVATE": "true",  # the receiver is on loopback
        }

        def run_pass(seconds_later: float) -> list:
            done = subprocess.run([sys.executable, "-c", PASS, str(seconds_later)], cwd=ROOT,
                                  env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
            assert done.returncode == 0, done.stderr
            return json.loads(done.stdout.strip().splitlines()[-1])

        receiver.mode = "timeout"
        worker = subprocess.Popen(
            [sys.executable, "-m", "mubiao", "notify", "run-due"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while not receiver.requests and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(receiver.requests) == 1, "the worker never sent"
        worker.send_signal(signal.SIGKILL)  # mid-send: the receiver has not answered
        worker.wait(timeout=10)
        receiver.mode = "ok"
        # While the dead worker's claim holds, no pass sends the message a second time…
        assert run_pass(0) == [["queued", 0]] and len(receiver.requests) == 1
        # …and once it has run out, the next pass sends it: nothing lost.
        lease = rules.LEASE.total_seconds()
        assert run_pass(lease + 1) == [["sent", 1]]
        assert run_pass(lease + 2) == [["sent", 1]]  # and nothing twice
    assert len(receiver.requests) == 2 and len(receiver.accepted) == 1
    # The same delivery id both times: the integrator can tell the second is the first again.
    ids = {headers["X-Mubiao-Delivery"] for _path, headers, _body in receiver.requests}
    assert len(ids) == 1


def test_a_rate_limited_channel_drains_as_fast_as_its_limit_in_one_pass(world):
    with SlackReceiver() as receiver:
        slack = services.add_channel(
            world.admin, events=["comment"], kind="slack", name="g", url=receiver.url
        )
        for _ in range(3):
            services.test_channel(world.admin, slack)
        started = time.monotonic()
        assert services.run_due()["delivered"] == 3  # one pass
        elapsed = time.monotonic() - started
    # Slack's one a second (the receiver refuses more): the pass waited for the tokens.
    assert len(receiver.accepted) == 3 and elapsed >= 1.9
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
