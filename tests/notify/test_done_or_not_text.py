"""A done/not-done key result reads "done" / "not done yet" in every message that states where
it stands (the reminder e-mail, a check-in's news), as the one-tap page says it: never "0%"."""

import pytest
from django.utils import timezone

from mubiao.notify import services
from mubiao.notify.models import NextDue
from mubiao.okrs import services as okrs
from tests.notify.conftest import parts


@pytest.mark.parametrize(
    ("language", "not_done"), [("en", ": not done yet"), ("zh-hans", "：尚未完成")]
)
def test_the_reminder_says_not_done_yet(world, smtp, language, not_done):
    world.alice.user.language = language
    world.alice.user.save(update_fields=["language"])
    okrs.create_objective(world.alice, cycle=world.cycle, title="Launch", key_results=[
        {"title": "Ship self-serve billing", "metric_type": "boolean"},
    ])  # fmt: skip
    services.run_due(timezone.now())
    due = NextDue.objects.get(kind="reminder", membership=world.alice).due_at
    services.run_due(due)
    (mail,) = smtp.to("alice@acme.test")
    for body in parts(mail):
        assert not_done in body, body
        assert "0%" not in body, body
