"""A team page's kept check-in counts read per team of its subtree (insights.figures.scope_sums):
(cycle, team, day|hour) indexes beside the cycle's (cycle, day|hour, team), on PostgreSQL with
the counts INCLUDEd (index-only, as 0015). By the cycle's days, a 2,000-person department at
100,000 people read the whole organization's rows of the week and filtered them by team (7,210
buffers, ~240 ms; issue 14)."""

from django.db import migrations, models


def counts_in_the_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, column in (("day", "day"), ("hour", "hour")):
            name = f"teamcheckin{table}_team_idx"
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
            schema_editor.execute(
                f"CREATE INDEX {name} ON insights_teamcheckin{table}"
                f" (cycle_id, team_id, {column}) INCLUDE (key_results)"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0015_check_in_hours_index"),
        ("okrs", "0030_hidden_kinds_covered"),
        ("orgs", "0004_reports_with_depth_covered"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="teamcheckinday",
            index=models.Index(fields=["cycle", "team", "day"], name="teamcheckinday_team_idx"),
        ),
        migrations.AddIndex(
            model_name="teamcheckinhour",
            index=models.Index(fields=["cycle", "team", "hour"], name="teamcheckinhour_team_idx"),
        ),
        migrations.RunPython(counts_in_the_indexes, migrations.RunPython.noop),
    ]
