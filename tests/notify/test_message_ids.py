"""An e-mail's Message-ID and a webhook's delivery id are the same on every retry of one
delivery and never repeat across installations or a database reset to the same row numbers,
under the site's own domain."""

import pytest
from django.utils import timezone

from mubiao.notify import services
from mubiao.notify.models import Delivery
from tests.conftest import make_objective
from tests.notify.conftest import delivered


def _mail_one(world, smtp):
    from mubiao.okrs import services as okrs

    services.save_preferences(world.alice, channels={"comment": ["email"]}, reminders=True,
                              digests=True, weekday=0, hour=10)  # fmt: skip
    objective = make_objective(world.alice, world.cycle, "Grow revenue")
    okrs.add_comment(world.lead, objective=objective, body="Nice")
    delivery = Delivery.objects.get(recipient=world.alice, kind="comment")
    delivered(delivery)
    return delivery, smtp.to("alice@acme.test")[-1]["Message-ID"]


@pytest.mark.parametrize(
    "site, sender, domain",
    [
        ("https://okr.example.cn", "mubiao@localhost", "okr.example.cn"),
        ("http://127.0.0.1:8000", "目标 <okr@corp.example>", "corp.example"),
        ("https://mubiao.acme.test/", "x@y.test", "mubiao.acme.test"),
    ],
)
def test_message_ids_are_global_and_stable(world, smtp, settings, site, sender, domain):
    settings.SITE_URL, settings.DEFAULT_FROM_EMAIL = site.rstrip("/"), sender
    delivery, message_id = _mail_one(world, smtp)
    assert message_id.endswith(f"@{domain}>") and f"<delivery-{delivery.pk}@" not in message_id
    assert message_id == f"<{services.delivery_key(delivery)}@{domain}>"
    # A retry of the same delivery: the same id.
    assert services.delivery_key(Delivery.objects.get(pk=delivery.pk)) in message_id
    # Another installation (its own SECRET_KEY) or a reset database (a new creation time)
    # with the same row number: another id.
    settings.SECRET_KEY = settings.SECRET_KEY + "-other-site"
    assert services.delivery_key(delivery) not in message_id
    settings.SECRET_KEY = settings.SECRET_KEY.removesuffix("-other-site")
    delivery.created_at = timezone.now()
    assert services.delivery_key(delivery) not in message_id
