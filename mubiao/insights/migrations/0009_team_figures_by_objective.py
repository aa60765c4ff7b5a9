from django.db import migrations

from mubiao.insights import figures


def install(apps, schema_editor):
    """The triggers again (insights.figures): each objective's key results read by its id, and
    on PostgreSQL every statement planned with the team's values (a plan kept from when the
    tables were small made a bulk load take minutes)."""
    figures.install_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("insights", "0008_h14m_team_figures")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
