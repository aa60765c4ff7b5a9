"""On PostgreSQL, the hours' counts in their index (INCLUDE key_results): the edge day's hours
are summed by an index-only scan (insights.figures.scope_sums). Apart from 0014: the index
created with a table is only there once its migration ends. SQLite has no INCLUDE columns."""

from django.db import migrations


def counts_in_the_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS teamcheckinhour_idx")
        schema_editor.execute(
            "CREATE INDEX teamcheckinhour_idx ON insights_teamcheckinhour"
            " (cycle_id, hour, team_id) INCLUDE (key_results)"
        )


class Migration(migrations.Migration):
    dependencies = [("insights", "0014_check_ins_by_the_hour")]

    operations = [migrations.RunPython(counts_in_the_index, migrations.RunPython.noop)]
