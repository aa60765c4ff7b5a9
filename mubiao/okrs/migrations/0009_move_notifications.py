"""The in-app notifications moved to notify (notify.0004 copied the rows)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("okrs", "0008_objective_board_index"),
        ("notify", "0004_copy_okrs_notifications"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="notification",
            name="okrs_notifi_recipie_baabae_idx",
        ),
        migrations.DeleteModel(name="Notification"),
    ]
