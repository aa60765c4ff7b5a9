import django.db.models.deletion
from django.db import migrations, models

from mubiao.insights import figures
from mubiao.okrs import aligned


def install(apps, schema_editor):
    """The triggers again, now keeping the key results' last check-ins by the hour, and every
    row recomputed (insights.figures.install_triggers)."""
    figures.install_triggers(schema_editor.connection)


def uninstall(apps, schema_editor):
    aligned.drop_triggers(schema_editor.connection, figures.TRIGGERS)


class Migration(migrations.Migration):
    """Last check-ins counted by the hour too: "checked in within 7 days" then reads one hour
    of key results live, not one day (issue 14, h14c); the rows are the triggers' (computed
    by `install`)."""

    dependencies = [
        ("insights", "0013_kept_sums_and_teams_of_snapshots"),
        ("okrs", "0029_long_text_limit_on_the_model"),
    ]

    operations = [
        migrations.CreateModel(
            name="TeamCheckInHour",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("hour", models.DateTimeField()),
                ("key_results", models.IntegerField()),
                ("cycle", models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="okrs.cycle")),
                ("team", models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="orgs.team")),
            ],
            options={
                "indexes": [models.Index(fields=["cycle", "hour", "team"], name="teamcheckinhour_idx")],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
