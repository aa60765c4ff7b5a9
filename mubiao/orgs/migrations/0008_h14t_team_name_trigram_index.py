"""A trigram index for substring search of teams by name (PostgreSQL).

Search, the @mention box and every team picker's search box (h14t) find a team by a part of
its name; Django's icontains compares UPPER(name::text) LIKE UPPER('%…%'), which a GIN trigram
index on that expression answers without reading every team. As okrs.0007 and accounts.0006:
where the database user may not create pg_trgm, the index is skipped with a notice.
"""

from django.db import DatabaseError, migrations, transaction


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:  # refused: permissions, or contrib not installed
        print(f"\n  pg_trgm unavailable ({error}); team search runs without a trigram index")
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS team_name_trgm_idx ON orgs_team "
        "USING gin ((UPPER(name::text)) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS team_name_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0007_remove_team_member_name_key")]

    operations = [migrations.RunPython(create, drop)]
