"""A real SMTP server on loopback (aiosmtpd) that Django's SMTP backend sends to; tests read
the messages back with the standard library's parser."""

import contextlib
import email
import email.policy
import re
import socket

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        # SMTP sessions greeted (EHLO): one per connection a client opened.
        self.sessions = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["X-Envelope-To"]]


def parts(message) -> tuple[str, str]:
    """(text, html) bodies of a multipart/alternative e-mail."""
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


@contextlib.contextmanager
def serving(inbox: Inbox, settings):
    """`inbox` (an Inbox, or one that answers otherwise) as the mail server Django sends to."""
    # A free port first: the controller checks it is up by connecting to the port it was given.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "use_tls": False},
            }
        }
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp(settings):
    with serving(Inbox(), settings) as inbox:
        yield inbox


def delivered(*deliveries):
    """The worker's delivery pass (services.deliver_due, not waiting for a rate limit's
    tokens), then `deliveries` reread: the first of them, for a one-line assertion."""
    from mubiao.notify import services

    services.deliver_due(drain_seconds=0)
    for delivery in deliveries:
        delivery.refresh_from_db()
    return deliveries[0] if deliveries else None


FORM_KEY = re.compile(r'name="form_key" value="([^"]+)"')


def one_tap(client, url: str, data: dict):
    """The one-tap page sent as a browser sends it: opened, then its form (with the page's
    one-time form key) posted, and the redirect after a save followed."""
    key = FORM_KEY.search(client.get(url).content.decode()).group(1)
    return client.post(url, {**data, "form_key": key}, follow=True)
