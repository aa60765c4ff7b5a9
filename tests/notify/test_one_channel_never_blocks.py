"""One hanging channel costs the others one attempt's timeout at most (issue 11, tester's
finding): within a pass a channel that failed is not tried again, its other messages wait for
the next pass, and the other channels' messages are sent in between, not after its backlog."""

import time

from mubiao.notify import services
from mubiao.notify.models import Delivery
from tests.notify.receivers import FeishuReceiver, WecomReceiver

SECRET = "SEC-hanging-secret"
# Longer than the client's timeout (10 s): the channel hangs.
HANG = 30


def test_a_hanging_channel_is_tried_once_a_pass_and_never_delays_another(world, settings):
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = True
    with FeishuReceiver(secret=SECRET, delay=HANG) as hanging, WecomReceiver() as other:
        feishu = services.add_channel(world.admin, events=["comment"], kind="feishu", name="Hangs",
                                      url=hanging.url, secret=SECRET)  # fmt: skip
        wecom = services.add_channel(
            world.admin, events=["comment"], kind="wecom", name="Works", url=other.url
        )
        hanging.mode = "timeout"
        stuck = [services.test_channel(world.admin, feishu) for _ in range(4)]
        services.test_channel(world.admin, wecom)
        started = time.monotonic()
        services.deliver_due()
        took = time.monotonic() - started
        assert len(other.accepted) == 1
        assert other.arrivals[0] - started < 11  # within one attempt's timeout
        assert len(hanging.requests) == 1  # not retried inline, its backlog not tried
        assert took < 15, took
        rows = Delivery.objects.filter(pk__in=[d.pk for d in stuck]).order_by("id")
        states = sorted(rows.values_list("status", "attempts"))
        assert states == [("queued", 0), ("queued", 0), ("queued", 0), ("retrying", 1)]
