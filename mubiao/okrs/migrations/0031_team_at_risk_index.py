"""A team dashboard's at-risk list reads each subtree team's lowest objectives of a status off
(cycle, team, status, progress, id) (insights.selectors._at_risk_candidates_by_team, issue 14)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('okrs', '0030_hidden_kinds_covered'),
        ('orgs', '0009_h14t_team_name_idx'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='objective',
            index=models.Index(fields=['cycle', 'team', 'status', 'progress', 'id'], name='objective_team_at_risk_idx'),
        ),
    ]
