from django.db import migrations, models


class Migration(migrations.Migration):
    """Counted how many objectives have no active key result; the triggers that keep it are
    installed by 0014 (insights.figures' current statements name a table this migration's
    database does not have yet)."""

    dependencies = [("insights", "0010_team_adoption")]

    operations = [
        migrations.AddField(
            model_name="teamfigures",
            name="without_key_results",
            field=models.IntegerField(default=0),
        ),
    ]
