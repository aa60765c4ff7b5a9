from django.db import migrations, models

from mubiao.insights import figures


def install(apps, schema_editor):
    """The triggers again, now keeping how many objectives have no active key result, and
    every row recomputed with it (insights.figures.install_triggers)."""
    figures.install_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("insights", "0010_team_adoption")]

    operations = [
        migrations.AddField(
            model_name="teamfigures",
            name="without_key_results",
            field=models.IntegerField(default=0),
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
