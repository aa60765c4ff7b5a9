from django.db import migrations

from mubiao.insights import figures


def install(apps, schema_editor):
    """The triggers again, reading each objective's key results by its id (insights.figures:
    a join planned on empty-table statistics took minutes for a bulk load on PostgreSQL)."""
    figures.install_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("insights", "0008_h14m_team_figures")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
