"""Trigram indexes for substring search of people by name and email (PostgreSQL).

Search, the @mention box, Settings → People and the API's members list find a person by
their account's name or email or their invitation's name (okrs.selectors.person_q); Django's
icontains and istartswith compare UPPER(column::text) LIKE UPPER('…'), which a GIN trigram
index on that expression answers without reading every person. As okrs.0007: where the
database user may not create pg_trgm, the indexes are skipped with a notice.
"""

from django.db import DatabaseError, migrations, transaction

INDEXES = {
    "user_name_trgm_idx": ("accounts_user", "name"),
    "user_email_trgm_idx": ("accounts_user", "email"),
    "invitation_name_trgm_idx": ("accounts_invitation", "name"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:  # refused: permissions, or contrib not installed
        print(f"\n  pg_trgm unavailable ({error}); people search runs without trigram indexes")
        return
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_h13i_invitation_name")]

    operations = [migrations.RunPython(create, drop)]
