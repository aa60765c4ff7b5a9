"""A channel's address is checked when each message is sent, against the address the name
resolves to then, and the request goes to that checked address
(mubiao.outbound.transports.PinnedTransport): a name that resolved to a public address when
the channel was saved and to the server's own network later (DNS rebinding) is refused, and a
second resolution between the check and the connection cannot send the request elsewhere."""

import httpx
import pytest

from mubiao.notify import services
from mubiao.outbound.transports import PinnedTransport, RefusedAddress
from tests.notify.conftest import delivered
from tests.notify.receivers import WebhookReceiver

SECRET = "SEC-pinned-secret"


def test_the_request_goes_to_the_checked_address_under_its_own_name():
    # Private addresses allowed (tests/conftest.py).
    with WebhookReceiver(secret=SECRET) as receiver:
        url = receiver.url.replace("127.0.0.1", "localhost")
        with httpx.Client(transport=PinnedTransport(), timeout=5) as client:
            answer = client.post(url, content=b"{}")
    # Dialled: the address the name resolved to when checked; asked for: the name.
    assert answer.request.url.host in ("127.0.0.1", "::1")
    (_path, headers, _body) = receiver.requests[0]
    assert headers["Host"] == f"localhost:{receiver.server.server_address[1]}"


def test_a_name_resolving_inside_the_network_is_refused_when_the_request_is_made(settings):
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = False
    with WebhookReceiver(secret=SECRET) as receiver:
        url = receiver.url.replace("127.0.0.1", "localhost")
        with (
            httpx.Client(transport=PinnedTransport(), timeout=5) as client,
            pytest.raises(RefusedAddress, match="localhost"),
        ):
            client.post(url, content=b"{}")
    assert receiver.requests == []


def test_a_channel_whose_name_now_resolves_inside_the_network_is_not_called(world, settings):
    with WebhookReceiver(secret=SECRET) as receiver:
        # Saved while its name was allowed (here: while private addresses were allowed).
        channel = services.add_channel(
            world.admin, events=["comment"], kind="webhook", name="Hook", secret=SECRET,
            url=receiver.url.replace("127.0.0.1", "localhost"),
        )  # fmt: skip
        settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = False
        refused = delivered(services.test_channel(world.admin, channel))
    # Mubiao's own refusal, the host it refused named; no HTTP status, for no request was made.
    assert (refused.status, refused.error) == ("failed", "refused_address")
    assert (refused.detail, refused.status_code) == ("localhost", None)
    assert receiver.requests == []
