from django.db import migrations

from mubiao.insights import figures


def install(apps, schema_editor):
    """The triggers again, now counting active and closed objectives only (a draft counts in
    no figure, issue 12), and every row recomputed (insights.figures.install_triggers)."""
    figures.install_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("insights", "0011_without_key_results")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
