# An objective's description and retrospective carry their limit (okrs.limits.LONG_TEXT) on the
# model, where the forms, the API and the imports read it (issue 9, hL). A TextField's
# max_length changes no column: state only, so SQLite does not rebuild the table (its triggers
# name it).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("okrs", "0028_drafts_open_to_editors_only"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="objective",
                    name="description",
                    field=models.TextField(
                        blank=True, max_length=20000, verbose_name="description"
                    ),
                ),
                migrations.AlterField(
                    model_name="objective",
                    name="retrospective",
                    field=models.TextField(
                        blank=True, max_length=20000, verbose_name="retrospective"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
