"""Invitation e-mails of a bulk import go to the worker: applying the import opens no SMTP
connection (a loopback SMTP server counts them, answering slowly as a real one may), and the
worker sends each invitation once."""

import asyncio
import threading
import time

from django.core.management import call_command

from mubiao.people.services import import_people
from tests.conftest import make_world
from tests.people.test_import import csv_bytes

PEOPLE = 20


class SlowSmtp:
    """A loopback SMTP server answering every command after `delay` seconds; counts
    connections and messages."""

    def __init__(self, delay: float):
        self.delay, self.connections, self.messages = delay, 0, []
        self.loop = asyncio.new_event_loop()
        started = threading.Event()

        def serve():
            asyncio.set_event_loop(self.loop)
            server = self.loop.run_until_complete(
                asyncio.start_server(self.session, "127.0.0.1", 0)
            )
            self.port = server.sockets[0].getsockname()[1]
            started.set()
            self.loop.run_forever()

        threading.Thread(target=serve, daemon=True).start()
        started.wait(10)

    async def session(self, reader, writer):
        self.connections += 1

        async def say(line):
            await asyncio.sleep(self.delay)
            writer.write(line.encode() + b"\r\n")
            await writer.drain()

        await say("220 loopback")
        while line := await reader.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                await say("250 loopback")
            elif command == "DATA":
                await say("354 go on")
                body = []
                while (part := await reader.readline()) not in (b".\r\n", b""):
                    body.append(part)
                self.messages.append(b"".join(body))
                await say("250 queued")
            elif command == "QUIT":
                await say("221 bye")
                break
            else:
                await say("250 ok")
        writer.close()


def worker():
    with open("/dev/null", "w") as quiet:
        call_command("worker", batch=True, stdout=quiet, stderr=quiet)


def test_apply_queues_the_invitations_and_the_worker_sends_each_once(transactional_db, settings):
    world = make_world("acme")
    smtp = SlowSmtp(delay=0.05)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": smtp.port},
        }
    }
    lines = [f"new{n}@acme.test,产品部" for n in range(PEOPLE)]
    started = time.monotonic()
    result = import_people(world.admin, file_name="p.csv", data=csv_bytes("email,team", *lines))
    took = time.monotonic() - started
    assert result.counts["create"] == PEOPLE
    assert smtp.connections == 0 and smtp.messages == []
    assert took < PEOPLE * 4 * smtp.delay  # not one slow SMTP exchange per person
    worker()
    assert len(smtp.messages) == PEOPLE
    sent_to = sorted(
        line.split(b":", 1)[1].strip().decode()
        for message in smtp.messages
        for line in message.splitlines()
        if line.startswith(b"To:")
    )
    assert sent_to == sorted(f"new{n}@acme.test" for n in range(PEOPLE))
    worker()
    assert len(smtp.messages) == PEOPLE  # once
