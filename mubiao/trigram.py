"""GIN trigram indexes for substring search (PostgreSQL), as the migrations create them
(okrs.0007, accounts.0006, orgs.0008).

Django's icontains and istartswith compare UPPER(column::text) LIKE UPPER('…'); a GIN trigram
index on that expression answers it without reading every row. pg_trgm ships with PostgreSQL
(contrib); where the database user may not create it, the indexes are skipped with a notice
and search still works, only slower on large organizations. Applied migrations call this: its
SQL stays as it is.
"""

from django.db import DatabaseError, migrations, transaction


def trigram_indexes(indexes: dict[str, tuple[str, str]], searched: str) -> migrations.RunPython:
    """The migration operation creating (and, reversed, dropping) `indexes`, index name →
    (table, column); `searched` names the search in the notice where pg_trgm is refused."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError as error:  # refused: permissions, or contrib not installed
            without = "trigram indexes" if len(indexes) > 1 else "a trigram index"
            print(f"\n  pg_trgm unavailable ({error}); {searched} runs without {without}")
            return
        for name, (table, column) in indexes.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for name in indexes:
                schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop)
