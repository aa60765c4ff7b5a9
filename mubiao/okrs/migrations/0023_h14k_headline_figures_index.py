"""On PostgreSQL, the index the team and company headlines read their key-result figures off
(insights.selectors.headline: freshness counts and confidences of a scope's active key results,
without visiting the key results' rows). SQLite has no INCLUDE columns: the headline reads the
(objective, state, position) index there."""

from django.db import migrations

INDEX = (
    "CREATE INDEX IF NOT EXISTS keyresult_active_figures_idx ON okrs_keyresult "
    "(objective_id) INCLUDE (last_check_in_at, confidence) WHERE state = 'active'"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS keyresult_active_figures_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("okrs", "0022_h14i_aligned_count_triggers"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
