"""The chat vendors and outgoing webhooks a notification can go to (issue 11).

Each module renders a notify.messages.Message in its vendor's format (`build`, pure), signs
where the vendor signs (`sign`) and delivers it (`send`), mapping every outcome, network
trouble included, to a rules.Result and never raising. notify's dispatcher keeps one
rules.RateLimiter per channel (rules.limiter_for; its state in notify.models.ChannelLimit,
shared by all workers) and retries with rules.retry_delay.
"""

import httpx

from mubiao.notify.messages import Message

from . import dingtalk, feishu, slack, webhook, wecom
from .rules import Result

VENDORS = {
    "feishu": feishu,
    "wecom": wecom,
    "dingtalk": dingtalk,
    "slack": slack,
    "webhook": webhook,
}


def send(
    vendor: str,
    config: dict,
    message: Message,
    *,
    client: httpx.Client,
    now: float | None = None,
    delivery_id: str = "",
) -> Result:
    """Deliver through `vendor`; `delivery_id` (the delivery row's id) reaches the outgoing
    webhook's X-Mubiao-Delivery, the chat vendors have no place for it."""
    if vendor == "webhook":
        return webhook.send(config, message, client=client, now=now, delivery_id=delivery_id)
    return VENDORS[vendor].send(config, message, client=client, now=now)
