"""One rule for what needs an update, shared by the reminder and the digests (issue 11,
tester's finding 4): a finished key result never does, and someone who checked in within the
period (even on a private key result) is not named as not updated."""

from datetime import timedelta

from django.utils import timezone

from mubiao.notify import selectors
from mubiao.okrs import services as okrs
from mubiao.okrs.models import KeyResult, Status
from tests.conftest import make_objective


def test_digests_and_reminders_agree_on_what_needs_an_update(world):
    now = timezone.now()
    done = make_objective(world.alice, world.cycle, "Ship billing").key_results.get()
    KeyResult.objects.filter(pk=done.pk).update(
        status=Status.DONE, last_check_in_at=now - timedelta(days=30)
    )
    make_objective(world.bob, world.cycle, "Write the guide")  # never checked in
    secret = make_objective(world.bob, world.cycle, "Bob's secret", visibility="private")
    okrs.check_in(world.bob, secret.key_results.get(), value=5)
    make_objective(world.lead, world.cycle, "Hire two engineers")  # never checked in
    # Alice's one key result is finished: not in her reminder, not in any digest.
    assert selectors.key_results_to_update(world.alice, now, 7) == []
    # Bob's reminder lists what he left alone; but he did check in this week.
    (bobs,) = selectors.key_results_to_update(world.bob, now, 7)
    assert bobs.objective.title == "Write the guide"
    digest = selectors.digest(world.admin, now, 7)
    assert [(m.pk, count) for m, count in digest.not_updated] == [(world.lead.pk, 1)]
