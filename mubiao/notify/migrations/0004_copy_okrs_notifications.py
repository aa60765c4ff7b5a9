"""Copy the in-app notifications okrs kept (mentions and comments) into notify's bell, keeping
their reader, time and read state; okrs' table is dropped by its next migration."""

from django.db import migrations

KINDS = {"mentioned": "mention", "commented": "comment"}
BATCH = 1000


def copy_rows(apps, schema_editor):
    Old = apps.get_model("okrs", "Notification")
    New = apps.get_model("notify", "Notification")
    rows = Old.objects.select_related(
        "comment__objective", "comment__key_result", "comment__check_in__key_result"
    ).order_by("pk")
    batch = []
    for old in rows.iterator(chunk_size=BATCH):
        comment = old.comment
        key_result = None
        objective_id = None
        if comment is not None:
            key_result = comment.key_result or (
                comment.check_in.key_result if comment.check_in_id else None
            )
            objective_id = comment.objective_id or (key_result.objective_id if key_result else None)
        batch.append(
            New(
                organization_id=old.organization_id,
                recipient_id=old.recipient_id,
                kind=KINDS.get(old.verb, old.verb),
                actor_id=comment.author_id if comment is not None else None,
                objective_id=objective_id,
                key_result=key_result,
                comment=comment,
                created_at=old.created_at,
                read_at=old.read_at,
            )
        )
        if len(batch) >= BATCH:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    Old = apps.get_model("okrs", "Notification")
    New = apps.get_model("notify", "Notification")
    verbs = {kind: verb for verb, kind in KINDS.items()}
    moved = New.objects.filter(kind__in=verbs, comment__isnull=False)
    Old.objects.bulk_create(
        (
            Old(
                organization_id=new.organization_id,
                recipient_id=new.recipient_id,
                comment_id=new.comment_id,
                verb=verbs[new.kind],
                created_at=new.created_at,
                read_at=new.read_at,
            )
            for new in moved.iterator()
        ),
        batch_size=BATCH,
    )
    moved.delete()  # moved back, not copied: migrating forward again copies them once


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0003_notification"),
        ("okrs", "0008_objective_board_index"),
    ]

    operations = [migrations.RunPython(copy_rows, copy_back)]
