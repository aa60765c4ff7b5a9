"""How fast the outbox sends e-mail: `python -m benchmarks.notify_email [--messages N]`.

Starts a real SMTP server on loopback (aiosmtpd), points Django's SMTP backend at it, queues N
e-mails (reminder-sized, HTML and text) for a throwaway organization's 50 people and times one
`deliver_due` pass. `--connect-delay S` makes the server wait S seconds before its greeting, as
a server across a network (TCP and TLS handshakes, a login) costs per connection. Reports the
seconds per e-mail and the number of SMTP connections. Everything is deleted afterwards. A
measurement, not a test; the figures are in docs/operations.md.
"""

import argparse
import asyncio
import os
import socket
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--connect-delay", type=float, default=0.0)
    options = parser.parse_args()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The SMTP backend, as an installation configures it (mubiao.settings reads these).
    os.environ |= {"MUBIAO_EMAIL_HOST": "127.0.0.1", "MUBIAO_EMAIL_PORT": str(port),
                   "MUBIAO_EMAIL_USE_TLS": "0"}  # fmt: skip
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mubiao.settings")
    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import SMTP
    from django.db import connection

    from benchmarks.import_10k import _delete, _organization

    counts = {"connections": 0, "messages": 0}

    class Inbox:
        async def handle_DATA(self, server, session, envelope):
            counts["messages"] += 1
            return "250 OK"

    class SlowGreeting(SMTP):
        async def _handle_client(self):
            counts["connections"] += 1
            await asyncio.sleep(options.connect_delay)
            return await super()._handle_client()

    class Server(Controller):
        def factory(self):
            return SlowGreeting(self.handler, **self.SMTP_kwargs)

    server = Server(Inbox(), hostname="127.0.0.1", port=port, ready_timeout=10)
    server.start()
    org, _admin = _organization()
    try:
        seconds = _send(org, options.messages)
        print(f"{options.messages:,} e-mails, connect delay {options.connect_delay} s, "
              f"{connection.vendor}: {seconds:.2f} s, {seconds / options.messages * 1000:.1f} ms "
              f"per e-mail, {counts['connections']} SMTP connections, "
              f"{counts['messages']} received")  # fmt: skip
    finally:
        server.stop()
        from mubiao.notify.models import Delivery

        Delivery.objects.filter(organization=org).delete()
        _delete(org)


def _send(org, count: int) -> float:
    from mubiao.notify.messages import Line, Link, Message
    from mubiao.notify.services import outbox

    members = list(org.memberships.select_related("user"))
    for i in range(count):
        member = members[i % len(members)]
        lines = [
            Line(f"KR {n}: 40% · needs an update", "https://okr.example/c/x") for n in range(5)
        ]
        message = Message("reminder", "en", "Time to check in: 5 key results need an update",
                          lines, [Link("Check in all of mine", "https://okr.example/c/x")],
                          member.user.name)  # fmt: skip
        outbox.queue_email(member, message)
    started = time.perf_counter()
    outbox.deliver_due(drain_seconds=0)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
