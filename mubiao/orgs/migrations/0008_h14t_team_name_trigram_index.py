"""A trigram index for substring search of teams by name (PostgreSQL).

Search, the @mention box and every team picker's search box (h14t) find a team by a part of
its name; Django's icontains compares UPPER(name::text) LIKE UPPER('%…%'), which a GIN trigram
index on that expression answers without reading every team. As okrs.0007 and accounts.0006
(mubiao.trigram): where the database user may not create pg_trgm, the index is skipped with a
notice.
"""

from django.db import migrations

from mubiao.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("orgs", "0007_remove_team_member_name_key")]

    operations = [
        trigram_indexes({"team_name_trgm_idx": ("orgs_team", "name")}, "team search"),
    ]
