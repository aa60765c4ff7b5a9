"""Trigram indexes for substring search of objective and key-result titles (PostgreSQL).

Django's icontains compares UPPER(title::text) LIKE UPPER('%…%'); a GIN trigram index on that
expression answers it without reading every title. pg_trgm ships with PostgreSQL (contrib);
where the database user may not create it, the indexes are skipped with a notice and search
still works, only slower on large organizations (mubiao.trigram).
"""

from django.db import migrations

from mubiao.trigram import trigram_indexes

INDEXES = {
    "objective_title_trgm_idx": ("okrs_objective", "title"),
    "keyresult_title_trgm_idx": ("okrs_keyresult", "title"),
}


class Migration(migrations.Migration):
    dependencies = [("okrs", "0006_objective_team_is_owner")]

    operations = [trigram_indexes(INDEXES, "title search")]
