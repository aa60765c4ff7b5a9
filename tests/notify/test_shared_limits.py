"""A channel's rate limit holds across worker processes: its limiter lives in the database
(notify.models.ChannelLimit), not in each process, so two workers sending at once together
keep to the vendor's documented limit (Slack's loopback receiver refuses the message after
one a second) and put off what does not fit."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from mubiao.notify import services
from mubiao.notify.models import Delivery
from tests.conftest import make_world
from tests.notify.receivers import SlackReceiver

ROOT = Path(__file__).resolve().parents[2]

# One worker: set up Django on the test database and send `count` test messages at once.
WORKER = """
import sys

import django

django.setup()
from mubiao.notify import services
from mubiao.notify.messages import Message
from mubiao.notify.models import Channel

channel = Channel.objects.get(pk=int(sys.argv[1]))
for _ in range(int(sys.argv[2])):
    services.queue_for_channel(channel, Message("test", "en", "Hello from a worker"))
print("queued", flush=True)
sys.stdin.readline()  # both queued: go
services.deliver_due(drain_seconds=0)
"""


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="processes share PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_share_one_channels_limit():
    world = make_world("limits")
    with SlackReceiver() as receiver:
        channel = services.add_channel(
            world.admin, events=["comment"], kind="slack", name="g", url=receiver.url
        )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "mubiao.settings",
            "MUBIAO_DATABASE_URL": _database_url(),
            "MUBIAO_SECRET_KEY": settings.SECRET_KEY,  # to read the channel's secret URL
            "MUBIAO_OUTBOUND_ALLOW_PRIVATE": "true",  # the receiver is on loopback
        }
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER, str(channel.pk), "3"],
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        for worker in workers:
            assert worker.stdout.readline() == "queued\n"
        for worker in workers:
            worker.stdin.write("go\n")
            worker.stdin.flush()
        for worker in workers:
            assert worker.wait(timeout=120) == 0
        deliveries = Delivery.objects.filter(channel=channel)
        sent = deliveries.filter(status="sent").count()
        held = deliveries.filter(status="queued").count()
        # Never refused by Slack (the receiver refuses a second message within a second: what
        # per-process limiters sent); every message that did not fit waits for a later pass
        # instead of being lost. How many fit depends on the machine's speed, not asserted.
        assert len(receiver.requests) == len(receiver.accepted) == sent >= 1
        assert sent + held == 6
