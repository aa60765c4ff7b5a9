"""Trigram indexes for substring search of objective and key-result titles (PostgreSQL).

Django's icontains compares UPPER(title::text) LIKE UPPER('%…%'); a GIN trigram index on that
expression answers it without reading every title. pg_trgm ships with PostgreSQL (contrib);
where the database user may not create it, the indexes are skipped with a notice and search
still works, only slower on large organizations.
"""

from django.db import DatabaseError, migrations, transaction

INDEXES = {
    "objective_title_trgm_idx": "okrs_objective",
    "keyresult_title_trgm_idx": "okrs_keyresult",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:  # refused: permissions, or contrib not installed
        print(f"\n  pg_trgm unavailable ({error}); title search runs without trigram indexes")
        return
    for name, table in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            "USING gin ((UPPER(title::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("okrs", "0006_objective_team_is_owner")]

    operations = [migrations.RunPython(create, drop)]
