from django.db import migrations


class Migration(migrations.Migration):
    """Installed the triggers again, counting active and closed objectives only (a draft
    counts in no figure, issue 12); 0014 installs the current ones, which name a table this
    migration's database does not have yet."""

    dependencies = [("insights", "0011_without_key_results")]

    operations = []
