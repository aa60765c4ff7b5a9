"""The bell's rows moved from okrs to notify: notify.0004 copies the mentions and comments okrs
kept (reader, author, what they are about, time, read state) before okrs.0009 drops them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from mubiao.notify.models import Notification
from mubiao.okrs import services as okrs
from tests.conftest import make_objective, make_world, migrations_at

BEFORE = [("okrs", "0008_objective_board_index"), ("notify", "0003_notification")]
AFTER = [("okrs", "0009_move_notifications"), ("notify", "0005_announced")]


@pytest.mark.django_db(transaction=True)
def test_existing_notifications_are_copied_to_notify():
    world = make_world("acme")
    objective = make_objective(world.alice, world.cycle, "Grow revenue")
    kr = objective.key_results.get()
    on_objective = okrs.add_comment(world.lead, objective=objective, body="nice")
    on_kr = okrs.add_comment(world.lead, key_result=kr, body="and this")
    Notification.objects.all().delete()  # only the rows okrs holds below
    with migrations_at(BEFORE):
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        Old = old.get_model("okrs", "Notification")
        read = timezone.now()
        Old.objects.create(organization_id=world.org.pk, recipient_id=world.alice.pk,
                           comment_id=on_objective.pk, verb="mentioned", read_at=read)  # fmt: skip
        Old.objects.create(organization_id=world.org.pk, recipient_id=world.bob.pk,
                           comment_id=on_kr.pk, verb="commented")  # fmt: skip
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = MigrationExecutor(connection).loader.project_state(AFTER).apps
        rows = new.get_model("notify", "Notification").objects.order_by("id")
        got = list(
            rows.values_list(
                "recipient_id",
                "kind",
                "actor_id",
                "objective_id",
                "key_result_id",
                "comment_id",
                "read_at",
            )
        )
        assert got == [
            (world.alice.pk, "mention", world.lead.pk, objective.pk, None, on_objective.pk, read),
            (world.bob.pk, "comment", world.lead.pk, objective.pk, kr.pk, on_kr.pk, None),
        ]
