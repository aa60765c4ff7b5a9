"""The check-in a key result was created with (okrs first_check_in) is marked via="created"
as it is now written, so that the weekly report tells it from progress by what it is rather
than by when it was timed. Before, the report took every check-in timed within five seconds
before its key result's row (the same transaction) for that one: those are marked."""

from datetime import timedelta

from django.db import migrations
from django.db.models import F

# The report's window as it was (reports.selectors.WRITTEN_WITH), kept here: a migration keeps
# its meaning if the code changes.
WRITTEN_WITH = timedelta(seconds=5)


def forwards(apps, schema_editor):
    CheckIn = apps.get_model("okrs", "CheckIn")
    CheckIn.objects.filter(
        via="",
        created_at__lte=F("key_result__created_at"),
        created_at__gte=F("key_result__created_at") - WRITTEN_WITH,
    ).update(via="created")


class Migration(migrations.Migration):
    dependencies = [("okrs", "0025_titles_on_one_line")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
