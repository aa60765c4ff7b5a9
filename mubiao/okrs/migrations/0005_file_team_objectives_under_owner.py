"""A team's objective is filed under the team that owns it (DESIGN.md §4 Visibility details).

Before this, a team objective could be filed under another team, and "team" visibility then
showed it to that other team. Existing rows are filed under their owner; the next migration adds
the constraint that keeps it so. It is a migration of its own because PostgreSQL refuses to
change a table's constraints in the transaction that just updated its foreign keys.
"""

from django.db import migrations
from django.db.models import F


def file_under_owner(apps, schema_editor):
    Objective = apps.get_model("okrs", "Objective")
    Objective.objects.filter(owner_type="team").exclude(team_id=F("owner_team_id")).update(
        team_id=F("owner_team_id")
    )
    Objective.objects.filter(owner_type="team", team__isnull=True).update(
        team_id=F("owner_team_id")
    )


class Migration(migrations.Migration):
    dependencies = [("okrs", "0004_objective_list_index")]

    operations = [migrations.RunPython(file_under_owner, migrations.RunPython.noop)]
