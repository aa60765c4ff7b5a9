from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("okrs", "0005_file_team_objectives_under_owner")]

    operations = [
        migrations.AddConstraint(
            model_name="objective",
            constraint=models.CheckConstraint(
                condition=~models.Q(owner_type="team")
                | models.Q(team__isnull=False, team=models.F("owner_team")),
                name="objective_team_is_owner",
            ),
        ),
    ]
