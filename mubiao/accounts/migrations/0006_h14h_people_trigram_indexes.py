"""Trigram indexes for substring search of people by name and email (PostgreSQL).

Search, the @mention box, Settings → People and the API's members list find a person by
their account's name or email or their invitation's name (okrs.selectors.person_q); Django's
icontains and istartswith compare UPPER(column::text) LIKE UPPER('…'), which a GIN trigram
index on that expression answers without reading every person. As okrs.0007 (mubiao.trigram):
where the database user may not create pg_trgm, the indexes are skipped with a notice.
"""

from django.db import migrations

from mubiao.trigram import trigram_indexes

INDEXES = {
    "user_name_trgm_idx": ("accounts_user", "name"),
    "user_email_trgm_idx": ("accounts_user", "email"),
    "invitation_name_trgm_idx": ("accounts_invitation", "name"),
}


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_h13i_invitation_name")]

    operations = [trigram_indexes(INDEXES, "people search")]
