"""A milestone's and a percent key result's values are percentages whatever unit was stored,
so a stored unit other than % said something the app never applied: milestones keep none,
percent key results keep %, and their exports re-import (issue 9)."""

from django.db import migrations


def percent_units(apps, schema_editor):
    KeyResult = apps.get_model("okrs", "KeyResult")
    KeyResult.objects.filter(metric_type="milestone").exclude(unit="").update(unit="")
    KeyResult.objects.filter(metric_type="percent").exclude(unit__in=["", "%"]).update(unit="%")


class Migration(migrations.Migration):
    dependencies = [("okrs", "0013_h12g_check_in_plans")]

    operations = [migrations.RunPython(percent_units, migrations.RunPython.noop)]
