from django.db import migrations


class Migration(migrations.Migration):
    """Installed the triggers again (each objective's key results read by its id, and on
    PostgreSQL every statement planned with the team's values); 0014 installs the current
    ones, which name a table this migration's database does not have yet."""

    dependencies = [("insights", "0008_h14m_team_figures")]

    operations = []
